import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRYPTO_SUITES, Keyring } from '../../shared/crypto.js';
import { newId } from '../../shared/ids.js';
import { BLOB_FORMAT, BlobStore } from './blob-store.js';
import { ALLOWED_CONTENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, SNIFF_BYTES, detectFileType } from './sniff.js';

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const MIB = 1024 * 1024;

const ascii = (s: string) => Buffer.from(s, 'latin1');
const cat = (...parts: (Buffer | string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? ascii(p) : Buffer.isBuffer(p) ? p : Buffer.from(p))));
const ftyp = (major: string, ...compatible: string[]) => {
  const box = cat([0, 0, 0, 0], 'ftyp', major, [0, 0, 0, 0], ...compatible);
  box.writeUInt32BE(box.length, 0);
  return box;
};

/** A PNG-headed buffer of `size` bytes with compressible, recognisable content. */
function pngBody(size: number): Buffer {
  const buf = Buffer.alloc(size, '清风举报材料 qingfeng plaintext pattern ');
  PNG_SIG.copy(buf, 0);
  return buf;
}

/** Feeds `buf` in odd-sized pieces (including 1-byte and larger-than-a-chunk ones), as Uint8Array and Buffer. */
async function* pieces(buf: Buffer): AsyncGenerator<Buffer | Uint8Array> {
  const sizes = [1, 7, 63, 1000, 65_535, 65_537, 3, 131_101, 4093];
  let offset = 0;
  for (let i = 0; offset < buf.length; i += 1) {
    const size = sizes[i % sizes.length]!;
    const piece = buf.subarray(offset, offset + size);
    yield i % 2 === 0 ? piece : new Uint8Array(piece);
    offset += size;
  }
}

async function* once(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

/** Every file below `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

describe('detectFileType', () => {
  const accepted: [string, Buffer, string, string][] = [
    ['JPEG', JPEG_HEAD, 'image/jpeg', 'jpg'],
    ['PNG', cat(PNG_SIG, [0, 0, 0, 13], 'IHDR'), 'image/png', 'png'],
    ['GIF87a', ascii('GIF87a\x01\x00'), 'image/gif', 'gif'],
    ['GIF89a', ascii('GIF89a\x01\x00'), 'image/gif', 'gif'],
    ['WebP', cat('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp', 'webp'],
    ['HEIC', ftyp('heic', 'mif1', 'heic'), 'image/heic', 'heic'],
    ['HEIC heix', ftyp('heix', 'mif1', 'heix'), 'image/heic', 'heic'],
    ['HEIF mif1', ftyp('mif1', 'mif1', 'heic'), 'image/heif', 'heif'],
    ['HEIF msf1', ftyp('msf1', 'msf1', 'hevc'), 'image/heif', 'heif'],
    ['PDF', ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf', 'pdf'],
    ['MP3 with ID3', cat('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg', 'mp3'],
    ['MP3 frame', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0]), 'audio/mpeg', 'mp3'],
    ['MP3 MPEG-2 frame', Buffer.from([0xff, 0xf3, 0x84, 0xc4, 0, 0]), 'audio/mpeg', 'mp3'],
    ['M4A', ftyp('M4A ', 'M4A ', 'isom', 'mp42'), 'audio/mp4', 'm4a'],
    ['MP4 mp42', ftyp('mp42', 'isom', 'mp42'), 'audio/mp4', 'm4a'],
    ['MP4 isom', ftyp('isom', 'isom', 'iso2', 'mp41'), 'audio/mp4', 'm4a'],
    ['AMR', ascii('#!AMR\n\x3c'), 'audio/amr', 'amr'],
    ['AMR-WB', ascii('#!AMR-WB\n\x04'), 'audio/amr-wb', 'awb'],
    ['WAV', cat('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav', 'wav'],
    ['OGG Vorbis', cat('OggS', Buffer.alloc(24), [1], 'vorbis'), 'audio/ogg', 'ogg'],
    ['OGG Opus', cat('OggS', Buffer.alloc(24), 'OpusHead'), 'audio/ogg', 'opus'],
  ];

  it.each(accepted)('detects %s from its minimal header', (_name, head, contentType, extension) => {
    expect(detectFileType(head)).toEqual({ contentType, extension });
    // and with trailing data, as seen by a real upload
    expect(detectFileType(cat(head, randomBytes(SNIFF_BYTES)).subarray(0, SNIFF_BYTES))).toEqual({
      contentType,
      extension,
    });
    expect(ALLOWED_CONTENT_TYPES).toContain(contentType);
  });

  const refused: [string, Buffer][] = [
    ['MZ executable', cat('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff])],
    ['ELF executable', cat([0x7f], 'ELF', [2, 1, 1, 0])],
    ['Mach-O', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])],
    ['PK zip / docx', cat('PK', [3, 4, 20, 0, 6, 0], '[Content_Types].xml')],
    ['HTML', ascii('<html><script>alert(1)</script></html>')],
    ['HTML doctype', ascii('<!DOCTYPE html><html>')],
    ['SVG', ascii('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['SVG with XML declaration', ascii('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['plain text', Buffer.from('举报：某村主任收受好处费。\n', 'utf8')],
    ['ASCII text', ascii('hello world, this is only text')],
    ['RIFF AVI', cat('RIFF', [0x24, 0, 0, 0], 'AVI LIST')],
    ['QuickTime', ftyp('qt  ', 'qt  ')],
    ['AVIF', ftyp('avif', 'avif', 'mif1')],
    ['ADTS AAC (not in the list)', Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc])],
    ['MPEG frame with reserved layer bits', Buffer.from([0xff, 0xf9, 0x90, 0x64])],
    ['MPEG frame with bad bitrate', Buffer.from([0xff, 0xfb, 0xf0, 0x64])],
    ['a bare ftyp with a silly box size', cat([0xff, 0xff, 0xff, 0xff], 'ftypisom')],
    ['JPEG truncated to two bytes', Buffer.from([0xff, 0xd8])],
    ['empty', Buffer.alloc(0)],
    ['RTF', ascii('{\\rtf1\\ansi')],
    ['OLE2 (doc/xls)', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ];

  it.each(refused)('refuses %s', (_name, head) => {
    expect(detectFileType(head)).toBeNull();
  });

  it('exposes the upload limits', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(20 * MIB);
    expect(MAX_ATTACHMENTS).toBe(5);
    expect(SNIFF_BYTES).toBeGreaterThanOrEqual(36);
  });
});

// Both formats: version 1 (AES-256-GCM) from an `aes` keyring, version 2 (SM4-CTR + HMAC-SM3) from an `sm` one.
describe.each(CRYPTO_SUITES)('BlobStore (suite %s)', (suite) => {
  let root: string;
  let store: BlobStore;
  const profile = { suite, macSuite: suite };
  const masterKey = randomBytes(32);
  const keyring = new Keyring(masterKey, profile);
  const TAG = suite === 'sm' ? BLOB_FORMAT.smTagBytes : BLOB_FORMAT.tagBytes;
  const RECORD = BLOB_FORMAT.chunkBytes + TAG;
  const context = 'report:0190f0e4-0000-7000-8000-000000000001';
  const opts = { keyring, context, maxBytes: MAX_ATTACHMENT_BYTES };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'qf-blobs-'));
    store = new BlobStore(join(root, 'blobs'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('round-trips a 5 MB PNG fed in odd-sized pieces, and never puts plaintext on disk', async () => {
    const plain = pngBody(5 * MIB + 12_345);
    const marker = randomBytes(32);
    marker.copy(plain, 3 * MIB + 77);
    const written = await store.write(pieces(plain), opts);
    expect(written).toMatchObject({ size: plain.length, contentType: 'image/png', extension: 'png' });
    expect(written.keyEnc).not.toContain(written.blobId);

    const back = await store.readAll(written.blobId, written.keyEnc, { keyring, context });
    expect(back.equals(plain)).toBe(true);

    const streamed: Buffer[] = [];
    for await (const part of store.read(written.blobId, written.keyEnc, { keyring, context })) {
      streamed.push(part as Buffer);
    }
    expect(Buffer.concat(streamed).equals(plain)).toBe(true);

    const raw = readFileSync(store.pathFor(written.blobId));
    expect(plain.includes(marker)).toBe(true);
    expect(raw.includes(marker)).toBe(false);
    expect(raw.includes(Buffer.from('qingfeng plaintext pattern'))).toBe(false);
    expect(raw.includes(PNG_SIG)).toBe(false);
    expect(raw.subarray(0, 5)).toEqual(cat('QFBL', [suite === 'sm' ? 2 : 1]));
    expect(raw.length).toBe(BLOB_FORMAT.headerBytes + plain.length + Math.ceil(plain.length / 65536) * TAG);
    // only the blob itself, in its fan-out directory, no temp leftovers
    expect(filesUnder(join(root, 'blobs'))).toEqual([
      join(written.blobId.slice(-4, -2), written.blobId.slice(-2), written.blobId),
    ]);
  });

  it('round-trips small files and files of exactly one and two chunks', async () => {
    for (const size of [SNIFF_BYTES - 50, SNIFF_BYTES, BLOB_FORMAT.chunkBytes, 2 * BLOB_FORMAT.chunkBytes]) {
      const plain = pngBody(size);
      const written = await store.write(once(plain), opts);
      expect(written.size).toBe(size);
      expect((await store.readAll(written.blobId, written.keyEnc, { keyring, context })).equals(plain)).toBe(true);
    }
  });

  it('reads a blob written under the other suite with the same master key (a database during rekey holds both)', async () => {
    const otherSuite = suite === 'sm' ? 'aes' : 'sm';
    const other = new Keyring(masterKey, { suite: otherSuite, macSuite: otherSuite });
    const plain = pngBody(BLOB_FORMAT.chunkBytes + 10);
    const written = await store.write(pieces(plain), { ...opts, keyring: other });
    expect(readFileSync(store.pathFor(written.blobId))[4]).toBe(otherSuite === 'sm' ? 2 : 1);
    expect(written.keyEnc.startsWith(otherSuite === 'sm' ? 's1.' : 'v1.')).toBe(true);
    expect((await store.readAll(written.blobId, written.keyEnc, { keyring, context })).equals(plain)).toBe(true);
  });

  it('decides the type by content: JPEG bytes named .png are stored as JPEG', async () => {
    const jpegNamedPng = cat(JPEG_HEAD, randomBytes(2000));
    const written = await store.write(once(jpegNamedPng), opts);
    expect(written).toMatchObject({ contentType: 'image/jpeg', extension: 'jpg' });
  });

  it.each([
    ['an EXE renamed .jpg', cat('MZ', [0x90, 0, 3, 0], Buffer.alloc(200_000, 1))],
    ['a zip', cat('PK', [3, 4], Buffer.alloc(100))],
    ['an SVG', ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a short text', ascii('hi')],
  ])('refuses %s and leaves nothing behind', async (_name, content) => {
    await expect(store.write(pieces(content), opts)).rejects.toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: { field: 'file', reason: 'unsupported_type' },
    });
    expect(filesUnder(root)).toEqual([]);
  });

  it('refuses an oversize file and leaves no blob or temp file behind', async () => {
    const big = pngBody(300_000);
    await expect(store.write(pieces(big), { ...opts, maxBytes: 200_000 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      details: { field: 'file', reason: 'too_large' },
    });
    // one huge piece, refused before anything is written
    await expect(store.write(once(big), { ...opts, maxBytes: 299_999 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      details: { reason: 'too_large' },
    });
    expect(filesUnder(root)).toEqual([]);
    // exactly maxBytes is fine
    const ok = await store.write(pieces(big), { ...opts, maxBytes: 300_000 });
    expect(ok.size).toBe(300_000);
  });

  it('refuses an empty file', async () => {
    await expect(store.write(once(Buffer.alloc(0)), opts)).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      details: { reason: 'empty' },
    });
    async function* nothing(): AsyncGenerator<Buffer> {}
    await expect(store.write(nothing(), opts)).rejects.toMatchObject({ details: { reason: 'empty' } });
    expect(filesUnder(root)).toEqual([]);
  });

  it('removes the temp file when the source fails mid-upload', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield pngBody(500_000);
      throw new Error('connection reset');
    }
    await expect(store.write(failing(), opts)).rejects.toThrow('connection reset');
    expect(filesUnder(root)).toEqual([]);
  });

  describe('tampering', () => {
    // 3 full chunks and a partial one
    const plain = pngBody(3 * BLOB_FORMAT.chunkBytes + 1000);
    let blobId: string;
    let keyEnc: string;
    let path: string;
    let raw: Buffer;

    beforeEach(async () => {
      ({ blobId, keyEnc } = await store.write(pieces(plain), opts));
      path = store.pathFor(blobId);
      raw = readFileSync(path);
      expect(raw.length).toBe(BLOB_FORMAT.headerBytes + 3 * RECORD + 1000 + TAG);
      expect(raw[4]).toBe(suite === 'sm' ? 2 : 1);
    });

    const expectIntegrityError = async () => {
      await expect(store.readAll(blobId, keyEnc, { keyring, context })).rejects.toMatchObject({
        code: 'INTEGRITY_ERROR',
      });
    };

    it('detects one flipped byte in the middle of the ciphertext', async () => {
      raw[Math.floor(raw.length / 2)]! ^= 0x01;
      writeFileSync(path, raw);
      await expectIntegrityError();
    });

    it('detects a flipped byte in a tag and in the header', async () => {
      const tag = Buffer.from(raw);
      tag[BLOB_FORMAT.headerBytes + RECORD - 1]! ^= 0x80;
      writeFileSync(path, tag);
      await expectIntegrityError();
      const header = Buffer.from(raw);
      header[10]! ^= 0x01; // nonce prefix
      writeFileSync(path, header);
      await expectIntegrityError();
      const version = Buffer.from(raw);
      version[4] = suite === 'sm' ? 1 : 2;
      writeFileSync(path, version);
      await expectIntegrityError();
    });

    it('detects truncation by one chunk (and by one byte)', async () => {
      writeFileSync(path, raw.subarray(0, BLOB_FORMAT.headerBytes + 3 * RECORD));
      await expectIntegrityError();
      writeFileSync(path, raw.subarray(0, BLOB_FORMAT.headerBytes + 2 * RECORD));
      await expectIntegrityError();
      writeFileSync(path, raw.subarray(0, raw.length - 1));
      await expectIntegrityError();
      writeFileSync(path, raw.subarray(0, BLOB_FORMAT.headerBytes));
      await expectIntegrityError();
    });

    it('detects an appended chunk', async () => {
      writeFileSync(
        path,
        Buffer.concat([raw, raw.subarray(BLOB_FORMAT.headerBytes, BLOB_FORMAT.headerBytes + RECORD)]),
      );
      await expectIntegrityError();
    });

    it('detects two swapped chunks', async () => {
      const h = BLOB_FORMAT.headerBytes;
      const swapped = Buffer.concat([
        raw.subarray(0, h),
        raw.subarray(h + RECORD, h + 2 * RECORD),
        raw.subarray(h, h + RECORD),
        raw.subarray(h + 2 * RECORD),
      ]);
      expect(swapped.length).toBe(raw.length);
      writeFileSync(path, swapped);
      await expectIntegrityError();
    });

    it("refuses another blob's key, another context, and a chunk moved from another blob", async () => {
      const other = await store.write(pieces(plain), opts);
      await expect(store.readAll(blobId, other.keyEnc, { keyring, context })).rejects.toMatchObject({
        code: 'INTEGRITY_ERROR',
      });
      expect(() => store.read(blobId, other.keyEnc, { keyring, context })).toThrow(
        expect.objectContaining({ code: 'INTEGRITY_ERROR' }),
      );
      await expect(store.readAll(blobId, keyEnc, { keyring, context: 'report:other' })).rejects.toMatchObject({
        code: 'INTEGRITY_ERROR',
      });
      await expect(
        store.readAll(blobId, keyEnc, { keyring: new Keyring(randomBytes(32), profile), context }),
      ).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
      // the other blob's file copied over this one (same plaintext, different key)
      writeFileSync(path, readFileSync(store.pathFor(other.blobId)));
      await expectIntegrityError();
      // the untouched blob still reads fine
      expect((await store.readAll(other.blobId, other.keyEnc, { keyring, context })).equals(plain)).toBe(true);
    });

    it('makes the stream error after the authentic chunks when the last chunk was altered', async () => {
      raw[raw.length - 20]! ^= 0x01;
      writeFileSync(path, raw);
      const got: Buffer[] = [];
      const consume = async () => {
        for await (const part of store.read(blobId, keyEnc, { keyring, context })) got.push(part as Buffer);
      };
      await expect(consume()).rejects.toMatchObject({ code: 'INTEGRITY_ERROR', details: { chunk: 3 } });
      expect(Buffer.concat(got).equals(plain.subarray(0, 3 * BLOB_FORMAT.chunkBytes))).toBe(true);
    });
  });

  it('refuses bad blob ids without touching the file system, and reports a missing blob as NOT_FOUND', async () => {
    const { keyEnc } = await store.write(once(pngBody(1000)), opts);
    for (const bad of ['../../etc/passwd', '../blobs', '', 'ABCDEF00-0000-7000-8000-000000000000', `${newId()}/x`]) {
      expect(() => store.read(bad, keyEnc, { keyring, context })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
      await expect(store.readAll(bad, keyEnc, { keyring, context })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(store.remove(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(() => store.pathFor(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    // a well-formed id that doesn't exist: the key check fails first (it is bound to the id)
    await expect(store.readAll(newId(), keyEnc, { keyring, context })).rejects.toMatchObject({
      code: 'INTEGRITY_ERROR',
    });
  });

  it('removes blobs (ignoring missing ones) and reports a removed blob as NOT_FOUND', async () => {
    const written = await store.write(once(pngBody(1000)), opts);
    await store.remove(written.blobId);
    await store.remove(written.blobId);
    await store.remove(newId());
    await expect(store.readAll(written.blobId, written.keyEnc, { keyring, context })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(filesUnder(root)).toEqual([]);
  });

  it('sweeps stale temp files only', async () => {
    await store.sweepTemp(0); // no root yet
    const kept = await store.write(once(pngBody(1000)), opts);
    const id = newId();
    const dir = join(root, 'blobs', id.slice(-4, -2), id.slice(-2));
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, `${id}.0123456789ab.tmp`);
    const fresh = join(dir, `${id}.ba9876543210.tmp`);
    const unrelated = join(dir, 'notes.tmp');
    for (const p of [stale, fresh, unrelated]) writeFileSync(p, 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    utimesSync(unrelated, hourAgo, hourAgo);
    utimesSync(store.pathFor(kept.blobId), hourAgo, hourAgo);

    expect(await store.sweepTemp(10 * 60_000)).toBe(1);
    const left = filesUnder(join(root, 'blobs')).map((f) => f.split(/[\\/]/).pop());
    expect(left.sort()).toEqual([kept.blobId, `${id}.ba9876543210.tmp`, 'notes.tmp'].sort());
  });

  it('writes a 60 MB stream with bounded memory', async () => {
    const total = 60 * MIB;
    let peak = 0;
    async function* generate(size: number): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < size;) {
        const piece = Buffer.alloc(Math.min(64 * 1024 + 17, size - sent), sent & 0xff);
        if (sent === 0) PNG_SIG.copy(piece, 0);
        sent += piece.length;
        peak = Math.max(peak, process.memoryUsage().rss);
        yield piece;
      }
    }
    // Warm up first, so the heap's normal growth to its working size isn't counted as the stream's.
    const warm = await store.write(generate(8 * MIB), { ...opts, maxBytes: 100 * MIB });
    await store.readAll(warm.blobId, warm.keyEnc, { keyring, context });
    await store.remove(warm.blobId);
    const before = process.memoryUsage().rss;
    peak = before;
    const started = performance.now();
    const written = await store.write(generate(total), { ...opts, maxBytes: 100 * MIB });
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = (peak - before) / MIB;
    console.info(
      `60 MB write: rss growth ${growth.toFixed(1)} MB, ${(total / MIB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`,
    );
    expect(written.size).toBe(total);
    expect(growth).toBeLessThan(40);

    let readBytes = 0;
    for await (const part of store.read(written.blobId, written.keyEnc, { keyring, context })) {
      readBytes += (part as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(readBytes).toBe(total);
    console.info(`60 MB write + read: rss peak growth ${((peak - before) / MIB).toFixed(1)} MB`);
    expect((peak - before) / MIB).toBeLessThan(40);
  });
});
