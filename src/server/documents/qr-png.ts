/**
 * QR code as a small 8-bit greyscale PNG. The matrix comes from `qrcode`; the PNG is encoded here
 * because qrcode's own RGBA PNG encoder takes ~8 ms per code and its alpha channel makes pdfkit
 * embed a second (mask) image, which adds up on a 300-page poster run.
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** Options for `qrPng`. */
export interface QrPngOptions {
  /** Error correction level; M (15 %) survives some wear on a printed poster. */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** Pixels per module. */
  scale?: number;
  /** Quiet zone in modules (the standard asks for 4). */
  margin?: number;
}

/** Wraps data in a PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes text as a QR code and returns it as a greyscale PNG (black modules on white).
 * Throws qrcode's error when the text is too long for a QR code.
 */
export function qrPng(text: string, o: QrPngOptions = {}): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: o.errorCorrectionLevel ?? 'M' });
  const scale = o.scale ?? 8;
  const margin = o.margin ?? 4;
  const side = (modules.size + 2 * margin) * scale;
  const stride = side + 1;
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) {
    raw[y * stride] = 0; // filter type None
    const row = Math.floor(y / scale) - margin;
    if (row < 0 || row >= modules.size) continue;
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      raw.fill(0, y * stride + 1 + (col + margin) * scale, y * stride + 1 + (col + margin + 1) * scale);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
