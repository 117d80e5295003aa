/**
 * Evidence protection: every attachment is read whole (at most `MAX_ATTACHMENT_BYTES`), its type
 * decided from its first bytes, and then cleaned by a reader of that format before anything is
 * stored: images re-encoded without metadata, PDFs checked for active content and rewritten
 * without metadata, audio stripped of tags. A file whose content does not decode as its claimed
 * type is refused. See clean-image.ts, clean-pdf.ts and clean-audio.ts for each format.
 */
import { domainError } from '../../shared/errors.js';
import { cleanAudio } from './clean-audio.js';
import { type CleanedFile, cleanImage } from './clean-image.js';
import { cleanPdf } from './clean-pdf.js';
import { detectFileType } from './sniff.js';

export type { CleanedFile } from './clean-image.js';

/** Reads an upload into memory, refusing it (FILE_TOO_LARGE) as soon as it passes `maxBytes` or if it is empty. */
export async function readUpload(source: AsyncIterable<Buffer | Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const piece of source) {
    total += piece.byteLength;
    if (total > maxBytes) {
      throw domainError(
        'FILE_TOO_LARGE',
        { field: 'file', reason: 'too_large', maxBytes },
        `文件过大：单个附件不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`,
      );
    }
    parts.push(Buffer.from(piece));
  }
  if (total === 0) throw domainError('FILE_TOO_LARGE', { field: 'file', reason: 'empty' }, '文件为空，请重新选择');
  return Buffer.concat(parts, total);
}

/**
 * Cleans a whole file by its sniffed type: FILE_TYPE_NOT_ALLOWED for a type outside the
 * allow-list, FILE_UNREADABLE for content that does not decode, FILE_ACTIVE_CONTENT for a PDF
 * with scripts, actions or embedded files. Returns the bytes to store and their type.
 */
export async function cleanFile(input: Buffer): Promise<CleanedFile> {
  const type = detectFileType(input.subarray(0, 64));
  if (!type) {
    throw domainError(
      'FILE_TYPE_NOT_ALLOWED',
      { field: 'file', reason: 'unsupported_type' },
      '不支持的文件类型：仅可上传图片（JPEG、PNG、GIF、WebP）、PDF 文件或音频（MP3、M4A、AMR、WAV、OGG）',
    );
  }
  if (type.contentType.startsWith('image/')) return cleanImage(input, type.contentType);
  if (type.contentType === 'application/pdf') return cleanPdf(input);
  return cleanAudio(input, type.contentType);
}
