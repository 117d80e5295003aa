import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
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
 *
 * A year counts as loaded (covered) only when its arrangement lists at least one holiday: an
 * empty arrangement says nothing about the year, and computing with it would run on weekends
 * alone without saying so.
 */

// Per database (keyed by its dialect adapter, which its transactions share): tests open SQLite
// and PostgreSQL platforms in one process.
let cached = new WeakMap<object, { at: number; calendar: WorkingCalendar }>();
// Bumped on every change: a load that began before a change never fills the cache.
let generation = 0;
const TTL_MS = 60_000;

/** Forgets the cached calendar after an edit. */
export function invalidateCalendar(): void {
  cached = new WeakMap();
  generation++;
}

/** What listeners of a calendar change get: the change's transaction and the calendar after it. */
export interface CalendarChange {
  /** The transaction of the change: a listener writes in it, so everything commits together. */
  db: Kysely<Database>;
  dialect: DialectHelpers;
  /** When the change is made. */
  at: string;
  /** Who made it (null: the platform at start, loading a shipped year). */
  actor: { userId: string; username: string } | null;
  requestId: string | null;
  /** The year loaded, edited or emptied. */
  year: number;
  /** The calendar as it stands in the transaction, after the change. */
  calendar: WorkingCalendar;
}

/** Hears that a year's arrangement changed, inside the change's transaction. */
export type CalendarListener = (change: CalendarChange) => Promise<void>;

const listeners: CalendarListener[] = [];

/**
 * Adds a listener of year changes (the deadlines module registers one at load, to recompute the
 * open clocks that cross the year): it runs in the transaction of every edit, import and
 * shipped-year load, so a failure rolls the change back.
 */
export function onCalendarYearChanged(listener: CalendarListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

async function notifyListeners(change: Omit<CalendarChange, 'calendar'>): Promise<void> {
  if (listeners.length === 0) return;
  const calendar = await readCalendar(change.db);
  for (const listener of listeners) await listener({ ...change, calendar });
}

/**
 * Loads the shipped official arrangements for the years not yet in the database; listeners hear
 * of each year added (a release that ships a new year recomputes the clocks that cross it).
 */
export async function seedOfficialCalendar(
  db: Kysely<Database>,
  at: string,
  dialect: DialectHelpers,
): Promise<number[]> {
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
      await notifyListeners({ db: trx, dialect, at, actor: null, requestId: null, year: a.year });
    });
    added.push(a.year);
  }
  invalidateCalendar();
  return added;
}

/**
 * Returns the calendar as stored (cached for a minute in this process; edits here drop the cache
 * at once). Covered years are those whose arrangement lists a holiday.
 */
export async function loadCalendar(db: Kysely<Database>, nowMs: number): Promise<WorkingCalendar> {
  const key = db.getExecutor().adapter;
  const hit = cached.get(key);
  if (hit && Math.abs(nowMs - hit.at) < TTL_MS) return hit.calendar;
  const started = generation;
  const calendar = await readCalendar(db);
  if (started === generation) cached.set(key, { at: nowMs, calendar });
  return calendar;
}

/** Reads the calendar from `db` (a transaction sees its own changes), without the cache. */
export async function readCalendar(db: Kysely<Database>): Promise<WorkingCalendar> {
  const days = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
  const covered = new Set(days.filter((d) => d.kind === 'holiday').map((d) => Number(d.date.slice(0, 4))));
  return new WorkingCalendar(
    days.map((d) => ({ date: d.date, kind: d.kind as CalendarEntry['kind'], name: d.name })),
    [...covered],
  );
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
    loaded: counts.some((c) => c.year === y.year && c.kind === 'holiday' && Number(c.n) > 0),
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
 * In the same transaction the listeners run (the open clocks crossing the year are recomputed,
 * with their audit event); the cached calendar is dropped before and after the commit.
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
    await notifyListeners({
      db: tx.db,
      dialect: tx.dialect,
      at,
      actor: tx.actor ? { userId: tx.actor.userId, username: tx.actor.username } : null,
      requestId: tx.requestId,
      year,
    });
    return getYear(tx, year);
  }).finally(invalidateCalendar);
}
