import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  IdParams,
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
import { sendXlsx } from '../../http/xlsx.js';
import { can } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { DeadlineSchema, UncoveredYears } from '../deadlines/index.js';
import {
  exportIncludesIdentity,
  ledgerCounts,
  listReports,
  openIdentity,
  readReportAudited,
  revealIdentity,
  streamLedger,
} from './reports.ledger.js';
import {
  CATEGORY_CODES,
  CHANNEL_LABELS,
  DISPOSITIONS,
  MESSAGE_AUTHORS,
  RATINGS,
  RATING_LABELS,
  REPORTER_LABEL,
  REPORT_CATEGORIES,
  REPORT_CHANNELS,
  REPORT_EVENTS,
  REPORT_KINDS,
  REPORT_STATUSES,
  type ReportChannel,
  type ReportStatus,
  SOURCE_BODIES,
  SOURCE_BODY_LABELS,
  STAFF_CHANNELS,
  STATUS_LABELS,
  SUBJECT_AUTHORITIES,
  addReporterMessage,
  lookupReceipt,
  parseCategories,
  rateReport,
  requestRecheck,
  submitReport,
} from './reports.service.js';
import {
  REPLY_PURPOSES,
  acceptReport,
  concludeReport,
  disposeReport,
  extendReportDeadline,
  forwardReport,
  registerReport,
  replyToReporter,
  transferUp,
} from './reports.workflow.js';

/**
 * Intake of petitions and reports. The public routes need no account and take the receipt in the
 * body, never in the URL (a URL reaches logs and browser history).
 */

const Receipt = Str('Receipt code (回执码): 16 digits', { min: 16, max: 16, pattern: '^\\d{16}$' });
const Message = Obj(
  {
    author: Enum(MESSAGE_AUTHORS, 'Who wrote it'),
    body: Str('Text', { max: 2000 }),
    createdAt: Instant('When'),
  },
  { description: 'Receipt-page message' },
);
const Step = {
  event: Enum(REPORT_EVENTS, 'What happened'),
  at: Instant('When'),
  note: Nullable(Str('Note shown with the step')),
};
const Phone = Str('Phone number', { min: 5, max: 20, pattern: '^\\+?[0-9][0-9 -]{3,18}[0-9]$' });
const SubjectFields = Obj(
  {
    name: Str('Name of the person reported', { min: 1, max: 40 }),
    position: Type.Optional(Str('Their position', { max: 60 })),
    employer: Type.Optional(Str('Their workplace', { max: 80 })),
  },
  { description: 'The person reported' },
);
const Content = Str('What happened', { min: 10, max: 5000 });
const Amount = Int('Amount involved, in fen', { max: 1_000_000_000_000 });
const Version = Int('Row version the change is based on (optimistic locking)', { min: 1 });

const SubmitBody = Obj(
  {
    regionCode: RegionCode('Region where the matter happened (village, villager group, township or county)'),
    named: Bool('Named (实名) report: the reporter gives name and phone'),
    kind: Type.Optional(Enum(REPORT_KINDS, 'Accusation (default) or general petition')),
    reporter: Type.Optional(
      Obj(
        { name: Str('Reporter name', { min: 1, max: 40 }), phone: Phone },
        { description: 'Reporter identity; required for a named report and refused for an anonymous one' },
      ),
    ),
    subject: SubjectFields,
    content: Content,
    occurredOn: Type.Optional(DateStr('When it happened (approximately)')),
    place: Type.Optional(Str('Where it happened', { max: 200 })),
    amountFen: Type.Optional(Amount),
  },
  { description: 'A public report' },
);

const SubmitAnswer = Obj(
  {
    receipt: Receipt,
    receivedAt: Instant('When the report was received'),
    ackDueOn: Nullable(DateStr('Named reports: the date by which the reporter hears whether it was accepted')),
  },
  { description: 'Receipt of a submission: keep the code, it is shown only once' },
);

// Headers are the one open object: clients send many we do not declare.
const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.Optional(
      Str('A repeat with the same key returns the first answer', { min: 8, max: 100, pattern: '^[\\x21-\\x7e]+$' }),
    ),
  },
  { description: 'Headers', additionalProperties: true },
);

const ReceiptStatus = Obj(
  {
    status: Enum(REPORT_STATUSES, 'Status'),
    receivedAt: Instant('When received'),
    channel: Enum(REPORT_CHANNELS, 'Intake channel'),
    anonymous: Bool('Anonymous report'),
    closed: Bool('Closed (办结, forwarded, kept on file or sent up)'),
    timeline: Type.Array(Obj(Step, { description: 'Step' }), { description: 'Status timeline, oldest first' }),
    messages: Type.Array(Message, { description: 'Messages, oldest first' }),
    attachmentCount: Int('Files attached'),
    rating: Nullable(Enum(RATINGS, "The reporter's rating")),
    canRate: Bool('The reporter may rate now'),
    canRequestRecheck: Bool('The reporter may ask for a re-check now (once)'),
    recheckRequestedAt: Nullable(Instant('When a re-check was requested')),
    recheckDueOn: Nullable(
      DateStr('Date by which the open re-check is answered; null before it is asked and once answered'),
    ),
    recheckBy: Nullable(
      Str(
        "Commission that answers a re-check (XF 第三十五条): the one above the handler's, or the handler's own when none is above it; null while the report is open and no re-check was asked for",
      ),
    ),
    uncoveredYears: UncoveredYears,
  },
  { description: 'What the receipt page shows' },
);

const Report = {
  id: Id('Report id'),
  number: Nullable(Str('Registration number, e.g. 渑纪信〔2026〕0001号')),
  channel: Enum(REPORT_CHANNELS, 'Intake channel'),
  kind: Enum(REPORT_KINDS, 'Kind'),
  categories: Type.Array(Enum(CATEGORY_CODES, 'Category'), { description: 'Subject-matter categories' }),
  anonymous: Bool('Anonymous report'),
  reporter: Str('Reporter: 实名（已保护） or 匿名; the identity itself needs a recorded reveal'),
  status: Enum(REPORT_STATUSES, 'Status'),
  regionCode: RegionCode('Region'),
  regionName: Nullable(Str('Region name')),
  ownerUnitId: Id('Competent unit'),
  ownerUnitName: Nullable(Str('Competent unit name')),
  sourceBody: Nullable(Enum(SOURCE_BODIES, 'Transferring body (transfers)')),
  sourceRef: Nullable(Str('Source document number (transfers)')),
  assigned: Bool('Assignment (交办) from a higher commission'),
  subjectId: Nullable(Id('Linked subject record')),
  subjectAuthority: Nullable(Enum(SUBJECT_AUTHORITIES, 'Cadre authority of the person reported')),
  subjectName: Str('Person reported'),
  subjectPosition: Nullable(Str('Their position')),
  subjectEmployer: Nullable(Str('Their workplace')),
  content: Str('What happened', { max: 5000 }),
  occurredOn: Nullable(DateStr('When it happened')),
  place: Nullable(Str('Where it happened')),
  amountFen: Nullable(Amount),
  receivedAt: Instant('When received'),
  receivedOn: DateStr('Date received (China Standard Time)'),
  inLedger: Bool('Part of the ledger (false: a transfer record kept for a report sent up)'),
  repeatOf: Nullable(Id('The first report on the same person and matter within 90 days')),
  disposition: Nullable(Enum([...DISPOSITIONS, 'transfer_up'] as const, 'How it was disposed of')),
  dispositionNote: Nullable(Str('Reason or result of the disposition')),
  transferredTo: Nullable(Str('Body it was forwarded or sent to')),
  clueId: Nullable(Id('Clue registered from it')),
  closedAt: Nullable(Instant('When it was closed here')),
  rating: Nullable(Enum(RATINGS, "The reporter's rating")),
  recheckRequestedAt: Nullable(Instant('When the reporter asked for a re-check')),
  ackDueOn: Nullable(DateStr('Acknowledgement due (named accusations)')),
  version: Int('Row version'),
};

const Detail = Obj(
  {
    ...Report,
    details: Nullable(
      Obj(
        {
          visitors: Type.Optional(Int('Number of visitors')),
          receptionPlace: Type.Optional(Str('Reception place')),
          demands: Type.Optional(Str('What the visitor asks for')),
        },
        { description: 'Channel details' },
      ),
    ),
    recheckReason: Nullable(Str('Why the reporter asked for a re-check')),
    recheck: Nullable(
      Obj(
        {
          by: Str('Organ that re-checks (the commission above the handler)'),
          forwarded: Bool('Sent up off the platform; the owner records the higher organ opinion and its number'),
          answered: Bool('The re-check has been answered'),
          canAnswer: Bool('The caller may answer or extend the re-check now'),
        },
        { description: 'The re-check, once asked for' },
      ),
    ),
    messages: Type.Array(Message, { description: 'Receipt-page messages, oldest first' }),
    timeline: Type.Array(Obj({ ...Step, public: Bool('Shown to the reporter') }, { description: 'Step' }), {
      description: 'History, oldest first',
    }),
    deadlines: Type.Array(DeadlineSchema, { description: 'Time limits' }),
    attachments: Type.Array(
      Obj(
        {
          id: Id('Attachment id'),
          name: Str('File name'),
          contentType: Str('Content type (from the content)'),
          sizeBytes: Int('Size'),
          uploadedBy: Str('reporter or staff'),
          createdAt: Instant('When'),
        },
        { description: 'Attachment' },
      ),
      { description: 'Files' },
    ),
    clueNumber: Nullable(Str('Number of the clue registered from it')),
    repeats: Type.Array(
      Obj(
        { id: Id('Report id'), number: Nullable(Str('Number')), receivedAt: Instant('When received') },
        { description: 'Linked report' },
      ),
      { description: 'Other reports on the same person and matter' },
    ),
  },
  { description: 'Report with its history' },
);

const LedgerFilters = {
  status: Type.Optional(Enum(REPORT_STATUSES, 'Only this status')),
  channel: Type.Optional(Enum(REPORT_CHANNELS, 'Only this channel')),
  kind: Type.Optional(Enum(REPORT_KINDS, 'Only this kind')),
  category: Type.Optional(Enum(CATEGORY_CODES, 'Only this category')),
  anonymous: Type.Optional(Bool('Only anonymous (true) or named (false) reports')),
  unitId: Type.Optional(Id('Only this competent unit')),
  zoneId: Type.Optional(Id('Only units of this zone')),
  from: Type.Optional(DateStr('Received on or after')),
  to: Type.Optional(DateStr('Received on or before')),
  overdue: Type.Optional(
    Bool('Only reports with a time limit past due, listed most overdue first (earliest due date)'),
  ),
  q: Type.Optional(Str('Exact number or name of the person reported', { min: 1, max: 60 })),
  includeTransferRecords: Type.Optional(Bool('Also list reports kept only as transfer records (sent up)')),
};

const IdParam = IdParams('Report id');
const NoteField = Type.Optional(Str('Note', { min: 1, max: 500 }));

/** Routes of the intake: public submission and receipt page, and the staff's ledger and steps. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/public/reports',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Submit a report (no account; named or anonymous)',
        headers: IdempotencyHeaders,
        body: SubmitBody,
        response: { 201: SubmitAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await submitReport(req.ctx, req.body, req.headers['idempotency-key']);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/public/receipt-lookups',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Look up a report by its receipt code',
        body: Obj({ receipt: Receipt }, { description: 'Receipt' }),
        response: { 200: ReceiptStatus, ...errorResponses },
      },
    },
    async (req) => lookupReceipt(req.ctx, req.body.receipt),
  );

  app.post(
    '/api/public/receipt-messages',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Add a message to a report, by its receipt code',
        body: Obj(
          { receipt: Receipt, body: Str('Message', { min: 1, max: 2000 }) },
          { description: 'Receipt and message' },
        ),
        response: {
          201: Obj({ createdAt: Instant('When the message was stored') }, { description: 'Stored' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await addReporterMessage(req.ctx, req.body.receipt, req.body.body);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    '/api/public/receipt-ratings',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Rate the result of a closed report (once)',
        body: Obj(
          { receipt: Receipt, rating: Enum(RATINGS, '满意 / 基本满意 / 不满意') },
          { description: 'Receipt and rating' },
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await rateReport(req.ctx, req.body.receipt, req.body.rating);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/public/receipt-rechecks',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Ask once for a re-check of a closed report',
        body: Obj(
          { receipt: Receipt, reason: Str('Why the result is not accepted', { min: 5, max: 2000 }) },
          { description: 'Receipt and reason' },
        ),
        response: {
          201: Obj({ dueOn: DateStr('Date by which the re-check is answered') }, { description: 'Requested' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const answer = await requestRecheck(req.ctx, req.body.receipt, req.body.reason);
      reply.status(201);
      return answer;
    },
  );

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
    '/api/reports/export.xlsx',
    {
      config: { access: { permission: 'report.export' } },
      schema: {
        tags: ['reports'],
        summary: 'Export exactly the filtered ledger rows (identity only with report.identity)',
        querystring: Obj(LedgerFilters, { description: 'Filters' }),
      },
    },
    async (req, reply) => {
      if (!can(req.ctx, 'report.read')) throw errors.forbidden('report.read');
      const withIdentity = exportIncludesIdentity(req.ctx);
      const ctx = req.ctx;
      type Row =
        Parameters<typeof streamLedger> extends never
          ? never
          : Awaited<ReturnType<ReturnType<typeof streamLedger>['next']>>['value'];
      // Opened once per row (the name and phone columns share it).
      const last: { id: string; identity: ReturnType<typeof openIdentity> | null } = { id: '', identity: null };
      const identity = (r: NonNullable<Row>) => {
        if (last.id !== r.id) {
          last.id = r.id;
          last.identity = r.reporter_enc && withIdentity ? openIdentity(ctx, r.id, r.reporter_enc) : null;
        }
        return last.identity;
      };
      return sendXlsx(
        reply,
        '信访举报台账.xlsx',
        '台账',
        [
          { header: '编号', width: 24, value: (r) => r.number },
          { header: '收件日期', width: 12, value: (r) => r.received_on },
          { header: '来源', value: (r) => CHANNEL_LABELS[r.channel as ReportChannel] ?? r.channel },
          { header: '类别', value: (r) => (r.kind === 'accusation' ? '检举控告' : '信访') },
          {
            header: '问题类型',
            width: 24,
            value: (r) =>
              parseCategories(r.categories)
                .map((c) => REPORT_CATEGORIES[c])
                .join('、'),
          },
          { header: '被反映人', value: (r) => r.subject_name },
          { header: '职务', width: 20, value: (r) => r.subject_position },
          { header: '所在区划', width: 20, value: (r) => r.region_name },
          { header: '承办机关', width: 24, value: (r) => r.unit_name },
          { header: '状态', value: (r) => STATUS_LABELS[r.status as ReportStatus] ?? r.status },
          { header: '举报方式', value: (r) => (r.anonymous === 1 ? REPORTER_LABEL.anonymous : '实名') },
          ...(withIdentity
            ? [
                { header: '举报人', value: (r: NonNullable<Row>) => identity(r)?.name ?? null },
                { header: '联系电话', width: 16, value: (r: NonNullable<Row>) => identity(r)?.phone ?? null },
              ]
            : []),
          {
            header: '移送机关',
            value: (r) => (r.source_body ? SOURCE_BODY_LABELS[r.source_body as keyof typeof SOURCE_BODY_LABELS] : null),
          },
          { header: '重复件', value: (r) => (r.repeat_of ? '是' : '否') },
          { header: '办结日期', width: 12, value: (r) => r.closed_at?.slice(0, 10) ?? null },
          { header: '评价', value: (r) => (r.rating ? RATING_LABELS[r.rating as keyof typeof RATING_LABELS] : null) },
          { header: '反映内容', width: 60, value: (r) => r.content },
        ],
        streamLedger(ctx, req.query),
      );
    },
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
        summary: 'Send a report up to the competent higher organ (kept only as a transfer record)',
        params: IdParam,
        body: Obj(
          { version: Version, toBody: Str('Higher organ', { min: 2, max: 60 }), note: NoteField },
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
        summary: 'Reply to the reporter on the receipt page (a message, the result feedback, or a re-check answer)',
        params: IdParam,
        body: Obj(
          {
            body: Str('Text the reporter reads', { min: 1, max: 2000 }),
            purpose: Enum(REPLY_PURPOSES, 'Purpose'),
            reviewerRef: Type.Optional(
              Str('Document number of the higher organ re-check opinion; required to answer a forwarded re-check', {
                min: 1,
                max: 100,
              }),
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
};
