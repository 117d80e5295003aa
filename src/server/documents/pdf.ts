/**
 * Renders an `OfficialDocument` to PDF with pdfkit in the GB/T 9704-2012 layout: A4, 版心
 * 156 × 225 mm, 22 lines per page, body in 3号 (16pt), title in 2号 (22pt), page numbers
 * "— 1 —" in 4号 under the 版心. Line breaking and page breaking are done here (see
 * pdf-text.ts), so field tables split cleanly across pages.
 */
import PDFDocument from 'pdfkit';
import type { FontRole } from './fonts.js';
import {
  type Block,
  type FieldTableBlock,
  type OfficialDocument,
  type SignatureBlock,
  LINES_PER_PAGE,
  MM,
  PAGE_MM,
  SIZE,
  layoutFieldTable,
  signSlot,
  tableColumnFractions,
} from './official.js';
import { type Pdf, type WrappedLine, drawLine, registerFonts, wrapText } from './pdf-text.js';

const PAGE_W = PAGE_MM.width * MM;
const PAGE_H = PAGE_MM.height * MM;
const LEFT = PAGE_MM.left * MM;
const TOP = PAGE_MM.top * MM;
const BOTTOM = PAGE_H - PAGE_MM.bottom * MM;
const WIDTH = PAGE_W - LEFT - PAGE_MM.right * MM;
/** Body line pitch: the 225 mm 版心 holds exactly 22 lines. */
const PITCH = (BOTTOM - TOP) / LINES_PER_PAGE;
/** Title line pitch (2号 needs more room than a body line). */
const TITLE_PITCH = PITCH * 1.25;
/** Table text pitch and cell padding. */
const CELL_PITCH = 20;
const CELL_PAD_X = 5;
const CELL_PAD_Y = 5;
const RULE = 0.75;

/** Tracks the write position while the document flows down the pages. */
class Flow {
  y = TOP;

  constructor(readonly doc: Pdf) {}

  /** Starts a new page and puts the cursor at the top of the 版心. */
  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page unless `height` more points fit on the current one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM + 0.01) this.newPage();
  }

  /** Prints wrapped lines one pitch apart, moving to a new page whenever the 版心 is full. */
  lines(
    lines: WrappedLine[],
    o: {
      font: FontRole;
      size: number;
      pitch: number;
      firstIndent?: number;
      align: 'left' | 'center' | 'right' | 'justify';
    },
  ): void {
    lines.forEach((line, i) => {
      this.ensure(o.pitch);
      const indent = i === 0 ? (o.firstIndent ?? 0) : 0;
      const align = o.align === 'justify' && line.last ? 'left' : o.align;
      drawLine(this.doc, line.text, {
        font: o.font,
        size: o.size,
        x: LEFT + indent,
        top: this.y,
        pitch: o.pitch,
        width: WIDTH - indent,
        align,
      });
      this.y += o.pitch;
    });
  }

  /** Wraps and prints a piece of text. */
  text(
    text: string,
    o: {
      font: FontRole;
      size: number;
      pitch: number;
      firstIndent?: number;
      align: 'left' | 'center' | 'right' | 'justify';
    },
  ): void {
    this.doc.font(o.font).fontSize(o.size);
    const indent = o.firstIndent ?? 0;
    this.lines(wrapText(this.doc, text, WIDTH - indent, WIDTH), o);
  }
}

/** Draws a bordered field table, splitting a row across pages when it does not fit. */
function drawFieldTable(flow: Flow, block: FieldTableBlock): void {
  const { doc } = flow;
  const grid = tableColumnFractions(block.columns).map((f) => f * WIDTH);
  doc.font('body').fontSize(SIZE.table);
  if (flow.y > TOP) flow.y += PITCH / 4;
  for (const row of layoutFieldTable(block)) {
    let x = LEFT;
    const cells = row.map((cell, index) => {
      const start = row.slice(0, index).reduce((n, c) => n + c.span, 0);
      const w = grid.slice(start, start + cell.span).reduce((a, b) => a + b, 0);
      const lines = wrapText(doc, cell.text, w - 2 * CELL_PAD_X).filter((l, i, all) => l.text !== '' || all.length > 1);
      const body = Math.max(lines.length, cell.minLines);
      const geometry = { cell, x, w, lines, total: body + (cell.sign ? 1 : 0) };
      x += w;
      return geometry;
    });
    const rowLines = Math.max(...cells.map((c) => c.total));
    const freshPageLines = Math.floor((BOTTOM - TOP - 2 * CELL_PAD_Y) / CELL_PITCH);
    let from = 0;
    while (from < rowLines) {
      const avail = Math.floor((BOTTOM - flow.y - 2 * CELL_PAD_Y) / CELL_PITCH);
      // keep a row whole when it fits on a fresh page; split only rows taller than a page
      const mustMove = avail < 1 || (from === 0 && rowLines <= freshPageLines && avail < rowLines);
      if (mustMove) {
        flow.newPage();
        continue;
      }
      const take = Math.min(avail, rowLines - from);
      const whole = from === 0 && take === rowLines;
      const h = 2 * CELL_PAD_Y + take * CELL_PITCH;
      for (const c of cells) {
        doc.lineWidth(RULE).rect(c.x, flow.y, c.w, h).stroke('#000000');
        const centredVertically = whole && !c.cell.sign && c.cell.minLines <= 1;
        const offset = centredVertically ? ((rowLines - c.lines.length) * CELL_PITCH) / 2 : 0;
        for (let i = from; i < from + take; i++) {
          const line = c.lines[i];
          if (!line) continue;
          drawLine(doc, line.text, {
            font: 'body',
            size: SIZE.table,
            x: c.x + CELL_PAD_X,
            top: flow.y + CELL_PAD_Y + offset + (i - from) * CELL_PITCH,
            pitch: CELL_PITCH,
            width: c.w - 2 * CELL_PAD_X,
            align: c.cell.role === 'label' ? 'center' : line.last ? 'left' : 'justify',
          });
        }
        const signAt = rowLines - 1;
        if (c.cell.sign && signAt >= from && signAt < from + take) {
          drawLine(doc, signSlot(c.cell.sign), {
            font: 'body',
            size: SIZE.table,
            x: c.x + CELL_PAD_X,
            top: flow.y + CELL_PAD_Y + (signAt - from) * CELL_PITCH,
            pitch: CELL_PITCH,
            width: c.w - 2 * CELL_PAD_X - SIZE.table,
            align: 'right',
          });
        }
      }
      flow.y += h;
      from += take;
    }
  }
  flow.y += PITCH / 2;
}

/** Draws signature lines: "<label>：_________日期：__年__月__日". */
function drawSignatures(flow: Flow, block: SignatureBlock): void {
  const { doc } = flow;
  const size = SIZE.body;
  flow.y += PITCH / 2;
  for (const line of block.lines) {
    flow.ensure(PITCH);
    doc.font('body').fontSize(size);
    const label = `${line.label}：`;
    const dateText = line.date === false ? '' : '日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日';
    const labelW = doc.widthOfString(label);
    const dateW = dateText ? doc.widthOfString(dateText) : 0;
    const gap = dateText ? size * 1.5 : 0;
    const underline = Math.max(size * 4, Math.min(size * 8, WIDTH - labelW - dateW - gap));
    drawLine(doc, label, { font: 'body', size, x: LEFT, top: flow.y, pitch: PITCH });
    const ruleY = flow.y + PITCH / 2 + 0.38 * size + 3;
    doc
      .lineWidth(RULE)
      .moveTo(LEFT + labelW, ruleY)
      .lineTo(LEFT + labelW + underline, ruleY)
      .stroke('#000000');
    if (dateText) {
      drawLine(doc, dateText, { font: 'body', size, x: LEFT + labelW + underline + gap, top: flow.y, pitch: PITCH });
    }
    flow.y += PITCH * 1.25;
  }
}

/** Draws one body block. */
function drawBlock(flow: Flow, block: Block): void {
  switch (block.kind) {
    case 'paragraph': {
      const align = block.align ?? 'justify';
      const indent = (block.indent ?? align === 'justify') ? 2 * SIZE.body : 0;
      flow.text(block.text, { font: 'body', size: SIZE.body, pitch: PITCH, firstIndent: indent, align });
      return;
    }
    case 'heading':
      flow.text(block.text, {
        font: block.level === 1 ? 'bold' : 'body',
        size: SIZE.body,
        pitch: PITCH,
        firstIndent: 2 * SIZE.body,
        align: 'justify',
      });
      return;
    case 'fields':
      drawFieldTable(flow, block);
      return;
    case 'signatures':
      drawSignatures(flow, block);
      return;
    case 'spacer':
      flow.y += block.lines * PITCH;
      if (flow.y > BOTTOM) flow.newPage();
      return;
  }
}

/** Draws the issuer centred over the date, the date right-aligned with four characters to spare. */
function drawSignOff(flow: Flow, issuer: string | undefined, date: string | undefined): void {
  const { doc } = flow;
  const size = SIZE.body;
  flow.y += PITCH;
  flow.ensure((issuer && date ? 2 : 1) * PITCH);
  doc.font('body').fontSize(size);
  const right = LEFT + WIDTH;
  const dateW = date ? doc.widthOfString(date) : 0;
  // GB/T 9704-2012 §7.3.5.1: 成文日期右空四字, 发文机关署名以成文日期为准居中
  const dateX = right - 4 * size - dateW;
  if (issuer) {
    const issuerW = doc.widthOfString(issuer);
    const centre = date ? dateX + dateW / 2 : right - 2 * size - issuerW / 2;
    const x = Math.max(LEFT, Math.min(centre - issuerW / 2, right - issuerW));
    drawLine(doc, issuer, { font: 'body', size, x, top: flow.y, pitch: PITCH });
    flow.y += PITCH;
  }
  if (date) {
    drawLine(doc, date, { font: 'body', size, x: dateX, top: flow.y, pitch: PITCH });
    flow.y += PITCH;
  }
}

/** Draws the 版记 (footer text between two rules) at the bottom of the last page. */
function drawFooter(flow: Flow, footer: string): void {
  const { doc } = flow;
  const size = SIZE.small;
  const pitch = size * 1.6;
  doc.font('body').fontSize(size);
  const lines = wrapText(doc, footer, WIDTH - size, WIDTH - size);
  const h = lines.length * pitch + 8;
  if (flow.y + h > BOTTOM) flow.newPage();
  let y = BOTTOM - h;
  doc
    .lineWidth(RULE)
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .stroke('#000000');
  y += 4;
  for (const line of lines) {
    drawLine(doc, line.text, { font: 'body', size, x: LEFT + size / 2, top: y, pitch, width: WIDTH - size });
    y += pitch;
  }
  doc
    .lineWidth(RULE)
    .moveTo(LEFT, BOTTOM)
    .lineTo(LEFT + WIDTH, BOTTOM)
    .stroke('#000000');
  flow.y = BOTTOM;
}

/** Prints "— n —" centred 7 mm below the 版心 on every buffered page. */
function drawPageNumbers(doc: Pdf): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    drawLine(doc, `— ${i + 1} —`, {
      font: 'body',
      size: SIZE.table,
      x: LEFT,
      top: BOTTOM + 7 * MM - 3,
      pitch: SIZE.table * 1.5,
      width: WIDTH,
      align: 'center',
    });
  }
}

/** Collects a pdfkit document's output into one buffer; call before `doc.end()`. */
export function collectPdf(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * Renders an official document to a PDF buffer (A4, GB/T 9704-2012 margins, embedded subset of
 * Noto Serif SC, page numbers, metadata Title = the document title). Throws only if the fonts
 * are missing (see `loadFont`).
 */
export async function renderPdf(model: OfficialDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: PAGE_MM.bottom * MM, left: LEFT, right: PAGE_MM.right * MM },
    bufferPages: true,
    displayTitle: true,
    lang: 'zh-CN',
    info: {
      Title: model.title,
      Author: model.author ?? model.issuer ?? '',
      Creator: 'Qingfeng 清风',
      Producer: 'Qingfeng 清风 (pdfkit)',
    },
  });
  const done = collectPdf(doc);
  registerFonts(doc);
  const flow = new Flow(doc);

  if (model.confidentiality) {
    flow.text(model.confidentiality, { font: 'bold', size: SIZE.body, pitch: PITCH, align: 'left' });
  }
  flow.text(model.title, { font: 'title', size: SIZE.title, pitch: TITLE_PITCH, align: 'center' });
  if (model.docNumber) {
    flow.text(model.docNumber, {
      font: 'body',
      size: SIZE.body,
      pitch: PITCH,
      align: model.docNumberAlign ?? 'center',
    });
  }
  // 标题下空一行 (a form's 编号 line already separates the title from the table)
  flow.y += model.docNumber && model.docNumberAlign === 'right' ? 4 : PITCH / 2;
  if (model.recipient) flow.text(model.recipient, { font: 'body', size: SIZE.body, pitch: PITCH, align: 'left' });
  for (const block of model.blocks) drawBlock(flow, block);
  if (model.issuer || model.date) drawSignOff(flow, model.issuer, model.date);
  if (model.footer) drawFooter(flow, model.footer);
  drawPageNumbers(doc);
  doc.end();
  return done;
}
