/**
 * The ledger's overdue trend beyond its counts (how many items were overdue at the end of each of
 * the last 12 weeks), read from the same scoped, filtered query as the ledger (`ledgerQuery`,
 * hence `rectificationListWhere`) in one statement. Progress by township is in the counts
 * (`ledgerCounts`).
 */
import type { Ctx } from '../../shared/context.js';
import { type LedgerQuery, ledgerQuery } from './rectification.ledger.js';
import { todayOf } from './rectification.items.js';

/** Weeks the overdue trend covers. */
export const TREND_WEEKS = 12;

/** `date` (YYYY-MM-DD) plus `days` days. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first instant (UTC ISO) after Shanghai day `date` ends: the next day's 00:00 at UTC+8. */
function endOfShanghaiDay(date: string): string {
  return `${date}T16:00:00.000Z`;
}

/**
 * The week ends of the trend, oldest first: the Sundays of the 11 weeks before this one and
 * today (this week so far; today itself when it is a Sunday, then the 11 Sundays before it).
 */
export function trendWeekEnds(today: string): string[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  const lastSunday = addDays(today, -weekday);
  const ends: string[] = [];
  for (let k = TREND_WEEKS - 1; k >= 1; k--) ends.push(addDays(lastSunday, -7 * (weekday === 0 ? k : k - 1)));
  ends.push(today);
  return ends;
}

/** The trend's filters: the ledger's, less those that speak of today (status, overdue, rung, 回头看 due). */
export type TrendQuery = Omit<LedgerQuery, 'status' | 'overdue' | 'escalation' | 'followUpDue'>;

/**
 * How many items of the filtered ledger were overdue at the end of each week: an item is overdue
 * at the end of day d when it had been opened by then, its due date was before d, and it had not
 * been closed (销号) by the end of d. One statement with one sum per week, on both engines.
 */
export async function overdueTrend(
  ctx: Ctx,
  q: TrendQuery,
): Promise<{ weeks: { weekEnd: string; overdue: number }[] }> {
  const today = todayOf(ctx);
  const ends = trendWeekEnds(today);
  const base = await ledgerQuery(ctx, {
    ...q,
    status: undefined,
    overdue: undefined,
    escalation: undefined,
    followUpDue: undefined,
  });
  const first = endOfShanghaiDay(ends[0]!);
  const last = endOfShanghaiDay(ends[ends.length - 1]!);
  const row = await base
    // Only items that can be overdue at some week end: opened before the last, due before the last,
    // not closed before the first ends.
    .where('i.created_at', '<', last)
    .where('i.due_on', '<', ends[ends.length - 1]!)
    .where((eb) => eb.or([eb('i.closed_at', 'is', null), eb('i.closed_at', '>=', first)]))
    .select((eb) =>
      ends.map((d, k) => {
        const bound = endOfShanghaiDay(d);
        const overdueAt = eb.and([
          eb('i.created_at', '<', bound),
          eb('i.due_on', '<', d),
          eb.or([eb('i.closed_at', 'is', null), eb('i.closed_at', '>=', bound)]),
        ]);
        return eb.fn.sum<number>(eb.case().when(overdueAt).then(1).else(0).end()).as(`w${k}`);
      }),
    )
    .executeTakeFirst();
  const values = (row ?? {}) as Record<string, unknown>;
  return { weeks: ends.map((weekEnd, k) => ({ weekEnd, overdue: Number(values[`w${k}`] ?? 0) })) };
}
