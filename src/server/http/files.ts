/**
 * The two ends of a sealed file's routes (a problem's, an item's, a case's or an inspection's
 * evidence): taking the one file of a multipart upload, and sending a file back as an audited
 * download that carries its hash.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { domainError, errors } from '../shared/errors.js';

/**
 * The one file of a multipart upload (field `file`, at most `maxBytes`), its bytes as they
 * arrive; multipart's size refusal surfaces as FILE_TOO_LARGE while they are read.
 * VALIDATION_FAILED when the request is not multipart, cannot be read or has no field `file`.
 */
export async function oneUploadedFile(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ fileName: string | undefined; source: AsyncIterable<Buffer> }> {
  if (!req.isMultipart()) throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { files: 1, fileSize: maxBytes } });
  } catch {
    throw errors.validation({ field: 'file' }, '上传的内容无法读取');
  }
  if (!part || part.fieldname !== 'file') throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
  const file = part;
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const chunk of file.file) yield chunk as Buffer;
    if (file.file.truncated) throw domainError('FILE_TOO_LARGE', { field: 'file' });
  }
  return { fileName: file.filename, source: bytes() };
}

/**
 * Sends an opened file as a download (never rendered inline, never cached), its SHA-256 in
 * `x-content-sha256`.
 */
export function sendSealedFile(
  reply: FastifyReply,
  file: { name: string; contentType: string; sha256: string; stream: Readable },
): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'no-store')
    .send(file.stream);
}
