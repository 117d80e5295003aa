/**
 * What every strict Excel import (a village's accounts, a department's items and rosters) reads the
 * same way: the problems hidden from the cell values — merged ranges and formulas, which the reader
 * turns into plain values — and the cell readers for text, dates and yuan. An import refuses a file
 * with any of them, naming the row, so what is stored is what the person typed.
 */
import { domainError } from '../errors.js';
import type { XlsxCell } from './xlsx-reader.js';
import { assertReadable, inflateMember, looksLikeZip, zipMembers } from './zip.js';

/** A problem of one row (`row` null: of the whole file), in words for the person who uploads. */
export interface ImportProblem {
  row: number | null;
  field: string;
  reason: string;
}

/** Throws IMPORT_REJECTED listing the problems (the first 500, and how many in all): nothing written. */
export function importRejected(rows: readonly ImportProblem[]): never {
  throw domainError('IMPORT_REJECTED', { rows: rows.slice(0, 500), total: rows.length });
}

/** Merged ranges and formula cells of the workbook's first sheet, as problems by row. */
export async function hiddenSheetProblems(buffer: Buffer): Promise<ImportProblem[]> {
  if (!looksLikeZip(buffer)) return [];
  const out: ImportProblem[] = [];
  const sheets = zipMembers(buffer).filter((m) => /^xl\/worksheets\/sheet\d+\.xml$/.test(m.name));
  for (const m of sheets.slice(0, 1)) {
    assertReadable(m);
    const parts: Buffer[] = [];
    for await (const chunk of inflateMember(buffer, m, () => undefined)) parts.push(chunk);
    const xml = Buffer.concat(parts).toString('utf8');
    for (const merge of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g))
      out.push({
        row: Number(merge[2]),
        field: `${merge[1]}${merge[2]}:${merge[3] ?? ''}${merge[4] ?? ''}`,
        reason: '有合并单元格：请取消合并，每行填写完整',
      });
    const formulaRows = new Set<number>();
    for (const c of xml.matchAll(/<c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>((?:(?!<\/c>)[\s\S])*?)<\/c>/g))
      if (/<f[\s>/]/.test(c[3]!) && !formulaRows.has(Number(c[2]))) {
        formulaRows.add(Number(c[2]));
        out.push({ row: Number(c[2]), field: `${c[1]}${c[2]}`, reason: '单元格是公式：请“选择性粘贴为数值”后再上传' });
      }
  }
  return out;
}

/** A cell as trimmed text ('' when empty; a date as `YYYY-MM-DD`). */
export function cellText(cell: XlsxCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/**
 * A cell as a calendar date `YYYY-MM-DD`: an Excel date (read as midnight UTC of the date typed) or
 * text like 2026-10-05, 2026/10/5, 2026.10.5, 2026年10月5日; null when it is none or no real date.
 */
export function cellDate(cell: XlsxCell | undefined): string | null {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const t = cellText(cell)
    .replace(/[./年月]/g, '-')
    .replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  // 2026-02-30 parses (as March 2nd): a real date reads back as itself.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * A cell of yuan (a number, or text like `1,200.50`) as whole fen: null when blank, undefined when
 * not a number of at most two decimals (or too large to be exact).
 */
export function cellFen(cell: XlsxCell | undefined): number | null | undefined {
  const t = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/[,，\s]/g, '');
  if (t === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  const n = Number(t);
  const fen = Math.round(n * 100);
  return Number.isSafeInteger(fen) && Math.abs(n * 100 - fen) < 1e-6 ? fen : undefined;
}
