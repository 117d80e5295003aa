/**
 * Printable A4 QR posters (扫码反映问题) for villages and communities: a large QR code that opens
 * the public reporting page, the place name, the 12388-style hotline and the protection promise.
 * A county prints hundreds at once, so `streamQrPosters` writes one page per place to a stream
 * and never holds the pages in memory.
 */
import { type Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { FontRole } from './fonts.js';
import { MM } from './official.js';
import { collectPdf } from './pdf.js';
import { type Pdf, drawLine, registerFonts, wrapText } from './pdf-text.js';
import { qrPng } from './qr-png.js';

/** What one poster shows. */
export interface QrPosterInput {
  /** The village or community, printed large, e.g. "坡头乡张村". */
  regionName: string;
  /** The county, e.g. "渑池县". */
  countyName: string;
  /** The issuing commission, e.g. "中共渑池县纪委 渑池县监委". */
  commissionName: string;
  /** The reporting hotline, e.g. "0398-12388". */
  hotline: string;
  /** The URL the QR code encodes (the public reporting page for this place). */
  url: string;
  /** An optional extra line, e.g. the reception address and hours. */
  note?: string;
}

const PAGE_W = 210 * MM;
const PAGE_H = 297 * MM;
const RED = '#c00000';
const MARGIN = 22 * MM;
const WIDTH = PAGE_W - 2 * MARGIN;
const QR_SIZE = 92 * MM;

/**
 * Response header of the posters when their QR codes would point to this machine (QF_PUBLIC_URL
 * unset, or set to a loopback address): its value is the address the codes encode. The console
 * warns before the file is saved; a villager's phone could not open such a code.
 */
export const POSTER_URL_WARNING_HEADER = 'x-poster-url-warning';

/** Whether `publicUrl` is an address only this machine can reach (localhost, 127.x, ::1, 0.0.0.0). */
export function isLocalPublicUrl(publicUrl: string): boolean {
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0'
  );
}

/** The protection promise printed on every poster. */
export const POSTER_PROMISE =
  '我们将依纪依法保护举报人的合法权益，对举报人信息和举报内容严格保密；对打击报复举报人的，依纪依法严肃处理。请如实反映问题，不得捏造事实、诬告陷害他人。';

/** Prints centred text, wrapping it and shrinking the size until it fits in `maxLines`. */
function centred(
  doc: Pdf,
  text: string,
  y: number,
  o: { font: FontRole; size: number; maxLines?: number; color?: string; pitch?: number },
): number {
  let size = o.size;
  doc.font(o.font).fontSize(size);
  let lines = wrapText(doc, text, WIDTH);
  while (lines.length > (o.maxLines ?? 99) && size > 10) {
    size -= 2;
    doc.fontSize(size);
    lines = wrapText(doc, text, WIDTH);
  }
  const pitch = o.pitch ?? size * 1.45;
  for (const line of lines) {
    drawLine(doc, line.text, {
      font: o.font,
      size,
      x: MARGIN,
      top: y,
      pitch,
      width: WIDTH,
      align: 'center',
      color: o.color,
    });
    y += pitch;
  }
  return y;
}

/** Draws one poster on the current page. */
function drawPoster(doc: Pdf, input: QrPosterInput): void {
  // error correction M survives a little wear and tape on a printed poster
  const png = qrPng(input.url, { errorCorrectionLevel: 'M', scale: 8, margin: 2 });
  doc
    .lineWidth(3)
    .rect(12 * MM, 12 * MM, PAGE_W - 24 * MM, PAGE_H - 24 * MM)
    .stroke(RED);
  doc
    .lineWidth(0.8)
    .rect(14 * MM, 14 * MM, PAGE_W - 28 * MM, PAGE_H - 28 * MM)
    .stroke(RED);
  let y = 24 * MM;
  y = centred(doc, '清风举报', y, { font: 'title', size: 52, maxLines: 1, color: RED });
  y = centred(doc, '扫码反映问题', y + 2 * MM, { font: 'bold', size: 26, maxLines: 1 });
  y += 5 * MM;
  y = centred(doc, input.countyName, y, { font: 'body', size: 20, maxLines: 1 });
  y = centred(doc, input.regionName, y, { font: 'bold', size: 36, maxLines: 2 });
  y += 4 * MM;
  doc.image(png, (PAGE_W - QR_SIZE) / 2, y, { width: QR_SIZE, height: QR_SIZE });
  y += QR_SIZE + 1 * MM;
  y = centred(doc, input.url, y, { font: 'body', size: 9, maxLines: 2, color: '#444444' });
  y += 3 * MM;
  y = centred(doc, `举报电话：${input.hotline}`, y, { font: 'title', size: 30, maxLines: 1, color: RED });
  y += 3 * MM;
  y = centred(doc, POSTER_PROMISE, y, { font: 'body', size: 14, maxLines: 4, pitch: 22 });
  if (input.note) y = centred(doc, input.note, y + 2 * MM, { font: 'body', size: 12, maxLines: 2 });
  centred(doc, input.commissionName, PAGE_H - 34 * MM, { font: 'bold', size: 18, maxLines: 2 });
}

/** Creates the poster PDF document with metadata and fonts, without any page. */
function posterDocument(title: string): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margin: 0,
    displayTitle: true,
    lang: 'zh-CN',
    info: { Title: title, Creator: 'Qingfeng 清风', Producer: 'Qingfeng 清风 (pdfkit)' },
  });
  registerFonts(doc);
  return doc;
}

/**
 * Streams one PDF with one poster page per input; pages are written out as they are drawn, so
 * hundreds of villages need little memory. Errors (e.g. a URL too long for a QR code) destroy
 * the stream with that error. Throws `RangeError` for an empty list (a PDF needs a page).
 */
export function streamQrPosters(inputs: QrPosterInput[]): Readable {
  const first = inputs[0];
  if (!first) throw new RangeError('No posters to render');
  const doc = posterDocument(`${first.countyName}扫码反映问题二维码`);
  void (async () => {
    try {
      for (const input of inputs) {
        doc.addPage({ size: 'A4', margin: 0 });
        drawPoster(doc, input);
        // yield between pages so a consumer can drain the stream and the event loop stays responsive
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      doc.end();
    } catch (error) {
      doc.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return doc;
}

/** Renders a single A4 poster to a PDF buffer. */
export async function renderQrPoster(input: QrPosterInput): Promise<Buffer> {
  return renderQrPosters([input]);
}

/**
 * Renders one PDF buffer with one poster page per input (see `streamQrPosters` for streaming).
 * Throws `RangeError` for an empty list.
 */
export async function renderQrPosters(inputs: QrPosterInput[]): Promise<Buffer> {
  const doc = streamQrPosters(inputs) as Pdf;
  return collectPdf(doc);
}
