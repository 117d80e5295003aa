/** Pure helpers of the working-day calendar: which days work, month layouts and per-month counts. */
import dayjs from 'dayjs';
import type { CalendarDay, CalendarDayKind } from '../../api/types.js';

/** How a date is treated. */
export type DayStatus = 'workday_normal' | 'weekend' | CalendarDayKind;

/** Whether a date is a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = dayjs(date).day();
  return weekday === 0 || weekday === 6;
}

/** Classifies a date: special days first, then Saturday/Sunday as weekend. */
export function dayStatus(date: string, special: ReadonlyMap<string, CalendarDay>): DayStatus {
  const day = special.get(date);
  if (day) return day.kind;
  return isWeekend(date) ? 'weekend' : 'workday_normal';
}

/** Whether a status is a working day. */
export function isWorking(status: DayStatus): boolean {
  return status === 'workday_normal' || status === 'workday';
}

/** The cells of a month grid starting on Monday: null for blanks before the 1st. */
export function monthCells(year: number, month: number): (string | null)[] {
  const first = dayjs(new Date(year, month, 1));
  const blanks = (first.day() + 6) % 7; // Monday = 0
  const cells: (string | null)[] = Array.from({ length: blanks }, () => null);
  const days = first.daysInMonth();
  for (let d = 1; d <= days; d += 1) cells.push(first.date(d).format('YYYY-MM-DD'));
  return cells;
}

/** Working days in each month of the year (12 numbers). */
export function workingDaysPerMonth(year: number, special: ReadonlyMap<string, CalendarDay>): number[] {
  return Array.from(
    { length: 12 },
    (_, month) =>
      monthCells(year, month).filter((date): date is string => date !== null && isWorking(dayStatus(date, special)))
        .length,
  );
}

/** Sorts days by date and drops duplicates (the last one wins). */
export function normaliseDays(days: CalendarDay[]): CalendarDay[] {
  const byDate = new Map<string, CalendarDay>();
  for (const day of days) byDate.set(day.date, day);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Parses pasted JSON (`{ source?, year?, days }` or a bare array); throws on anything else. */
export function parseCalendarJson(text: string): { source?: string; year?: number; days: CalendarDay[] } {
  const data = JSON.parse(text) as unknown;
  const obj = Array.isArray(data) ? { days: data } : (data as { source?: unknown; year?: unknown; days?: unknown });
  if (!obj || !Array.isArray(obj.days)) throw new Error('days missing');
  const days = (obj.days as unknown[]).map((raw) => {
    const d = raw as { date?: unknown; kind?: unknown; name?: unknown };
    if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new Error('bad date');
    if (d.kind !== 'holiday' && d.kind !== 'workday') throw new Error('bad kind');
    return { date: d.date, kind: d.kind, name: typeof d.name === 'string' ? d.name : '' } satisfies CalendarDay;
  });
  return {
    source: typeof obj.source === 'string' ? obj.source : undefined,
    year: typeof obj.year === 'number' ? obj.year : undefined,
    days,
  };
}
