/** The sanction records' routes: the page, a case's outcomes, a draft's work, the decision and the steps. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateStr, Int, Nullable, Obj, Str, errorResponses, Id } from '../../http/schema.js';
import { caseSanctions, readSanction } from './sanctions.read.js';
import { decideSanction } from './sanctions.decision.js';
import {
  editSanction,
  recordBranchMeeting,
  recordDefence,
  recordDirectDecision,
  withdrawSanction,
} from './sanctions.records.js';
import {
  BranchMeetingBody,
  CaseIdParam,
  CaseSanctionsSchema,
  DecisionBody,
  DefenceBody,
  DirectDecisionBody,
  JobPayExtensionBody,
  SanctionDetailSchema,
  SanctionEditBody,
  SanctionIdParam,
  SanctionStepParams,
  StepBody,
  VersionOut,
  WithdrawBody,
} from './sanctions.schemas.js';
import { extendJobPay, recordSanctionStep } from './sanctions.steps.js';
import { submitSanction } from './sanctions.submission.js';

const tags = ['sanctions'];
const read = { access: { permission: 'sanction.read' as const } };
const manage = { access: { permission: 'sanction.manage' as const } };

/** The sanction records' routes. */
export const sanctionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/sanctions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A sanction record: its branch meetings, trail, clocks, warnings and what may be done next',
        params: SanctionIdParam,
        response: { 200: SanctionDetailSchema, ...errorResponses },
      },
    },
    async (req) => readSanction(req.ctx, req.params.id),
  );

  app.get(
    '/api/cases/:id/sanctions',
    {
      config: read,
      schema: {
        tags,
        summary: "A case's outcomes in scope, with the party/state match warnings",
        params: CaseIdParam,
        response: { 200: CaseSanctionsSchema, ...errorResponses },
      },
    },
    async (req) => caseSanctions(req.ctx, req.params.id),
  );

  app.patch(
    '/api/sanctions/:id',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Edit a draft (kind, probation, in place of 撤销党内职务, important or complex, conclusion, summary, new fact)',
        params: SanctionIdParam,
        body: SanctionEditBody,
        response: { 200: VersionOut, ...errorResponses },
      },
    },
    async (req) => editSanction(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/defence',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record the defence (陈述申辩): a heavier kind after it needs a new fact',
        params: SanctionIdParam,
        body: DefenceBody,
        response: { 200: VersionOut, ...errorResponses },
      },
    },
    async (req) => recordDefence(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/withdrawal',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Withdraw a draft with its reason',
        params: SanctionIdParam,
        body: WithdrawBody,
        response: { 200: VersionOut, ...errorResponses },
      },
    },
    async (req) => withdrawSanction(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/branch-meetings',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record the branch meeting (支部大会): quorum and majority from the roll; a failed one writes nothing',
        params: SanctionIdParam,
        body: BranchMeetingBody,
        response: {
          201: Obj(
            {
              id: Id('Meeting'),
              version: Int('New sanction version'),
              needed: Int('Fewest present and yes votes that pass'),
            },
            { description: 'Recorded' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await recordBranchMeeting(req.ctx, req.params.id, req.body);
      return reply.code(201).send({ id: r.id, version: r.version, needed: r.needed });
    },
  );

  app.post(
    '/api/sanctions/:id/direct-decision',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record why a county-level body decides without the branch meeting (PZ 第十四条)',
        params: SanctionIdParam,
        body: DirectDecisionBody,
        response: { 200: VersionOut, ...errorResponses },
      },
    },
    async (req) => recordDirectDecision(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/submission',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'The commission submits a party sanction to the party committee that approves it (PZ 第六条, 第二十八条): drafted → submitted',
        params: SanctionIdParam,
        body: StepBody,
        response: {
          200: Obj(
            {
              version: Int('New sanction version'),
              status: Str('submitted'),
              committee: Str('The party committee it went to (APPROVING_BODIES)'),
            },
            { description: 'Submitted' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => submitSanction(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Decide: the body’s power checked, the period computed and stacked, the four form fixed, the clocks opened',
        params: SanctionIdParam,
        body: DecisionBody,
        response: {
          200: Obj(
            {
              version: Int('New sanction version'),
              effectStart: Nullable(DateStr('Period from')),
              effectEnd: Nullable(DateStr('Period to')),
              stackedDays: Int('Days carried from an earlier period'),
            },
            { description: 'Decided' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => decideSanction(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/sanctions/:id/steps/:step',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Record a step after the decision (delivered, announced, job_pay, execution_reported, submitted_committee, submitted_up)',
        params: SanctionStepParams,
        body: StepBody,
        response: { 200: VersionOut, ...errorResponses },
      },
    },
    async (req) => {
      const r = await recordSanctionStep(req.ctx, req.params.id, req.params.step, req.body);
      return { version: r.version };
    },
  );

  app.post(
    '/api/sanctions/:id/job-pay-extension',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Extend the job and pay changes (timer 15) up to 6 months in all, with the higher organ’s approval',
        params: SanctionIdParam,
        body: JobPayExtensionBody,
        response: {
          200: Obj(
            { version: Int('New sanction version'), dueOn: Nullable(DateStr('New due date')) },
            { description: 'Extended' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => extendJobPay(req.ctx, req.params.id, req.body),
  );
};
