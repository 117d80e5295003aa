/**
 * Content-type detection for reporter attachments. The decision is made from the file's first
 * bytes (its "magic"), never from the name or the client-declared MIME type, and only a short
 * allow-list of image, PDF and audio formats passes. Everything else (executables, archives and
 * Office files, HTML, SVG which can carry script, plain text) is refused.
 */

/** Largest size of one attachment, in bytes (20 MiB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Largest number of attachments on one report. */
export const MAX_ATTACHMENTS = 5;

/** How many leading bytes `detectFileType` needs to decide (fewer is fine for very short files). */
export const SNIFF_BYTES = 64;

/** Every content type an attachment may have, as returned by `detectFileType`. */
export const ALLOWED_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
  'audio/mpeg',
  'audio/mp4',
  'audio/amr',
  'audio/amr-wb',
  'audio/wav',
  'audio/ogg',
] as const;

/** A content type an attachment may have. */
export type AllowedContentType = (typeof ALLOWED_CONTENT_TYPES)[number];

/** The outcome of content sniffing: the MIME type and the file-name extension (no dot) to use. */
export interface DetectedFileType {
  contentType: AllowedContentType;
  extension: string;
}

function ascii(head: Buffer, offset: number, text: string): boolean {
  if (head.length < offset + text.length) return false;
  return head.toString('latin1', offset, offset + text.length) === text;
}

function bytes(head: Buffer, offset: number, expected: readonly number[]): boolean {
  if (head.length < offset + expected.length) return false;
  return expected.every((b, i) => head[offset + i] === b);
}

/** ISO base media file (MP4/HEIF family): `size` `ftyp` `major brand` ... */
function isoBrand(head: Buffer): string | null {
  if (head.length < 12 || !ascii(head, 4, 'ftyp')) return null;
  const boxSize = head.readUInt32BE(0);
  if (boxSize < 12 || boxSize > 4096) return null;
  return head.toString('latin1', 8, 12);
}

/** An MPEG audio frame header: 11-bit sync, a defined version, layer I/II/III, sane bitrate and rate. */
function isMpegAudioFrame(head: Buffer): boolean {
  if (head.length < 4) return false;
  const b1 = head[1]!;
  const b2 = head[2]!;
  if (head[0] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0x03; // 01 is reserved
  const layer = (b1 >> 1) & 0x03; // 00 is reserved (and is what ADTS AAC uses)
  const bitrate = (b2 >> 4) & 0x0f; // 1111 is invalid
  const sampleRate = (b2 >> 2) & 0x03; // 11 is reserved
  return version !== 0x01 && layer !== 0x00 && bitrate !== 0x0f && sampleRate !== 0x03;
}

/**
 * Decides an attachment's type from its first bytes (`SNIFF_BYTES` are enough). Returns null for
 * anything outside `ALLOWED_CONTENT_TYPES`: the caller must then refuse the file.
 */
export function detectFileType(head: Buffer): DetectedFileType | null {
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { contentType: 'image/png', extension: 'png' };
  }
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return { contentType: 'image/gif', extension: 'gif' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { contentType: 'image/webp', extension: 'webp' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return { contentType: 'audio/wav', extension: 'wav' };
  if (ascii(head, 0, '%PDF-')) return { contentType: 'application/pdf', extension: 'pdf' };
  if (ascii(head, 0, '#!AMR-WB\n')) return { contentType: 'audio/amr-wb', extension: 'awb' };
  if (ascii(head, 0, '#!AMR\n')) return { contentType: 'audio/amr', extension: 'amr' };
  if (ascii(head, 0, 'OggS')) {
    return { contentType: 'audio/ogg', extension: ascii(head, 28, 'OpusHead') ? 'opus' : 'ogg' };
  }
  if (ascii(head, 0, 'ID3') && head.length >= 4 && head[3]! >= 2 && head[3]! <= 4) {
    return { contentType: 'audio/mpeg', extension: 'mp3' };
  }
  if (isMpegAudioFrame(head)) return { contentType: 'audio/mpeg', extension: 'mp3' };
  const brand = isoBrand(head);
  switch (brand) {
    case 'heic':
    case 'heix':
      return { contentType: 'image/heic', extension: 'heic' };
    case 'mif1':
    case 'msf1':
      return { contentType: 'image/heif', extension: 'heif' };
    case 'M4A ':
    case 'mp42':
    case 'isom':
      return { contentType: 'audio/mp4', extension: 'm4a' };
    default:
      return null;
  }
}
