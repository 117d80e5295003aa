import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Enum, Id, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { CATEGORY_CODES, REPORT_KINDS, REPORT_STATUSES } from './reports.model.js';
import { IdParam, Version } from './reports.schemas.js';
import { registerCountySettingRoutes } from '../settings/index.js';
import { decideRepeat, repeatOffer, repeatWindow } from './reports.repeats.js';

const Offer = Obj(
  {
    repeatOf: Nullable(Id('The first report this one repeats, once confirmed')),
    decidedAt: Nullable(Instant('When the officer confirmed or rejected the offer; null while undecided')),
    windowDays: Int("The county's repeat window the candidates come from, in days"),
    candidates: Type.Array(
      Obj(
        {
          id: Id('Report id'),
          number: Nullable(Str('Report number')),
          receivedAt: Instant('When it was received'),
          kind: Enum(REPORT_KINDS, 'Accusation or petition'),
          status: Enum(REPORT_STATUSES, 'Status'),
          categories: Type.Array(Enum(CATEGORY_CODES, 'Category'), { description: 'Categories' }),
          subjectPosition: Nullable(Str("The person's position as reported")),
          excerpt: Str('The first 120 characters of what was reported'),
          repeatOf: Nullable(Id('The report it repeats itself')),
        },
        { description: 'An earlier report on the same person in the same region' },
      ),
      { description: 'Earlier reports within the window, oldest first' },
    ),
  },
  { description: 'Possible repeats and the decision' },
);

/** Routes of repeats: a report's possible repeats and the officer's decision, a county's repeat window. */
export const reportRepeatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports/:id/repeat-candidates',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Earlier reports on the same person in the same region within the county’s repeat window, offered to the officer to confirm or reject as the same matter',
        params: IdParam,
        response: { 200: Offer, ...errorResponses },
      },
    },
    async (req) => repeatOffer(req.ctx, req.params.id),
  );

  app.post(
    '/api/reports/:id/repeat-decision',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Confirm one offered earlier report as the same matter (a repeat: no acknowledgement, JK 第二十六条; feedback and petition clocks stay) or reject the offer (repeatOf null)',
        params: IdParam,
        body: Obj(
          {
            version: Version,
            repeatOf: Nullable(Id('An offered candidate (confirm), or null (not a repeat)')),
          },
          { description: 'Decision' },
        ),
        response: { 200: Offer, ...errorResponses },
      },
    },
    async (req) => decideRepeat(req.ctx, req.params.id, req.body),
  );

  registerCountySettingRoutes(app, repeatWindow, {
    path: '/api/report-settings',
    tag: 'reports',
    readSummary: "A county's intake settings (the repeat window)",
    setSummary: "Set a county's repeat window (reports received from now on are offered the new window's candidates)",
    description: "A county's intake settings",
    unit: 'Days',
    isDefaultDescription: 'The county has not set its own window (the national default applies)',
  });
};
