/**
 * Reading an uploaded organisation workbook into rows of cells by field: sheets are known by
 * name, columns by header (any order, any subset); blank rows and unknown columns are skipped.
 */
import { type DomainError, domainError } from '../../shared/errors.js';
import { type XlsxCell, readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import {
  ENTITY_BY_SHEET,
  IMPORT_ROW_LIMIT,
  type ImportRowError,
  SHEET_HEADERS,
  SHEET_NAMES,
  type TransferEntity,
  rejected,
} from './org-transfer.workbook.js';

/** One data row: cells by field; a field that is absent had no column, `null` is a blank cell. */
export interface RowCtx {
  entity: TransferEntity;
  row: number;
  cells: Partial<Record<string, XlsxCell>>;
  /** Fields already reported (`*` for the row); null until the first error. */
  failed: Set<string> | null;
}

/** The rows of the sheets of an import file, by entity. */
export interface ParsedWorkbook {
  rows: Record<TransferEntity, RowCtx[]>;
  headerErrors: ImportRowError[];
  dataRows: number;
}

function tooMany(sheetName: string, row: number, limit: number): DomainError {
  return rejected([
    {
      sheet: sheetName,
      row,
      field: null,
      code: 'TOO_MANY_ROWS',
      message: `一次最多导入 ${limit} 行数据，请拆分文件`,
    },
  ]);
}

/**
 * Reads an uploaded workbook: streams the known sheets row by row (`readXlsxSheets`), stopping
 * past IMPORT_ROW_LIMIT rows (rows of unknown sheets count too). Header problems are collected
 * for the rejection, not thrown. Throws INVALID_FILE (not an xlsx, damaged, no known sheet) and
 * IMPORT_REJECTED (too many rows).
 */
export async function readTransferWorkbook(buffer: Buffer, opts: { rowLimit?: number } = {}): Promise<ParsedWorkbook> {
  const rowLimit = opts.rowLimit ?? IMPORT_ROW_LIMIT;
  const out: ParsedWorkbook = {
    rows: { regions: [], units: [], zones: [], memberships: [], staff: [], subjects: [] },
    headerErrors: [],
    dataRows: 0,
  };
  let known = 0;
  for await (const sheet of readXlsxSheets(buffer)) {
    const name = sheet.name;
    const entity = ENTITY_BY_SHEET.get(name) ?? null;
    if (entity) known += 1;
    const headers = entity ? (SHEET_HEADERS[entity] as Record<string, string>) : {};
    const fieldByHeader = new Map(Object.entries(headers).map(([f, h]) => [h, f]));
    let columns: Map<number, string> | null = null;
    for await (const row of sheet.rows) {
      if (!entity) {
        out.dataRows += 1;
        if (out.dataRows > rowLimit) throw tooMany(name, row.number, rowLimit);
        continue;
      }
      if (columns === null) {
        columns = new Map();
        if (row.number !== 1) {
          // Without a header the columns cannot be known: the whole sheet is rejected.
          out.headerErrors.push({
            sheet: name,
            row: 1,
            field: null,
            code: 'MISSING_HEADER',
            message: '第 1 行须为表头',
          });
          continue;
        }
        const seen = new Set<string>();
        row.cells.forEach((h, i) => {
          const field = typeof h === 'string' ? fieldByHeader.get(h) : undefined;
          if (!field) return;
          if (seen.has(field)) {
            out.headerErrors.push({
              sheet: name,
              row: 1,
              field: h as string,
              code: 'DUPLICATE',
              message: '表头重复',
            });
          }
          seen.add(field);
          columns!.set(i, field);
        });
        continue;
      }
      const cells: Partial<Record<string, XlsxCell>> = {};
      let blank = true;
      for (const [i, field] of columns) {
        const c = row.cells[i] ?? null;
        cells[field] = c;
        if (c !== null) blank = false;
      }
      if (blank) continue;
      out.dataRows += 1;
      if (out.dataRows > rowLimit) throw tooMany(name, row.number, rowLimit);
      out.rows[entity].push({ entity, row: row.number, cells, failed: null });
    }
  }
  if (known === 0) {
    throw domainError('INVALID_FILE', { reason: '文件中没有可导入的工作表', sheets: Object.values(SHEET_NAMES) });
  }
  return out;
}
