/**
 * The rectification ledger's routes: the ledger (list, counts, Excel export), opening an item by
 * hand, one item in full, the responsible unit's actions (start, evidence files, submit, ask for
 * an extension), the issuer side's (accept, reject, 回头看, submit an extension for approval or
 * refuse it, record an escalation rung with its documents) and a unit's page (with its own records' documents). Permissions here are the floor
 * (`rectification.read`, or `.manage` for opening an item); the services decide the side.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { oneUploadedFile, sendSealedFile } from '../../http/files.js';
import { Bool, ErrorBody, Id, IdParams, Obj, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { MAX_ATTACHMENT_BYTES } from '../attachments/index.js';
import { recordEscalation, unitRectification } from './rectification.escalation.js';
import { type EscalationDocument, escalationDocument } from './rectification.escalation-docs.js';
import { type UnitEscalationDocument, unitEscalationDocument } from './rectification.unit-escalations.js';
import { refuseExtension, requestExtension, submitExtension } from './rectification.extensions.js';
import { addItemFile, openItemFile } from './rectification.files.js';
import { createItem, patchItem } from './rectification.items.js';
import { ledgerCounts, listItems } from './rectification.ledger.js';
import { acceptItem, followUpItem, rejectItem, startItem, submitItem } from './rectification.life.js';
import { exportColumns, exportItems, readItem } from './rectification.read.js';
import { overdueTrend } from './rectification.trend.js';
import {
  AcceptBody,
  CountsSchema,
  CreateBody,
  EscalationBody,
  EscalationSchema,
  ExtensionBody,
  ExtensionRefusalBody,
  ExtensionSchema,
  ExtensionSubmitBody,
  FollowUpBody,
  ItemDetailSchema,
  ItemFileSchema,
  ItemSchema,
  LedgerFilterSchema,
  LedgerQuerySchema,
  PatchBody,
  RejectBody,
  SubmitBody,
  TrendQuerySchema,
  TrendSchema,
  UnitPageSchema,
  VersionBody,
} from './rectification.schemas.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const ItemParams = IdParams('Rectification item id');
const TAGS = ['rectification'];

async function* fromArray<T>(rows: T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** The rectification ledger's routes. */
export const rectificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rectification-items',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'The rectification ledger (整改台账): items addressed to units in scope or issued by my side',
        querystring: LedgerQuerySchema,
        response: {
          200: PagedOf(ItemSchema, 'Items', {
            total: 'Items matching the filters, counted up to 10,000 (1,000 with words of the problem)',
            extra: { totalCapped: Bool('True when more match than the count reached (narrow the filters)') },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ ...(await listItems(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/rectification-items/counts',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'Outstanding, overdue and closed items of the filtered ledger, by source and by responsible unit',
        querystring: LedgerFilterSchema,
        response: { 200: CountsSchema, ...errorResponses },
      },
    },
    async (req) => ledgerCounts(req.ctx, req.query),
  );

  app.get(
    '/api/rectification-items/overdue-trend',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary:
          'Items of the filtered ledger overdue at the end of each of the last 12 weeks (the overdue trend chart)',
        querystring: TrendQuerySchema,
        response: { 200: TrendSchema, ...errorResponses },
      },
    },
    async (req) => overdueTrend(req.ctx, req.query),
  );

  app.get(
    '/api/rectification-items/export.xlsx',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'Export exactly the filtered ledger as Excel (at most 10,000 rows; audited, naming every item)',
        querystring: LedgerFilterSchema,
      },
    },
    async (req, reply) => {
      const rows = await exportItems(req.ctx, req.query);
      return sendXlsx(reply, '整改台账.xlsx', '整改台账', exportColumns(), fromArray(rows));
    },
  );

  app.post(
    '/api/rectification-items',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary: 'Open an item by hand (audit, 巡察 feedback, assessment, other; or a sub-item) for a responsible unit',
        body: CreateBody,
        response: { 201: Obj({ id: Id('Item id') }, { description: 'Opened' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createItem(req.ctx, req.body)),
  );

  app.get(
    '/api/rectification-items/:id',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'An item in full: history (what was rejected and why), files, sub-items, escalations, extensions',
        params: ItemParams,
        response: { 200: ItemDetailSchema, ...errorResponses },
      },
    },
    async (req) => readItem(req.ctx, req.params.id),
  );

  app.patch(
    '/api/rectification-items/:id',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: "Edit an item's words (issuer side; the responsible side may set the measures); never its due date",
        params: ItemParams,
        body: PatchBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => patchItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/start',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'The responsible unit starts work (open → in_progress)',
        params: ItemParams,
        body: VersionBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => startItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/files',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'Add an evidence file (the responsible unit, while open or in progress), cleaned and sealed',
        description:
          'multipart/form-data with one field `file` (at most 20 MB): images are re-encoded without metadata, PDFs rewritten; other types refused.',
        consumes: ['multipart/form-data'],
        params: ItemParams,
        response: { 201: ItemFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addItemFile(req.ctx, req.params.id, await oneUploadedFile(req, MAX_ATTACHMENT_BYTES))),
  );

  app.get(
    '/api/rectification-items/:id/files/:fileId',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'Download an evidence file, audited; x-content-sha256 carries its hash',
        params: IdParams('Rectification item id', { fileId: Id('File id') }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => sendSealedFile(reply, await openItemFile(req.ctx, req.params.id, req.params.fileId)),
  );

  app.post(
    '/api/rectification-items/:id/submission',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'The responsible unit submits for acceptance (evidence note; a file or why none)',
        params: ItemParams,
        body: SubmitBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => submitItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/acceptance',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary:
          'The issuer side accepts (验收销号 → closed) with its note and the 回头看 date; never the responsible unit',
        params: ItemParams,
        body: AcceptBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => acceptItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/rejection',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary: 'The issuer side rejects a submission with the reason (back to in_progress)',
        params: ItemParams,
        body: RejectBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => rejectItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/follow-up',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary: 'The issuer side records the 回头看 of a closed item (relapsed: a new item is opened)',
        params: ItemParams,
        body: FollowUpBody,
        response: {
          200: Type.Composite(
            [
              ItemSchema,
              Obj(
                {
                  relapseItemId: Type.Union([Id('New item'), Type.Null()], {
                    description: 'The item opened for a relapse',
                  }),
                },
                { description: 'Relapse' },
              ),
            ],
            { additionalProperties: false, description: 'The item after its 回头看' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => followUpItem(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/rectification-items/:id/extensions',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary: 'The responsible unit asks to move the due date (the date moves only when approved)',
        params: ItemParams,
        body: ExtensionBody,
        response: { 201: ExtensionSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await requestExtension(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/rectification-items/:id/extensions/:extensionId/submission',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary:
          'The issuer side submits a pending extension with its opinion to the approvals chain (rectification.extension); the approved chain moves the due date',
        params: IdParams('Rectification item id', { extensionId: Id('Extension request id') }),
        body: ExtensionSubmitBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => submitExtension(req.ctx, req.params.id, req.params.extensionId, req.body),
  );

  app.post(
    '/api/rectification-items/:id/extensions/:extensionId/refusal',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary:
          'The issuer side refuses a pending extension without submitting it (reason required); only an approval grants one',
        params: IdParams('Rectification item id', { extensionId: Id('Extension request id') }),
        body: ExtensionRefusalBody,
        response: { 200: ItemSchema, ...errorResponses },
      },
    },
    async (req) => refuseExtension(req.ctx, req.params.id, req.params.extensionId, req.body),
  );

  app.post(
    '/api/rectification-items/:id/escalations',
    {
      config: { access: { permission: 'rectification.manage' } },
      schema: {
        tags: TAGS,
        summary: 'The issuer side records the next escalation rung (约谈, 通报, 问责: never skipping) with its record',
        params: ItemParams,
        body: EscalationBody,
        response: {
          201: Type.Composite([EscalationSchema, Obj({ item: ItemSchema }, { description: 'The item after it' })], {
            additionalProperties: false,
            description: 'The rung recorded',
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await recordEscalation(req.ctx, req.params.id, req.body)),
  );

  app.get(
    '/api/rectification-items/:id/escalations/:escalationId/documents/:file',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary:
          "An escalation's document: 约谈记录 (admonition_record), 通报 (circular) or 问责记录 (accountability_record), PDF or DOCX",
        params: IdParams('Rectification item id', {
          escalationId: Id('Escalation record id'),
          file: Str('admonition_record, circular or accountability_record, .pdf or .docx', {
            pattern: '^(admonition_record|circular|accountability_record)\\.(pdf|docx)$',
          }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [kind, ext] = req.params.file.split('.') as [EscalationDocument, 'pdf' | 'docx'];
      const { bytes, title } = await escalationDocument(req.ctx, req.params.id, req.params.escalationId, kind, ext);
      return reply
        .header('content-type', CONTENT_TYPES[ext])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/rectification-unit-escalations/:id/documents/:file',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary:
          "A unit's own record's document: the 问责记录 (accountability_record) of a recommendation refused without good reason, PDF or DOCX",
        params: IdParams('Unit escalation record id', {
          file: Str('accountability_record.pdf or accountability_record.docx', {
            pattern: '^accountability_record\\.(pdf|docx)$',
          }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [kind, ext] = req.params.file.split('.') as [UnitEscalationDocument, 'pdf' | 'docx'];
      const { bytes, title } = await unitEscalationDocument(req.ctx, req.params.id, kind, ext);
      return reply
        .header('content-type', CONTENT_TYPES[ext])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/units/:id/rectification',
    {
      config: { access: { permission: 'rectification.read' } },
      schema: {
        tags: TAGS,
        summary:
          "A unit's rectification page: open items, overdue count, escalations (every rung with its date), counts by status",
        params: IdParams('Unit id'),
        response: { 200: UnitPageSchema, ...errorResponses },
      },
    },
    async (req) => unitRectification(req.ctx, req.params.id),
  );
};
