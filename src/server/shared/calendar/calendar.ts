/**
 * Pure working-day calendar: deadline arithmetic over Asia/Shanghai calendar dates with the official
 * Chinese public-holiday arrangements. No I/O, no clock access: "today" is always passed in.
 *
 * Period rules implemented (监察法实施条例 第二百八十五条 as quoted in the platform specification — the
 * article text itself could not be checked against a stored copy when this was written; the same rules
 * appear in 民法典 第二百零一条至第二百零三条 and in the 期间 article of 民事诉讼法):
 * - The day on which a period starts is not counted ("期间开始之日不计算在期间以内").
 * - Month periods end on the corresponding day of the final month, or on its last day when that month
 *   has no such day (民法典 第二百零二条; the same reading is given in the Supreme People's Court document
 *   of 2014-12-12 quoted below: "没有对应于开始月份的那一天的，应当为届满那个月的最后一天").
 * - "期间的最后一日为法定节假日的，以节假日后的第一日为期间届满日": see `addCalendarDays` for how
 *   weekends, statutory holidays and make-up working days are treated.
 *
 * Dates are handled as integer day numbers (days since 1970-01-01, proleptic Gregorian), never as
 * local-time Date objects, so the host time zone cannot shift a result.
 */
import { OFFICIAL_ARRANGEMENTS, type CalendarEntry, type YearArrangement } from './holidays-cn.js';

/** Re-exported data types of the official arrangements (see holidays-cn.ts). */
export type { CalendarEntry, DayKind, YearArrangement } from './holidays-cn.js';

/** Largest accepted period amount (days, working days, months or hours). */
export const MAX_AMOUNT = 3650;

/** Unit of a deadline period. */
export type DeadlineUnit = 'working_days' | 'calendar_days' | 'months' | 'hours';

/** Options for calendar-day and month periods. */
export interface PeriodOptions {
  /** Move a due date that falls on a non-working day to the next working day (default true). */
  extendOverHoliday?: boolean | undefined;
}

/** Input of `WorkingCalendar.computeDeadline`. */
export interface DeadlineInput {
  /** A YYYY-MM-DD date, or an ISO-8601 instant with an explicit offset (Z or ±HH:MM). */
  start: string;
  amount: number;
  unit: DeadlineUnit;
  /** See `PeriodOptions.extendOverHoliday`; ignored for working days (always a working day) and hours. */
  extendOverHoliday?: boolean | undefined;
}

/** Result of `WorkingCalendar.computeDeadline`. */
export interface DeadlineResult {
  /** YYYY-MM-DD for day and month units; an ISO-8601 UTC instant (…Z) for hours. */
  due: string;
  unit: DeadlineUnit;
  /** Years the computation looked into that have no official arrangement loaded (ascending). */
  uncoveredYears: number[];
}

// ---------------------------------------------------------------------------------------------
// Integer date arithmetic (Howard Hinnant's civil-from-days algorithms).

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS; // Asia/Shanghai is UTC+8 all year; China has had no DST since 1991.
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/** Day number of Monday 1970-01-05, used to count weekdays arithmetically. */
const MONDAY_ANCHOR = 4;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { y, m, d };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
function isoWeekday(z: number): number {
  return ((((z + 3) % 7) + 7) % 7) + 1;
}

function isWeekend(z: number): boolean {
  return isoWeekday(z) >= 6;
}

/** Number of Monday–Friday days in the half-open range [MONDAY_ANCHOR, z) (negative before the anchor). */
function weekdaysBefore(z: number): number {
  const t = z - MONDAY_ANCHOR;
  const weeks = Math.floor(t / 7);
  return weeks * 5 + Math.min(t - weeks * 7, 5);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDay(z: number): string {
  const { y, m, d } = civilFromDays(z);
  if (y < MIN_YEAR || y > MAX_YEAR) {
    throw new RangeError(`Date out of supported range (years ${MIN_YEAR}–${MAX_YEAR})`);
  }
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function yearOfDay(z: number): number {
  return civilFromDays(z).y;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:\d{2})$/;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function dayFromParts(y: number, m: number, d: number, raw: unknown, label: string): number {
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`Invalid ${label} ${describe(raw)}: no such calendar date`);
  }
  return daysFromCivil(y, m, d);
}

/** Parses a strict YYYY-MM-DD string into a day number, throwing RangeError otherwise. */
function parseDay(date: unknown, label = 'date'): number {
  const match = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!match) {
    throw new RangeError(`Invalid ${label} ${describe(date)}: expected a calendar date in YYYY-MM-DD format`);
  }
  return dayFromParts(Number(match[1]), Number(match[2]), Number(match[3]), date, label);
}

/** Parses a strict ISO-8601 instant with an explicit offset into epoch milliseconds. */
function parseInstant(instant: unknown, label = 'instant'): number {
  const match = typeof instant === 'string' ? INSTANT_RE.exec(instant) : null;
  if (!match) {
    throw new RangeError(
      `Invalid ${label} ${describe(instant)}: expected an ISO-8601 instant with offset, e.g. 2026-11-21T16:30:00Z`,
    );
  }
  const day = dayFromParts(Number(match[1]), Number(match[2]), Number(match[3]), instant, label);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? '0');
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = match[8] ?? 'Z';
  if (hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`Invalid ${label} ${describe(instant)}: time of day out of range`);
  }
  let offsetMs = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw new RangeError(`Invalid ${label} ${describe(instant)}: bad UTC offset`);
    offsetMs = (zone.startsWith('-') ? -1 : 1) * (oh * HOUR_MS + om * 60_000);
  }
  return day * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 + millis - offsetMs;
}

function formatInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  return `${formatDay(day)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millis, 3)}Z`;
}

function checkAmount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new RangeError(`Invalid amount ${describe(n)}: must be an integer`);
  }
  if (n < 0) throw new RangeError(`Invalid amount ${n}: must not be negative`);
  if (n > MAX_AMOUNT) throw new RangeError(`Invalid amount ${n}: must not exceed ${MAX_AMOUNT}`);
  return n;
}

/** Converts a UTC instant (ISO-8601 with explicit offset) to its calendar date in Asia/Shanghai (UTC+8). */
export function toShanghaiDate(instantIso: string): string {
  return formatDay(Math.floor((parseInstant(instantIso) + SHANGHAI_OFFSET_MS) / DAY_MS));
}

// ---------------------------------------------------------------------------------------------

/** Working-day calendar built from holiday / make-up-workday entries and the years those entries cover. */
export class WorkingCalendar {
  readonly #holidays = new Set<number>();
  readonly #workdays = new Set<number>();
  readonly #entries = new Map<number, CalendarEntry>();
  readonly #covered: ReadonlySet<number>;
  /** Sorted day numbers whose status differs from the plain Mon–Fri rule, with running totals. */
  readonly #adjustDays: number[];
  readonly #adjustPrefix: number[];

  /** Builds a calendar; throws RangeError on malformed entries, conflicting kinds or weekday make-up days. */
  constructor(entries: readonly CalendarEntry[], coveredYears: readonly number[]) {
    for (const entry of entries) {
      const z = parseDay(entry.date, 'calendar entry date');
      if (entry.kind !== 'holiday' && entry.kind !== 'workday') {
        throw new RangeError(`Invalid kind ${describe(entry.kind)} for ${entry.date}`);
      }
      if (typeof entry.name !== 'string' || entry.name.trim() === '') {
        throw new RangeError(`Calendar entry ${entry.date} needs a name`);
      }
      const existing = this.#entries.get(z);
      if (existing && existing.kind !== entry.kind) {
        throw new RangeError(`Conflicting calendar entries for ${entry.date}: ${existing.kind} and ${entry.kind}`);
      }
      if (entry.kind === 'workday') {
        if (!isWeekend(z)) throw new RangeError(`Make-up workday ${entry.date} is not a Saturday or Sunday`);
        this.#workdays.add(z);
      } else {
        this.#holidays.add(z);
      }
      if (!existing) this.#entries.set(z, Object.freeze({ date: entry.date, kind: entry.kind, name: entry.name }));
    }
    for (const y of coveredYears) {
      if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR) {
        throw new RangeError(`Invalid covered year ${describe(y)}`);
      }
    }
    this.#covered = new Set(coveredYears);

    const adjustments: [number, number][] = [];
    for (const z of this.#holidays) if (!isWeekend(z)) adjustments.push([z, -1]);
    for (const z of this.#workdays) adjustments.push([z, 1]);
    adjustments.sort((a, b) => a[0] - b[0]);
    this.#adjustDays = adjustments.map((a) => a[0]);
    this.#adjustPrefix = [0];
    let running = 0;
    for (const [, delta] of adjustments) {
      running += delta;
      this.#adjustPrefix.push(running);
    }
  }

  /** Builds a calendar from year arrangements, covering exactly the years they describe. */
  static fromArrangements(arrangements: readonly YearArrangement[]): WorkingCalendar {
    return new WorkingCalendar(
      arrangements.flatMap((a) => a.days),
      arrangements.map((a) => a.year),
    );
  }

  /** Years for which an official arrangement is loaded, ascending. */
  get coveredYears(): number[] {
    return [...this.#covered].sort((a, b) => a - b);
  }

  /** Whether an official arrangement is loaded for the given year. */
  isCovered(year: number): boolean {
    return this.#covered.has(year);
  }

  /** The loaded holiday or make-up-workday entry for a date, if any (for display). */
  entryFor(date: string): CalendarEntry | undefined {
    return this.#entries.get(parseDay(date));
  }

  /** Whether a date is a working day: Mon–Fri and not a holiday, or a weekend make-up workday. */
  isWorkingDay(date: string): boolean {
    return this.#isWorking(parseDay(date));
  }

  /** Date on which the nth working day after `start` falls (the start day itself is not counted). */
  addWorkingDays(start: string, n: number): string {
    return formatDay(this.#addWorking(parseDay(start, 'start date'), checkAmount(n)));
  }

  /**
   * Adds n calendar days (the start day is not counted); by default a due date on a non-working day
   * moves to the next working day.
   *
   * Weekends vs statutory holidays: the rule says "期间的最后一日为法定节假日的，以节假日后的第一日为期间
   * 届满日". We treat every non-working day as a 节假日 for this purpose — Saturdays and Sundays as well as
   * the official holiday span — and we treat a weekend make-up workday (调休上班) as a working day, so a
   * period ending on one is not extended. Reasons, from the texts we could check:
   * - 民法通则 (1986) 第一百五十四条: "期间的最后一天是星期日或者其他法定休假日的，以休假日的次日为期间的最后
   *   一天" — the weekly rest day is named as a 法定休假日; since the 1995 five-day week (国务院关于职工工作时间
   *   的规定) Saturday is one too. 民法典 第二百零三条 keeps "法定休假日".
   * - 最高人民法院《关于贯彻执行〈民法通则〉若干问题的意见（试行）》第198条第2款: "期间的最后一天是星期日或者
   *   其他法定休假日，而星期日或者其他法定休假日有变通的，以实际休假日的次日为期间的最后一天" — i.e. follow the
   *   actual rest days after 调休, which is what the make-up-workday handling does.
   * - A Supreme People's Court document dated 2014-12-12 on 民事诉讼法 第82条 (期间届满日): "期间届满的最后
   *   一日是法定节假日的，如星期六、星期日、'五一'、'十一'、元旦、春节等，以节假日后的第一日为期间届满的日期。
   *   如果节假日在期间中间，则节假日不予扣除。" — explicitly includes Saturday and Sunday, and confirms that
   *   holidays inside the period are not deducted.
   * Periods that must not be extended (e.g. limits on deprivation of liberty, which several procedural
   * rules exclude from holiday extension) should pass `{ extendOverHoliday: false }`.
   */
  addCalendarDays(start: string, n: number, opts?: PeriodOptions): string {
    const z = parseDay(start, 'start date') + checkAmount(n);
    return formatDay(this.#extend(z, opts?.extendOverHoliday ?? true));
  }

  /**
   * Adds n months, ending on the same day-of-month of the final month or that month's last day if it has
   * no such day (Jan 31 + 1 month = Feb 28/29); the same holiday extension as `addCalendarDays` applies.
   */
  addMonths(start: string, n: number, opts?: PeriodOptions): string {
    const z = this.#addMonthsDay(parseDay(start, 'start date'), checkAmount(n));
    return formatDay(this.#extend(z, opts?.extendOverHoliday ?? true));
  }

  /** Adds n hours to an ISO-8601 instant and returns a UTC ISO-8601 instant; no holiday extension applies. */
  addHours(startInstantIso: string, n: number): string {
    return formatInstant(parseInstant(startInstantIso, 'start instant') + checkAmount(n) * HOUR_MS);
  }

  /**
   * Computes a due date/instant for a period and reports the years it relied on that have no official
   * arrangement loaded.
   *
   * `start` may be a YYYY-MM-DD date or an ISO instant. For day and month units an instant is first
   * converted to its Asia/Shanghai date. For hours an instant is used as is, and a bare date means
   * 00:00 Asia/Shanghai of that date. Hours never consult holiday data, so their `uncoveredYears` is
   * empty. For the other units, `uncoveredYears` lists uncovered years between the first counted day
   * (the day after `start`; `start` itself when amount is 0) and the due date, inclusive.
   */
  computeDeadline(input: DeadlineInput): DeadlineResult {
    if (input === null || typeof input !== 'object') throw new RangeError('Deadline input must be an object');
    const { start, unit } = input;
    const amount = checkAmount(input.amount);
    const extend = input.extendOverHoliday ?? true;
    if (unit === 'hours') {
      const startMs =
        typeof start === 'string' && DATE_RE.test(start)
          ? parseDay(start, 'start date') * DAY_MS - SHANGHAI_OFFSET_MS
          : parseInstant(start, 'start');
      return { due: formatInstant(startMs + amount * HOUR_MS), unit, uncoveredYears: [] };
    }
    const startDay =
      typeof start === 'string' && DATE_RE.test(start)
        ? parseDay(start, 'start date')
        : Math.floor((parseInstant(start, 'start') + SHANGHAI_OFFSET_MS) / DAY_MS);
    let due: number;
    switch (unit) {
      case 'working_days':
        due = this.#addWorking(startDay, amount);
        break;
      case 'calendar_days':
        due = this.#extend(startDay + amount, extend);
        break;
      case 'months':
        due = this.#extend(this.#addMonthsDay(startDay, amount), extend);
        break;
      default:
        throw new RangeError(`Invalid unit ${describe(unit)}: expected working_days, calendar_days, months or hours`);
    }
    const dueText = formatDay(due);
    const firstCounted = amount === 0 ? startDay : startDay + 1;
    const uncoveredYears: number[] = [];
    for (let y = yearOfDay(Math.min(firstCounted, due)); y <= yearOfDay(due); y++) {
      if (!this.#covered.has(y)) uncoveredYears.push(y);
    }
    return { due: dueText, unit, uncoveredYears };
  }

  /**
   * Counts working days after `from` up to and including `to` (e.g. "N working days left"); negative
   * with the same magnitude rule when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = parseDay(from, 'from date');
    const b = parseDay(to, 'to date');
    if (b >= a) return this.#countWorking(a + 1, b);
    return -this.#countWorking(b + 1, a);
  }

  #isWorking(z: number): boolean {
    if (this.#workdays.has(z)) return true;
    if (this.#holidays.has(z)) return false;
    return !isWeekend(z);
  }

  #addWorking(startDay: number, n: number): number {
    let z = startDay;
    let counted = 0;
    while (counted < n) {
      z++;
      if (this.#isWorking(z)) counted++;
    }
    return z;
  }

  #extend(z: number, extend: boolean): number {
    let d = z;
    if (extend) while (!this.#isWorking(d)) d++;
    return d;
  }

  #addMonthsDay(startDay: number, n: number): number {
    const { y, m, d } = civilFromDays(startDay);
    const monthIndex = y * 12 + (m - 1) + n;
    const ty = Math.floor(monthIndex / 12);
    const tm = monthIndex - ty * 12 + 1;
    if (ty > MAX_YEAR) throw new RangeError(`Date out of supported range (years ${MIN_YEAR}–${MAX_YEAR})`);
    return daysFromCivil(ty, tm, Math.min(d, daysInMonth(ty, tm)));
  }

  /** Working days in the inclusive range [a, b], in O(log n) via weekday arithmetic and prefix sums. */
  #countWorking(a: number, b: number): number {
    if (b < a) return 0;
    const weekdays = weekdaysBefore(b + 1) - weekdaysBefore(a);
    const prefix = this.#adjustPrefix;
    const adjust = (prefix[lowerBound(this.#adjustDays, b + 1)] ?? 0) - (prefix[lowerBound(this.#adjustDays, a)] ?? 0);
    return weekdays + adjust;
  }
}

/** Index of the first element of a sorted array that is >= value. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Creates a calendar loaded with every verified official arrangement in `OFFICIAL_ARRANGEMENTS`. */
export function createOfficialCalendar(): WorkingCalendar {
  return WorkingCalendar.fromArrangements(OFFICIAL_ARRANGEMENTS);
}
