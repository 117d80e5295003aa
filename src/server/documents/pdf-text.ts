/**
 * Low-level PDF text helpers shared by the document renderer and the poster: font registration,
 * CJK-aware line breaking (with 避头尾 rules) and drawing one line at an exact position. The
 * renderers break lines themselves instead of letting pdfkit flow text, so that line pitch, page
 * breaks and table rows that split across pages are fully under their control.
 */
import type PDFDocument from 'pdfkit';
import { type FontRole, loadFont } from './fonts.js';

/** A pdfkit document instance. */
export type Pdf = InstanceType<typeof PDFDocument>;

/** Registers the three CJK font roles on a pdfkit document under their role names. */
export function registerFonts(doc: Pdf): void {
  for (const role of ['body', 'bold', 'title'] as const) doc.registerFont(role, loadFont(role).data);
}

/** Characters that may not begin a line (行首禁则). */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}%');
/** Characters that may not end a line (行尾禁则). */
const NO_LINE_END = new Set('（《「『【〔〈“‘([{');

/** Splits text into break units: runs of ASCII letters/digits/symbols stay whole, CJK is per character. */
function tokenize(text: string): string[] {
  return text.match(/[\x21-\x7e]+|[ \t]+|[\s\S]/gu) ?? [];
}

/** One wrapped line; `last` marks the end of a paragraph or hard break, which is never justified. */
export interface WrappedLine {
  /** The text of the line, without trailing spaces. */
  text: string;
  /** Whether the line ends a paragraph or a `\n`-separated piece. */
  last: boolean;
}

/**
 * Breaks text into lines no wider than the given widths using the document's current font and
 * size: greedy, a CJK break is allowed between any two characters, ASCII words stay whole unless
 * longer than a line, and closing punctuation never starts a line (the character before it moves
 * down with it).
 */
export function wrapText(doc: Pdf, text: string, firstWidth: number, restWidth = firstWidth): WrappedLine[] {
  const out: WrappedLine[] = [];
  const widthCache = new Map<string, number>();
  const measure = (s: string): number => {
    let w = widthCache.get(s);
    if (w === undefined) {
      w = doc.widthOfString(s);
      widthCache.set(s, w);
    }
    return w;
  };
  for (const piece of text.split('\n')) {
    let line: string[] = [];
    let lineWidth = 0;
    const limit = (): number => (out.length === 0 ? firstWidth : restWidth);
    const flush = (): void => {
      out.push({ text: line.join('').trimEnd(), last: false });
      line = [];
      lineWidth = 0;
    };
    const units: string[] = [];
    for (const token of tokenize(piece)) {
      // an ASCII run longer than a whole line (a URL) is broken between characters
      if (/^[\x21-\x7e]+$/.test(token) && measure(token) > restWidth) units.push(...token);
      else units.push(token);
    }
    for (const unit of units) {
      const w = measure(unit);
      if (line.length === 0 && /^\s+$/.test(unit)) continue;
      if (lineWidth + w <= limit() + 0.01 || line.length === 0) {
        line.push(unit);
        lineWidth += w;
        continue;
      }
      if (/^\s+$/.test(unit)) {
        flush();
        continue;
      }
      let carried: string[] = [];
      // 避头尾: closing punctuation takes the previous character along; opening punctuation
      // does not stay at the end of a line
      if (NO_LINE_START.has(unit[0] ?? '') && line.length > 1) carried = line.splice(-1);
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1] ?? '')) carried.unshift(...line.splice(-1));
      flush();
      for (const c of carried) {
        line.push(c);
        lineWidth += measure(c);
      }
      line.push(unit);
      lineWidth += w;
    }
    out.push({ text: line.join('').trimEnd(), last: true });
  }
  return out;
}

/** Options for `drawLine`. */
export interface DrawLineOptions {
  /** Font role. */
  font: FontRole;
  /** Font size in points. */
  size: number;
  /** Left edge of the text box. */
  x: number;
  /** Top of the line slot. */
  top: number;
  /** Height of the line slot; the glyphs' em box is centred in it. */
  pitch: number;
  /** Width of the text box, needed for centre, right and justified alignment. */
  width?: number;
  /** Alignment inside the text box. */
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Fill colour. */
  color?: string;
}

/** Draws one line of text so that the CJK em box sits centred in the line slot. */
export function drawLine(doc: Pdf, text: string, o: DrawLineOptions): void {
  if (text === '') return;
  doc
    .font(o.font)
    .fontSize(o.size)
    .fillColor(o.color ?? '#000000');
  const width = o.width ?? 0;
  const natural = doc.widthOfString(text);
  let x = o.x;
  let characterSpacing = 0;
  if (o.align === 'center') x += (width - natural) / 2;
  else if (o.align === 'right') x += width - natural;
  else if (o.align === 'justify') {
    const count = [...text].length;
    const spare = width - natural;
    // spread the slack between characters (CJK justification), but never stretch a line badly
    if (count > 1 && spare > 0 && spare < 3 * o.size && spare / (count - 1) < 0.35 * o.size)
      characterSpacing = spare / (count - 1);
  }
  // the ideographic em box runs from 0.12em below to 0.88em above the baseline
  const baseline = o.top + o.pitch / 2 + 0.38 * o.size;
  const y = baseline - loadFont(o.font).ascender * o.size;
  doc.text(text, x, y, { lineBreak: false, characterSpacing });
}
