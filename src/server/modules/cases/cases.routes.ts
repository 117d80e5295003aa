/** The case ledger's routes: the ledger, the mode reasons, filing (request, revision, notice) and the case page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Id, Int, Obj, PageQuery, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { DEFAULT_MODE_REASONS, HANDLING_MODES } from '../../shared/cases.codes.js';
import { requestFiling, reviseFiling } from './cases.filing.js';
import { listCases, readCase, recordFilingNotice } from './cases.read.js';
import {
  CaseDetailSchema,
  CaseFilters,
  CaseIdParam,
  CaseLineSchema,
  FilingBody,
  FilingNoticeBody,
  FilingRevisionBody,
} from './cases.schemas.js';

const NewVersion = Obj({ version: Int('New row version') }, { description: 'Saved' });

/** The case ledger's routes. */
export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          "The case ledger, newest first: the handling unit's cases, the subject's own township's (line only) and the team's",
        querystring: Obj({ ...CaseFilters, ...PageQuery }, { description: 'Filters' }),
        response: {
          200: PagedOf(CaseLineSchema, 'Cases', {
            total:
              'Rows matching the filters, exact up to 10,000 (a search: 1,000; a surname searched by a township or a zone: 200)',
            extra: { totalCapped: Bool('More rows match than `total` counts: narrow the filters') },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ ...(await listCases(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/cases/mode-reasons',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'The reasons a handling mode may be chosen for, with the modes each supports',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    code: Str('Reason code'),
                    label: Str('Reason'),
                    modes: Type.Array(Enum(HANDLING_MODES, 'Mode'), { description: 'Modes it supports' }),
                  },
                  { description: 'A reason' },
                ),
                { description: 'Reasons' },
              ),
            },
            { description: 'Mode reasons' },
          ),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: DEFAULT_MODE_REASONS.map((r) => ({ ...r, modes: [...r.modes] })) }),
  );

  app.post(
    '/api/cases',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: "Draft a filing request (立案审查调查呈批报告) from a clue's handover or directly, and send it up",
        body: FilingBody,
        response: {
          201: Obj(
            { id: Id('Case id'), approvalId: Id('Filing approval'), approvalNumber: Str('Approval number') },
            { description: 'Drafted and sent up' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await requestFiling(req.ctx, req.body)),
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's page (team or supervisors; the line-only reader gets 403 NEED_TO_KNOW)",
        params: CaseIdParam,
        response: { 200: CaseDetailSchema, ...errorResponses },
      },
    },
    async (req) => readCase(req.ctx, req.params.id),
  );

  app.put(
    '/api/cases/:id/filing',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Revise a returned filing request and send it up again (the drafter)',
        params: CaseIdParam,
        body: FilingRevisionBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => reviseFiling(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/cases/:id/filing-notice',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Record when the filing was announced to the person and their organisation notified',
        params: CaseIdParam,
        body: FilingNoticeBody,
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => recordFilingNotice(req.ctx, req.params.id, req.body),
  );
};
