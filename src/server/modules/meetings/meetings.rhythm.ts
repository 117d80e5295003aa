/**
 * The zones' rhythm (seed 000/001): when each scheduled kind of meeting falls, on working days.
 *
 * - 季度研判会 of a quarter: the last Friday of the quarter's last month (March, June, September,
 *   December), so the quarter's records are nearly complete.
 * - 半年推进会 of a half-year: the third Thursday of the half-year's last month (June, December).
 * - 年度述职会 of a year: the second Wednesday of December (the leader's report, its materials
 *   to the members 10 days before: timer 41 `annual_report_preview`).
 *
 * When the natural pick is not a working day (a weekend, or a holiday of the loaded calendar:
 * 2026-09-25, the last Friday of September 2026, is 中秋节), the meeting moves to the previous
 * working day of the same month, or, with none, the next working day. A year without a loaded
 * holiday arrangement is read as Monday to Friday (the calendar's workbench card warns of it).
 * Pure functions: the calendar and "today" are passed in.
 */
import type { WorkingCalendar } from '../../shared/calendar/calendar.js';
import { NATIONAL_TIMERS } from '../deadlines/index.js';
import type { ScheduledMeetingKind } from '../../shared/meetings.codes.js';

/** A period of a scheduled kind and the date its meeting falls on. */
export interface PlannedMeeting {
  kind: ScheduledMeetingKind;
  /** `2026-Q3`, `2026-H2`, `2026`. */
  periodKey: string;
  /** `2026年第三季度`, `2026年下半年`, `2026年度`. */
  periodLabel: string;
  /** The rule's natural pick (maybe not a working day). */
  natural: string;
  /** The working day it is held on. */
  heldOn: string;
}

const CN = ['一', '二', '三', '四'];
const DAY_MS = 86_400_000;

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The `n`th (1-based) `dow` (0 Sunday … 6 Saturday) of month `m`, or the last one with `n = -1`. */
export function nthWeekday(y: number, m: number, dow: number, n: number): string {
  if (n < 0) {
    for (let d = daysIn(y, m); d >= 1; d--) if (weekday(y, m, d) === dow) return iso(y, m, d);
  }
  let seen = 0;
  for (let d = 1; d <= daysIn(y, m); d++) if (weekday(y, m, d) === dow && ++seen === n) return iso(y, m, d);
  throw new RangeError(`no ${n}th weekday ${dow} in ${y}-${m}`);
}

/** `date` if a working day; else the previous working day of its month; else the next working day. */
export function onWorkingDay(cal: WorkingCalendar, date: string): string {
  if (cal.isWorkingDay(date)) return date;
  const t = Date.parse(`${date}T00:00:00Z`);
  for (let back = 1; back <= 31; back++) {
    const d = new Date(t - back * DAY_MS).toISOString().slice(0, 10);
    if (d.slice(0, 7) !== date.slice(0, 7)) break;
    if (cal.isWorkingDay(d)) return d;
  }
  return cal.addWorkingDays(date, 1);
}

/** The natural pick of period `index` (quarter 1–4, half 1–2, or 1 for the year) of year `y`. */
function natural(kind: ScheduledMeetingKind, y: number, index: number): string {
  if (kind === 'assessment_meeting') return nthWeekday(y, index * 3, 5, -1);
  if (kind === 'progress_meeting') return nthWeekday(y, index * 6, 4, 3);
  return nthWeekday(y, 12, 3, 2);
}

function period(kind: ScheduledMeetingKind, y: number, index: number): { key: string; label: string } {
  if (kind === 'assessment_meeting') return { key: `${y}-Q${index}`, label: `${y}年第${CN[index - 1]}季度` };
  if (kind === 'progress_meeting') return { key: `${y}-H${index}`, label: `${y}年${index === 1 ? '上' : '下'}半年` };
  return { key: String(y), label: `${y}年度` };
}

/** The meeting of `kind` for the period holding `date`, and the one after. */
function around(kind: ScheduledMeetingKind, date: string): [number, number][] {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const per = kind === 'assessment_meeting' ? 4 : kind === 'progress_meeting' ? 2 : 1;
  const index = Math.ceil((m * per) / 12);
  const next: [number, number] = index === per ? [y + 1, 1] : [y, index + 1];
  return [[y, index], next];
}

/**
 * The next meeting of `kind` on or after `today`: the current period's if its day is still to
 * come, else the next period's.
 */
export function nextMeeting(cal: WorkingCalendar, kind: ScheduledMeetingKind, today: string): PlannedMeeting {
  let last: PlannedMeeting | null = null;
  for (const [y, index] of around(kind, today)) {
    const nat = natural(kind, y, index);
    const { key, label } = period(kind, y, index);
    last = { kind, periodKey: key, periodLabel: label, natural: nat, heldOn: onWorkingDay(cal, nat) };
    if (last.heldOn >= today) return last;
  }
  return last!;
}

/** The days before a 述职会 its report is due to the members (timer 41, the national catalogue's length). */
export const ANNUAL_REPORT_PREVIEW_DAYS = NATIONAL_TIMERS.find((t) => t.kind === 'annual_report_preview')?.amount ?? 10;

/** "述职报告应于X前提供": the meeting day less timer 41's days (calendar days, never moved). */
export function materialsDueOn(kind: string, heldOn: string): string | null {
  if (kind !== 'annual_report_meeting') return null;
  return new Date(Date.parse(`${heldOn}T00:00:00Z`) - ANNUAL_REPORT_PREVIEW_DAYS * DAY_MS).toISOString().slice(0, 10);
}
