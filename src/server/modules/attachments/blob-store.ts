import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, opendir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { CryptoSuite, Keyring } from '../../shared/crypto.js';
import { Sm4CtrHmac } from '../../shared/sm-crypto.js';
import { type DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type DetectedFileType, SNIFF_BYTES, detectFileType } from './sniff.js';

/**
 * Encrypted, content-addressed-by-id storage of attachment files on local disk.
 *
 * On-disk format (version 1), one file per blob at `root/<id[-4:-2]>/<id[-2:]>/<id>`:
 *
 *   header  = "QFBL" (4) | version 0x01 (1) | chunk size, uint32 BE (4) | nonce prefix, random (8)
 *   records = for each plaintext chunk i: AES-256-GCM ciphertext (chunk size bytes, the last one
 *             1..chunk size) | GCM tag (16)
 *   nonce_i = nonce prefix (8) | i as uint32 BE (4)
 *   aad_i   = header (17) | final flag (0x01 on the last chunk, else 0x00) | blob id, 16 raw bytes | context, UTF-8
 *   key     = a random 32-byte data key per blob, sealed with the keyring as
 *             `attachments.key:<blobId>:<context>` and kept by the caller (the database), never on disk
 *
 * Version 2 (a 商用密码 install, suite `sm`) is the same layout with version byte 0x02 and each
 * record SM4-CTR + HMAC-SM3 (`Sm4CtrHmac`, keys derived from the data key with HKDF-SM3) instead of
 * AES-256-GCM: ciphertext | HMAC-SM3 tag (32), over the same nonce and AAD. The keyring's suite
 * decides which version `write` makes; `read` reads both.
 *
 * This is the "STREAM" construction (Hoang, Reyhanitabar, Rogaway, Vizár): the counter in the
 * nonce stops reordering, the final flag stops truncation and extension, and the blob id and
 * context in the AAD stop records being moved between blobs. Writes go to a temp file in the
 * target directory, are fsynced, renamed into place, and the directory is fsynced.
 */

const MAGIC = Buffer.from('QFBL', 'latin1');
/** Format version per suite: 1 AES-256-GCM, 2 SM4-CTR + HMAC-SM3. */
const VERSION_OF: Record<CryptoSuite, number> = { aes: 0x01, sm: 0x02 };
/** Tag bytes per format version. */
const TAG_BYTES_OF: Record<number, number> = { 0x01: 16, 0x02: 32 };
const NONCE_PREFIX_BYTES = 8;
const HEADER_BYTES = MAGIC.length + 1 + 4 + NONCE_PREFIX_BYTES;
const TAG_BYTES = TAG_BYTES_OF[0x01]!;
const CHUNK_BYTES = 64 * 1024;
const MIN_CHUNK_BYTES = 1024;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const KEY_BYTES = 32;
const MAX_CHUNKS = 0xffffffff;

/** Sizes of the version-1 blob format (version 2: 32-byte tags), for tools and tests that inspect files on disk. */
export const BLOB_FORMAT = {
  /** Bytes of the fixed header before the first record. */
  headerBytes: HEADER_BYTES,
  /** Plaintext bytes per record (all records but the last are exactly this long plus the tag). */
  chunkBytes: CHUNK_BYTES,
  /** Bytes of the GCM tag that ends every record. */
  tagBytes: TAG_BYTES,
  /** Bytes of the HMAC-SM3 tag that ends every record of version 2 (suite `sm`). */
  smTagBytes: TAG_BYTES_OF[0x02]!,
} as const;

/** A blob id: a canonical lowercase UUID (as made by `newId`). */
const BLOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A temp file left by `write`: `<blobId>.<12 hex>.tmp`. */
const TEMP_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{12}\.tmp$/;
const FAN_OUT = /^[0-9a-f]{2}$/;

/** Options of `BlobStore.write`. */
export interface BlobWriteOptions {
  /** The keyring that seals the per-blob data key. */
  keyring: Keyring;
  /** What the blob belongs to (e.g. `report:<id>`); the same string is needed to read it back. */
  context: string;
  /** Largest accepted plaintext size in bytes; larger uploads are refused with VALIDATION_FAILED. */
  maxBytes: number;
}

/** Options of `BlobStore.read` and `BlobStore.readAll`. */
export interface BlobReadOptions {
  /** The keyring that sealed the data key. */
  keyring: Keyring;
  /** The context given to `write`. */
  context: string;
}

/** What `BlobStore.write` stored; the caller keeps all of it in the database. */
export interface WrittenBlob {
  /** The new blob's id (UUIDv7). */
  blobId: string;
  /** The blob's data key, sealed with the keyring; needed to read the blob. */
  keyEnc: string;
  /** Plaintext size in bytes. */
  size: number;
  /** Content type decided from the bytes (see `detectFileType`). */
  contentType: string;
  /** File-name extension (no dot) matching `contentType`. */
  extension: string;
}

function integrityError(details: Record<string, unknown> = {}): DomainError {
  return domainError('INTEGRITY_ERROR', { integrity: true, ...details }, '附件完整性校验失败：文件可能已被篡改或损坏');
}

function keyContext(blobId: string, context: string): string {
  return `attachments.key:${blobId}:${context}`;
}

function nonceFor(prefix: Buffer, counter: number): Buffer {
  const nonce = Buffer.alloc(NONCE_PREFIX_BYTES + 4);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(counter, NONCE_PREFIX_BYTES);
  return nonce;
}

/** The two AADs of a blob: for middle chunks and for the final chunk. */
function aadsFor(header: Buffer, blobId: string, context: string): { middle: Buffer; final: Buffer } {
  const id = Buffer.from(blobId.replaceAll('-', ''), 'hex');
  const middle = Buffer.concat([header, Buffer.from([0x00]), id, Buffer.from(context, 'utf8')]);
  const final = Buffer.from(middle);
  final[header.length] = 0x01;
  return { middle, final };
}

function encodeHeader(version: number, chunkBytes: number, noncePrefix: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[MAGIC.length] = version;
  header.writeUInt32BE(chunkBytes, MAGIC.length + 1);
  noncePrefix.copy(header, MAGIC.length + 5);
  return header;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.floor(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${Math.floor(n / 1024)} KB`;
  return `${n} 字节`;
}

async function writeFully(fh: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await fh.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

async function readFully(fh: FileHandle, target: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < target.length) {
    const { bytesRead } = await fh.read(target, offset, target.length - offset, position + offset);
    if (bytesRead === 0) throw integrityError({ reason: 'short_read' });
    offset += bytesRead;
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

/** Makes a directory's entries (a rename, a new file) durable; a no-op where directories can't be fsynced. */
async function fsyncDir(path: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    await fh.sync();
  } catch (err) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes(errorCode(err) ?? '')) throw err;
  } finally {
    await fh?.close();
  }
}

/** One record's authenticated encryption, per format version. */
interface RecordCipher {
  seal(plain: Buffer, nonce: Buffer, aad: Buffer): { ct: Buffer; tag: Buffer };
  /** The plaintext, or null when the tag does not verify. */
  open(ct: Buffer, tag: Buffer, nonce: Buffer, aad: Buffer): Buffer | null;
}

function recordCipher(version: number, dataKey: Buffer): RecordCipher {
  if (version === 0x02) {
    const sm = new Sm4CtrHmac(dataKey);
    return {
      seal: (plain, nonce, aad) => sm.encrypt(plain, aad, nonce),
      open: (ct, tag, nonce, aad) => sm.decrypt(ct, tag, aad, nonce),
    };
  }
  return {
    seal(plain, nonce, aad) {
      const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
      cipher.setAAD(aad);
      const ct = cipher.update(plain);
      cipher.final();
      return { ct, tag: cipher.getAuthTag() };
    },
    open(ct, tag, nonce, aad) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce);
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        const plain = decipher.update(ct);
        decipher.final();
        return plain;
      } catch {
        return null;
      }
    },
  };
}

/** Encrypts chunks into a temp file; one instance per `write` call. */
class ChunkSealer {
  private fh: FileHandle | undefined;
  private counter = 0;
  private readonly noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
  private readonly header: Buffer;
  private readonly aads: { middle: Buffer; final: Buffer };
  private readonly cipher: RecordCipher;
  /** Whether `mkdir` created a directory (so the parents must be fsynced too). */
  createdDirs = false;

  constructor(
    version: number,
    dataKey: Buffer,
    blobId: string,
    context: string,
    private readonly dir: string,
    private readonly tmpPath: string,
  ) {
    this.header = encodeHeader(version, CHUNK_BYTES, this.noncePrefix);
    this.aads = aadsFor(this.header, blobId, context);
    this.cipher = recordCipher(version, dataKey);
  }

  async seal(plain: Buffer, final: boolean): Promise<void> {
    if (this.counter > MAX_CHUNKS) throw new Error('blob has too many chunks');
    if (!this.fh) {
      this.createdDirs = (await mkdir(this.dir, { recursive: true, mode: 0o700 })) !== undefined;
      this.fh = await open(this.tmpPath, 'wx', 0o600);
      await writeFully(this.fh, this.header);
    }
    const { ct, tag } = this.cipher.seal(
      plain,
      nonceFor(this.noncePrefix, this.counter),
      final ? this.aads.final : this.aads.middle,
    );
    await writeFully(this.fh, ct);
    await writeFully(this.fh, tag);
    this.counter += 1;
  }

  /** Flushes the temp file to stable storage and closes it. */
  async finish(): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new Error('nothing was written');
    this.fh = undefined;
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** Closes and deletes the temp file (after a failure). */
  async abort(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => undefined);
    await rm(this.tmpPath, { force: true }).catch(() => undefined);
  }
}

/**
 * Stores attachment files encrypted at rest under one root directory (the app passes
 * `join(config.dataDir, 'blobs')`). Each blob has its own random data key; the sealed key is
 * returned to the caller for the database, so the files alone reveal nothing and any change to
 * them is detected on read.
 */
export class BlobStore {
  /** Creates a store rooted at `root` (created on first write). */
  constructor(private readonly root: string) {}

  /**
   * Encrypts `source` to a new blob, streaming: memory use stays at a couple of 64 KiB chunks
   * whatever the file size. The type is sniffed from the first bytes and unsupported types are
   * refused before anything is written; so are empty files and files over `maxBytes`
   * (VALIDATION_FAILED with `details.reason` `unsupported_type`, `empty` or `too_large`). On any
   * failure, including an error from `source`, no file is left behind.
   */
  async write(source: AsyncIterable<Buffer | Uint8Array>, opts: BlobWriteOptions): Promise<WrittenBlob> {
    const { keyring, context, maxBytes } = opts;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer');
    const blobId = newId();
    const dir = this.dirFor(blobId);
    const finalPath = join(dir, blobId);
    const tmpPath = join(dir, `${blobId}.${randomBytes(6).toString('hex')}.tmp`);
    const dataKey = randomBytes(KEY_BYTES);
    // The install's suite decides the format: version 1 (AES-256-GCM) or 2 (SM4-CTR + HMAC-SM3).
    const sealer = new ChunkSealer(VERSION_OF[keyring.suite], dataKey, blobId, context, dir, tmpPath);
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let fill = 0;
    let total = 0;
    let type: DetectedFileType | null = null;
    try {
      for await (const piece of source) {
        const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (total + bytes.length > maxBytes) {
          throw domainError(
            'FILE_TOO_LARGE',
            { field: 'file', reason: 'too_large', maxBytes },
            `文件过大：单个附件不能超过 ${formatBytes(maxBytes)}`,
          );
        }
        total += bytes.length;
        let offset = 0;
        while (offset < bytes.length) {
          // A full chunk is sealed only once more data arrives: only then is it known not to be the last.
          if (fill === CHUNK_BYTES) {
            await sealer.seal(chunk, false);
            fill = 0;
          }
          const copied = bytes.copy(chunk, fill, offset, Math.min(bytes.length, offset + CHUNK_BYTES - fill));
          fill += copied;
          offset += copied;
          if (!type && fill >= SNIFF_BYTES) type = sniffOrRefuse(chunk.subarray(0, SNIFF_BYTES));
        }
      }
      if (total === 0) throw domainError('FILE_TOO_LARGE', { field: 'file', reason: 'empty' }, '文件为空，请重新选择');
      type ??= sniffOrRefuse(chunk.subarray(0, fill));
      await sealer.seal(chunk.subarray(0, fill), true);
      await sealer.finish();
      await rename(tmpPath, finalPath);
      await fsyncDir(dir);
      if (sealer.createdDirs) {
        await fsyncDir(dirname(dir));
        await fsyncDir(this.root);
      }
    } catch (err) {
      await sealer.abort();
      throw err;
    } finally {
      chunk.fill(0);
    }
    const keyEnc = keyring.seal(dataKey, keyContext(blobId, context));
    dataKey.fill(0);
    return { blobId, keyEnc, size: total, contentType: type.contentType, extension: type.extension };
  }

  /**
   * Decrypts a blob as a byte stream, chunk by chunk; each chunk is released only after its tag
   * verified. A bad id (VALIDATION_FAILED) or a key or context that doesn't match
   * (INTEGRITY_ERROR) throws at once, before any byte is streamed. A missing blob (NOT_FOUND) or an
   * altered, reordered, truncated or extended file (INTEGRITY_ERROR) makes the stream emit
   * `error`, possibly after earlier, authentic chunks were delivered: a consumer streaming to an
   * HTTP response must therefore treat an error as fatal and abort the response (not end it
   * normally), so the client sees a broken download rather than a short file. Use `readAll` where
   * the whole file must be verified before anything is used.
   */
  read(blobId: string, keyEnc: string, opts: BlobReadOptions): Readable {
    const dataKey = this.openKey(blobId, keyEnc, opts);
    return Readable.from(this.decrypt(blobId, dataKey, opts.context), { objectMode: false });
  }

  /** Decrypts and verifies a whole blob into memory; for small files and tests. Errors as `read`. */
  async readAll(blobId: string, keyEnc: string, opts: BlobReadOptions): Promise<Buffer> {
    const dataKey = this.openKey(blobId, keyEnc, opts);
    const parts: Buffer[] = [];
    for await (const part of this.decrypt(blobId, dataKey, opts.context)) parts.push(part);
    return Buffer.concat(parts);
  }

  /** Deletes a blob; a blob that doesn't exist is ignored. Throws VALIDATION_FAILED for a bad id. */
  async remove(blobId: string): Promise<void> {
    await rm(this.pathFor(blobId), { force: true });
  }

  /**
   * Deletes temp files older than `olderThanMs` milliseconds (leftovers of crashes during
   * `write`); run it from a periodic job with a margin well above the longest upload, e.g. one
   * hour. Returns how many files were removed.
   */
  async sweepTemp(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const first of await listDir(this.root)) {
      if (!FAN_OUT.test(first)) continue;
      for (const second of await listDir(join(this.root, first))) {
        if (!FAN_OUT.test(second)) continue;
        const dir = join(this.root, first, second);
        for (const name of await listDir(dir)) {
          if (!TEMP_NAME.test(name)) continue;
          const path = join(dir, name);
          try {
            if ((await stat(path)).mtimeMs < cutoff) {
              await rm(path, { force: true });
              removed += 1;
            }
          } catch (err) {
            if (errorCode(err) !== 'ENOENT') throw err;
          }
        }
      }
    }
    return removed;
  }

  /**
   * Deletes finished blobs whose file is older than `olderThanMs` milliseconds (by mtime) and that
   * `referenced` does not claim: the leftovers of uploads whose database row never committed (a
   * crash between `write` and the commit). Each leaf directory is streamed and candidates are
   * handed to `referenced` in batches of `batchSize`, so memory stays bounded however many blobs
   * there are; a blob younger than the grace period is never touched, since its row may still be
   * committing. `referenced` gets up to `batchSize` ids and returns those that are in use.
   * Returns how many old blobs were checked and how many were removed.
   */
  async sweepOrphans(
    olderThanMs: number,
    referenced: (blobIds: string[]) => Promise<ReadonlySet<string>>,
    opts: { batchSize?: number; nowMs?: number } = {},
  ): Promise<{ checked: number; removed: number }> {
    if (!Number.isFinite(olderThanMs) || olderThanMs < 0) throw new RangeError('olderThanMs must be >= 0');
    const batchSize = opts.batchSize ?? 500;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    // File times are wall-clock times, so the cutoff is too (not the application clock).
    const cutoff = (opts.nowMs ?? Date.now()) - olderThanMs;
    let checked = 0;
    let removed = 0;
    let batch: string[] = [];
    const flush = async () => {
      const ids = batch;
      batch = [];
      if (ids.length === 0) return;
      checked += ids.length;
      const inUse = await referenced(ids);
      for (const id of ids) {
        if (inUse.has(id)) continue;
        const path = this.pathFor(id);
        try {
          // Re-checked just before deleting: a file touched since it was listed is left alone.
          if ((await stat(path)).mtimeMs >= cutoff) continue;
          await rm(path);
          removed += 1;
        } catch (err) {
          if (errorCode(err) !== 'ENOENT') throw err;
        }
      }
    };
    for (const first of await listDir(this.root)) {
      if (!FAN_OUT.test(first)) continue;
      for (const second of await listDir(join(this.root, first))) {
        if (!FAN_OUT.test(second)) continue;
        const dir = join(this.root, first, second);
        let handle;
        try {
          handle = await opendir(dir, { bufferSize: 64 });
        } catch (err) {
          if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') continue;
          throw err;
        }
        for await (const entry of handle) {
          // Only finished blobs in their own fan-out directory; temp files are `sweepTemp`'s.
          if (!entry.isFile() || !BLOB_ID.test(entry.name) || !entry.name.endsWith(first + second)) continue;
          try {
            if ((await stat(join(dir, entry.name))).mtimeMs >= cutoff) continue;
          } catch (err) {
            if (errorCode(err) === 'ENOENT') continue;
            throw err;
          }
          batch.push(entry.name);
          if (batch.length >= batchSize) await flush();
        }
      }
    }
    await flush();
    return { checked, removed };
  }

  /**
   * The file path of a blob. The two fan-out levels come from the id's last four hex digits,
   * which are random in a UUIDv7 (its leading digits are a timestamp and would fill one
   * directory). Throws VALIDATION_FAILED unless `blobId` is a canonical lowercase UUID, so no
   * path traversal is possible.
   */
  pathFor(blobId: string): string {
    return join(this.dirFor(blobId), blobId);
  }

  private dirFor(blobId: string): string {
    if (typeof blobId !== 'string' || !BLOB_ID.test(blobId)) {
      throw errors.validation({ field: 'blobId', reason: 'invalid' }, '附件编号格式不正确');
    }
    return join(this.root, blobId.slice(-4, -2), blobId.slice(-2));
  }

  private openKey(blobId: string, keyEnc: string, opts: BlobReadOptions): Buffer {
    this.dirFor(blobId);
    const dataKey = opts.keyring.open(keyEnc, keyContext(blobId, opts.context));
    if (dataKey.length !== KEY_BYTES) throw integrityError({ blobId, reason: 'key_length' });
    return dataKey;
  }

  private async *decrypt(blobId: string, dataKey: Buffer, context: string): AsyncGenerator<Buffer, void, undefined> {
    let fh: FileHandle;
    try {
      fh = await open(this.pathFor(blobId), 'r');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') throw errors.notFound('attachment');
      throw err;
    }
    try {
      const size = (await fh.stat()).size;
      if (size < HEADER_BYTES) throw integrityError({ blobId, reason: 'header' });
      const header = Buffer.alloc(HEADER_BYTES);
      await readFully(fh, header, 0);
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw integrityError({ blobId, reason: 'magic' });
      const version = header[MAGIC.length]!;
      const tagBytes = TAG_BYTES_OF[version];
      if (tagBytes === undefined) throw integrityError({ blobId, reason: 'version', version });
      const cipher = recordCipher(version, dataKey);
      const chunkBytes = header.readUInt32BE(MAGIC.length + 1);
      if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
        throw integrityError({ blobId, reason: 'chunk_size' });
      }
      const noncePrefix = header.subarray(MAGIC.length + 5, HEADER_BYTES);
      const aads = aadsFor(header, blobId, context);
      const recordBytes = chunkBytes + tagBytes;
      const dataBytes = size - HEADER_BYTES;
      const records = Math.ceil(dataBytes / recordBytes);
      const lastBytes = dataBytes - (records - 1) * recordBytes;
      if (records === 0 || records - 1 > MAX_CHUNKS || lastBytes <= tagBytes) {
        throw integrityError({ blobId, reason: 'length' });
      }
      const record = Buffer.allocUnsafe(recordBytes);
      let position = HEADER_BYTES;
      for (let i = 0; i < records; i += 1) {
        const final = i === records - 1;
        const body = record.subarray(0, final ? lastBytes : recordBytes);
        await readFully(fh, body, position);
        position += body.length;
        const plain = cipher.open(
          body.subarray(0, body.length - tagBytes),
          body.subarray(body.length - tagBytes),
          nonceFor(noncePrefix, i),
          final ? aads.final : aads.middle,
        );
        if (!plain) throw integrityError({ blobId, chunk: i });
        yield plain;
      }
    } finally {
      await fh.close();
    }
  }
}

function sniffOrRefuse(head: Buffer): DetectedFileType {
  const type = detectFileType(head);
  if (!type) {
    throw domainError(
      'FILE_TYPE_NOT_ALLOWED',
      { field: 'file', reason: 'unsupported_type' },
      '不支持的文件类型：仅可上传图片（JPEG、PNG、GIF、WebP）、PDF 文件或音频（MP3、M4A、AMR、WAV、OGG）',
    );
  }
  return type;
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
    throw err;
  }
}
