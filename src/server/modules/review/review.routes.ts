/** The review stage's routes: the ledger and page, acceptance, team and panel, talks, deliberations, returns, the report and the decision. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
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
import { registerCountySettingRoutes } from '../settings/index.js';
import { listReviews, readReview } from './review.read.js';
import { recordDeliberation, recordTalk } from './review.records.js';
import {
  recordCommitteeDecision,
  reviewReportDocument,
  saveReviewReport,
  signReviewReport,
  submitReviewReport,
} from './review.report.js';
import {
  decideAcceptance,
  extendReview,
  requestEarlyInvolvement,
  requestReturn,
  resubmitCase,
} from './review.returns.js';
import {
  AcceptanceBody,
  CommitteeBody,
  DeliberationBody,
  EarlyBody,
  ExtensionBody,
  ReportBody,
  ResubmissionBody,
  ReturnBody,
  ReviewCheckBody,
  ReviewDetailSchema,
  ReviewFilters,
  ReviewIdParam,
  ReviewLineSchema,
  ReviewTeamBody,
  TalkBody,
} from './review.schemas.js';
import { countyReview } from './review.settings.js';
import { checkReviewTeam, setReviewPanel, setReviewTeam } from './review.team.js';

const tags = ['review'];
const read = { access: { permission: 'review.read' as const } };
const manage = { access: { permission: 'review.manage' as const } };
const Version = Obj({ version: Int('New review version') }, { description: 'Saved' });
const Recorded = Obj({ id: Id('Record id'), version: Int('New review version') }, { description: 'Recorded' });
const WithApproval = Obj(
  { version: Int('New review version'), approvalId: Id('The approval started') },
  { description: 'Sent up' },
);
const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The review stage's routes. */
export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reviews',
    {
      config: read,
      schema: {
        tags,
        summary:
          "The review ledger, newest first: the reviewing unit's reviews, the subject region's, the handling unit's (status only) and the team's",
        querystring: Obj({ ...ReviewFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(ReviewLineSchema, 'Reviews'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listReviews(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/reviews/:id',
    {
      config: read,
      schema: {
        tags,
        summary: "A review's page (team or the reviewing unit)",
        params: ReviewIdParam,
        response: { 200: ReviewDetailSchema, ...errorResponses },
      },
    },
    async (req) => readReview(req.ctx, req.params.id),
  );

  app.post(
    '/api/reviews/early-involvements',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Ask for early involvement (提前介入) in a major or complex case still under investigation (with approval)',
        body: EarlyBody,
        response: {
          201: Obj({ id: Id('Review id'), approvalId: Id('Approval') }, { description: 'Asked' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await requestEarlyInvolvement(req.ctx, req.body)),
  );

  app.post(
    '/api/reviews/:id/acceptance',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Accept (受理: the 1-month clock opens), defer (暂缓受理) or refuse (不予受理: back to the team) a transferred case, with the reason',
        params: ReviewIdParam,
        body: AcceptanceBody,
        response: {
          200: Obj(
            {
              version: Int('New review version'),
              status: Str('New state'),
              dueOn: Nullable(DateStr('Review due date')),
            },
            { description: 'Decided' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => decideAcceptance(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reviews/:id/conflict-checks',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Run and record the conflict check of people proposed for the review team or panel (查审分离 and recusal)',
        params: ReviewIdParam,
        body: ReviewCheckBody,
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
    async (req) => checkReviewTeam(req.ctx, req.params.id, req.body.userIds),
  );

  app.put(
    '/api/reviews/:id/team',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Form or change the review team (审理组): at least 2, one leader, nobody who investigated the case or handled its clue',
        params: ReviewIdParam,
        body: ReviewTeamBody,
        response: { 200: Version, ...errorResponses },
      },
    },
    async (req) => setReviewTeam(req.ctx, req.params.id, req.body),
  );

  app.put(
    '/api/reviews/:id/panel',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Convene the zone's cross-review panel (交叉审理) from the zone's other townships' commissions (never the handling or the subject's township)",
        params: ReviewIdParam,
        body: ReviewTeamBody,
        response: {
          200: Obj({ version: Int('New review version'), zoneId: Id('Zone') }, { description: 'Convened' }),
          ...errorResponses,
        },
      },
    },
    async (req) => setReviewPanel(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reviews/:id/talks',
    {
      config: manage,
      schema: {
        tags,
        summary: "Record a review talk (审理谈话): ≥ 2 reviewers, the person's defence",
        params: ReviewIdParam,
        body: TalkBody,
        response: { 201: Recorded, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await recordTalk(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/reviews/:id/deliberations',
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Record the team's or panel's collective deliberation (集体审议): members present, each opinion, the vote",
        params: ReviewIdParam,
        body: DeliberationBody,
        response: {
          201: Obj(
            {
              id: Id('Deliberation id'),
              version: Int('New review version'),
              votesFor: Int('Agree'),
              votesAgainst: Int('Disagree'),
              abstentions: Int('Abstain'),
              adopted: Type.Boolean({ description: 'More than half of those present agreed' }),
            },
            { description: 'Recorded' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await recordDeliberation(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/reviews/:id/returns',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Ask to return the case for supplementary investigation (相关负责人; the clock pauses) or re-investigation (主要负责人; a new clock)',
        params: ReviewIdParam,
        body: ReturnBody,
        response: { 201: WithApproval, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await requestReturn(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/reviews/:id/resubmission',
    {
      config: { access: { permission: 'case.manage' as const } },
      schema: {
        tags,
        summary:
          'The case team transfers the returned case back to review (the clock resumes after a supplementary investigation)',
        params: ReviewIdParam,
        body: ResubmissionBody,
        response: {
          200: Obj({ caseVersion: Int('New case version') }, { description: 'Transferred' }),
          ...errorResponses,
        },
      },
    },
    async (req) => resubmitCase(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reviews/:id/extensions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Extend the review period (major or complex cases, with the approver named)',
        params: ReviewIdParam,
        body: ExtensionBody,
        response: {
          201: Obj(
            { version: Int('New review version'), dueOn: Nullable(DateStr('New due date')) },
            { description: 'Extended' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await extendReview(req.ctx, req.params.id, req.body)),
  );

  app.put(
    '/api/reviews/:id/report',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Save the draft 审理报告 (team members; a change voids the signatures)',
        params: ReviewIdParam,
        body: ReportBody,
        response: {
          200: Obj(
            { version: Int('New review version'), hash: Str('Hash of the text'), voided: Int('Signatures voided') },
            { description: 'Saved' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => saveReviewReport(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reviews/:id/report/signatures',
    {
      config: manage,
      schema: {
        tags,
        summary: "Sign the 审理报告's exact text (a team member)",
        params: ReviewIdParam,
        body: Obj(
          { hash: Str('The hash of the text read', { pattern: '^[0-9a-f]{64}$' }) },
          { description: 'Signature' },
        ),
        response: {
          201: Obj({ version: Int('New review version'), signed: Int('Signatures now') }, { description: 'Signed' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await signReviewReport(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/reviews/:id/report/submission',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Send the signed 审理报告 to the 主要负责人',
        params: ReviewIdParam,
        body: Obj({ version: Int('Review row version', { min: 1 }) }, { description: 'Submission' }),
        response: { 201: WithApproval, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await submitReviewReport(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/reviews/:id/committee-decision',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Record the 纪委常委会 deliberation (quorum: more than half present) and its decision; the case is closed',
        params: ReviewIdParam,
        body: CommitteeBody,
        response: {
          201: Obj(
            {
              version: Int('New review version'),
              caseVersion: Int('New case version'),
              higherDueOn: Nullable(DateStr('Filing with the higher organ due')),
              sanctionIds: Type.Array(Id('Sanction drafted'), {
                description: 'Sanction records drafted, one per outcome code',
              }),
            },
            { description: 'Decided' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await recordCommitteeDecision(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/reviews/:id/documents/:file',
    {
      config: read,
      schema: {
        tags,
        summary: 'A review document as PDF or DOCX (review_report: 审理报告)',
        params: IdParams('Review id', {
          file: Str('review_report.pdf or review_report.docx', { pattern: '^review_report\\.(pdf|docx)$' }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const format = req.params.file.endsWith('.pdf') ? 'pdf' : 'docx';
      const { bytes, title } = await reviewReportDocument(req.ctx, req.params.id, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  registerCountySettingRoutes(app, countyReview, {
    path: '/api/review-settings',
    tag: 'review',
    readSummary:
      "A county's 乡案县审 setting: which township cases its 案件审理室 reviews (1 none, 2 away-handled, 3 all)",
    setSummary: "Set a county's 乡案县审 setting (cases transferred later follow it)",
    description: "The county's 乡案县审 setting",
    unit: 'Choice',
    isDefaultDescription: 'True while the county has set none (the default, 3: all, applies)',
  });
};
