/** The disclosure's routes: staff (prepare, upload, review, list, calendar, exports) and public (the village pages). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { inTransaction } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import { publicationCalendar, setFinanceCycle } from './disclosure.calendar.js';
import { batchExportColumns, calendarExportColumns, lineExportColumns } from './disclosure.export.js';
import { publicIndex, publicPeriodJson } from './disclosure.public.js';
import { exportBatchLines, listBatches, readBatch } from './disclosure.read.js';
import {
  AsOfQuery,
  BatchBody,
  BatchFilter,
  BatchPageSchema,
  BatchQuerySchema,
  BatchSchema,
  CalendarLineSchema,
  CalendarQuery,
  PeriodParams,
  PreparedSchema,
  PublicIndexSchema,
  PublicPeriodSchema,
  ReturnBody,
  ScheduleBody,
  SignBody,
  StepSchema,
  VillageParams,
} from './disclosure.schemas.js';
import { prepareBatch, returnBatch, signBatch, submitBatch } from './disclosure.service.js';
import { readUpload } from './disclosure.xlsx.js';
import { Type } from '@sinclair/typebox';
import { Obj } from '../../http/schema.js';

const Params = IdParams('Version id');
const tags = ['disclosure'];

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** Numbers of a multipart field in fen (blank: null); VALIDATION_FAILED otherwise. */
function fenField(value: string | undefined, field: string): number | null {
  if (value === undefined || value.trim() === '') return null;
  const t = value.trim();
  if (!/^-?\d{1,13}$/.test(t)) throw errors.validation({ field }, `${field} 应为以分计的整数`);
  return Number(t);
}

/** The disclosure's routes. */
export const disclosureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const prepare = { access: { permission: 'disclosure.prepare' as const } };
  const review = { access: { permission: 'disclosure.review' as const } };
  const read = { access: { permission: 'disclosure.read' as const } };
  const schedule = { access: { permission: 'disclosure.schedule' as const } };

  app.get(
    '/api/disclosure/batches',
    {
      config: read,
      schema: {
        tags,
        summary: "Versions of the villages' disclosure in scope (asOf: what was public then)",
        querystring: BatchQuerySchema,
        response: { 200: BatchPageSchema, ...errorResponses },
      },
    },
    async (req) => ({ ...(await listBatches(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/disclosure/batches/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the versions the filters select as Excel (audited)', querystring: BatchFilter },
    },
    async (req, reply) => {
      const rows = await exportBatchLines(req.ctx, req.query);
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'disclosure.export',
          resourceType: 'disclosure_batch',
          resourceId: null,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, rows.length] },
        }),
      );
      return sendXlsx(reply, '村务公开.xlsx', '村务公开', batchExportColumns(), fromArray(rows));
    },
  );

  app.post(
    '/api/disclosure/batches',
    {
      config: prepare,
      schema: {
        tags,
        summary:
          "Prepare a version by entry: a period's accounts or a major matter (validated as a whole; a published period only by a correction with its reason)",
        body: BatchBody,
        response: { 201: PreparedSchema, 422: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await prepareBatch(req.ctx, req.body, 'entry')),
  );

  app.post(
    '/api/disclosure/imports',
    {
      config: prepare,
      schema: {
        tags,
        summary:
          "Upload a period's accounts as Excel (multipart: regionCode, period, openingBalance?, closingBalance, correctionReason?, then file)",
        description:
          'The first sheet, headers 凭证号 日期 收支 对方单位或个人 证件号码或统一社会信用代码 金额（元） 结算方式 银行账号 用途摘要 类别 审批流程 审批人. Wrong headers, merged cells, formulas, non-numeric amounts and every rule of the month answer 422 IMPORT_REJECTED with details.rows; nothing is stored.',
        consumes: ['multipart/form-data'],
        response: { 201: PreparedSchema, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
      const fields: Record<string, string> = {};
      let buffer: Buffer | null = null;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || buffer) {
            await part.toBuffer();
            throw errors.validation({ field: part.fieldname }, '只能上传一个文件（字段 file）');
          }
          buffer = await part.toBuffer();
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      if (!buffer) throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
      const regionCode = fields.regionCode ?? '';
      const period = fields.period ?? '';
      if (!/^\d{12}$/.test(regionCode)) throw errors.validation({ field: 'regionCode' }, '请选择村');
      if (!/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(period))
        throw errors.validation({ field: 'period' }, '期间应写作 2026-11 或 2026-Q4');
      const reason = fields.correctionReason?.trim();
      if (reason !== undefined && reason.length > 1000)
        throw errors.validation({ field: 'correctionReason' }, '更正原因不超过 1000 字');
      const opening = fenField(fields.openingBalance, 'openingBalance');
      const closing = fenField(fields.closingBalance, 'closingBalance');
      const lines = await readUpload(buffer);
      const prepared = await prepareBatch(
        req.ctx,
        {
          regionCode,
          kind: 'finance',
          period,
          openingBalance: opening,
          closingBalance: closing,
          correctionReason: reason || undefined,
          lines,
        },
        'upload',
        lines.map((l) => l.row),
      );
      return reply.code(201).send(prepared);
    },
  );

  app.get(
    '/api/disclosure/batches/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A version with its lines (masked) and its review',
        params: Params,
        response: { 200: BatchSchema, ...errorResponses },
      },
    },
    async (req) => readBatch(req.ctx, req.params.id),
  );

  app.get(
    '/api/disclosure/batches/:id/lines.xlsx',
    { config: read, schema: { tags, summary: "Export a version's lines (masked) as Excel (audited)", params: Params } },
    async (req, reply) => {
      const batch = await readBatch(req.ctx, req.params.id);
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'disclosure.export',
          resourceType: 'disclosure_batch',
          resourceId: batch.id,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, batch.lines.length] },
        }),
      );
      return sendXlsx(
        reply,
        `${batch.villageName}${batch.periodLabel}收支明细.xlsx`,
        '收支明细',
        lineExportColumns(),
        fromArray(batch.lines),
      );
    },
  );

  app.post(
    '/api/disclosure/batches/:id/submission',
    {
      config: prepare,
      schema: {
        tags,
        summary: "Submit a draft for the village supervision committee's review",
        params: Params,
        body: Obj({}, { description: 'Nothing' }),
        response: { 200: StepSchema, ...errorResponses },
      },
    },
    async (req) => submitBatch(req.ctx, req.params.id),
  );
  app.post(
    '/api/disclosure/batches/:id/signature',
    {
      config: review,
      schema: {
        tags,
        summary: 'The committee reviews and signs: the version is published (a correction supersedes the one before)',
        params: Params,
        body: SignBody,
        response: { 200: StepSchema, ...errorResponses },
      },
    },
    async (req) => signBatch(req.ctx, req.params.id, req.body.opinion),
  );
  app.post(
    '/api/disclosure/batches/:id/return',
    {
      config: review,
      schema: {
        tags,
        summary: 'The committee returns a submitted version with its reason',
        params: Params,
        body: ReturnBody,
        response: { 200: StepSchema, ...errorResponses },
      },
    },
    async (req) => returnBatch(req.ctx, req.params.id, req.body.reason),
  );

  app.get(
    '/api/disclosure/calendar',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The publication calendar: villages in scope, overdue first: the finance period and the general items quarter due, whether overdue, the major matters of the last 90 days',
        querystring: CalendarQuery,
        response: {
          200: Obj({ items: Type.Array(CalendarLineSchema, { description: 'Villages' }) }, { description: 'Calendar' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await publicationCalendar(req.ctx, req.query) }),
  );
  app.get(
    '/api/disclosure/calendar/export.xlsx',
    { config: read, schema: { tags, summary: 'Export the publication calendar as Excel', querystring: CalendarQuery } },
    async (req, reply) =>
      sendXlsx(
        reply,
        '村务公开日历.xlsx',
        '村务公开日历',
        calendarExportColumns(),
        fromArray(await publicationCalendar(req.ctx, req.query)),
      ),
  );
  app.put(
    '/api/disclosure/schedules/:regionCode',
    {
      config: schedule,
      schema: {
        tags,
        summary:
          "The township sets a village's publication cycle of its finances (monthly where transactions are many, or quarterly); audited",
        params: VillageParams,
        body: ScheduleBody,
        response: {
          200: Obj(
            {
              regionCode: Type.String({ description: 'Village' }),
              financeCycle: Type.String({ description: 'Cycle' }),
            },
            { description: 'Set' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => setFinanceCycle(req.ctx, req.params.regionCode, req.body.financeCycle),
  );

  const pub = { access: { public: true as const }, rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get(
    '/api/public/villages/:regionCode/disclosure',
    {
      config: pub,
      schema: {
        tags,
        summary: "A village's published disclosure: periods and major matters (masked, cacheable)",
        params: VillageParams,
        response: { 200: PublicIndexSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'public, max-age=60');
      return publicIndex(req.ctx, req.params.regionCode);
    },
  );
  app.get(
    '/api/public/villages/:regionCode/disclosure/:kind/:period',
    {
      config: pub,
      schema: {
        tags,
        summary: 'A published period (or what was public at asOf) with its lines, masked, and its history',
        params: PeriodParams,
        querystring: AsOfQuery,
        response: { 200: PublicPeriodSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'public, max-age=60');
      // Pre-serialised (and kept) by the module: built from selected columns only, masked.
      const json = await publicPeriodJson(
        req.ctx,
        req.params.regionCode,
        req.params.kind,
        req.params.period,
        req.query.asOf,
      );
      // The response schema types an object; the text is that object serialised, sent as is.
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );
};
