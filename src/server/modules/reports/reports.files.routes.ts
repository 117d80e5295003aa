import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Id, IdParams, Int, Obj, Str, errorResponses } from '../../http/schema.js';
import { domainError, errors } from '../../shared/errors.js';
import {
  type IncomingFile,
  MAX_ATTACHMENTS,
  type StoredAttachment,
  addAttachments,
  openAttachment,
} from '../attachments/index.js';
import { loadReportForUpload } from './reports.detail.js';
import { enqueueHandlerNotice } from './reports.jobs.js';
import { reportPolicy } from './reports.policy.js';
import { addReportEvent, requireByReceipt } from './reports.service.js';

const StoredFields = {
  id: Id('Attachment id'),
  contentType: Str('Content type, decided from the content'),
  sizeBytes: Int('Size in bytes (of the stored, cleaned file)'),
};

/** The answer schema of an upload. */
export const Stored = Obj(
  {
    ...StoredFields,
    files: Type.Array(Obj(StoredFields, { description: 'A stored file' }), {
      description: 'Every file of the upload, in the order sent (the fields above are the first one)',
    }),
  },
  { description: 'Stored attachments' },
);

/** What an upload route says about its files (OpenAPI description). */
export const UPLOAD_DESCRIPTION =
  'multipart/form-data with one or more fields `file` (each an image, PDF or audio file of at most 20 MB; the ' +
  'type is decided from the content, not the name). Up to 5 files per report from each side; an upload is ' +
  'stored whole or not at all. Images are re-encoded without metadata (EXIF, XMP, IPTC), PDFs are rewritten ' +
  'without metadata and refused with scripts, actions or embedded files (FILE_ACTIVE_CONTENT), audio tags are ' +
  'removed, and a file that does not decode as its type is refused (FILE_UNREADABLE).';

/** A multipart upload: the text fields sent before the first file, and the files. */
export interface Upload {
  fields: Record<string, string>;
  files: AsyncIterable<IncomingFile>;
  /** Drains the files not read (after a refusal before the upload was stored). */
  discard: () => void;
}

/** Multipart's own limit errors as the platform's. */
function uploadError(err: unknown): Error {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return domainError('FILE_TOO_LARGE', { field: 'file' });
  if (code === 'FST_FILES_LIMIT') return domainError('TOO_MANY_FILES', { max: MAX_ATTACHMENTS });
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return errors.validation({ field: 'file' }, '上传的字段过多');
  return err instanceof Error ? err : new Error(String(err));
}

/** The file stream, with multipart's own size refusal turned into FILE_TOO_LARGE. */
async function* fileBytes(part: MultipartFile): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part.file) yield chunk as Buffer;
  } catch (err) {
    throw uploadError(err);
  }
  if (part.file.truncated) throw domainError('FILE_TOO_LARGE', { field: 'file' });
}

/**
 * Opens a multipart upload: reads the text fields up to the first file, and hands the files (field
 * `file`, at most `MAX_ATTACHMENTS`) one by one; each must be read before the next is reached.
 */
export async function openUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
  const parts = req.parts({ limits: { files: MAX_ATTACHMENTS } })[Symbol.asyncIterator]();
  const next = async () => {
    try {
      return await parts.next();
    } catch (err) {
      throw uploadError(err);
    }
  };
  const fields: Record<string, string> = {};
  let step = await next();
  while (!step.done && step.value.type === 'field') {
    if (typeof step.value.value === 'string') fields[step.value.fieldname] = step.value.value;
    step = await next();
  }
  let pending: MultipartFile | undefined = step.done ? undefined : (step.value as MultipartFile);
  async function* files(): AsyncGenerator<IncomingFile> {
    while (!step.done) {
      const part = step.value;
      if (part.type === 'file') {
        pending = part;
        if (part.fieldname !== 'file') throw errors.validation({ field: part.fieldname }, '请上传文件（字段 file）');
        try {
          yield { fileName: part.filename, source: fileBytes(part) };
        } finally {
          part.file.resume();
          pending = undefined;
        }
      }
      step = await next();
    }
  }
  return { fields, files: files(), discard: () => pending?.file.resume() };
}

/** The answer of an upload: the first file's fields, and all files. */
export function answer(stored: StoredAttachment[]) {
  return { ...stored[0]!, files: stored };
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
      const upload = await openUpload(req);
      const receipt = upload.fields.receipt;
      if (!receipt || !/^\d{16}$/.test(receipt)) {
        upload.discard();
        throw errors.validation({ field: 'receipt' }, '回执码应为 16 位数字，且须在文件之前提交');
      }
      const report = await requireByReceipt(req.ctx, receipt).catch((err: unknown) => {
        upload.discard();
        throw err;
      });
      const stored = await addAttachments(req.ctx, report.id, upload.files, {
        uploader: 'reporter',
        ownerUnitId: report.owner_unit_id,
        inTransaction: async (tx, attachmentIds) => {
          await addReportEvent(tx, report.id, 'reporter_added_files', { public: true });
          await enqueueHandlerNotice(tx, { reportId: report.id, notice: 'files', ref: attachmentIds[0]! });
        },
      });
      reply.status(201);
      return answer(stored);
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
      const upload = await openUpload(req);
      const stored = await addAttachments(req.ctx, report.id, upload.files, {
        uploader: 'staff',
        ownerUnitId: report.owner_unit_id,
      });
      reply.status(201);
      return answer(stored);
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
