/** Reading an exported .xlsx back in tests, as a real reader (exceljs) sees it. */
import ExcelJS from 'exceljs';

/** The first sheet of an .xlsx as header and text rows. */
export async function readXlsx(payload: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: string[][] = [];
  ws.eachRow((row, i) => {
    if (i > 1) rows.push(header.map((_, c) => row.getCell(c + 1).text));
  });
  return { header, rows };
}
