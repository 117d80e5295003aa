import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import {
  type CalendarEntry,
  type DeadlineInput,
  type DeadlineResult,
  WorkingCalendar,
} from '../../shared/calendar/calendar.js';
import { OFFICIAL_ARRANGEMENTS } from '../../shared/calendar/holidays-cn.js';
import { recordAudit } from '../audit/index.js';
import { transact } from '../../db/durability.js';

/**
 * The working-day calendar service: holidays and make-up working days (调休) per year live in
 * the database (shipped years are loaded at start; administrators edit or import a year), and
 * every deadline in the platform is computed here.
 */

let cached: { at: number; calendar: WorkingCalendar } | null = null;
const TTL_MS = 60_000;

/** Forgets the cached calendar after an edit. */
export function invalidateCalendar(): void {
  cached = null;
}

/** Loads the shipped official arrangements for the years not yet in the database. */
export async function seedOfficialCalendar(db: Kysely<Database>, at: string): Promise<number[]> {
  const present = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  const added: number[] = [];
  for (const a of OFFICIAL_ARRANGEMENTS) {
    if (present.has(a.year)) continue;
    await transact(db, async (trx) => {
      await trx
        .insertInto('calendar_years')
        .values({ year: a.year, source: a.source, updated_by: null, updated_at: at })
        .execute();
      if (a.days.length) {
        await trx
          .insertInto('calendar_days')
          .values(a.days.map((d) => ({ date: d.date, year: a.year, kind: d.kind, name: d.name })))
          .execute();
      }
    });
    added.push(a.year);
  }
  invalidateCalendar();
  return added;
}

/** Returns the calendar as stored (cached for a minute in this process). */
export async function loadCalendar(db: Kysely<Database>, nowMs: number): Promise<WorkingCalendar> {
  if (cached && nowMs - cached.at < TTL_MS) return cached.calendar;
  const years = await db.selectFrom('calendar_years').select('year').execute();
  const days = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
  const calendar = new WorkingCalendar(
    days.map((d) => ({ date: d.date, kind: d.kind as CalendarEntry['kind'], name: d.name })),
    years.map((y) => y.year),
  );
  cached = { at: nowMs, calendar };
  return calendar;
}

/** Computes a deadline with the stored calendar. Throws VALIDATION_FAILED on bad input. */
export async function computeDeadline(ctx: Ctx, input: DeadlineInput): Promise<DeadlineResult> {
  const calendar = await loadCalendar(ctx.db, ctx.clock.nowMs());
  try {
    return calendar.computeDeadline(input);
  } catch (err) {
    if (err instanceof RangeError) throw errors.validation({ reason: err.message }, '期限参数不正确');
    throw err;
  }
}

/** Lists the years loaded, with their counts. */
export async function listYears(ctx: Ctx) {
  const years = await ctx.db.selectFrom('calendar_years').selectAll().orderBy('year', 'desc').execute();
  const counts = await ctx.db
    .selectFrom('calendar_days')
    .select(['year', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['year', 'kind'])
    .execute();
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    updatedAt: y.updated_at,
    holidayCount: Number(counts.find((c) => c.year === y.year && c.kind === 'holiday')?.n ?? 0),
    workdayCount: Number(counts.find((c) => c.year === y.year && c.kind === 'workday')?.n ?? 0),
  }));
}

/** Returns one year's arrangement or NOT_FOUND. */
export async function getYear(ctx: Ctx, year: number) {
  const y = await ctx.db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
  if (!y) throw errors.notFound('calendar_year');
  const days = await ctx.db
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('year', '=', year)
    .orderBy('date')
    .execute();
  return {
    year,
    source: y.source,
    days: days.map((d) => ({ date: d.date, kind: d.kind as CalendarEntry['kind'], name: d.name })),
  };
}

/**
 * Replaces one year's arrangement (an administrator's edit or import). Every day must fall in
 * that year, appear once, and make-up working days must be weekend days. Throws CALENDAR_INVALID.
 */
export async function replaceYear(ctx: Ctx, year: number, input: { source: string; days: CalendarEntry[] }) {
  const bad = input.days.filter((d) => !d.date.startsWith(`${year}-`));
  if (bad.length)
    throw domainError('CALENDAR_INVALID', { reason: 'date outside the year', dates: bad.map((d) => d.date) });
  try {
    new WorkingCalendar(input.days, [year]);
  } catch (err) {
    if (err instanceof RangeError) throw domainError('CALENDAR_INVALID', { reason: err.message });
    throw err;
  }
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.selectFrom('calendar_days').select(['date', 'kind']).where('year', '=', year).execute();
    const exists = await tx.db.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst();
    const at = nowIso(tx);
    if (exists) {
      await tx.db.deleteFrom('calendar_days').where('year', '=', year).execute();
      await tx.db
        .updateTable('calendar_years')
        .set({ source: input.source, updated_by: tx.actor?.userId ?? null, updated_at: at })
        .where('year', '=', year)
        .execute();
    } else {
      await tx.db
        .insertInto('calendar_years')
        .values({ year, source: input.source, updated_by: tx.actor?.userId ?? null, updated_at: at })
        .execute();
    }
    if (input.days.length) {
      await tx.db
        .insertInto('calendar_days')
        .values(input.days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name })))
        .execute();
    }
    await recordAudit(tx, {
      action: 'calendar.update',
      resourceType: 'calendar_year',
      resourceId: String(year),
      changes: { days: [before.length, input.days.length], source: [null, input.source] },
    });
    invalidateCalendar();
    return getYear(tx, year);
  });
}
