/** QR supervision's routes: the departments' items and rosters (staff), the village pages and the look-up (public). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, Obj, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { inTransaction, requireActor } from '../../shared/context.js';
import { randomToken } from '../../shared/crypto.js';
import { errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { itemExportColumns, rosterExportColumns, rosterLineExportColumns } from './qr-supervision.export.js';
import {
  createItem,
  exportItems,
  itemQrCode,
  listItems,
  publicItem,
  publicVillageItems,
  readItem,
  setItemPublished,
  updateItem,
} from './qr-supervision.items.js';
import { importItems } from './qr-supervision.import.js';
import { lookupSubsidies } from './qr-supervision.lookup.js';
import {
  exportRosters,
  importRoster,
  listRosters,
  readRosterImport,
  rosterLinesForExport,
} from './qr-supervision.rosters.js';
import {
  ItemBody,
  ItemFilter,
  ItemPage,
  ItemQuery,
  ItemSchema,
  ItemStep,
  ItemsImported,
  LookupAnswerSchema,
  LookupBody,
  PublicItemSchema,
  PublicVillageItems,
  RosterDetail,
  RosterFilter,
  RosterImported,
  RosterPage,
  RosterQuery,
  VillageParams,
} from './qr-supervision.schemas.js';

const tags = ['qr-supervision'];
const ItemParams = IdParams('Item id');
const RosterParams = IdParams('Roster import id');
/** The look-up's device cookie: a random value, only its keyed hash is counted. */
export const DEVICE_COOKIE = 'qf_lookup_device';

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** QR supervision's routes. */
export const qrSupervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: 'qr_supervision.read' as const } };
  const manage = { access: { permission: 'qr_supervision.manage' as const } };

  app.get(
    '/api/qr-items',
    {
      config: read,
      schema: {
        tags,
        summary: "Departments' policies, projects and funds in reach",
        querystring: ItemQuery,
        response: { 200: ItemPage, ...errorResponses },
      },
    },
    async (req) => ({ ...(await listItems(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );
  app.get(
    '/api/qr-items/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the items the filters select as Excel (audited)', querystring: ItemFilter },
    },
    async (req, reply) => {
      const rows = await exportItems(req.ctx, req.query);
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'qr_supervision.export',
          resourceType: 'qr_item',
          resourceId: null,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, rows.length] },
        }),
      );
      return sendXlsx(reply, '立码监督事项.xlsx', '立码监督事项', itemExportColumns(), fromArray(rows));
    },
  );
  app.post(
    '/api/qr-items',
    {
      config: manage,
      schema: {
        tags,
        summary: "Create a draft policy, project or fund of the actor's department, with its villages",
        body: ItemBody,
        response: { 201: ItemStep, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createItem(req.ctx, req.body)),
  );
  app.post(
    '/api/qr-items/imports',
    {
      config: manage,
      schema: {
        tags,
        summary: "Import the department's policies, projects and funds from Excel as drafts (multipart: file)",
        description:
          'The first sheet, headers 类别 名称 年度 内容 补助对象 补助标准 申请方式 金额（元） 承建单位 进度 验收 咨询电话 村行政区划代码 分配到村金额（元）: one row per item and village; rows of the same 类别, 名称, 年度 are one item. A bad row answers 422 IMPORT_REJECTED with details.rows; nothing is created.',
        consumes: ['multipart/form-data'],
        response: { 201: ItemsImported, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
      let buffer: Buffer | null = null;
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file' || buffer) {
          await part.toBuffer();
          throw errors.validation({ field: part.fieldname }, '只能上传一个文件（字段 file）');
        }
        buffer = await part.toBuffer();
      }
      if (!buffer) throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
      return reply.code(201).send(await importItems(req.ctx, buffer));
    },
  );
  app.get(
    '/api/qr-items/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'An item with its villages',
        params: ItemParams,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => readItem(req.ctx, req.params.id),
  );
  app.put(
    '/api/qr-items/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Edit an item (any status: a published page shows the edit at once)',
        params: ItemParams,
        body: ItemBody,
        response: { 200: ItemStep, ...errorResponses },
      },
    },
    async (req) => updateItem(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/qr-items/:id/publication',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Publish an item (a draft or a withdrawn one): its QR code and village pages show it',
        params: ItemParams,
        body: Obj({}, { description: 'Nothing' }),
        response: { 200: ItemStep, ...errorResponses },
      },
    },
    async (req) => setItemPublished(req.ctx, req.params.id, true),
  );
  app.post(
    '/api/qr-items/:id/withdrawal',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Withdraw a published item from the public pages',
        params: ItemParams,
        body: Obj({}, { description: 'Nothing' }),
        response: { 200: ItemStep, ...errorResponses },
      },
    },
    async (req) => setItemPublished(req.ctx, req.params.id, false),
  );
  app.get(
    '/api/qr-items/:id/qr.png',
    {
      config: read,
      schema: { tags, summary: "The item's QR code (PNG) holding its public page's address", params: ItemParams },
    },
    async (req, reply) => {
      const { png } = await itemQrCode(req.ctx, req.params.id);
      return reply.type('image/png').header('cache-control', 'private, max-age=3600').send(png);
    },
  );

  app.get(
    '/api/subsidy-rosters',
    {
      config: read,
      schema: {
        tags,
        summary: 'Roster imports in reach (accepted and rejected), newest first',
        querystring: RosterQuery,
        response: { 200: RosterPage, ...errorResponses },
      },
    },
    async (req) => ({ ...(await listRosters(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );
  app.get(
    '/api/subsidy-rosters/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the roster imports as Excel (audited)', querystring: RosterFilter },
    },
    async (req, reply) => {
      const rows = await exportRosters(req.ctx, req.query);
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'qr_supervision.export',
          resourceType: 'subsidy_roster',
          resourceId: null,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, rows.length] },
        }),
      );
      return sendXlsx(reply, '补贴发放名册.xlsx', '补贴发放名册', rosterExportColumns(), fromArray(rows));
    },
  );
  app.get(
    '/api/subsidy-rosters/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A roster import with its lines, masked',
        params: RosterParams,
        response: { 200: RosterDetail, ...errorResponses },
      },
    },
    async (req) => readRosterImport(req.ctx, req.params.id),
  );
  app.get(
    '/api/subsidy-rosters/:id/lines.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: "Export a roster's lines as Excel, masked as on the page (audited)",
        params: RosterParams,
      },
    },
    async (req, reply) => {
      const { roster, lines } = await rosterLinesForExport(req.ctx, req.params.id);
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'qr_supervision.export',
          resourceType: 'subsidy_roster',
          resourceId: roster.id,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, roster.line_count] },
        }),
      );
      return sendXlsx(
        reply,
        `${roster.year}年${roster.title}发放明细.xlsx`,
        '发放明细',
        rosterLineExportColumns(),
        lines,
      );
    },
  );
  app.post(
    '/api/subsidy-rosters/imports',
    {
      config: manage,
      schema: {
        tags,
        summary: "Import a department's subsidy roster for a year (multipart: title, year, itemId?, then file)",
        description:
          'The first sheet, headers 姓名 身份证号码 户主 银行账号 账户持有人 金额（元） 发放日期 审批人. Every row is checked (GB 11643 ID numbers, amounts, dates, accounts); merged cells and formulas are refused. A bad file answers 422 IMPORT_REJECTED with details.rows, is kept as a rejected import, and stores nothing.',
        consumes: ['multipart/form-data'],
        response: { 201: RosterImported, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
      const fields: Record<string, string> = {};
      let buffer: Buffer | null = null;
      let fileName: string | null = null;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || buffer) {
            await part.toBuffer();
            throw errors.validation({ field: part.fieldname }, '只能上传一个文件（字段 file）');
          }
          buffer = await part.toBuffer();
          fileName = part.filename;
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      if (!buffer) throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
      const title = (fields.title ?? '').trim();
      if (!title || title.length > 100) throw errors.validation({ field: 'title' }, '请填写补贴名称（不超过 100 字）');
      const year = Number(fields.year);
      if (!/^\d{4}$/.test(fields.year ?? '') || year < 2000 || year > 2100)
        throw errors.validation({ field: 'year' }, '年度应为四位数字');
      const itemId = fields.itemId?.trim() || null;
      if (itemId && !/^[0-9a-f-]{36}$/i.test(itemId)) throw errors.validation({ field: 'itemId' }, '事项不正确');
      return reply.code(201).send(await importRoster(req.ctx, { title, year, itemId, fileName }, buffer));
    },
  );

  const pub = { access: { public: true as const }, rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get(
    '/api/public/villages/:regionCode/qr-items',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The published policies, projects and funds that concern a village (cacheable)',
        params: VillageParams,
        response: { 200: PublicVillageItems, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await publicVillageItems(req.ctx, req.params.regionCode);
      void reply.header('cache-control', 'public, max-age=60');
      return answer;
    },
  );
  app.get(
    '/api/public/qr-items/:id',
    {
      config: pub,
      schema: {
        tags,
        summary: 'A published item, reached from its own QR code',
        params: ItemParams,
        response: { 200: PublicItemSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await publicItem(req.ctx, req.params.id);
      void reply.header('cache-control', 'public, max-age=60');
      return answer;
    },
  );
  app.post(
    '/api/public/subsidy-lookups',
    {
      config: { access: { public: true as const }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "A villager's own subsidies by ID number and name (same answer shape found or not; rate-limited)",
        description:
          'Limits per ID number, per device cookie and per client address (kept in the database): 429 SUBSIDY_LOOKUP_LIMITED. A number failing GB 11643 answers 422 SUBSIDY_ID_INVALID. Not audited; the number is never logged.',
        body: LookupBody,
        response: {
          200: LookupAnswerSchema,
          422: ErrorBody,
          429: ErrorBody,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      let device = req.cookies[DEVICE_COOKIE] ?? null;
      if (!device || !/^[A-Za-z0-9_-]{16,64}$/.test(device)) {
        device = randomToken(18);
        void reply.setCookie(DEVICE_COOKIE, device, {
          path: '/api/public/subsidy-lookups',
          httpOnly: true,
          sameSite: 'strict',
          secure: req.ctx.config.secureCookies,
          maxAge: 365 * 86_400,
        });
      }
      void reply.header('cache-control', 'no-store');
      return lookupSubsidies(req.ctx, req.body, { device, address: req.ip });
    },
  );
};
