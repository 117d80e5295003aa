/**
 * Counts of sanctions for leaders (issue 14 §6): the records decided in a date range, in the
 * reader's scope, by four form, by outcome (sanction), by zone, by handling mode and by month of
 * decision; grouped in SQL. Counted: decided and not superseded (a record changed by an appeal
 * counts once, as its replacement; revoked and withdrawn ones not at all). The same figures go to
 * the workbench chart card and to Excel.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { HANDLING_MODE_LABELS } from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { FORM_OUTCOME_LABELS, FOUR_FORM_LABELS, type FormOutcome } from '../../shared/sanctions.codes.js';
import { type SanctionFilters, sanctionFilterWhere, sanctionVisibleWhere } from './sanctions.ledger.js';

type Eb = ExpressionBuilder<Database, never>;

/** One count: its key, its words and how many. */
export interface SanctionCount {
  key: string | null;
  label: string;
  count: number;
}

/** The counts over a range. */
export interface SanctionCounts {
  from: string;
  to: string;
  total: number;
  byForm: SanctionCount[];
  bySanction: SanctionCount[];
  byZone: SanctionCount[];
  byMode: SanctionCount[];
  /** Every month of the range (YYYY-MM), zeros included. */
  byMonth: SanctionCount[];
}

/** A range longer than this many months is refused (a chart of decades says nothing). */
export const SANCTION_COUNTS_MAX_MONTHS = 120;

/** The months from `from`'s to `to`'s, inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The counts of the records decided from `from` to `to` (inclusive) that the reader may see,
 * with the ledger's other filters. VALIDATION_FAILED when `to` is before `from` or the range is
 * longer than `SANCTION_COUNTS_MAX_MONTHS`.
 */
export async function sanctionCounts(
  ctx: Ctx,
  range: { from: string; to: string },
  filters: SanctionFilters = {},
): Promise<SanctionCounts> {
  const { from, to } = range;
  if (to < from) throw errors.validation({ field: 'to' }, '统计截止日期不能早于起始日期');
  const months = monthsBetween(from, to);
  if (months.length > SANCTION_COUNTS_MAX_MONTHS)
    throw errors.validation({ field: 'from' }, `统计期间不能超过 ${SANCTION_COUNTS_MAX_MONTHS} 个月`);
  const visible = sanctionVisibleWhere(ctx, 'read');
  const filter = sanctionFilterWhere(ctx, { ...filters, decidedFrom: from, decidedTo: to });
  const where = (eb: Eb): Expression<SqlBool> =>
    eb.and([
      visible(eb),
      filter(eb),
      eb(sql.ref('s.status'), '=', 'decided'),
      eb(sql.ref('s.superseded_by'), 'is', null),
    ]);
  const month = sql<string>`substr(s.decided_on, 1, 7)`;
  const rows = await ctx.db
    .selectFrom('sanctions as s')
    .leftJoin('zones as z', 'z.id', 's.zone_id')
    .where((eb) => where(eb as Eb))
    .select([
      's.four_form',
      's.outcome_code',
      's.zone_id',
      'z.name as zone_name',
      's.handling_mode',
      month.as('month'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy(['s.four_form', 's.outcome_code', 's.zone_id', 'z.name', 's.handling_mode', month])
    .execute();
  const add = (m: Map<string, SanctionCount>, key: string | null, label: string, n: number) => {
    const k = key ?? '';
    const c = m.get(k) ?? { key, label, count: 0 };
    c.count += n;
    m.set(k, c);
  };
  const byForm = new Map<string, SanctionCount>();
  const bySanction = new Map<string, SanctionCount>();
  const byZone = new Map<string, SanctionCount>();
  const byMode = new Map<string, SanctionCount>();
  const byMonth = new Map<string, SanctionCount>(months.map((m) => [m, { key: m, label: m, count: 0 }]));
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    add(
      byForm,
      r.four_form === null ? null : String(r.four_form),
      r.four_form === null ? '未归类' : FOUR_FORM_LABELS[r.four_form as 1 | 2 | 3 | 4],
      n,
    );
    add(bySanction, r.outcome_code, FORM_OUTCOME_LABELS[r.outcome_code as FormOutcome] ?? r.outcome_code, n);
    add(byZone, r.zone_id, r.zone_name ?? '未经协作区', n);
    add(
      byMode,
      r.handling_mode,
      r.handling_mode
        ? (HANDLING_MODE_LABELS[r.handling_mode as keyof typeof HANDLING_MODE_LABELS] ?? r.handling_mode)
        : '未记载',
      n,
    );
    add(byMonth, r.month, r.month, n);
  }
  const sorted = (m: Map<string, SanctionCount>) =>
    [...m.values()].sort((a, b) => (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));
  return {
    from,
    to,
    total,
    byForm: sorted(byForm),
    bySanction: sorted(bySanction),
    byZone: sorted(byZone),
    byMode: sorted(byMode),
    byMonth: sorted(byMonth),
  };
}

/** The counts as spreadsheet rows: dimension, item, count (for `counts.xlsx`). */
export function countRows(c: SanctionCounts): { dimension: string; label: string; count: number }[] {
  const out: { dimension: string; label: string; count: number }[] = [
    { dimension: '合计', label: `${c.from} 至 ${c.to}`, count: c.total },
  ];
  const dims: [string, SanctionCount[]][] = [
    ['四种形态', c.byForm],
    ['处理种类', c.bySanction],
    ['协作区', c.byZone],
    ['办理方式', c.byMode],
    ['月份', c.byMonth],
  ];
  for (const [dimension, list] of dims) for (const x of list) out.push({ dimension, label: x.label, count: x.count });
  return out;
}
