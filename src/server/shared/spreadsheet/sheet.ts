/**
 * What an export says about its sheets, apart from how they are written: columns with a header,
 * a width and a value per row, and rows as a stream. `src/server/http/xlsx.ts` writes them.
 */

/** One column of an exported sheet. */
export interface XlsxColumn<T> {
  header: string;
  width?: number;
  /**
   * Format the column as text (`@`) so Excel keeps codes and dates as typed (honoured by
   * `sendXlsxWorkbook`; `sendXlsx` writes typed cells only).
   */
  text?: boolean;
  value: (row: T) => string | number | boolean | null;
}

/** One sheet of a workbook: a name, its columns and its rows (streamed). Made by `xlsxSheet`. */
export interface XlsxSheet {
  name: string;
  columns: XlsxColumn<never>[];
  rows: AsyncIterable<unknown>;
}

/** Pairs columns with the rows they read, checked for one row type, as a sheet of a workbook. */
export function xlsxSheet<T>(name: string, columns: XlsxColumn<T>[], rows: AsyncIterable<T>): XlsxSheet {
  return { name, columns, rows };
}
