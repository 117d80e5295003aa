/**
 * Reading an uploaded .xlsx sheet by sheet and row by row, with memory flat in the number of
 * rows: exceljs's streaming reader, fed a repaired copy of the archive (see `normalisedXlsx`).
 * Generic: sheet names, headers and value formats are the caller's business.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError, domainError } from '../errors.js';
import {
  type ZipMember,
  assertReadable,
  brokenZip,
  endOfArchive,
  inflateMember,
  looksLikeZip,
  storedMember,
  zipMembers,
} from './zip.js';

/** A cell as read: trimmed text (blank is null), a finite number, a boolean or a date. */
export type XlsxCell = string | number | boolean | Date | null;

/** One row of a sheet as read. */
export interface XlsxRow {
  /** The Excel row number (the first row is 1); blank rows are skipped, so numbers may jump. */
  number: number;
  /** Cells by Excel column number (column A is index 1); a hole or null is an empty cell. */
  cells: readonly XlsxCell[];
}

/** One sheet as read: its name (trimmed) and its rows, to be read in full before the next sheet. */
export interface XlsxSheetRows {
  name: string;
  rows: AsyncIterable<XlsxRow>;
}

/** Most bytes the XML parts of one workbook may inflate to (zip-bomb guard). */
const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

/** Turns an exceljs cell value into a plain value (rich text, formulas and links to their text). */
export function plainCell(v: unknown): XlsxCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text?: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return plainCell(o.richText.map((r) => r.text ?? '').join(''));
    if ('result' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return typeof o.error === 'string' ? o.error : '#ERROR';
    return '#ERROR';
  }
  return typeof v === 'bigint' ? v.toString() : null;
}

/** Replaces every character outside printable ASCII by an XML character reference. */
function asciiXml(text: string): string {
  // Non-unicode mode is several times faster; surrogate pairs are matched as one character.
  return text.replace(
    /[\ud800-\udbff][\udc00-\udfff]|[^\t\n\r\x20-\x7e]/g,
    (c) => `&#x${c.codePointAt(0)!.toString(16)};`,
  );
}

/**
 * Re-streams the parts of an .xlsx that the exceljs streaming reader needs, in an order it can
 * read and as pure-ASCII XML. Two defects of exceljs 4.4's reader (the latest release) make this
 * necessary: it decodes every zip chunk as UTF-8 on its own (lib/utils/parse-sax.js), so a
 * Chinese character split across two chunks turns into U+FFFD (silent corruption; exceljs
 * issues #2063 and #2084, fixes never merged); and it depends on the order of the parts: a
 * sheet after the relationships and shared strings but before `xl/workbook.xml` fails (it looks
 * up the sheet's name in a model not read yet), and without shared strings before the sheets
 * (exceljs's own writers put them after, or write none) it parks every sheet in a temporary
 * file until the end. Writing the relationships, workbook, shared strings and styles first,
 * and every non-ASCII character as `&#x…;` (same XML, no multi-byte sequence left to split),
 * keeps the reader streaming: memory stays flat in the number of rows. A member that does not
 * inflate, or inflates past its declared size, marks the file damaged. Throws INVALID_FILE.
 */
function normalisedXlsx(buf: Buffer): { chunks: () => AsyncGenerator<Buffer>; damaged: () => boolean } {
  const members = zipMembers(buf);
  const sheetNo = (name: string) => Number(/^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1] ?? NaN);
  const fixed = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const head = fixed.flatMap((n) => members.filter((m) => m.name === n));
  const sheets = members
    .filter((m) => Number.isInteger(sheetNo(m.name)))
    .sort((a, b) => sheetNo(a.name) - sheetNo(b.name));
  const parts = [...head, ...sheets];
  for (const m of parts) assertReadable(m);
  if (parts.reduce((n, m) => n + m.uncompressedSize, 0) > MAX_INFLATED_BYTES) throw brokenZip('文件解压后过大');
  let damaged = false;
  const inflated = (m: ZipMember) => inflateMember(buf, m, () => (damaged = true));

  async function* ascii(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of source) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield Buffer.from(asciiXml(text), 'latin1');
    }
    const rest = decoder.decode();
    if (rest) yield Buffer.from(asciiXml(rest), 'latin1');
  }

  async function* one(b: Buffer): AsyncGenerator<Buffer> {
    yield b;
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    for (const m of head) yield* storedMember(m.name, ascii(inflated(m)));
    // Without shared strings (exceljs's streaming writer uses none) the reader would park
    // every sheet in a temporary file until the end; an empty table keeps it streaming.
    if (!head.some((m) => m.name === 'xl/sharedStrings.xml')) {
      const empty = '<?xml version="1.0" encoding="UTF-8"?><sst count="0" uniqueCount="0"/>';
      yield* storedMember('xl/sharedStrings.xml', one(Buffer.from(empty, 'latin1')));
    }
    for (const m of sheets) yield* storedMember(m.name, ascii(inflated(m)));
    yield endOfArchive();
  }

  return { chunks, damaged: () => damaged };
}

/** What the reader throws for a failure of its own: INVALID_FILE (domain errors pass as they are). */
function unreadable(err: unknown): DomainError {
  return err instanceof DomainError ? err : domainError('INVALID_FILE', { reason: '无法读取 Excel 文件' });
}

/** The rows of one exceljs worksheet as plain cells. */
async function* plainRows(ws: AsyncIterable<ExcelJS.Row>): AsyncGenerator<XlsxRow> {
  try {
    for await (const row of ws) {
      const values = (row.values ?? []) as unknown[];
      // `map` keeps the holes of exceljs's sparse array: an absent cell stays absent.
      yield { number: row.number, cells: values.map(plainCell) };
    }
  } catch (err) {
    throw unreadable(err);
  }
}

/**
 * Reads an uploaded workbook sheet by sheet, in workbook order, each sheet row by row: checks
 * the zip signature (an .xlsx is a zip file; its name is not trusted), then streams, so a large
 * file is never held as a workbook model. A caller that stops early (throws, breaks) releases
 * the file. Throws INVALID_FILE (not an xlsx, damaged, unreadable).
 */
export async function* readXlsxSheets(buffer: Buffer): AsyncGenerator<XlsxSheetRows> {
  if (!looksLikeZip(buffer)) throw domainError('INVALID_FILE', { reason: '不是 Excel (.xlsx) 文件' });
  const feed = normalisedXlsx(buffer);
  const source = Readable.from(feed.chunks());
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const ws of reader) {
      const name = String((ws as unknown as { name?: string }).name ?? '').trim();
      yield { name, rows: plainRows(ws) };
    }
  } catch (err) {
    throw unreadable(err);
  } finally {
    source.destroy();
  }
  if (feed.damaged()) throw domainError('INVALID_FILE', { reason: '文件已损坏' });
}
