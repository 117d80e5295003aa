/** The routes of the case team (conflict check, forming and changing it) and of investigative actions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Id, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { listCaseActions, recordCaseAction } from './cases.actions.js';
import { ActionBody, ActionSchema, TeamBody, TeamCheckBody, TeamCheckResult } from './cases.evidence.schemas.js';
import { CaseIdParam } from './cases.schemas.js';
import { caseTeamCandidates, checkCaseTeam, setCaseTeam } from './cases.team.js';

/** The case team's and the actions' routes. */
export const caseTeamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/cases/:id/conflict-checks',
    {
      config: { access: { permission: 'case.assign' } },
      schema: {
        tags: ['cases'],
        summary:
          "Run and record the conflict check (回避审查) of people proposed for the case team against the case's people",
        params: CaseIdParam,
        body: TeamCheckBody,
        response: { 200: TeamCheckResult, ...errorResponses },
      },
    },
    async (req) => checkCaseTeam(req.ctx, req.params.id, req.body.userIds),
  );

  app.get(
    '/api/cases/:id/team/candidates',
    {
      config: { access: { permission: 'case.assign' } },
      schema: {
        tags: ['cases'],
        summary:
          "People the case team picker offers (the case's county), marked when of the subject's own township, and who may approve that exception",
        params: CaseIdParam,
        querystring: Obj({ q: Type.Optional(Str('Part of the name', { max: 40 })) }, { description: 'Search' }),
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    id: Id('User id'),
                    name: Str('Name'),
                    unitName: Nullable(Str('Unit')),
                    ownTownship: Bool("Staff of the subject's own township on a zone/cross/off-site case"),
                  },
                  { description: 'Person' },
                ),
                { description: 'People (at most 100)' },
              ),
              approvers: Type.Array(
                Obj({ id: Id('User id'), name: Str('Name'), unitName: Str('Commission') }, { description: 'Approver' }),
                { description: "The commission's principal leaders who may approve an own-township exception" },
              ),
            },
            { description: 'Candidates' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => caseTeamCandidates(req.ctx, req.params.id, req.query.q),
  );

  app.put(
    '/api/cases/:id/team',
    {
      config: { access: { permission: 'case.assign' } },
      schema: {
        tags: ['cases'],
        summary:
          "Form or change the case team (审查调查组): at least 2, one leader, each cleared by the check; the subject's own township only by approved exception",
        params: CaseIdParam,
        body: TeamBody,
        response: { 200: Obj({ version: Int('New case version') }, { description: 'Saved' }), ...errorResponses },
      },
    },
    async (req) => setCaseTeam(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/cases/:id/actions',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's investigative actions (team or supervisors)",
        params: CaseIdParam,
        response: {
          200: Obj(
            { items: Type.Array(ActionSchema, { description: 'Actions, in order' }) },
            { description: 'Actions' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listCaseActions(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/actions',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary:
          'Record an investigative action: at least 2 team members, notice and credentials; talks in a monitored room, recorded, safety checked',
        params: CaseIdParam,
        body: ActionBody,
        response: {
          201: Obj({ id: Id('Action id'), seq: Int('Order within the case') }, { description: 'Recorded' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await recordCaseAction(req.ctx, req.params.id, req.body)),
  );
};
