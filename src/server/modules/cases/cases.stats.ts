/**
 * The zone dashboard's counts (协作区案件看板): over the case ledger lines the reader may see
 * (`caseLineWhere`, the same scope as the ledger, so the subject's own township counts the cases
 * on its people without reading them), how many filing requests wait, how many cases are being
 * investigated, how many case clocks are overdue or due soon, and the cases by handling mode, by
 * the subject's township and by zone. Counts only: no names, no content.
 */
import { sql } from 'kysely';
import { CASE_FILING_STATES, CASE_WORKING_STATES, type HandlingMode } from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { caseLineWhere } from './cases.policy.js';

/** Filters of the dashboard. */
export interface CaseStatsQuery {
  /** Only the cases this zone handles. */
  zoneId?: string | undefined;
}

/** A count of one group. */
export interface CaseStatsGroup {
  /** The group's code or id; null: none (a county-level subject, a case outside any zone). */
  key: string | null;
  /** The group's name (the mode's, the township commission's, the zone's); null for none. */
  name: string | null;
  count: number;
}

/** The dashboard's counts. */
export interface CaseStats {
  /** Every case line in the selection. */
  total: number;
  /** Filing requests up or returned for revision (立案呈批中, 退回修改). */
  filingWaiting: number;
  /** Filed and not yet reported up (已立案, 审查调查中, 已见面). */
  inProgress: number;
  /** Running case clocks past their due date. */
  overdueClocks: number;
  /** Running case clocks due within DUE_SOON_DAYS. */
  dueSoonClocks: number;
  byMode: CaseStatsGroup[];
  byTownship: CaseStatsGroup[];
  byZone: CaseStatsGroup[];
}

/**
 * The dashboard's counts over the cases the reader may see (the ledger's scope), for one zone or
 * all. Filing requests rejected (不予立案) count in the total and the groups.
 */
export async function caseStats(ctx: Ctx, query: CaseStatsQuery): Promise<CaseStats> {
  return inTransaction(ctx, async (tx) => {
    let base = tx.db.selectFrom('cases as c').where((eb) => caseLineWhere(tx, 'c')(eb as never));
    if (query.zoneId) base = base.where('c.zone_id', '=', query.zoneId);
    const today = toShanghaiDate(nowIso(tx));
    const states = await base
      .select([
        (eb) => eb.fn.countAll<number | string>().as('total'),
        sql<number | string>`sum(case when c.status in (${sql.join([...CASE_FILING_STATES])}) then 1 else 0 end)`.as(
          'filing',
        ),
        sql<number | string>`sum(case when c.status in (${sql.join([...CASE_WORKING_STATES])}) then 1 else 0 end)`.as(
          'working',
        ),
      ])
      .executeTakeFirst();
    const clocks = await base
      .innerJoin('deadlines as d', (j) =>
        j.onRef('d.resource_id', '=', 'c.id').on('d.resource_type', '=', 'case').on('d.met_at', 'is', null),
      )
      .select([
        sql<number | string>`sum(case when d.due_on < ${today} then 1 else 0 end)`.as('overdue'),
        sql<
          number | string
        >`sum(case when d.due_on >= ${today} and d.due_on <= ${addDays(today, DUE_SOON_DAYS)} then 1 else 0 end)`.as(
          'soon',
        ),
      ])
      .executeTakeFirst();
    const byMode = await base
      .select(['c.mode', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('c.mode')
      .execute();
    const byTownship = await base
      .leftJoin('units as s', 's.id', 'c.subject_unit_id')
      .select(['c.subject_unit_id', 's.name', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['c.subject_unit_id', 's.name'])
      .execute();
    const byZone = await base
      .leftJoin('zones as z', 'z.id', 'c.zone_id')
      .select(['c.zone_id', 'z.name', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['c.zone_id', 'z.name'])
      .execute();
    const order = (a: CaseStatsGroup, b: CaseStatsGroup) =>
      Number(a.key === null) - Number(b.key === null) ||
      b.count - a.count ||
      (a.name ?? '').localeCompare(b.name ?? '');
    return {
      total: Number(states?.total ?? 0),
      filingWaiting: Number(states?.filing ?? 0),
      inProgress: Number(states?.working ?? 0),
      overdueClocks: Number(clocks?.overdue ?? 0),
      dueSoonClocks: Number(clocks?.soon ?? 0),
      byMode: byMode
        .map((r) => ({ key: r.mode as HandlingMode, name: null, count: Number(r.n) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      byTownship: byTownship
        .map((r) => ({ key: r.subject_unit_id, name: r.name ?? null, count: Number(r.n) }))
        .sort(order),
      byZone: byZone.map((r) => ({ key: r.zone_id, name: r.name ?? null, count: Number(r.n) })).sort(order),
    };
  });
}
