import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readXlsxSheets } from './xlsx-reader.js';

/** A workbook built in memory by exceljs (shared strings; `xl/workbook.xml` after the sheets). */
async function buildWorkbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every sheet as name → rows of cells (column A first). */
async function readAll(buffer: Buffer): Promise<Record<string, { number: number; cells: unknown[] }[]>> {
  const out: Record<string, { number: number; cells: unknown[] }[]> = {};
  for await (const sheet of readXlsxSheets(buffer)) {
    const rows: { number: number; cells: unknown[] }[] = [];
    for await (const row of sheet.rows) rows.push({ number: row.number, cells: [...row.cells.slice(1)] });
    out[sheet.name] = rows;
  }
  return out;
}

/** The offset of a member's central directory entry (its uncompressed size is at +24). */
function centralEntry(zip: Buffer, name: string): number {
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let i = zip.indexOf(signature); i >= 0; i = zip.indexOf(signature, i + 4)) {
    if (zip.toString('utf8', i + 46, i + 46 + zip.readUInt16LE(i + 28)) === name) return i;
  }
  throw new Error(`no ${name} in the central directory`);
}

describe('reading xlsx sheets', () => {
  it('reads every sheet in order, with plain cells and Excel row numbers', async () => {
    const file = await buildWorkbook({
      甲表: [['名称', '数量'], [' 城关镇 ', 3], [], [{ richText: [{ text: '富' }, { text: '文本' }] }, true]],
      乙表: [['日期'], [new Date(Date.UTC(2026, 0, 2))]],
    });
    expect(await readAll(file)).toEqual({
      甲表: [
        { number: 1, cells: ['名称', '数量'] },
        { number: 2, cells: ['城关镇', 3] },
        { number: 4, cells: ['富文本', true] },
      ],
      乙表: [
        { number: 1, cells: ['日期'] },
        { number: 2, cells: [new Date(Date.UTC(2026, 0, 2))] },
      ],
    });
  });

  it('keeps Chinese text intact when the parts come in an order exceljs cannot stream', async () => {
    // Long enough that inflated chunks split characters; the workbook part comes after the
    // sheet while the relationships and shared strings come before it (exceljs alone throws).
    const names = Array.from({ length: 6000 }, (_, i) => `纪检监察干部${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}号`);
    const source = await JSZip.loadAsync(await buildWorkbook({ 干部: [['姓名'], ...names.map((n) => [n])] }));
    const order = [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
    ];
    const zip = new JSZip();
    for (const name of order) zip.file(name, await source.file(name)!.async('uint8array'));
    const file = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

    const rows = (await readAll(file))['干部']!;
    expect(rows.slice(1).map((r) => r.cells[0])).toEqual(names);
  });

  it('refuses what is not a whole, readable xlsx as INVALID_FILE', async () => {
    const file = await buildWorkbook({ 甲表: [['名称'], ['城关镇']] });
    const reason = async (buffer: Buffer) => {
      try {
        await readAll(buffer);
        return null;
      } catch (err) {
        return { code: (err as { code?: string }).code, details: (err as { details?: unknown }).details };
      }
    };
    expect(await reason(Buffer.from('name,code\n城关镇,411221100000\n'))).toEqual({
      code: 'INVALID_FILE',
      details: { reason: '不是 Excel (.xlsx) 文件' },
    });
    expect(await reason(file.subarray(0, file.length - 40))).toEqual({
      code: 'INVALID_FILE',
      details: { reason: '不是完整的 zip/xlsx 文件' },
    });
    // A sheet that inflates past the size its directory entry declares (a zip bomb's trick).
    const shrunk = Buffer.from(file);
    shrunk.writeUInt32LE(10, centralEntry(shrunk, 'xl/worksheets/sheet1.xml') + 24);
    expect(await reason(shrunk)).toEqual({ code: 'INVALID_FILE', details: { reason: '文件已损坏' } });
  });
});
