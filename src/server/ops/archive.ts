/**
 * The backup archive's container: a plain POSIX tar (ustar; sizes past 8 GiB in GNU base-256), so
 * an operator can list or unpack it with the system `tar` and this code reads it back with no
 * dependency. Entries are written one after the other with their SHA-256 computed on the way; the
 * manifest that records those hashes is the last entry.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
/** Largest size the ustar octal field holds (11 octal digits). */
const OCTAL_MAX = 0o77777777777;

/** Where archive bytes go: a file by default; tests inject one that fails (a full disk). */
export interface ArchiveSink {
  write(bytes: Buffer): Promise<void>;
  /** Flushes to stable storage (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Opens `path` for writing (created exclusively, mode 0600) as a sink. */
export async function fileSink(path: string): Promise<ArchiveSink> {
  const fh: FileHandle = await open(path, 'wx', 0o600);
  return {
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
    },
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
}

/** One entry as written: its name in the archive, size and SHA-256 (hex). */
export interface WrittenEntry {
  name: string;
  size: number;
  sha256: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** The 512-byte ustar header of a regular file `name` of `size` bytes. */
function header(name: string, size: number, mtimeSec: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`archive entry name too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size <= OCTAL_MAX) h.write(octal(size, 12), 124, 'ascii');
  else {
    // GNU base-256: high bit set, the size big-endian in the remaining bytes.
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(octal(mtimeSec, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes tar entries to a sink, hashing each; `finish` writes the end blocks and syncs. */
export class TarWriter {
  private bytes = 0;
  constructor(private readonly sink: ArchiveSink) {}

  /** Bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  private async put(b: Buffer): Promise<void> {
    await this.sink.write(b);
    this.bytes += b.length;
  }

  /** Adds an entry from memory. */
  async addBuffer(name: string, data: Buffer, mtimeMs = Date.now()): Promise<WrittenEntry> {
    await this.put(header(name, data.length, Math.floor(mtimeMs / 1000)));
    await this.put(data);
    await this.pad(data.length);
    return { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /**
   * Adds an entry of exactly `size` bytes read from an open file handle (the caller opened it,
   * so a file removed meanwhile is skipped before any header is written). Throws if the file
   * ends early: an immutable file (a blob, a snapshot) never shrinks, so that is damage.
   */
  async addFile(name: string, fh: FileHandle, size: number, mtimeMs: number): Promise<WrittenEntry> {
    await this.put(header(name, size, Math.floor(mtimeMs / 1000)));
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - done), done);
      if (bytesRead === 0) throw new Error(`${name} ended after ${done} of ${size} bytes while it was archived`);
      const piece = Buffer.from(buf.subarray(0, bytesRead));
      hash.update(piece);
      await this.put(piece);
      done += bytesRead;
    }
    await this.pad(size);
    return { name, size, sha256: hash.digest('hex') };
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.put(ZEROS.subarray(0, BLOCK - rest));
  }

  /** Writes the two zero blocks that end a tar and makes the file durable. */
  async finish(): Promise<void> {
    await this.put(ZEROS);
    await this.sink.sync();
  }
}

/** One entry found in an archive: its name, size and where its data starts. */
export interface ArchiveEntry {
  name: string;
  size: number;
  offset: number;
}

function readOctal(h: Buffer, start: number, width: number): number {
  if (h[start]! & 0x80) return Number(h.readBigUInt64BE(start + width - 8));
  const text = h
    .subarray(start, start + width)
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]*$/.test(text)) return Number.NaN;
  return text === '' ? 0 : parseInt(text, 8);
}

function readString(h: Buffer, start: number, width: number): string {
  const raw = h.subarray(start, start + width);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? width : end).toString('utf8');
}

/** Thrown when an archive's container is not a readable tar (cut short or not a tar at all). */
export class ArchiveFormatError extends Error {}

/**
 * Lists the regular-file entries of a tar, checking each header's checksum; throws
 * ArchiveFormatError on a damaged header or an archive cut short.
 */
export async function readArchiveIndex(path: string): Promise<ArchiveEntry[]> {
  const fh = await open(path, 'r');
  try {
    const total = (await fh.stat()).size;
    const entries: ArchiveEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let pos = 0;
    for (;;) {
      if (pos + BLOCK > total) throw new ArchiveFormatError(`the archive ends unexpectedly at byte ${pos}`);
      await fh.read(h, 0, BLOCK, pos);
      if (h.every((b) => b === 0)) return entries;
      const stored = readOctal(h, 148, 8);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (stored !== sum) throw new ArchiveFormatError(`damaged entry header at byte ${pos}`);
      const size = readOctal(h, 124, 12);
      const prefix = readString(h, 345, 155);
      const base = readString(h, 0, 100);
      const name = prefix ? `${prefix}/${base}` : base;
      const type = String.fromCharCode(h[156] || 48);
      const offset = pos + BLOCK;
      if (!Number.isFinite(size) || offset + size > total)
        throw new ArchiveFormatError(`the archive is cut short inside ${name}`);
      if (type === '0') entries.push({ name, size, offset });
      pos = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
}

/** Reads an entry's bytes in chunks (for hashing or copying out). */
export async function* readEntry(path: string, entry: ArchiveEntry): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let done = 0;
    while (done < entry.size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, entry.size - done), entry.offset + done);
      if (bytesRead === 0) throw new ArchiveFormatError(`the archive is cut short inside ${entry.name}`);
      yield Buffer.from(buf.subarray(0, bytesRead));
      done += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** An entry's whole content (small entries: the manifest, the anchors). */
export async function readEntryBuffer(path: string, entry: ArchiveEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of readEntry(path, entry)) parts.push(p);
  return Buffer.concat(parts);
}

/** SHA-256 (hex) of an entry's content. */
export async function hashEntry(path: string, entry: ArchiveEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const p of readEntry(path, entry)) hash.update(p);
  return hash.digest('hex');
}
