/**
 * The publication calendar (CWF 第三十条): each village's cycle (monthly by default, quarterly where
 * transactions are few), the period now due, and whether it is overdue. A period's accounts are
 * due by the 10th of the month after it; a village that has not published the last period whose
 * due date has passed is overdue on the township's workbench. Computed on read (no job to miss).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { type FinanceCycle, PUBLICATION_DUE_DAY } from '../../shared/disclosure.codes.js';
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

/** The villages the actor may read disclosure of (scope in SQL), with their cycle and due state. */
export async function publicationCalendar(
  ctx: Ctx,
  q: { overdueOnly?: boolean | undefined; permission?: Permission } = {},
): Promise<CalendarLine[]> {
  requireActor(ctx);
  const today = toShanghaiDate(nowIso(ctx));
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
    const last = r.last_period ?? null;
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
      overdue: last === null || last < due.period,
      openStatus: r.open_status ?? null,
    };
  });
  return q.overdueOnly ? lines.filter((l) => l.overdue) : lines;
}

/** Sets a village's cycle (`disclosure.review` over the village: its supervision committee); audited. */
export async function setFinanceCycle(
  ctx: Ctx,
  regionCode: string,
  cycle: FinanceCycle,
): Promise<{ regionCode: string; financeCycle: FinanceCycle }> {
  const actor = requireActor(ctx);
  const village = await villageInScope(ctx, regionCode, 'disclosure.review');
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
