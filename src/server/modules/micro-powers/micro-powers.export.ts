/**
 * Excel exports of the list and of the uses: exactly what the filters select for this reader
 * (scope in SQL, as the lists), at most `MICRO_POWER_EXPORT_CAP` rows, with one
 * `micro_power.export` audit event naming every row, in the read's transaction.
 */
import type { XlsxColumn } from '../../shared/spreadsheet/sheet.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { MICRO_POWER_AREA_LABELS, MICRO_POWER_USE_STATUS_LABELS } from '../../shared/micro-powers.codes.js';
import { recordAudit } from '../audit/index.js';
import { type ItemQuery, type ItemView, listItems } from './micro-powers.items.js';
import { type UseLine, type UseQuery, listUses } from './micro-powers.uses.js';

/** The most rows one export holds; more is MICRO_POWER_EXPORT_TOO_LARGE (narrow the filters). */
export const MICRO_POWER_EXPORT_CAP = 10_000;

async function capped<T extends { id: string }>(
  ctx: Ctx,
  what: 'items' | 'uses',
  filter: unknown,
  read: (tx: Ctx, pageSize: number) => Promise<T[]>,
  cap: number,
): Promise<T[]> {
  return inTransaction(ctx, async (tx) => {
    const rows = await read(tx, cap + 1);
    if (rows.length > cap) throw domainError('MICRO_POWER_EXPORT_TOO_LARGE', { max: cap });
    const recordKind = what === 'items' ? 'micro_power_item' : 'micro_power_use';
    await recordAudit(tx, {
      action: 'micro_power.export',
      resourceType: recordKind,
      changes: { filters: [null, filter], [what]: [null, rows.map((r) => r.id)] },
    });
    return rows;
  });
}

/** The items the filters select, audited. MICRO_POWER_EXPORT_TOO_LARGE past `cap`. */
export function exportItems(ctx: Ctx, filter: Omit<ItemQuery, 'page' | 'pageSize'>, cap = MICRO_POWER_EXPORT_CAP) {
  return capped(
    ctx,
    'items',
    filter,
    async (tx, n) => (await listItems(tx, { ...filter, page: 1, pageSize: n })).items,
    cap,
  );
}

/** The uses the filters select, audited. MICRO_POWER_EXPORT_TOO_LARGE past `cap`. */
export function exportUses(ctx: Ctx, filter: Omit<UseQuery, 'page' | 'pageSize'>, cap = MICRO_POWER_EXPORT_CAP) {
  return capped(
    ctx,
    'uses',
    filter,
    async (tx, n) => (await listUses(tx, { ...filter, page: 1, pageSize: n })).items,
    cap,
  );
}

/** The list export's columns: one row per item, its steps in one cell each line a step. */
export function itemExportColumns(): XlsxColumn<ItemView>[] {
  return [
    { header: '类别', width: 14, value: (i) => MICRO_POWER_AREA_LABELS[i.area] ?? i.area },
    { header: '编号', width: 8, text: true, value: (i) => i.code },
    { header: '事项名称', width: 36, value: (i) => i.name },
    { header: '版本', width: 6, value: (i) => i.version },
    {
      header: '运行步骤',
      width: 80,
      value: (i) =>
        i.steps
          .map(
            (s) =>
              `${s.seq}. ${s.name}（${s.actor}）` +
              (s.publishes ? `，公示${s.publicationDays === null ? '' : `不少于${s.publicationDays}日`}` : '') +
              (s.documents.length ? `；材料：${s.documents.join('、')}` : ''),
          )
          .join('\n'),
    },
    { header: '依据', width: 40, value: (i) => i.basis ?? '' },
    { header: '来源', width: 10, value: (i) => (i.origin === 'skeleton' ? '默认框架' : '本县制定') },
    { header: '状态', width: 8, value: (i) => (i.retired ? '已停用' : '在用') },
  ];
}

/** The uses export's columns (amounts in yuan, dates as shown, Asia/Shanghai). */
export function useExportColumns(): XlsxColumn<UseLine>[] {
  return [
    { header: '村', width: 14, value: (u) => u.villageName },
    { header: '事项', width: 30, value: (u) => `${u.itemCode} ${u.itemName}（第${u.itemVersion}版）` },
    { header: '标题', width: 36, value: (u) => u.title },
    { header: '金额（元）', width: 14, value: (u) => (u.amountFen === null ? '' : (u.amountFen / 100).toFixed(2)) },
    { header: '开始日期', width: 12, text: true, value: (u) => u.startedOn },
    { header: '已登记步骤', width: 10, value: (u) => `${u.stepsRecorded}/${u.stepsTotal}` },
    { header: '状态', width: 8, value: (u) => MICRO_POWER_USE_STATUS_LABELS[u.status] ?? u.status },
    { header: '办结日期', width: 12, text: true, value: (u) => u.closedOn ?? '' },
    { header: '发现问题数', width: 10, value: (u) => u.findings },
  ];
}
