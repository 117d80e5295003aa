import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import { PHONE_METADATA, phoneJpeg, samplePdf, samplePng } from '../../test/sample-files.js';
import { pdfText } from '../../test/pdf.js';
import { HEIC_REFUSAL } from './clean-image.js';
import { cleanFile } from './clean.js';

/** The error code `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: unknown; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, details: err.details, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

/** `pdfinfo` (poppler, a real reader) on `bytes`, with extra flags. */
function pdfinfo(bytes: Buffer, flags: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'qf-clean-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    return execFileSync('pdfinfo', [...flags, join(dir, 'f.pdf')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(4000, 0x90), Buffer.from('PE\0\0')]);

describe('cleaning images', () => {
  it('re-encodes a phone JPEG without EXIF GPS, camera model, XMP or IPTC, turned upright', async () => {
    const input = await phoneJpeg(6);
    // The fixture really carries what a phone writes (read back by exif-reader).
    const before = await sharp(input).metadata();
    const tags = exifReader(before.exif!);
    expect(tags.Image?.Model).toBe(PHONE_METADATA.model);
    expect(tags.GPSInfo?.GPSLatitude).toEqual([...PHONE_METADATA.latitude]);
    expect(tags.GPSInfo?.GPSLongitudeRef).toBe('E');
    expect(before.xmp?.toString('utf8')).toContain(PHONE_METADATA.xmpCreator);
    expect(before.iptc?.includes(Buffer.from(PHONE_METADATA.iptcByline))).toBe(true);
    expect([before.width, before.height, before.orientation]).toEqual([64, 48, 6]);

    const out = await cleanFile(input);
    expect(out.contentType).toBe('image/jpeg');
    const after = await sharp(out.bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect([after.exif, after.xmp, after.iptc, after.icc, after.orientation]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    for (const text of [PHONE_METADATA.model, PHONE_METADATA.make, PHONE_METADATA.iptcByline, 'Exif', 'GPS']) {
      expect(out.bytes.includes(Buffer.from(text))).toBe(false);
    }
    // Orientation 6 applied: the picture is now 48×64, the red left half on top.
    expect([after.width, after.height]).toEqual([48, 64]);
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(pixel(24, 6)[0]).toBeGreaterThan(200);
    expect(pixel(24, 6)[2]).toBeLessThan(60);
    expect(pixel(24, 58)[2]).toBeGreaterThan(200);
    expect(pixel(24, 58)[0]).toBeLessThan(60);
  });

  it('strips EXIF written by sharp from PNG and WebP too, and keeps animation', async () => {
    const exif = { IFD0: { Model: 'HUAWEI P60' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 35/1 0/1' } };
    const base = sharp({ create: { width: 20, height: 10, channels: 3, background: '#3a6' } }).withExif(exif);
    for (const [format, input] of [
      ['png', await base.clone().png().toBuffer()],
      ['webp', await base.clone().webp().toBuffer()],
    ] as const) {
      expect(exifReader((await sharp(input).metadata()).exif!).Image?.Model).toBe('HUAWEI P60');
      const out = await cleanFile(input);
      expect(out.contentType).toBe(`image/${format}`);
      const meta = await sharp(out.bytes).metadata();
      expect([meta.format, meta.exif, meta.width]).toEqual([format, undefined, 20]);
      expect(out.bytes.includes(Buffer.from('HUAWEI'))).toBe(false);
    }
    const frame = (background: string) =>
      sharp({ create: { width: 8, height: 8, channels: 3, background } })
        .png()
        .toBuffer();
    const animation = await sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animation, { animated: true }).metadata()).pages).toBe(2);
    const gif = await cleanFile(animation);
    const meta = await sharp(gif.bytes, { animated: true }).metadata();
    expect([gif.contentType, meta.format, meta.pages]).toEqual(['image/gif', 'gif', 2]);
  });

  it('refuses a JPEG header in front of an executable, and drops an executable appended to a real JPEG', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), EXE]);
    expect((await refusal(cleanFile(fake))).code).toBe('FILE_UNREADABLE');
    const png = Buffer.concat([samplePng(1).subarray(0, 16), EXE]);
    expect((await refusal(cleanFile(png))).code).toBe('FILE_UNREADABLE');
    const polyglot = Buffer.concat([await phoneJpeg(1), EXE]);
    const out = await cleanFile(polyglot);
    expect(out.bytes.includes(Buffer.from('PE\0\0'))).toBe(false);
    expect(out.bytes.includes(EXE.subarray(0, 64))).toBe(false);
  });

  it('caps the longest side at 4096 pixels and refuses HEIC (no decoder) with a reason', async () => {
    const big = await sharp({ create: { width: 5000, height: 3000, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const meta = await sharp((await cleanFile(big)).bytes).metadata();
    expect([meta.width, meta.height]).toEqual([4096, 2458]);
    const heic = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(200)]);
    const refused = await refusal(cleanFile(heic));
    expect(refused).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', details: { reason: 'heic' } });
    // It says in plain words what to do: send a screenshot, or choose 兼容性最佳 for the camera.
    expect(refused.message).toBe(HEIC_REFUSAL);
    expect(refused.message).toContain('截图');
    expect(refused.message).toContain('“兼容性最佳”');
  });
});

describe('cleaning PDFs', () => {
  const JS_OPEN = '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>';

  it('refuses a JavaScript OpenAction, launch actions, additional actions, embedded files, rich media and XFA', async () => {
    const cases: [string, Parameters<typeof samplePdf>[0]][] = [
      ['OpenAction/JavaScript', { catalog: JS_OPEN }],
      [
        'JavaScript',
        {
          catalog: '/OpenAction 4 0 R',
          objects: ['<< /S /JavaScript /JS 5 0 R >>', '<< /Length 0 >>\nstream\n\nendstream'],
        },
      ],
      ['S/Launch', { catalog: '/OpenAction << /S /Launch /F (cmd.exe) >>' }],
      [
        'Names/JavaScript',
        { catalog: '/Names << /JavaScript << /Names [(a) 4 0 R] >> >>', objects: ['<< /S /GoTo /D [3 0 R /Fit] >>'] },
      ],
      ['AA', { catalog: '/AA << /WC << /S /GoTo /D [3 0 R /Fit] >> >>' }],
      [
        'Names/EmbeddedFiles',
        {
          catalog: '/Names << /EmbeddedFiles << /Names [(x.exe) 4 0 R] >> >>',
          objects: ['<< /Type /Filespec /F (x.exe) >>'],
        },
      ],
      ['Type/EmbeddedFile', { objects: ['<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream'] }],
      ['Subtype/RichMedia', { objects: ['<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>'] }],
      ['XFA', { catalog: '/AcroForm << /Fields [] /XFA 4 0 R >>', objects: ['<< /Length 0 >>\nstream\n\nendstream'] }],
      ['S/SubmitForm', { objects: ['<< /S /SubmitForm /F (http://example.invalid/) >>'] }],
    ];
    for (const [found, opts] of cases) {
      const pdf = samplePdf(opts);
      expect(pdfText(pdf)).toBe(''); // poppler reads every case as a PDF
      const refused = await refusal(cleanFile(pdf));
      expect(refused.code, found).toBe('FILE_ACTIVE_CONTENT');
      expect((refused.details as { found: string }).found, found).toContain(found.split('/').pop());
    }
  });

  it('sees JavaScript hidden in a compressed object stream', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    const action = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.launchURL("http://x.invalid")') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
    const bytes = Buffer.from(await doc.save({ useObjectStreams: true }));
    // The keyword is not in the file as bytes: only a parser that inflates object streams sees it.
    expect(bytes.includes(Buffer.from('JavaScript'))).toBe(false);
    expect(bytes.includes(Buffer.from('/ObjStm'))).toBe(true);
    expect(pdfinfo(bytes)).toMatch(/Pages:\s+1/);
    expect(await refusal(cleanFile(bytes))).toMatchObject({
      code: 'FILE_ACTIVE_CONTENT',
      details: { found: 'OpenAction/JavaScript' },
    });
  });

  it('strips the Info dictionary and XMP metadata, keeps the pages and a plain GoTo open action, refuses broken and encrypted PDFs', async () => {
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><pdf:Producer>QF-XMP-TOOL</pdf:Producer></x:xmpmeta>';
    const pdf = samplePdf({
      catalog: '/Metadata 4 0 R /OpenAction [3 0 R /Fit] /PieceInfo << /QF << /Private (QF-PRIVATE) >> >>',
      objects: [`<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream`],
      info: '<< /Author (QF-AUTHOR) /Producer (WPS Office) /Creator (QF-CREATOR) /CreationDate (D:20261128094107+08) >>',
    });
    const before = pdfinfo(pdf) + pdfinfo(pdf, ['-meta']);
    expect(before).toContain('QF-AUTHOR');
    expect(before).toContain('QF-XMP-TOOL');
    const out = await cleanFile(pdf);
    expect(out.contentType).toBe('application/pdf');
    const after = pdfinfo(out.bytes) + pdfinfo(out.bytes, ['-meta']);
    expect(after).toMatch(/Pages:\s+1/);
    for (const text of ['QF-AUTHOR', 'WPS', 'QF-CREATOR', 'QF-XMP-TOOL', 'CreationDate', 'pdf-lib']) {
      expect(after).not.toContain(text);
    }
    for (const text of ['QF-AUTHOR', 'QF-XMP-TOOL', 'QF-PRIVATE', '/Info', 'Metadata', 'pdf-lib']) {
      expect(out.bytes.includes(Buffer.from(text)), text).toBe(false);
    }
    expect((await refusal(cleanFile(Buffer.concat([Buffer.from('%PDF-1.4\n'), EXE])))).code).toBe('FILE_UNREADABLE');
    const encrypted = samplePdf({ objects: ['<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>'] }).toString(
      'latin1',
    );
    const withEncrypt = Buffer.from(
      encrypted.replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 4 0 R /ID [(a) (a)]'),
      'latin1',
    );
    expect((await refusal(cleanFile(withEncrypt))).code).toBe('FILE_UNREADABLE');
  });
});

/** MPEG-1 Layer III frames, 128 kbit/s at 44.1 kHz (417 bytes each), with a recognisable payload. */
function mp3Frames(count: number): Buffer {
  return Buffer.concat(
    Array.from({ length: count }, (_, i) => {
      const frame = Buffer.alloc(417, i + 1);
      frame.set([0xff, 0xfb, 0x90, 0x00]);
      return frame;
    }),
  );
}

/** An ID3v2.3 tag with one text frame per entry. */
function id3v2(frames: Record<string, string>): Buffer {
  const body = Buffer.concat(
    Object.entries(frames).map(([id, text]) => {
      const value = Buffer.concat([Buffer.from([3]), Buffer.from(text, 'utf8')]);
      const head = Buffer.alloc(10);
      head.write(id, 0, 'latin1');
      head.writeUInt32BE(value.length, 4);
      return Buffer.concat([head, value]);
    }),
  );
  const head = Buffer.from('ID3\x03\x00\x00\0\0\0\0', 'latin1');
  const n = body.length;
  head.set([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f], 6);
  return Buffer.concat([head, body]);
}

/** An ISO box. */
function box(type: string, ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A full box header (version, flags) followed by `rest`. */
function full(type: string, rest: Buffer): Buffer {
  return box(type, Buffer.alloc(4), rest);
}

/** An M4A: ftyp, moov (times set, handler `handler`, iTunes tags with a location) and mdat. */
function m4a(handler = 'soun'): Buffer {
  const times = Buffer.alloc(80);
  times.writeUInt32BE(0xe1234567, 0); // creation time
  times.writeUInt32BE(0xe1234568, 4); // modification time
  const tags = box(
    'udta',
    box('©xyz', Buffer.from('+30.5900+114.2900/', 'latin1')),
    full('meta', box('ilst', box('©nam', box('data', Buffer.alloc(8), Buffer.from('QF-M4A-TITLE'))))),
  );
  const hdlr = Buffer.alloc(20);
  hdlr.write(handler, 4, 'latin1');
  return Buffer.concat([
    box('ftyp', Buffer.from('M4A \0\0\0\0M4A mp42isom', 'latin1')),
    box(
      'moov',
      full('mvhd', times),
      box('trak', full('tkhd', times), box('mdia', full('mdhd', times.subarray(0, 20)), full('hdlr', hdlr))),
      tags,
    ),
    box('mdat', Buffer.alloc(64, 0x21)),
  ]);
}

/** An Ogg page of one logical stream holding `packets` (each under 255 × 255 bytes). */
function oggPage(seq: number, flags: number, packets: Buffer[]): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    for (let n = p.length; ; n -= 255) {
      lacing.push(Math.min(n, 255));
      if (n < 255) break;
    }
  }
  const head = Buffer.alloc(27 + lacing.length);
  head.write('OggS', 0, 'latin1');
  head[5] = flags;
  head.writeUInt32LE(0x51f0, 14);
  head.writeUInt32LE(seq, 18);
  head[26] = lacing.length;
  head.set(lacing, 27);
  const page = Buffer.concat([head, ...packets]);
  page.writeUInt32LE(oggCrcForTest(page), 22);
  return page;
}

function oggCrcForTest(page: Buffer): number {
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let j = 0; j < 8; j++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    crc >>>= 0;
  }
  return crc;
}

/** An Opus file: OpusHead, OpusTags (vendor and two comments), one audio packet. */
function opus(): Buffer {
  const head = Buffer.concat([Buffer.from('OpusHead\x01\x01', 'latin1'), Buffer.alloc(9)]);
  const comments = ['ARTIST=QF-OGG-王某', 'LOCATION=30.59,114.29'].map((c) => Buffer.from(c, 'utf8'));
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const vendor = Buffer.from('QF-VENDOR libopus 1.3');
  const tags = Buffer.concat([
    Buffer.from('OpusTags', 'latin1'),
    u32(vendor.length),
    vendor,
    u32(comments.length),
    ...comments.flatMap((c) => [u32(c.length), c]),
  ]);
  return Buffer.concat([oggPage(0, 2, [head]), oggPage(1, 0, [tags]), oggPage(2, 4, [Buffer.alloc(300, 0x7c)])]);
}

describe('cleaning audio', () => {
  it('cuts ID3v2, APE and ID3v1 tags from an MP3 and keeps only its frames', async () => {
    const frames = mp3Frames(5);
    const ape = Buffer.concat([Buffer.from('QF-APE-ITEM'), Buffer.alloc(21)]);
    const apeFooter = Buffer.alloc(32);
    apeFooter.write('APETAGEX', 0, 'latin1');
    apeFooter.writeUInt32LE(2000, 8);
    apeFooter.writeUInt32LE(ape.length + 32, 12);
    const v1 = Buffer.alloc(128);
    v1.write('TAGQF-ID3V1-TITLE', 0, 'latin1');
    const input = Buffer.concat([id3v2({ TIT2: 'QF-ID3-标题', TPE1: '王某' }), frames, ape, apeFooter, v1]);
    const out = await cleanFile(input);
    expect(out).toEqual({ bytes: frames, contentType: 'audio/mpeg' });
    // Junk after the first frames is dropped; a tag in front of no frames is refused.
    expect((await cleanFile(Buffer.concat([frames, EXE]))).bytes).toEqual(frames);
    expect((await refusal(cleanFile(Buffer.concat([id3v2({ TIT2: 'x' }), EXE])))).code).toBe('FILE_UNREADABLE');
  });

  it('rebuilds a WAV from fmt and data only', async () => {
    const fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(1, 0);
    fmt.writeUInt16LE(1, 2);
    fmt.writeUInt32LE(8000, 4);
    fmt.writeUInt32LE(16000, 8);
    fmt.writeUInt16LE(2, 12);
    fmt.writeUInt16LE(16, 14);
    const chunk = (id: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
    };
    const info = chunk('LIST', Buffer.concat([Buffer.from('INFO'), chunk('INAM', Buffer.from('QF-WAV-NAME\0'))]));
    const data = chunk('data', Buffer.alloc(400, 0x11));
    const riff = (parts: Buffer[]) => {
      const body = Buffer.concat([Buffer.from('WAVE'), ...parts]);
      const head = Buffer.from('RIFF\0\0\0\0', 'latin1');
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    const out = await cleanFile(riff([chunk('fmt ', fmt), info, data, chunk('id3 ', Buffer.from('QF-ID3-IN-WAV'))]));
    expect(out).toEqual({ bytes: riff([chunk('fmt ', fmt), data]), contentType: 'audio/wav' });
    expect((await refusal(cleanFile(riff([info])))).code).toBe('FILE_UNREADABLE');
  });

  it('blanks the tags and times of an M4A in place and refuses a video', async () => {
    const input = m4a();
    const out = await cleanFile(input);
    expect(out.contentType).toBe('audio/mp4');
    expect(out.bytes.length).toBe(input.length);
    for (const text of ['QF-M4A-TITLE', '+30.5900', 'udta', 'ilst', '©xyz']) {
      expect(input.includes(Buffer.from(text, 'latin1')), text).toBe(true);
      expect(out.bytes.includes(Buffer.from(text, 'latin1')), text).toBe(false);
    }
    expect(out.bytes.includes(Buffer.from([0xe1, 0x23, 0x45, 0x67]))).toBe(false);
    expect(out.bytes.subarray(out.bytes.length - 64)).toEqual(Buffer.alloc(64, 0x21));
    expect(await refusal(cleanFile(m4a('vide')))).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: { reason: 'video' },
    });
  });

  it('overwrites the Opus comments and vendor in place with valid page checksums', async () => {
    const input = opus();
    const out = await cleanFile(input);
    expect(out.contentType).toBe('audio/ogg');
    expect(out.bytes.length).toBe(input.length);
    for (const text of ['QF-OGG', 'LOCATION', 'QF-VENDOR'])
      expect(out.bytes.includes(Buffer.from(text)), text).toBe(false);
    expect(out.bytes.includes(Buffer.from('OpusTags'))).toBe(true);
    for (let at = 0; at < out.bytes.length;) {
      const count = out.bytes[at + 26]!;
      const length = 27 + count + [...out.bytes.subarray(at + 27, at + 27 + count)].reduce((a, b) => a + b, 0);
      const page = Buffer.from(out.bytes.subarray(at, at + length));
      const stored = page.readUInt32LE(22);
      page.writeUInt32LE(0, 22);
      expect(oggCrcForTest(page)).toBe(stored);
      at += length;
    }
  });

  it('keeps the frames of an AMR recording and drops what follows them', async () => {
    const frame = Buffer.alloc(32, 0x55);
    frame[0] = 0x3c; // mode 12.2 kbit/s, quality bit set
    const amr = Buffer.concat([Buffer.from('#!AMR\n'), frame, frame, frame]);
    expect((await cleanFile(Buffer.concat([amr, EXE]))).bytes).toEqual(amr);
    expect((await refusal(cleanFile(Buffer.concat([Buffer.from('#!AMR\n'), Buffer.from([0xff]), EXE])))).code).toBe(
      'FILE_UNREADABLE',
    );
  });
});

describe('cleaning damaged files', () => {
  it('answers every flipped, cut or spliced variant of each format with a cleaned file or a 4xx refusal, never a crash', async () => {
    const frame = Buffer.alloc(32, 0x55);
    frame[0] = 0x3c;
    const samples: Buffer[] = [
      await phoneJpeg(6),
      samplePng(5, 8, 8),
      samplePdf({ info: '<< /Author (x) >>', catalog: '/OpenAction [3 0 R /Fit]' }),
      Buffer.concat([id3v2({ TIT2: 'x' }), mp3Frames(3)]),
      m4a(),
      opus(),
      Buffer.concat([Buffer.from('#!AMR\n'), frame, frame]),
    ];
    // A fixed-seed generator: the same variants on every run.
    let seed = 20261205;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let cleaned = 0;
    let refused = 0;
    for (const sample of samples) {
      for (let i = 0; i < 60; i++) {
        const bytes = Buffer.from(sample);
        const kind = i % 3;
        let variant: Buffer;
        if (kind === 0) {
          for (let k = 0; k < 1 + random(8); k++) bytes[16 + random(bytes.length - 16)] = random(256);
          variant = bytes;
        } else if (kind === 1) {
          variant = bytes.subarray(0, 16 + random(bytes.length - 16));
        } else {
          const at = 16 + random(bytes.length - 16);
          variant = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(random(600), random(256)), bytes.subarray(at)]);
        }
        try {
          await cleanFile(variant);
          cleaned += 1;
        } catch (err) {
          expect(err).toBeInstanceOf(DomainError);
          expect((err as DomainError).statusCode).toBeGreaterThanOrEqual(400);
          expect((err as DomainError).statusCode).toBeLessThan(500);
          refused += 1;
        }
      }
    }
    expect(cleaned + refused).toBe(samples.length * 60);
    expect(refused).toBeGreaterThan(0);
  });
});
