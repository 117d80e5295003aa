import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  Instant,
  Int,
  ListOf,
  Nullable,
  Obj,
  PageQuery,
  RegionCode,
  Str,
  errorResponses,
} from '../../http/schema.js';
import {
  MESSAGE_AUTHORS,
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_STATUSES,
  addReporterMessage,
  listReports,
  lookupReceipt,
  readReportAudited,
  revealIdentity,
  submitReport,
} from './reports.service.js';

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

const SubmitBody = Obj(
  {
    regionCode: RegionCode('Region where the matter happened (village, villager group, township or county)'),
    named: Bool('Named (实名) report: the reporter gives name and phone'),
    reporter: Type.Optional(
      Obj(
        {
          name: Str('Reporter name', { min: 1, max: 40 }),
          phone: Str('Reporter phone', { min: 5, max: 20, pattern: '^\\+?[0-9][0-9 -]{3,18}[0-9]$' }),
        },
        { description: 'Reporter identity; required for a named report and refused for an anonymous one' },
      ),
    ),
    subject: Obj(
      {
        name: Str('Name of the person reported', { min: 1, max: 40 }),
        position: Type.Optional(Str('Their position', { max: 60 })),
        employer: Type.Optional(Str('Their workplace', { max: 80 })),
      },
      { description: 'The person reported' },
    ),
    content: Str('What happened', { min: 10, max: 5000 }),
    occurredOn: Type.Optional(DateStr('When it happened (approximately)')),
    place: Type.Optional(Str('Where it happened', { max: 200 })),
    amountFen: Type.Optional(Int('Amount involved, in fen', { max: 1_000_000_000_000 })),
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
    messages: Type.Array(Message, { description: 'Messages, oldest first' }),
  },
  { description: 'What the receipt page shows' },
);

const Report = {
  id: Id('Report id'),
  number: Nullable(Str('Registration number (once registered)')),
  channel: Enum(REPORT_CHANNELS, 'Intake channel'),
  kind: Enum(REPORT_KINDS, 'Kind'),
  anonymous: Bool('Anonymous report'),
  reporter: Str('Reporter: 实名（已保护） or 匿名; the identity itself needs a recorded reveal'),
  status: Enum(REPORT_STATUSES, 'Status'),
  regionCode: RegionCode('Region'),
  regionName: Nullable(Str('Region name')),
  ownerUnitId: Id('Competent unit'),
  ownerUnitName: Nullable(Str('Competent unit name')),
  subjectName: Str('Person reported'),
  subjectPosition: Nullable(Str('Their position')),
  subjectEmployer: Nullable(Str('Their workplace')),
  content: Str('What happened', { max: 5000 }),
  occurredOn: Nullable(DateStr('When it happened')),
  place: Nullable(Str('Where it happened')),
  amountFen: Nullable(Int('Amount involved, in fen', { max: 1_000_000_000_000 })),
  receivedAt: Instant('When received'),
  ackDueOn: Nullable(DateStr('Acknowledgement due (named reports)')),
  version: Int('Row version'),
};

const IdParam = Obj({ id: Id('Report id') }, { description: 'Path parameters' });

/** Routes of the intake: public submission and receipt page, and the staff's scoped views. */
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

  app.get(
    '/api/reports',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'List reports in scope, newest first',
        querystring: Obj(
          {
            status: Type.Optional(Enum(REPORT_STATUSES, 'Only this status')),
            channel: Type.Optional(Enum(REPORT_CHANNELS, 'Only this channel')),
            anonymous: Type.Optional(Bool('Only anonymous (true) or named (false) reports')),
            from: Type.Optional(DateStr('Received on or after')),
            to: Type.Optional(DateStr('Received on or before')),
            ...PageQuery,
          },
          { description: 'Filters' },
        ),
        response: { 200: ListOf(Obj(Report, { description: 'Report' }), 'Reports'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listReports(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'Get a report (audited read)',
        params: IdParam,
        response: {
          200: Obj(
            { ...Report, messages: Type.Array(Message, { description: 'Receipt-page messages, oldest first' }) },
            { description: 'Report with its messages' },
          ),
          ...errorResponses,
        },
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
          200: Obj({ name: Str('Reporter name'), phone: Str('Reporter phone') }, { description: 'Reporter identity' }),
          ...errorResponses,
        },
      },
    },
    async (req) => revealIdentity(req.ctx, req.params.id, req.body.reason),
  );
};
