/**
 * The little of the zip format an uploaded workbook needs: listing members from the central
 * directory, inflating one member within its declared size, and writing stored (uncompressed)
 * members as a stream. Nothing here knows about spreadsheets; errors are INVALID_FILE.
 */
import { crc32, createInflateRaw } from 'node:zlib';
import { type DomainError, domainError } from '../errors.js';

/** One member of a zip archive, as its central directory describes it. */
export interface ZipMember {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The INVALID_FILE error of a damaged or unsupported archive, with a reason for the user. */
export function brokenZip(reason: string): DomainError {
  return domainError('INVALID_FILE', { reason });
}

/** Whether `buf` starts like a zip archive (local file header "PK\x03\x04"); names are not trusted. */
export function looksLikeZip(buf: Buffer): boolean {
  return buf.length >= 30 && buf.readUInt32BE(0) === 0x504b0304;
}

/** Lists the members of a zip archive from its central directory. Throws INVALID_FILE. */
export function zipMembers(buf: Buffer): ZipMember[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i -= 1) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw brokenZip('不是完整的 zip/xlsx 文件');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw brokenZip('不支持 ZIP64 文件');
  const out: ZipMember[] = [];
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw brokenZip('zip 目录已损坏');
    const nameLength = buf.readUInt16LE(p + 28);
    out.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** Throws INVALID_FILE unless a member can be read here: not encrypted, stored or deflated. */
export function assertReadable(m: ZipMember): void {
  if (m.flags & 0x1) throw brokenZip('不支持加密的文件');
  if (m.method !== 0 && m.method !== 8) throw brokenZip('不支持的压缩方式');
}

/** The compressed bytes of one member. Throws INVALID_FILE. */
function memberData(buf: Buffer, m: ZipMember): Buffer {
  const h = m.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw brokenZip('zip 文件头已损坏');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + m.compressedSize > buf.length) throw brokenZip('zip 文件不完整');
  return buf.subarray(start, start + m.compressedSize);
}

/**
 * The bytes of one member, inflated chunk by chunk and never past its declared size (a guard
 * against zip bombs). A member that does not inflate, or inflates past its declared size, calls
 * `onDamage` and ends early instead of throwing, so the reader downstream can finish cleanly.
 */
export async function* inflateMember(buf: Buffer, m: ZipMember, onDamage: () => void): AsyncGenerator<Buffer> {
  const data = memberData(buf, m);
  if (m.method === 0) {
    yield data.subarray(0, m.uncompressedSize);
    return;
  }
  const inflater = createInflateRaw();
  inflater.end(data);
  let left = m.uncompressedSize;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      if (chunk.length > left) {
        onDamage();
        yield chunk.subarray(0, left);
        return;
      }
      left -= chunk.length;
      yield chunk;
    }
  } catch {
    onDamage();
  } finally {
    inflater.destroy();
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** One stored zip member holding `body`, streamed (sizes and CRC in a trailing data descriptor). */
export async function* storedMember(name: string, body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const nameBytes = Buffer.from(name, 'utf8');
  // version 2.0; flags: data descriptor (bit 3) + UTF-8 name (bit 11); method 0 (stored).
  yield Buffer.concat([u32(0x04034b50), u16(20), u16(0x0808), u16(0), u16(0), u16(0x21), u32(0), u32(0), u32(0)]);
  yield Buffer.concat([u16(nameBytes.length), u16(0), nameBytes]);
  let crc = 0;
  let size = 0;
  for await (const chunk of body) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    yield chunk;
  }
  yield Buffer.concat([u32(0x08074b50), u32(crc), u32(size), u32(size)]);
}

/**
 * An empty end-of-central-directory record: it tells a streaming unzipper the archive is over
 * (the members written by `storedMember` carry no central directory).
 */
export function endOfArchive(): Buffer {
  return Buffer.concat([u32(0x06054b50), Buffer.alloc(18)]);
}
