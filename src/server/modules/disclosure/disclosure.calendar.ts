/**
 * The publication calendar (CWF 第三十条): each village's cycle of its finances (monthly by
 * default, quarterly where transactions are few, decided by the township), the period now due,
 * and whether it is overdue; the general items' quarter now due (at least quarterly); and the
 * major matters (published immediately, so no due date: the newest and how many in 90 days).
 * A period is due by the 10th of the month after it; a village that has not published the last
 * period (or quarter of general items) whose due date has passed is overdue on the township's
 * workbench. Computed on read (no job to miss).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { type FinanceCycle, MAJOR_MATTER_WINDOW_DAYS, PUBLICATION_DUE_DAY } from '../../shared/disclosure.codes.js';
import type { Permission } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { scopePredicate } from '../../shared/scope.js';
import { periodLabel } from './disclosure.lines.js';
import { villageUnitsWhere } from './disclosure.policy.js';
import { villageInScope } from './disclosure.service.js';

/** The last period of `cycle` whose due date (the 10th of the month after it) is on or before `today`, and that date. */
export function duePeriod(today: string, cycle: FinanceCycle): { period: string; dueOn: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const d = Number(today.slice(8, 10));
  // Months whose due date has passed: the previous month once the 10th has come, else the one before.
  let lastY = y;
  let lastM = m - (d >= PUBLICATION_DUE_DAY ? 1 : 2);
  while (lastM < 1) {
    lastM += 12;
    lastY -= 1;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  if (cycle === 'monthly') {
    const dy = lastM === 12 ? lastY + 1 : lastY;
    const dm = lastM === 12 ? 1 : lastM + 1;
    return { period: `${lastY}-${pad(lastM)}`, dueOn: `${dy}-${pad(dm)}-${pad(PUBLICATION_DUE_DAY)}` };
  }
  // The last quarter ending on or before that month.
  let q = Math.floor(lastM / 3);
  let qy = lastY;
  if (q === 0) {
    q = 4;
    qy -= 1;
  }
  const endM = q * 3;
  const dy = endM === 12 ? qy + 1 : qy;
  const dm = endM === 12 ? 1 : endM + 1;
  return { period: `${qy}-Q${q}`, dueOn: `${dy}-${pad(dm)}-${pad(PUBLICATION_DUE_DAY)}` };
}

/** A village on the calendar. */
export interface CalendarLine {
  regionCode: string;
  villageName: string;
  townshipName: string;
  financeCycle: FinanceCycle;
  /** The newest published period of its finances, or null. */
  lastPublished: string | null;
  lastPublishedAt: string | null;
  duePeriod: string;
  duePeriodLabel: string;
  dueOn: string;
  /** The finances missed `dueOn`. */
  financeOverdue: boolean;
  /** The newest published quarter of the general items, or null. */
  generalLastPublished: string | null;
  /** The quarter of the general items now due (by the 10th of the month after it). */
  generalDuePeriod: string;
  generalDuePeriodLabel: string;
  generalDueOn: string;
  generalOverdue: boolean;
  /** The newest major matter published, and when (published immediately: no due date). */
  lastMajorTitle: string | null;
  lastMajorAt: string | null;
  /** Major matters published in the last `MAJOR_MATTER_WINDOW_DAYS` days. */
  majorCount90: number;
  /** Overdue on the finances or the general items. */
  overdue: boolean;
  /** A version waiting: draft or submitted, or null. */
  openStatus: string | null;
}

/** "The actor's `permission` reaches the village committee unit `u`": its scope, or a unit of the village in it. */
function villagesWhere(ctx: Ctx, permission: Permission): (eb: never) => Expression<SqlBool> {
  return (eb: never) => {
    const scope = ctx.actor?.scopes.get(permission);
    if (!scope) return sql<SqlBool>`1 = 0`;
    const e = eb as Parameters<typeof scopePredicate>[0];
    return e.or([
      scopePredicate(e, scope, { unitId: 'u.id', unitPath: 'u.path', regionPath: 'u.region_path' }),
      villageUnitsWhere(ctx, permission, 'u.region_code'),
    ]);
  };
}

/** The villages the actor may read disclosure of (scope in SQL), with their cycle and due state, overdue first. */
export async function publicationCalendar(
  ctx: Ctx,
  q: { overdueOnly?: boolean | undefined; permission?: Permission } = {},
): Promise<CalendarLine[]> {
  requireActor(ctx);
  const now = nowIso(ctx);
  const today = toShanghaiDate(now);
  const since = new Date(Date.parse(now) - MAJOR_MATTER_WINDOW_DAYS * 86_400_000).toISOString();
  const rows = await ctx.db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('regions as t', 't.code', 'r.parent_code')
    .leftJoin('disclosure_schedules as s', 's.region_code', 'r.code')
    .select((eb) => [
      'r.code',
      'r.name',
      't.name as township_name',
      's.finance_cycle',
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.max('b.period').as('p'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'finance')
        .where('b.status', '=', 'published')
        .as('last_period'),
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.max('b.published_at').as('p'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'finance')
        .where('b.status', '=', 'published')
        .as('last_at'),
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.max('b.period').as('p'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'general')
        .where('b.status', '=', 'published')
        .as('general_period'),
      eb
        .selectFrom('disclosure_batches as b')
        .select('b.title')
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'major_matter')
        .where('b.status', '=', 'published')
        .orderBy('b.published_at', 'desc')
        .limit(1)
        .as('major_title'),
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.max('b.published_at').as('p'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'major_matter')
        .where('b.status', '=', 'published')
        .as('major_at'),
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.kind', '=', 'major_matter')
        .where('b.status', 'in', ['published', 'superseded'])
        .where('b.version', '=', 1)
        .where('b.published_at', '>=', since)
        .as('major_count'),
      eb
        .selectFrom('disclosure_batches as b')
        .select((e) => e.fn.max('b.status').as('s'))
        .whereRef('b.region_code', '=', 'r.code')
        .where('b.status', 'in', ['draft', 'submitted'])
        .as('open_status'),
    ])
    .where('u.kind', '=', 'village_committee')
    .where('r.level', '=', 'village')
    .where(villagesWhere(ctx, q.permission ?? 'disclosure.read') as never)
    .orderBy('r.code')
    .limit(5000)
    .execute();
  const lines = rows.map((r) => {
    const cycle = (r.finance_cycle as FinanceCycle | null) ?? 'monthly';
    const due = duePeriod(today, cycle);
    const generalDue = duePeriod(today, 'quarterly');
    const last = r.last_period ?? null;
    const generalLast = r.general_period ?? null;
    const financeOverdue = last === null || last < due.period;
    const generalOverdue = generalLast === null || generalLast < generalDue.period;
    return {
      regionCode: r.code,
      villageName: r.name,
      townshipName: r.township_name ?? '',
      financeCycle: cycle,
      lastPublished: last,
      lastPublishedAt: r.last_at ?? null,
      duePeriod: due.period,
      duePeriodLabel: periodLabel(due.period),
      dueOn: due.dueOn,
      financeOverdue,
      generalLastPublished: generalLast,
      generalDuePeriod: generalDue.period,
      generalDuePeriodLabel: periodLabel(generalDue.period),
      generalDueOn: generalDue.dueOn,
      generalOverdue,
      lastMajorTitle: r.major_title ?? null,
      lastMajorAt: r.major_at ?? null,
      majorCount90: Number(r.major_count ?? 0),
      overdue: financeOverdue || generalOverdue,
      openStatus: r.open_status ?? null,
    };
  });
  // Overdue villages first, then by code (a stable order for the page and the export).
  lines.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.regionCode.localeCompare(b.regionCode));
  return q.overdueOnly ? lines.filter((l) => l.overdue) : lines;
}

/**
 * Sets a village's cycle of its finances (`disclosure.schedule` over the village: the township
 * decides which villages publish monthly because their transactions are many, CWF 第三十条;
 * NOT_FOUND outside the scope); audited in the same transaction.
 */
export async function setFinanceCycle(
  ctx: Ctx,
  regionCode: string,
  cycle: FinanceCycle,
): Promise<{ regionCode: string; financeCycle: FinanceCycle }> {
  const actor = requireActor(ctx);
  const village = await villageInScope(ctx, regionCode, 'disclosure.schedule');
  return inTransaction(ctx, async (tx) => {
    const old = await tx.db
      .selectFrom('disclosure_schedules')
      .select('finance_cycle')
      .where('region_code', '=', regionCode)
      .executeTakeFirst();
    const at = nowIso(tx);
    if (old)
      await tx.db
        .updateTable('disclosure_schedules')
        .set({ finance_cycle: cycle, updated_by: actor.userId, updated_at: at })
        .where('region_code', '=', regionCode)
        .execute();
    else
      await tx.db
        .insertInto('disclosure_schedules')
        .values({ region_code: regionCode, finance_cycle: cycle, updated_by: actor.userId, updated_at: at })
        .execute();
    await recordAudit(tx, {
      action: 'disclosure.schedule',
      resourceType: 'disclosure_schedule',
      resourceId: regionCode,
      unitId: village.unitId,
      changes: { finance_cycle: [old?.finance_cycle ?? 'monthly', cycle] },
    });
    return { regionCode, financeCycle: cycle };
  });
}
