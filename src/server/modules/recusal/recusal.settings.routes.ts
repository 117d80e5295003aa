import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Instant, Int, Nullable, Obj, RegionCode, Str, errorResponses } from '../../http/schema.js';
import { MAX_WORKPLACE_YEARS, readWorkplaceWindow, setWorkplaceWindow } from './recusal.settings.js';

const CountyParam = Obj(
  { regionCode: Str('County region code', { pattern: '^\\d{12}$' }) },
  { description: 'Path parameters' },
);

const WorkplaceWindow = Obj(
  {
    regionCode: RegionCode('County'),
    workplaceYears: Int('Years back within which a former workplace shared with a subject still warns', {
      min: 1,
      max: MAX_WORKPLACE_YEARS,
    }),
    isDefault: Bool('The county has not set its own window (the default applies)'),
    defaultYears: Int('The default window, in years'),
    history: Type.Array(
      Obj(
        {
          before: Nullable(Int('Value before (null: the default applied)')),
          after: Int('Value set'),
          changedBy: Nullable(Str('Account that changed it')),
          changedByName: Nullable(Str('Their name')),
          changedAt: Instant('When'),
        },
        { description: 'One change' },
      ),
      { description: 'Changes, newest first (the last 50)' },
    ),
  },
  { description: "A county's workplace window for conflict checks" },
);

/** Routes of a county's recusal settings: the workplace window the conflict check applies, with its history. */
export const recusalSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/recusal-settings/:regionCode',
    {
      config: { access: { permission: 'setting.manage' } },
      schema: {
        tags: ['recusal'],
        summary: "A county's workplace window for conflict checks, with the history of its changes",
        params: CountyParam,
        response: { 200: WorkplaceWindow, ...errorResponses },
      },
    },
    async (req) => readWorkplaceWindow(req.ctx, req.params.regionCode),
  );

  app.put(
    '/api/recusal-settings/:regionCode',
    {
      config: { access: { permission: 'setting.manage' } },
      schema: {
        tags: ['recusal'],
        summary: "Set a county's workplace window (checks run from now on use it; audited, kept in the history)",
        params: CountyParam,
        body: Obj(
          { workplaceYears: Int(`Years (1–${MAX_WORKPLACE_YEARS})`, { min: 1, max: MAX_WORKPLACE_YEARS }) },
          { description: 'Settings' },
        ),
        response: { 200: WorkplaceWindow, ...errorResponses },
      },
    },
    async (req) => setWorkplaceWindow(req.ctx, req.params.regionCode, req.body.workplaceYears),
  );
};
