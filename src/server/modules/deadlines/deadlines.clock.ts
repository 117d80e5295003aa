/**
 * Clock arithmetic, pure: from a clock's start, its rule and what happened to it since (each
 * extension, each pause), the end of its legal period, its due date and the years it ran into
 * without a loaded holiday arrangement. Replaying the whole history (rather than patching the
 * due date step by step) is what lets a clock be recomputed when a calendar year is loaded.
 *
 * Rules (TL21 第二百八十五条, as implemented by `WorkingCalendar`):
 * - The start day is not counted; a last day on a holiday or weekend moves to the next working
 *   day unless the rule says otherwise (留置).
 * - Extensions count from the end of the legal period, never from a date a holiday moved: a
 *   60-day period ending in the Spring Festival and extended by 30 days ends 90 days after the
 *   start (XF 第三十四条 allows 60 + 30), not 30 days after the festival.
 * - A pause is not counted (TL21 第一百九十六条: supplementary investigation; XF 第三十六条:
 *   hearings). A working-day period resumes with the working days it had left; a calendar-day or
 *   month period is pushed back by the calendar days it stood still.
 * - Hour periods are instants: they never look at the calendar and are never moved.
 */
import { type DeadlineUnit, type WorkingCalendar, toShanghaiDate } from '../../shared/calendar/calendar.js';

/** `due_on` of a paused clock: later than any date, so due-date readers pass it by. */
export const PAUSED_DUE_ON = '9999-12-31';

/** How a clock starts. */
export interface ClockBasis {
  /** Start instant (ISO, with offset). */
  startAt: string;
  amount: number;
  unit: DeadlineUnit;
  extendOverHoliday: boolean;
}

/** Something that happened to a running clock. */
export type ClockEvent =
  | { type: 'extension'; at: string; amount: number; unit: DeadlineUnit }
  | { type: 'pause'; at: string; resumedAt: string | null };

/** Where a clock stands. */
export interface ClockTimes {
  /** Shanghai date of the start. */
  startsOn: string;
  /** End of the legal period (before a holiday moves it); for a paused clock, where it stood. */
  legalDueOn: string;
  /** Due date; `PAUSED_DUE_ON` while paused. */
  dueOn: string;
  /** Hour clocks: the due instant (null while paused and for dated clocks). */
  dueAt: string | null;
  /** Whether a pause is running. */
  paused: boolean;
  /** Years between the first counted day and the due date without a loaded arrangement. */
  uncoveredYears: number[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Adds `days` (may be negative) to a YYYY-MM-DD date. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (YYYY-MM-DD). */
function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Orders events by when they happened (a pause and an extension at the same instant: the pause first). */
function inOrder(events: readonly ClockEvent[]): ClockEvent[] {
  return [...events].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.type === b.type ? 0 : a.type === 'pause' ? -1 : 1,
  );
}

/**
 * Replays a clock: its basis, then its extensions and pauses in the order they happened. Throws
 * RangeError on impossible input (callers validate rules and amounts first).
 */
export function computeClock(calendar: WorkingCalendar, basis: ClockBasis, events: readonly ClockEvent[]): ClockTimes {
  const startsOn = toShanghaiDate(basis.startAt);
  if (basis.unit === 'hours') return hourClock(basis, startsOn, events);
  let legal = calendar.computeDeadline({
    start: startsOn,
    amount: basis.amount,
    unit: basis.unit,
    extendOverHoliday: false,
  }).due;
  let paused = false;
  for (const e of inOrder(events)) {
    if (e.type === 'extension') {
      if (e.unit === 'hours') throw new RangeError('a dated clock is not extended in hours');
      legal = calendar.computeDeadline({ start: legal, amount: e.amount, unit: e.unit, extendOverHoliday: false }).due;
      continue;
    }
    const from = toShanghaiDate(e.at);
    if (e.resumedAt === null) {
      paused = true;
      break;
    }
    const to = toShanghaiDate(e.resumedAt);
    const left = basis.unit === 'working_days' ? calendar.workingDaysBetween(from, legal) : -1;
    legal = left >= 0 ? calendar.addWorkingDays(to, left) : shiftDate(legal, daysFrom(from, to));
  }
  const due = paused
    ? PAUSED_DUE_ON
    : basis.extendOverHoliday
      ? calendar.computeDeadline({ start: legal, amount: 0, unit: 'calendar_days' }).due
      : legal;
  const uncoveredYears = uncoveredBetween(calendar, startsOn, paused ? legal : due);
  return { startsOn, legalDueOn: legal, dueOn: due, dueAt: null, paused, uncoveredYears };
}

function hourClock(basis: ClockBasis, startsOn: string, events: readonly ClockEvent[]): ClockTimes {
  let due = Date.parse(basis.startAt) + basis.amount * HOUR_MS;
  let paused = false;
  for (const e of inOrder(events)) {
    if (e.type === 'extension') {
      if (e.unit !== 'hours') throw new RangeError('an hour clock is extended in hours');
      due += e.amount * HOUR_MS;
    } else if (e.resumedAt === null) {
      paused = true;
      break;
    } else due += Date.parse(e.resumedAt) - Date.parse(e.at);
  }
  const dueAt = new Date(due).toISOString();
  const dueOn = toShanghaiDate(dueAt);
  return {
    startsOn,
    legalDueOn: dueOn,
    dueOn: paused ? PAUSED_DUE_ON : dueOn,
    dueAt: paused ? null : dueAt,
    paused,
    uncoveredYears: [],
  };
}

/** Years between the day after `startsOn` and `lastDay` that `calendar` does not cover. */
export function uncoveredBetween(calendar: WorkingCalendar, startsOn: string, lastDay: string): number[] {
  const out: number[] = [];
  for (let y = Number(shiftDate(startsOn, 1).slice(0, 4)); y <= Number(lastDay.slice(0, 4)); y++)
    if (!calendar.isCovered(y)) out.push(y);
  return out;
}

/** Stores a year list as the `uncovered_years` column does ('' for none). */
export function formatYears(years: readonly number[]): string {
  return years.join(',');
}

/** Reads the `uncovered_years` column. */
export function parseYears(text: string): number[] {
  return text === '' ? [] : text.split(',').map(Number);
}
