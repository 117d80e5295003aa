/**
 * The document model shared by the PDF and DOCX renderers: an official document (公文) laid out
 * after GB/T 9704-2012 《党政机关公文格式》. Templates build this model from plain data; the
 * renderers turn the same model into either format, so the two never drift apart.
 */

/** A body paragraph; by default its first line is indented two characters (首行缩进2字). */
export interface ParagraphBlock {
  kind: 'paragraph';
  /** The text; `\n` starts a new line inside the paragraph without a new indent. */
  text: string;
  /** Alignment; `justify` (the default) fills every line but the last, as Word does for 公文. */
  align?: 'justify' | 'left' | 'center' | 'right';
  /** Whether the first line is indented two characters; defaults to true for justified text. */
  indent?: boolean;
}

/** A heading inside the body: level 1 is "一、…" in 黑体, level 2 is "（一）…" in 楷体. */
export interface HeadingBlock {
  kind: 'heading';
  /** The heading text including its number, e.g. "一、检举控告的受理范围". */
  text: string;
  /** 1 for 一、 headings, 2 for （一） headings. */
  level: 1 | 2;
}

/** One label/value cell pair in a field table. */
export interface Field {
  /** The label cell, e.g. "来访时间". */
  label: string;
  /** The value cell; may be empty for a form to fill in by hand. */
  value: string;
  /** Whether the value spans the rest of the row (always true in a 2-column table). */
  wide?: boolean;
  /** The least number of text lines the value cell is tall, leaving room to write by hand. */
  minLines?: number;
  /** When set, the bottom of the value cell carries "<sign>：____年_月_日", e.g. "签字". */
  sign?: string;
}

/** A bordered label/value table (登记表/呈批表 style), 2 or 4 columns wide. */
export interface FieldTableBlock {
  kind: 'fields';
  /** 2 columns: one label and one value per row; 4 columns: two pairs per row. */
  columns: 2 | 4;
  /** The fields in reading order; in a 4-column table non-wide fields are paired up. */
  fields: Field[];
}

/** One signature line: "<label>：_________日期：__年_月_日". */
export interface SignatureLine {
  /** What signs, e.g. "来访人（签字）". */
  label: string;
  /** Whether a date slot follows the signature; defaults to true. */
  date?: boolean;
}

/** A group of signature lines printed after the body. */
export interface SignatureBlock {
  kind: 'signatures';
  /** The lines in order, one per printed line. */
  lines: SignatureLine[];
}

/** Vertical space of a whole number of body lines. */
export interface SpacerBlock {
  kind: 'spacer';
  /** How many body lines of space to leave. */
  lines: number;
}

/** Everything that can appear in the body of an official document. */
export type Block = ParagraphBlock | HeadingBlock | FieldTableBlock | SignatureBlock | SpacerBlock;

/** An official document in the GB/T 9704-2012 layout, rendered by `renderPdf` and `renderDocx`. */
export interface OfficialDocument {
  /** 标题, e.g. "实名举报受理告知书"; centred in 2号 小标宋. */
  title: string;
  /** 发文字号 or form number, e.g. "渑纪信〔2026〕0001号" or "编号：…"; printed under the title. */
  docNumber?: string;
  /** Where the number goes: centred (发文字号, the default) or right-aligned (a form's 编号). */
  docNumberAlign?: 'center' | 'right';
  /** 主送机关 or addressee, e.g. "张三同志："; printed flush left before the body. */
  recipient?: string;
  /** The body. */
  blocks: Block[];
  /** 发文机关署名; printed near the end, centred over the date. */
  issuer?: string;
  /** 成文日期 as Chinese text, e.g. "2026年11月22日" (see `chineseDate`); right-aligned. */
  date?: string;
  /** 版记 text such as an 印发 line or a 注; printed small under a rule at the end. */
  footer?: string;
  /** 密级/保密 marking, e.g. "内部资料" or "注意保密"; printed at the top left. */
  confidentiality?: string;
  /** Author recorded in the file metadata; defaults to the issuer. */
  author?: string;
}

/** Millimetres to PDF points. */
export const MM = 72 / 25.4;

/** Page geometry of GB/T 9704-2012: A4, 版心 156 × 225 mm, 22 lines of 28 characters. */
export const PAGE_MM = {
  width: 210,
  height: 297,
  top: 37,
  bottom: 35,
  left: 28,
  right: 26,
} as const;

/** Converts millimetres to twips (1/1440 inch), the unit of DOCX page margins. */
export function mmToTwip(mm: number): number {
  return Math.round((mm / 25.4) * 1440);
}

/** Font sizes in points: 2号 = 22pt (title), 3号 = 16pt (body), 4号 = 14pt (tables, page numbers). */
export const SIZE = { title: 22, body: 16, table: 14, small: 12 } as const;

/** Lines per page in the 版心 (GB/T 9704-2012 §5.2.2). */
export const LINES_PER_PAGE = 22;

/**
 * Formats an ISO date (or a `Date`) as a GB/T 9704 成文日期 such as "2026年11月22日": the year
 * in full and no leading zeros. A full timestamp is read in Asia/Shanghai. Throws `RangeError`
 * for a value that is not a date.
 */
export function chineseDate(isoDate: string | Date): string {
  if (typeof isoDate === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  }
  const d = typeof isoDate === 'string' ? new Date(isoDate) : isoDate;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${String(isoDate)}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(d);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

/** Turns an ISO date into a Chinese date and passes any other text (already formatted) through. */
export function toChineseDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? chineseDate(value) : value;
}

/** One cell of a laid-out field table. */
export interface TableCell {
  /** The cell text. */
  text: string;
  /** Labels are centred; values are left-aligned. */
  role: 'label' | 'value';
  /** How many grid columns the cell covers. */
  span: number;
  /** The least number of lines of text the cell is tall. */
  minLines: number;
  /** Signature slot text printed at the bottom of the cell, if any. */
  sign?: string;
}

/** Relative widths of the grid columns of a field table (label columns narrower than values). */
export function tableColumnFractions(columns: 2 | 4): number[] {
  return columns === 2 ? [0.25, 0.75] : [0.19, 0.31, 0.19, 0.31];
}

/**
 * Lays a field table out as rows of cells on a 2- or 4-column grid; both renderers draw from
 * this, so the PDF and the DOCX have the same rows. In a 4-column table two ordinary fields share
 * a row; a wide field, or a field left alone before a wide one, takes the rest of its row.
 */
export function layoutFieldTable(block: FieldTableBlock): TableCell[][] {
  const rows: TableCell[][] = [];
  const cell = (f: Field, span: number): TableCell[] => [
    { text: f.label, role: 'label', span: 1, minLines: 1 },
    { text: f.value, role: 'value', span, minLines: Math.max(1, f.minLines ?? 1), sign: f.sign },
  ];
  if (block.columns === 2) {
    for (const f of block.fields) rows.push(cell(f, 1));
    return rows;
  }
  let pending: Field | undefined;
  for (const f of block.fields) {
    if (f.wide) {
      if (pending) rows.push(cell(pending, 3));
      pending = undefined;
      rows.push(cell(f, 3));
    } else if (pending) {
      rows.push([...cell(pending, 1), ...cell(f, 1)]);
      pending = undefined;
    } else {
      pending = f;
    }
  }
  if (pending) rows.push(cell(pending, 3));
  return rows;
}

/** The signature slot text inside a table cell, e.g. "签字：______年__月__日". */
export function signSlot(sign: string): string {
  return `${sign}：\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日`;
}

/** Width of text in em (CJK and full-width = 1, ASCII = 0.5), for layout where no font is measured. */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2e80 && ch !== '—' ? 0.5 : 1;
  return w;
}
