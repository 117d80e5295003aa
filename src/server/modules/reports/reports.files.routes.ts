import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, Id, IdParams, Int, Obj, Str, errorResponses } from '../../http/schema.js';
import { domainError, errors } from '../../shared/errors.js';
import { addAttachment, openAttachment } from '../attachments/index.js';
import { loadReportForUpload } from './reports.detail.js';
import { enqueueHandlerNotice } from './reports.jobs.js';
import { reportPolicy } from './reports.policy.js';
import { addReportEvent, requireByReceipt } from './reports.service.js';

const Stored = Obj(
  {
    id: Id('Attachment id'),
    contentType: Str('Content type, decided from the content'),
    sizeBytes: Int('Size in bytes'),
  },
  { description: 'Stored attachment' },
);

const UPLOAD_DESCRIPTION =
  'multipart/form-data with one field `file` (an image, PDF or audio file of at most 20 MB; the type is ' +
  'decided from the content, not the name). Up to 5 files per report from each side.';

/** Reads the one file part of a multipart request; the fields sent before it come along. */
async function filePart(req: FastifyRequest): Promise<MultipartFile> {
  if (!req.isMultipart()) throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
  return part;
}

/** The file stream, with multipart's own size refusal turned into FILE_TOO_LARGE. */
async function* fileBytes(part: MultipartFile): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part.file) yield chunk as Buffer;
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw domainError('FILE_TOO_LARGE', { field: 'file' });
    throw err;
  }
  if (part.file.truncated) throw domainError('FILE_TOO_LARGE', { field: 'file' });
}

function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

/** Routes of a report's files: the reporter's uploads by receipt, staff uploads and audited downloads. */
export const reportFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/public/receipt-attachments',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: 'Add a file to a report, by its receipt code',
        description: `${UPLOAD_DESCRIPTION} The field \`receipt\` (16 digits) must come before \`file\`.`,
        consumes: ['multipart/form-data'],
        response: { 201: Stored, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const part = await filePart(req);
      const receipt = fieldValue(part, 'receipt');
      if (!receipt || !/^\d{16}$/.test(receipt)) {
        part.file.resume();
        throw errors.validation({ field: 'receipt' }, '回执码应为 16 位数字，且须在文件之前提交');
      }
      const report = await requireByReceipt(req.ctx, receipt).catch((err: unknown) => {
        part.file.resume();
        throw err;
      });
      const stored = await addAttachment(req.ctx, report.id, fileBytes(part), {
        fileName: part.filename,
        uploader: 'reporter',
        ownerUnitId: report.owner_unit_id,
        inTransaction: async (tx, attachmentId) => {
          await addReportEvent(tx, report.id, 'reporter_added_files', { public: true });
          await enqueueHandlerNotice(tx, { reportId: report.id, notice: 'files', ref: attachmentId });
        },
      });
      reply.status(201);
      return stored;
    },
  );

  app.post(
    '/api/reports/:id/attachments',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['reports'],
        summary: 'Attach a scanned file to a report (source document, letter, visit record)',
        description: UPLOAD_DESCRIPTION,
        consumes: ['multipart/form-data'],
        params: IdParams('Report id'),
        response: { 201: Stored, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      // The report first, so a request about a report out of scope reads no file.
      const report = await loadReportForUpload(req.ctx, req.params.id);
      const part = await filePart(req);
      const stored = await addAttachment(req.ctx, report.id, fileBytes(part), {
        fileName: part.filename,
        uploader: 'staff',
        ownerUnitId: report.owner_unit_id,
      });
      reply.status(201);
      return stored;
    },
  );

  app.get(
    '/api/reports/:id/attachments/:attachmentId',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['reports'],
        summary: 'Download an attachment (audited; always as a download, never rendered inline)',
        params: IdParams('Report id', { attachmentId: Id('Attachment id') }),
      },
    },
    async (req, reply) => {
      const file = await openAttachment(
        req.ctx,
        { policy: reportPolicy, action: 'read' },
        req.params.id,
        req.params.attachmentId,
      );
      void reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('cache-control', 'no-store');
      return reply.send(file.stream);
    },
  );
};
