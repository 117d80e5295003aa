/**
 * Reading a month's accounts from an uploaded .xlsx: the first sheet, a header row reading
 * exactly `DISCLOSURE_UPLOAD_HEADERS`, one line per row. What a spreadsheet can hide is refused
 * in words: merged cells (a value standing for several rows), formulas (the value shown is not
 * what was typed, and changes when the sheet does), amounts that are not numbers.
 */
import { DISCLOSURE_UPLOAD_HEADERS } from '../../shared/disclosure.codes.js';
import { domainError } from '../../shared/errors.js';
import { type XlsxCell, readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import { assertReadable, inflateMember, looksLikeZip, zipMembers } from '../../shared/spreadsheet/zip.js';
import { type LineProblem, type NumberedLine, directionOf, paymentMethodOf } from './disclosure.lines.js';

/** Most lines one upload may carry. */
export const MAX_UPLOAD_LINES = 20_000;

/** Throws IMPORT_REJECTED listing `rows` (row, field, reason), nothing written. */
export function importRejected(rows: readonly LineProblem[]): never {
  throw domainError('IMPORT_REJECTED', { rows: rows.slice(0, 500), total: rows.length });
}

/** Merged ranges and formula cells of the workbook's sheets, as problems by row. */
async function hiddenProblems(buffer: Buffer): Promise<LineProblem[]> {
  if (!looksLikeZip(buffer)) return [];
  const out: LineProblem[] = [];
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

function text(cell: XlsxCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function dateOf(cell: XlsxCell | undefined): string | null {
  if (cell instanceof Date) {
    // Excel dates are read as midnight UTC of the calendar date typed.
    return cell.toISOString().slice(0, 10);
  }
  const t = text(cell)
    .replace(/[./年月]/g, '-')
    .replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

/** Yuan (a number, or text like `1,200.50`) to whole fen; null when not a number of at most two decimals. */
export function fenOf(cell: XlsxCell | undefined): number | null {
  const t = typeof cell === 'number' ? String(cell) : text(cell).replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t) && !(typeof cell === 'number' && Number.isFinite(cell))) return null;
  const n = Number(t);
  const fen = Math.round(n * 100);
  return Number.isFinite(n) && Math.abs(n * 100 - fen) < 1e-6 && fen > 0 ? fen : null;
}

/**
 * The lines of the upload's first sheet. Throws INVALID_FILE (not an xlsx), IMPORT_REJECTED with
 * `details.rows` (wrong headers, merged cells, formulas, unreadable dates, non-numeric amounts,
 * unknown directions or payment methods, too many rows): nothing is written.
 */
export async function readUpload(buffer: Buffer): Promise<NumberedLine[]> {
  const hidden = await hiddenProblems(buffer);
  const problems: LineProblem[] = [...hidden];
  const lines: NumberedLine[] = [];
  let headerSeen = false;
  for await (const sheet of readXlsxSheets(buffer)) {
    if (headerSeen) {
      for await (const _ of sheet.rows) break;
      continue;
    }
    for await (const r of sheet.rows) {
      const cells = r.cells;
      if (!headerSeen) {
        headerSeen = true;
        const got = DISCLOSURE_UPLOAD_HEADERS.map((_, i) => text(cells[i + 1]));
        const wrong = DISCLOSURE_UPLOAD_HEADERS.map((h, i) => [h, got[i]] as const).filter(([h, g]) => h !== g);
        if (wrong.length > 0)
          importRejected([
            {
              row: r.number,
              field: '表头',
              reason: `表头应依次为：${DISCLOSURE_UPLOAD_HEADERS.join('、')}；${wrong
                .slice(0, 3)
                .map(([h, g]) => `应为“${h}”，实为“${g || '空'}”`)
                .join('；')}`,
            },
          ]);
        continue;
      }
      if (cells.every((c) => c === null || c === undefined)) continue;
      if (lines.length >= MAX_UPLOAD_LINES)
        importRejected([{ row: r.number, field: '行数', reason: `一次最多上传 ${MAX_UPLOAD_LINES} 行` }]);
      const bad = (field: string, reason: string) => problems.push({ row: r.number, field, reason });
      const occurredOn = dateOf(cells[2]);
      if (!occurredOn) bad('日期', `日期“${text(cells[2])}”无法识别，应写作 2026-11-05`);
      const direction = directionOf(text(cells[3]));
      if (!direction) bad('收支', '收支应填写“收入”或“支出”');
      const amount = fenOf(cells[6]);
      if (amount === null) bad('金额（元）', `金额“${text(cells[6])}”不是数字（应为大于零的数，最多两位小数）`);
      const method = paymentMethodOf(text(cells[7]));
      if (!method) bad('结算方式', '结算方式应填写“现金”或“转账”');
      lines.push({
        row: r.number,
        voucherNo: text(cells[1]),
        occurredOn: occurredOn ?? '',
        direction: direction ?? 'expense',
        counterparty: text(cells[4]),
        partyNumber: text(cells[5]) || null,
        amount: amount ?? 1,
        paymentMethod: method ?? 'cash',
        account: text(cells[8]) || null,
        purpose: text(cells[9]),
        category: text(cells[10]),
        approvalPath: text(cells[11]) || null,
        approvers: text(cells[12]) || null,
      });
    }
  }
  if (!headerSeen) importRejected([{ row: 1, field: '表头', reason: '文件中没有数据：第一行应为表头' }]);
  if (problems.length > 0) {
    // The parse problems first; the month's rules are checked once the file reads cleanly.
    problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    importRejected(problems);
  }
  if (lines.length === 0) importRejected([{ row: 2, field: '行数', reason: '文件中没有收支明细行' }]);
  return lines;
}
