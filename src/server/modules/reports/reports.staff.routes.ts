import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  Instant,
  Int,
  Nullable,
  Obj,
  Ok,
  PageQuery,
  PagedOf,
  RegionCode,
  Str,
  errorResponses,
} from '../../http/schema.js';
import { readReportAudited, revealIdentity } from './reports.detail.js';
import { ledgerCounts, listReports } from './reports.ledger.js';
import {
  CATEGORY_CODES,
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_STATUSES,
  SOURCE_BODIES,
  STAFF_CHANNELS,
  SUBJECT_AUTHORITIES,
} from './reports.model.js';
import {
  Amount,
  Content,
  Detail,
  IdParam,
  IdempotencyHeaders,
  LedgerFilters,
  NoteField,
  Phone,
  Receipt,
  Report,
  SubjectFields,
  Version,
} from './reports.schemas.js';
import {
  REPLY_PURPOSES,
  acceptReport,
  concludeReport,
  disposeReport,
  extendReportDeadline,
  forwardReport,
  registerReport,
  replyToReporter,
} from './reports.workflow.js';
import { transferUp } from './reports.transfer.js';
import { setReviewHearing } from './reports.review.js';

/** The staff's intake routes: the ledger and its counts, registration, the audited read and every handling step. */
export const reportStaffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'The intake ledger in scope, newest first (with overdue: most overdue first)',
        querystring: Obj(
          {
            ...LedgerFilters,
            ...PageQuery,
            after: Type.Optional(
              Str(
                "The previous page's nextCursor: page by keyset (offset ignored); a deep page then costs what the first one does",
                {
                  min: 1,
                  max: 400,
                },
              ),
            ),
          },
          { description: 'Filters' },
        ),
        response: {
          200: PagedOf(Obj(Report, { description: 'Report' }), 'Reports', {
            total: 'Rows matching the filters, exact up to 10,000',
            extra: {
              totalCapped: Bool('More than 10,000 rows match (total then says 10,000): narrow the filters'),
              nextCursor: Nullable(Str('Pass as `after` with page + 1 for the next page; null on the last page')),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      ...(await listReports(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/reports/counts',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'Counts of the filtered ledger by unit, month, channel, kind and status',
        querystring: Obj(LedgerFilters, { description: 'Filters' }),
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    unitId: Id('Competent unit'),
                    unitName: Nullable(Str('Unit name')),
                    month: Str('Month received (YYYY-MM, China Standard Time)'),
                    channel: Enum(REPORT_CHANNELS, 'Channel'),
                    kind: Enum(REPORT_KINDS, 'Kind'),
                    status: Enum(REPORT_STATUSES, 'Status'),
                    count: Int('Reports'),
                  },
                  { description: 'One group' },
                ),
                { description: 'Groups' },
              ),
            },
            { description: 'Counts' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await ledgerCounts(req.ctx, req.query) }),
  );

  app.post(
    '/api/reports',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Register a report received by visit, letter, phone, informant or transfer (the receipt is shown once, to hand to the reporter)',
        headers: IdempotencyHeaders,
        body: Obj(
          {
            channel: Enum(STAFF_CHANNELS, 'How it came in'),
            kind: Enum(REPORT_KINDS, 'Accusation (检举控告) or general petition (信访)'),
            categories: Type.Array(Enum(CATEGORY_CODES, 'Category'), {
              description: 'Subject-matter categories',
              maxItems: 5,
            }),
            regionCode: RegionCode('Region where the matter happened'),
            subjectAuthority: Enum(SUBJECT_AUTHORITIES, 'Cadre authority of the person reported'),
            subjectIsCommissionLeader: Type.Optional(
              Bool(
                'The person leads the commission that would handle the report (纪委监委负责人): it goes one level up (JK 第十五条)',
              ),
            ),
            subjectId: Type.Optional(Id('Subject record of the person reported (overrides name and authority)')),
            subject: SubjectFields,
            content: Content,
            occurredOn: Type.Optional(DateStr('When it happened')),
            place: Type.Optional(Str('Where it happened', { max: 200 })),
            amountFen: Type.Optional(Amount),
            reporter: Type.Optional(
              Obj(
                {
                  name: Str('Reporter name', { min: 1, max: 40 }),
                  phone: Phone,
                  idNumber: Type.Optional(Str('ID card number', { pattern: '^\\d{17}[\\dXx]$' })),
                  address: Type.Optional(Str('Address', { max: 200 })),
                },
                { description: 'Named reporter (sealed); leave out for anonymous' },
              ),
            ),
            sourceBody: Type.Optional(Enum(SOURCE_BODIES, 'Transferring body (transfers only)')),
            sourceRef: Type.Optional(Str('Source document number (transfers only)', { max: 60 })),
            assigned: Type.Optional(Bool('Assignment (交办) from a higher commission: due in 3 months')),
            visitors: Type.Optional(Int('Visitors (visits)', { min: 1, max: 500 })),
            receptionPlace: Type.Optional(Str('Reception place (visits)', { max: 100 })),
            demands: Type.Optional(Str('What the visitor asks for (visits)', { max: 1000 })),
          },
          { description: 'A report registered by staff' },
        ),
        response: {
          201: Obj(
            {
              id: Id('Report id'),
              number: Str('Registration number'),
              receipt: Receipt,
              ownerUnitId: Id('Competent unit'),
              inLedger: Bool('False when the report must be sent to a higher organ'),
              repeatOf: Nullable(Id('Earlier report on the same person and matter')),
              ackDueOn: Nullable(DateStr('Acknowledgement due')),
            },
            { description: 'Registered' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await registerReport(req.ctx, req.body, req.headers['idempotency-key']);
      reply.status(201);
      return {
        id: r.id,
        number: r.number,
        receipt: r.receipt,
        ownerUnitId: r.ownerUnitId,
        inLedger: r.inLedger,
        repeatOf: r.repeatOf,
        ackDueOn: r.ackDueOn,
      };
    },
  );

  app.get(
    '/api/reports/:id',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'Get a report with its history, clocks and files (audited read)',
        params: IdParam,
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req) => readReportAudited(req.ctx, req.params.id),
  );

  app.post(
    '/api/reports/:id/identity-reveal',
    {
      config: { access: { permission: 'report.identity' } },
      schema: {
        tags: ['reports'],
        summary: "Reveal a named reporter's identity (audited, with a reason)",
        params: IdParam,
        body: Obj({ reason: Str('Why the identity is needed', { min: 10, max: 500 }) }, { description: 'Reason' }),
        response: {
          200: Obj(
            {
              name: Str('Reporter name'),
              phone: Str('Reporter phone'),
              idNumber: Type.Optional(Str('ID card number')),
              address: Type.Optional(Str('Address')),
            },
            { description: 'Reporter identity' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => revealIdentity(req.ctx, req.params.id, req.body.reason),
  );

  app.post(
    '/api/reports/:id/acceptance',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary: 'Accept a received report (受理)',
        params: IdParam,
        body: Obj(
          {
            version: Version,
            kind: Type.Optional(Enum(REPORT_KINDS, 'Corrected kind')),
            categories: Type.Optional(
              Type.Array(Enum(CATEGORY_CODES, 'Category'), { description: 'Corrected categories', maxItems: 5 }),
            ),
            note: NoteField,
          },
          { description: 'Acceptance' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await acceptReport(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/reports/:id/forwarding',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary: 'Forward (转办) to a lower commission, or to the competent department with a slip',
        params: IdParam,
        body: Obj(
          {
            version: Version,
            toUnitId: Type.Optional(Id('Lower commission in the system')),
            toBody: Type.Optional(Str('Competent department outside the system', { min: 2, max: 60 })),
            note: NoteField,
          },
          { description: 'Forwarding' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await forwardReport(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/reports/:id/upward-transfer',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Send a report up: without toBody, on the platform to the county commission above a township (it moves to the county ledger); with toBody, to a higher organ off the platform (kept only as a transfer record)',
        params: IdParam,
        body: Obj(
          {
            version: Version,
            toBody: Type.Optional(
              Str('Higher organ off the platform (left out: the county commission)', { min: 2, max: 60 }),
            ),
            note: NoteField,
          },
          { description: 'Transfer up' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await transferUp(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/reports/:id/disposal',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary: 'Dispose of an accepted report: register a clue, conclude with a reason, or keep on file',
        params: IdParam,
        body: Obj(
          {
            version: Version,
            disposition: Enum(['clue', 'conclude', 'keep_on_file'] as const, 'Disposition'),
            note: Str('Clue summary, or the reason', { min: 2, max: 2000 }),
          },
          { description: 'Disposal' },
        ),
        response: {
          200: Obj(
            { clueId: Nullable(Id('Clue registered')), clueNumber: Nullable(Str('Its number')) },
            { description: 'Disposed' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => disposeReport(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reports/:id/conclusion',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary: 'Conclude (办结) a report whose clue was dealt with, recording the result',
        params: IdParam,
        body: Obj({ version: Version, result: Str('Result', { min: 2, max: 2000 }) }, { description: 'Conclusion' }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await concludeReport(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/reports/:id/replies',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Reply to the reporter on the receipt page (a message, the result feedback, a re-check or a review answer)',
        params: IdParam,
        body: Obj(
          {
            body: Str('Text the reporter reads', { min: 1, max: 2000 }),
            purpose: Enum(REPLY_PURPOSES, 'Purpose'),
            reviewerRef: Type.Optional(
              Str(
                'Document number of the higher organ re-check or review opinion; required to answer a forwarded one',
                {
                  min: 1,
                  max: 100,
                },
              ),
            ),
          },
          { description: 'Reply' },
        ),
        response: {
          201: Obj({ createdAt: Instant('When the reply was stored') }, { description: 'Stored' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await replyToReporter(req.ctx, req.params.id, req.body);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/reports/:id/deadline-extensions',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          "Extend a running time limit by its rule's next step (petition handling +30 days, an assignment +3 months…), approved by a holder of the rule's role",
        params: IdParam,
        body: Obj(
          {
            kind: Enum(['handle', 'assignment', 'recheck'] as const, 'Which time limit'),
            reason: Str('Approval and reason', { min: 5, max: 500 }),
            approverId: Type.Optional(
              Id(
                "Who approved it (default: the caller); must hold one of the rule's approver roles over the report's unit",
              ),
            ),
            amount: Type.Optional(
              Int("How long, in the step's unit (default: the step's maximum; required when the law sets none)", {
                min: 1,
                max: 3650,
              }),
            ),
          },
          { description: 'Extension' },
        ),
        response: { 200: Obj({ dueOn: DateStr('New due date') }, { description: 'Extended' }), ...errorResponses },
      },
    },
    async (req) => extendReportDeadline(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/reports/:id/review-hearing',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary:
          'Start or end a hearing (听证) on an open petition review (复核): its time is not counted, the review clock pauses and resumes',
        params: IdParam,
        body: Obj(
          {
            state: Enum(['started', 'ended'] as const, 'The hearing starts (clock pauses) or ends (clock resumes)'),
            note: Str('What hearing, when (staff only)', { min: 2, max: 500 }),
          },
          { description: 'Hearing' },
        ),
        response: {
          200: Obj(
            { dueOn: Nullable(DateStr('Review due date once resumed; null while paused')) },
            { description: 'Recorded' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => setReviewHearing(req.ctx, req.params.id, req.body),
  );
};
