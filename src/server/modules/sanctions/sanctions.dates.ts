/**
 * Calendar dates for the sanctions engine: 'YYYY-MM-DD' in Asia/Shanghai, checked strictly, with
 * month arithmetic from the platform's working calendar (`WorkingCalendar.addMonths`, the one the
 * deadlines module uses: the corresponding day of the final month, or its last day, TL21 第二百八十五条)
 * but never moved by a holiday: an effect period ends on its day whatever that day is (the holiday
 * rule of TL21 第二百八十五条 moves the last day of a time limit for doing something, and nobody has
 * anything to do when a sanction lifts). Pure: no I/O, no clock.
 */
import { WorkingCalendar } from '../../shared/calendar/calendar.js';
import { errors } from '../../shared/errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** A calendar without holidays: `addMonths` is then pure month arithmetic. */
const PLAIN = new WorkingCalendar([], []);

/**
 * The day number (days since 1970-01-01) of a 'YYYY-MM-DD' date. VALIDATION_FAILED, naming `field`,
 * for anything that is not a real calendar date.
 */
export function dayOf(date: string, field = 'date'): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (y >= 1 && back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d)
      return ms / DAY_MS;
  }
  throw errors.validation({ field, value: date }, '日期应为 YYYY-MM-DD 格式的日历日期');
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOf(dayOf(date) + days);
}

/**
 * `date` plus `months` calendar months, on the corresponding day or the last day of a shorter
 * month (2024-01-31 + 1 → 2024-02-29), never moved by a holiday.
 */
export function addMonths(date: string, months: number, field = 'date'): string {
  dayOf(date, field);
  return PLAIN.addMonths(date, months, { extendOverHoliday: false });
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayOf(to) - dayOf(from);
}

/** The later of two dates. */
export function laterOf(a: string, b: string): string {
  return dayOf(a) >= dayOf(b) ? a : b;
}

/**
 * What remains from `from` to `to` as whole months and then days: the most months m with
 * `from` + m months ≤ `to`, and the days left over. Zero when `to` is not after `from`.
 */
export function monthsAndDays(from: string, to: string): { months: number; days: number } {
  if (dayOf(to) <= dayOf(from)) return { months: 0, days: 0 };
  let months = 0;
  // Months first (a remainder of "6 months" stays 6 months whatever their lengths), then days.
  while (dayOf(addMonths(from, months + 1)) <= dayOf(to)) months++;
  return { months, days: daysBetween(addMonths(from, months), to) };
}
