/** The routes of appeals against sanctions: lodging, the team and its conflict check, the decision, the reads and the decision document. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Id,
  IdParams,
  Int,
  Nullable,
  Obj,
  PageQuery,
  PagedOf,
  Str,
  errorResponses,
} from '../../http/schema.js';
import { decideAppeal, lodgeAppeal } from './sanctions.appeals.js';
import { appealDecisionDocument, appealsOfSanction, listAppeals, readAppeal } from './sanctions.appeals.read.js';
import { appealTeamCandidates, checkAppealTeam, setAppealTeam } from './sanctions.appeals.team.js';
import {
  AppealCheckBody,
  AppealDecisionBody,
  AppealDetailSchema,
  AppealFilters,
  AppealIdParam,
  AppealLineSchema,
  AppealTeamBody,
  LodgeAppealBody,
  SanctionIdParam,
} from './sanctions.appeals.schemas.js';

const tags = ['sanctions'];
const read = { access: { permission: 'sanction.read' as const } };
const manage = { access: { permission: 'sanction.manage' as const } };
const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** Appeals: 申诉/复议/复查 and 复审/复核. */
export const sanctionAppealRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/sanction-appeals',
    {
      config: read,
      schema: {
        tags,
        summary: "The appeals in scope (the deciding unit's, the sanction's reach), newest first",
        querystring: Obj({ ...AppealFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(AppealLineSchema, 'Appeals'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listAppeals(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/sanctions/:id/appeals',
    {
      config: read,
      schema: {
        tags,
        summary: 'The appeals of a sanction (and of the one a change replaced it with), oldest first',
        params: SanctionIdParam,
        response: {
          200: Obj({ items: Type.Array(AppealLineSchema, { description: 'Appeals' }) }, { description: 'Appeals' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await appealsOfSanction(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/sanctions/:id/appeals',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Lodge and accept an appeal against a decided sanction (复审/复核 within 1 month of receiving the decision); the deciding clock opens and the sanction is not suspended',
        params: SanctionIdParam,
        body: LodgeAppealBody,
        response: {
          201: Obj({ id: Id('Appeal id'), dueOn: Nullable(DateStr('Decision due date')) }, { description: 'Lodged' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await lodgeAppeal(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/sanction-appeals/:id',
    {
      config: read,
      schema: {
        tags,
        summary: "An appeal's page: the application, the team, the sanction's state, the clock",
        params: AppealIdParam,
        response: { 200: AppealDetailSchema, ...errorResponses },
      },
    },
    async (req) => readAppeal(req.ctx, req.params.id),
  );

  app.post(
    '/api/sanction-appeals/:id/conflict-checks',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Run and record the conflict check of people proposed for an appeal's team (nobody from the original investigation or review; recusal)",
        params: AppealIdParam,
        body: AppealCheckBody,
        response: {
          200: Obj(
            {
              checkId: Id('The recorded check'),
              people: Type.Array(
                Obj(
                  {
                    userId: Id('Person'),
                    name: Str('Name'),
                    outcome: Str('refuse | warn | clear'),
                    reasons: Type.Array(Obj({ code: Str('Code'), text: Str('In words') }, { description: 'Reason' }), {
                      description: 'Reasons',
                    }),
                  },
                  { description: 'A person' },
                ),
                { description: 'Outcome per person' },
              ),
            },
            { description: 'Check' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => checkAppealTeam(req.ctx, req.params.id, req.body.userIds),
  );

  app.get(
    '/api/sanction-appeals/:id/team/candidates',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Who may be picked for an appeal's team: the deciding unit's county staff, each marked excluded with the reason in words (the original investigation, clue stage or review; recused), at most 200",
        params: AppealIdParam,
        response: {
          200: Obj(
            {
              people: Type.Array(
                Obj(
                  {
                    userId: Id('User id'),
                    name: Str('Name'),
                    unitName: Str('Unit'),
                    excluded: Bool('May not be picked (the team save refuses them)'),
                    reason: Nullable(Str('Why excluded, in words')),
                  },
                  { description: 'Person' },
                ),
                { description: 'People, by unit and name' },
              ),
            },
            { description: 'Team candidates' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => appealTeamCandidates(req.ctx, req.params.id),
  );

  app.put(
    '/api/sanction-appeals/:id/team',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Form or change an appeal's team (复查组): at least 2, nobody from the original investigation, clue stage or review",
        params: AppealIdParam,
        body: AppealTeamBody,
        response: { 200: Obj({ version: Int('New appeal version') }, { description: 'Saved' }), ...errorResponses },
      },
    },
    async (req) => setAppealTeam(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanction-appeals/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Decide an appeal: upheld, changed (a new sanction supersedes the old, its period recomputed from the original decision date, everyone told before is told) or revoked',
        params: AppealIdParam,
        body: AppealDecisionBody,
        response: {
          200: Obj(
            {
              version: Int('New appeal version'),
              newSanctionId: Nullable(Id('The sanction a change decided')),
              noticed: Int('Recipients told of the change'),
            },
            { description: 'Decided' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => decideAppeal(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/sanction-appeals/:id/documents/:file',
    {
      config: read,
      schema: {
        tags,
        summary: "An appeal's decision as PDF or DOCX (appeal_decision: 复查决定, 复审决定书, 复核决定书)",
        params: IdParams('Appeal id', {
          file: Str('appeal_decision.pdf or appeal_decision.docx', { pattern: '^appeal_decision\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.params.file.endsWith('.pdf') ? 'pdf' : 'docx';
      const { bytes, title } = await appealDecisionDocument(req.ctx, req.params.id, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
