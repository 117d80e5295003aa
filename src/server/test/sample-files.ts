/**
 * Real files for upload tests, built here byte by byte: images that decode, PDFs that parse,
 * and a phone-style JPEG carrying the metadata a phone writes (camera make and model, capture
 * time, GPS position in EXIF, plus XMP and IPTC), so tests can prove the stored copy lost them.
 */
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';

/** A PNG of `width`×`height` RGB pixels, all of one colour derived from `seed` (distinct seeds, distinct files). */
export function samplePng(seed = 0, width = 4, height = 4): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.writeUIntBE(((seed * 2654435761) % 0xffffff) >>> 0, 1 + x * 3, 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF (catalog, pages, page, cross-reference table), with `extra` objects and catalog entries. */
export function samplePdf(opts: { catalog?: string; objects?: string[]; info?: string } = {}): Buffer {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    ...(opts.objects ?? []),
  ];
  if (opts.info) objects.push(opts.info);
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${opts.info ? `/Info ${objects.length} 0 R` : ''} >>\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * A many-page text PDF (a Helvetica line of text `lines` times per page, one content stream per
 * page): 3,000 pages of 60 lines is about 9 MB, the size of a scanned complaint, and takes pdf-lib
 * seconds to parse and rewrite.
 */
export function largePdf(pages: number, lines: number): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const kids = Array.from({ length: pages }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < pages; i++) {
    let text = 'BT /F1 10 Tf 20 800 Td 12 TL\n';
    for (let j = 0; j < lines; j++) text += `(page ${i} line ${j} qingfeng evidence text) '\n`;
    text += 'ET';
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    );
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  const parts: string[] = ['%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const part = `${i + 1} 0 obj\n${o}\nendobj\n`;
    parts.push(part);
    length += part.length;
  });
  parts.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const off of offsets) parts.push(`${String(off).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

/** What `phoneJpeg` writes into its metadata, for tests to look for. */
export const PHONE_METADATA = {
  make: 'Xiaomi',
  model: 'Redmi Note 12 Pro',
  dateTime: '2026:11:28 09:41:07',
  /** 30°35'24.6" N, 114°17'45.2" E (a point in Wuhan). */
  latitude: [30, 35, 24.6],
  longitude: [114, 17, 45.2],
  xmpCreator: 'QF-XMP-CREATOR-王某',
  iptcByline: 'QF-IPTC-BYLINE',
} as const;

/** A little-endian TIFF structure with IFD0 (make, model, orientation, date, GPS pointer) and a GPS IFD, as phones write. */
function phoneExif(orientation: number): Buffer {
  const m = PHONE_METADATA;
  // Layout: header 8 | IFD0 (6 entries) | GPS IFD (4 entries) | data area.
  const ifd0Entries = 6;
  const gpsEntries = 4;
  const ifd0At = 8;
  const gpsAt = ifd0At + 2 + ifd0Entries * 12 + 4;
  let dataAt = gpsAt + 2 + gpsEntries * 12 + 4;
  const buf = Buffer.alloc(1024);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(ifd0At, 4);
  const data = (bytes: Buffer) => {
    const at = dataAt;
    bytes.copy(buf, at);
    dataAt += bytes.length + (bytes.length & 1);
    return at;
  };
  const text = (s: string) => Buffer.from(`${s}\0`, 'latin1');
  const rationals = (values: readonly number[]) => {
    const b = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => {
      b.writeUInt32LE(Math.round(v * 100), i * 8);
      b.writeUInt32LE(100, i * 8 + 4);
    });
    return b;
  };
  let at = 0;
  const entry = (tag: number, type: number, count: number, value: number | Buffer) => {
    buf.writeUInt16LE(tag, at);
    buf.writeUInt16LE(type, at + 2);
    buf.writeUInt32LE(count, at + 4);
    if (typeof value === 'number') {
      if (type === 3) buf.writeUInt16LE(value, at + 8);
      else buf.writeUInt32LE(value, at + 8);
    } else if (value.length <= 4) value.copy(buf, at + 8);
    else buf.writeUInt32LE(data(value), at + 8);
    at += 12;
  };
  buf.writeUInt16LE(ifd0Entries, ifd0At);
  at = ifd0At + 2;
  entry(0x010f, 2, m.make.length + 1, text(m.make));
  entry(0x0110, 2, m.model.length + 1, text(m.model));
  entry(0x0112, 3, 1, orientation);
  entry(0x0131, 2, 9, text('MIUI V14'));
  entry(0x0132, 2, 20, text(m.dateTime));
  entry(0x8825, 4, 1, gpsAt);
  buf.writeUInt32LE(0, at);
  buf.writeUInt16LE(gpsEntries, gpsAt);
  at = gpsAt + 2;
  entry(0x0001, 2, 2, Buffer.from('N\0', 'latin1'));
  entry(0x0002, 5, 3, rationals(m.latitude));
  entry(0x0003, 2, 2, Buffer.from('E\0', 'latin1'));
  entry(0x0004, 5, 3, rationals(m.longitude));
  buf.writeUInt32LE(0, at);
  return buf.subarray(0, dataAt);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * A phone-style JPEG: a 64×48 picture (left half red, right half blue) stored sideways with EXIF
 * orientation `orientation` (6: turn 90° clockwise to view), and APP1 EXIF (make, model, date,
 * GPS), APP1 XMP (creator) and APP13 IPTC (by-line) segments right after SOI, as a phone writes them.
 */
export async function phoneJpeg(orientation = 6): Promise<Buffer> {
  const half = (r: number, b: number) =>
    sharp({ create: { width: 32, height: 48, channels: 3, background: { r, g: 0, b } } })
      .png()
      .toBuffer();
  const plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000' } })
    .composite([
      { input: await half(255, 0), left: 0, top: 0 },
      { input: await half(0, 255), left: 32, top: 0 },
    ])
    .jpeg({ quality: 95 })
    .toBuffer();
  const exif = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), phoneExif(orientation)]));
  const xmp = segment(
    0xe1,
    Buffer.concat([
      Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'),
      Buffer.from(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
          '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>' +
          PHONE_METADATA.xmpCreator +
          '</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
        'utf8',
      ),
    ]),
  );
  const byline = Buffer.from(PHONE_METADATA.iptcByline, 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50, 0x00, byline.length]), byline]);
  const irb = Buffer.alloc(12);
  irb.write('8BIM', 0, 'latin1');
  irb.writeUInt16BE(0x0404, 4);
  irb.writeUInt32BE(iptc.length, 8); // name: empty Pascal string padded to 2 bytes (bytes 6-7 are 0)
  const app13 = segment(
    0xed,
    Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), irb, iptc, Buffer.alloc(iptc.length & 1)]),
  );
  // SOI, then the metadata segments, then the rest of the encoded picture (after its own SOI).
  return Buffer.concat([plain.subarray(0, 2), exif, xmp, app13, plain.subarray(2)]);
}
