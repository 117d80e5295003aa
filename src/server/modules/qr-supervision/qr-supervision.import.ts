/**
 * A department's policies, projects and funds imported from Excel (the form's twin): one row per
 * item and village, rows of the same 类别, 名称 and 年度 making one item. Every row is checked
 * (kind, year, amounts, the village a village of the department's county, no village twice in an
 * item; merged cells and formulas refused); one bad row and nothing is created (IMPORT_REJECTED
 * with every bad row). Good files create drafts, each audited as a form's would be, in one
 * transaction.
 */
import { type Ctx, inTransaction, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { ITEM_UPLOAD_HEADERS, QR_ITEM_KIND_OF_LABEL } from '../../shared/qr-supervision.codes.js';
import { readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import { type ItemInput, createItem } from './qr-supervision.items.js';
import { type RowProblem } from './qr-supervision.rosters.js';
import {
  cellFen as fenOrBlank,
  cellText,
  hiddenSheetProblems,
  importRejected,
} from '../../shared/spreadsheet/strict-import.js';

/** Most rows one items file may carry. */
export const MAX_ITEM_ROWS = 5_000;

/**
 * Creates the items of an uploaded file as drafts of the actor's department. Throws
 * IMPORT_REJECTED (every bad row, nothing created) or INVALID_FILE.
 */
export async function importItems(ctx: Ctx, buffer: Buffer): Promise<{ ids: string[] }> {
  const actor = requireActor(ctx);
  if (!actor.unitId) throw errors.forbidden('qr_supervision.manage');
  const county = (
    await ctx.db.selectFrom('units').select('county_code').where('id', '=', actor.unitId).executeTakeFirstOrThrow()
  ).county_code;
  const problems: RowProblem[] = [...(await hiddenSheetProblems(buffer))];
  const items = new Map<string, { row: number; input: ItemInput }>();
  const villageRows: { row: number; code: string }[] = [];
  let headerSeen = false;
  let count = 0;
  for await (const sheet of readXlsxSheets(buffer)) {
    if (headerSeen) {
      for await (const _ of sheet.rows) break;
      continue;
    }
    for await (const r of sheet.rows) {
      const c = r.cells;
      if (!headerSeen) {
        headerSeen = true;
        const got = ITEM_UPLOAD_HEADERS.map((_, i) => cellText(c[i + 1]));
        if (ITEM_UPLOAD_HEADERS.some((h, i) => h !== got[i]))
          importRejected([{ row: r.number, field: '表头', reason: `表头应依次为：${ITEM_UPLOAD_HEADERS.join('、')}` }]);
        continue;
      }
      if (c.every((x) => x === null || x === undefined || cellText(x) === '')) continue;
      if (++count > MAX_ITEM_ROWS)
        importRejected([{ row: r.number, field: '行数', reason: `一次最多导入 ${MAX_ITEM_ROWS} 行` }]);
      const bad = (field: string, reason: string) => problems.push({ row: r.number, field, reason });
      const kind = QR_ITEM_KIND_OF_LABEL[cellText(c[1])];
      if (!kind) bad('类别', '类别应填写“惠农政策”“项目”或“资金”');
      const title = cellText(c[2]);
      if (!title || title.length > 100) bad('名称', '请填写名称（不超过 100 字）');
      const year = Number(cellText(c[3]));
      if (!/^\d{4}$/.test(cellText(c[3])) || year < 2000 || year > 2100) bad('年度', '年度应为四位数字');
      const summary = cellText(c[4]);
      const budget = fenOrBlank(c[8]);
      if (budget === undefined) bad('金额（元）', `金额“${cellText(c[8])}”不是数字`);
      const code = cellText(c[13]);
      const amount = fenOrBlank(c[14]);
      if (amount === undefined) bad('分配到村金额（元）', `金额“${cellText(c[14])}”不是数字`);
      if (code && !/^\d{12}$/.test(code)) bad('村行政区划代码', '村行政区划代码应为 12 位数字');
      if (!kind || !title || problems.some((p) => p.row === r.number)) continue;
      const key = `${kind}|${title}|${year}`;
      let item = items.get(key);
      if (!item) {
        if (!summary) bad('内容', '每个事项的第一行须填写内容');
        item = {
          row: r.number,
          input: {
            kind,
            title,
            year,
            summary,
            eligibility: cellText(c[5]) || null,
            standard: cellText(c[6]) || null,
            applyWhere: cellText(c[7]) || null,
            budget: budget ?? null,
            contractor: cellText(c[9]) || null,
            progress: cellText(c[10]) || null,
            acceptance: cellText(c[11]) || null,
            contactPhone: cellText(c[12]) || null,
            allocations: [],
          },
        };
        items.set(key, item);
      }
      if (code) {
        if (item.input.allocations.some((a) => a.regionCode === code)) bad('村行政区划代码', '同一事项中该村重复');
        else {
          (item.input.allocations as { regionCode: string; amount: number | null }[]).push({
            regionCode: code,
            amount: amount ?? null,
          });
          villageRows.push({ row: r.number, code });
        }
      }
    }
  }
  if (!headerSeen) importRejected([{ row: 1, field: '表头', reason: '文件中没有数据：第一行应为表头' }]);
  const codes = [...new Set(villageRows.map((v) => v.code))];
  if (codes.length > 0) {
    const found = await ctx.db
      .selectFrom('regions')
      .select(['code', 'level', 'county_code'])
      .where('code', 'in', codes)
      .execute();
    const ok = new Set(found.filter((f) => f.level === 'village' && f.county_code === county).map((f) => f.code));
    for (const v of villageRows)
      if (!ok.has(v.code)) problems.push({ row: v.row, field: '村行政区划代码', reason: `${v.code} 不是本县的村` });
  }
  if (problems.length > 0) importRejected(problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  if (items.size === 0) importRejected([{ row: 2, field: '行数', reason: '文件中没有事项' }]);
  return inTransaction(ctx, async (tx) => {
    const ids: string[] = [];
    for (const { input } of items.values()) ids.push((await createItem(tx, input)).id);
    return { ids };
  });
}
