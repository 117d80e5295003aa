/**
 * Reading a month's accounts from an uploaded .xlsx: the first sheet, a header row reading
 * exactly `DISCLOSURE_UPLOAD_HEADERS`, one line per row. What a spreadsheet can hide is refused
 * in words: merged cells (a value standing for several rows), formulas (the value shown is not
 * what was typed, and changes when the sheet does), amounts that are not numbers.
 */
import { DISCLOSURE_UPLOAD_HEADERS } from '../../shared/disclosure.codes.js';
import { type XlsxCell, readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import {
  cellDate,
  cellFen,
  cellText,
  hiddenSheetProblems,
  importRejected,
} from '../../shared/spreadsheet/strict-import.js';
import { type LineProblem, type NumberedLine, directionOf, paymentMethodOf } from './disclosure.lines.js';

/** Most lines one upload may carry. */
export const MAX_UPLOAD_LINES = 20_000;

/** Yuan (a number, or text like `1,200.50`) to whole fen; null when not a number of at most two decimals. */
export function fenOf(cell: XlsxCell | undefined): number | null {
  const fen = cellFen(cell);
  return fen !== null && fen !== undefined && fen > 0 ? fen : null;
}

/**
 * The lines of the upload's first sheet. Throws INVALID_FILE (not an xlsx), IMPORT_REJECTED with
 * `details.rows` (wrong headers, merged cells, formulas, unreadable dates, non-numeric amounts,
 * unknown directions or payment methods, too many rows): nothing is written.
 */
export async function readUpload(buffer: Buffer): Promise<NumberedLine[]> {
  const hidden = await hiddenSheetProblems(buffer);
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
        const got = DISCLOSURE_UPLOAD_HEADERS.map((_, i) => cellText(cells[i + 1]));
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
      const occurredOn = cellDate(cells[2]);
      if (!occurredOn) bad('日期', `日期“${cellText(cells[2])}”无法识别，应写作 2026-11-05`);
      const direction = directionOf(cellText(cells[3]));
      if (!direction) bad('收支', '收支应填写“收入”或“支出”');
      const amount = fenOf(cells[6]);
      if (amount === null) bad('金额（元）', `金额“${cellText(cells[6])}”不是数字（应为大于零的数，最多两位小数）`);
      const method = paymentMethodOf(cellText(cells[7]));
      if (!method) bad('结算方式', '结算方式应填写“现金”或“转账”');
      lines.push({
        row: r.number,
        voucherNo: cellText(cells[1]),
        occurredOn: occurredOn ?? '',
        direction: direction ?? 'expense',
        counterparty: cellText(cells[4]),
        partyNumber: cellText(cells[5]) || null,
        amount: amount ?? 1,
        paymentMethod: method ?? 'cash',
        account: cellText(cells[8]) || null,
        purpose: cellText(cells[9]),
        category: cellText(cells[10]),
        approvalPath: cellText(cells[11]) || null,
        approvers: cellText(cells[12]) || null,
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
