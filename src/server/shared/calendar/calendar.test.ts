import { describe, it, expect } from 'vitest';

import { MAX_AMOUNT, WorkingCalendar, createOfficialCalendar, toShanghaiDate, type CalendarEntry } from './calendar.js';
import { OFFICIAL_ARRANGEMENTS } from './holidays-cn.js';

const cal = createOfficialCalendar();

/** Same data without any make-up workdays, to show what counting them changes. */
const calWithoutMakeUpDays = new WorkingCalendar(
  OFFICIAL_ARRANGEMENTS.flatMap((a) => a.days).filter((d) => d.kind === 'holiday'),
  OFFICIAL_ARRANGEMENTS.map((a) => a.year),
);

/** ISO weekday (1 = Monday … 7 = Sunday), computed independently of the code under test. */
function weekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

describe('official arrangements data', () => {
  it('covers 2020–2026 with one notice per year', () => {
    expect(OFFICIAL_ARRANGEMENTS.map((a) => a.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(cal.coveredYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(OFFICIAL_ARRANGEMENTS.find((a) => a.year === 2025)?.source).toBe('国办发明电〔2024〕12号');
    expect(OFFICIAL_ARRANGEMENTS.find((a) => a.year === 2024)?.source).toBe('国办发明电〔2023〕7号');
  });

  it('has valid, unique dates and make-up workdays only on weekends', () => {
    const seen = new Set<string>();
    for (const a of OFFICIAL_ARRANGEMENTS) {
      for (const d of a.days) {
        expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(seen.has(d.date), `duplicate ${d.date}`).toBe(false);
        seen.add(d.date);
        if (d.kind === 'workday') expect(weekday(d.date), d.date).toBeGreaterThanOrEqual(6);
        // Only 元旦 may spill into the previous year (2023: from 2022-12-31; 2024: joined weekend).
        if (!d.date.startsWith(String(a.year))) {
          expect(d.name).toBe('元旦');
          expect(d.date.startsWith(String(a.year - 1))).toBe(true);
        }
      }
    }
  });

  it('balances weekday days off minus make-up workdays to the statutory number of days off', () => {
    // 11 statutory days until 2024, 13 from 2025 (国务院令第795号 added 除夕 and 5月2日).
    // 2020 has two extra: the COVID-19 extension (国办发明电〔2020〕1号) added Fri 31 Jan and
    // cancelled the make-up workday of Sat 1 Feb.
    const expected: Record<number, number> = { 2020: 13, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13 };
    for (const a of OFFICIAL_ARRANGEMENTS) {
      const weekdayHolidays = a.days.filter((d) => d.kind === 'holiday' && weekday(d.date) <= 5).length;
      const makeUp = a.days.filter((d) => d.kind === 'workday').length;
      expect(weekdayHolidays - makeUp, String(a.year)).toBe(expected[a.year]);
    }
  });

  it('matches the weekday annotations printed in the 2025 and 2026 notices', () => {
    // 2026: 2月15日（周日）至23日（周一）; 2月14日（周六）、2月28日（周六）上班; 9月20日（周日）、10月10日（周六）上班.
    expect(weekday('2026-02-15')).toBe(7);
    expect(weekday('2026-02-23')).toBe(1);
    expect(weekday('2026-02-14')).toBe(6);
    expect(weekday('2026-02-28')).toBe(6);
    expect(weekday('2026-09-20')).toBe(7);
    expect(weekday('2026-10-10')).toBe(6);
    // 2025: 10月1日（周三）至8日（周三）; 9月28日（周日）、10月11日（周六）上班.
    expect(weekday('2025-10-01')).toBe(3);
    expect(weekday('2025-10-08')).toBe(3);
    expect(weekday('2025-09-28')).toBe(7);
    expect(weekday('2025-10-11')).toBe(6);
  });

  it('spans the whole Spring Festival 2026 break (Feb 15–23, 9 days) with its make-up Saturdays', () => {
    const days = OFFICIAL_ARRANGEMENTS.find((a) => a.year === 2026)?.days ?? [];
    const spring = days.filter((d) => d.name === '春节' && d.kind === 'holiday').map((d) => d.date);
    expect(spring).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(days.filter((d) => d.kind === 'workday' && d.name === '春节调休').map((d) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-28',
    ]);
    expect(cal.entryFor('2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(cal.entryFor('2026-03-17')).toBeUndefined();
  });
});

describe('isWorkingDay', () => {
  it('handles National Day 2025 (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked)', () => {
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`), `2025-10-0${d}`).toBe(false);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    expect(cal.isWorkingDay('2025-09-27')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
  });

  it('applies the 2020 Spring Festival extension and keeps 2024 除夕 a working day', () => {
    expect(cal.isWorkingDay('2020-01-19')).toBe(true); // make-up Sunday
    expect(cal.isWorkingDay('2020-01-31')).toBe(false); // extension
    expect(cal.isWorkingDay('2020-02-01')).toBe(false); // make-up day cancelled by the extension
    expect(cal.isWorkingDay('2020-02-03')).toBe(true);
    expect(cal.isWorkingDay('2024-02-09')).toBe(true); // 除夕 2024 was only "encouraged" leave
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // 除夕 2025 is statutory
  });

  it('falls back to Mon–Fri for years without data', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // Friday; 2027 notice not loaded
    expect(cal.isWorkingDay('2027-01-02')).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('skips Spring Festival 2026 and counts both make-up Saturdays (15 working days from 2026-02-12)', () => {
    // Thu 02-12 start (not counted): 02-13 (1), Sat 02-14 make-up (2), 02-15..02-23 off,
    // 02-24..02-27 (3–6), Sat 02-28 make-up (7), 03-02..03-06 (8–12), 03-09..03-11 (13–15).
    expect(cal.addWorkingDays('2026-02-12', 15)).toBe('2026-03-11');
    // Ignoring the two make-up Saturdays would give two more days.
    expect(calWithoutMakeUpDays.addWorkingDays('2026-02-12', 15)).toBe('2026-03-13');
  });

  it('counts a make-up Sunday: 1 working day after Fri 2025-09-26 is Sun 2025-09-28', () => {
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    expect(cal.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(calWithoutMakeUpDays.addWorkingDays('2025-09-26', 1)).toBe('2025-09-29');
    // Fri 2026-02-27 + 1: the make-up Saturday 2026-02-28 instead of Monday 2026-03-02.
    expect(cal.addWorkingDays('2026-02-27', 1)).toBe('2026-02-28');
    expect(calWithoutMakeUpDays.addWorkingDays('2026-02-27', 1)).toBe('2026-03-02');
  });

  it('crosses National Day 2025', () => {
    // 09-28 (1), 09-29 (2), 09-30 (3), 10-01..10-08 off, 10-09 (4), 10-10 (5), Sat 10-11 make-up (6).
    expect(cal.addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
    expect(cal.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    expect(cal.addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
  });

  it('returns the start date for n = 0 and is fast for n = 250', () => {
    expect(cal.addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
    const t0 = performance.now();
    let last = '';
    for (let i = 0; i < 1000; i++) last = cal.addWorkingDays('2026-01-05', 250);
    const perCallMs = (performance.now() - t0) / 1000;
    expect(cal.workingDaysBetween('2026-01-05', last)).toBe(250);
    expect(perCallMs).toBeLessThan(1);
  });
});

describe('addCalendarDays', () => {
  it('extends a period ending inside Spring Festival 2026 to the first working day after it', () => {
    // 2026-02-10 + 10 days = Fri 2026-02-20 (春节) → first working day after the break: Tue 2026-02-24.
    expect(cal.addCalendarDays('2026-02-10', 10)).toBe('2026-02-24');
    expect(cal.addCalendarDays('2026-02-10', 10, { extendOverHoliday: false })).toBe('2026-02-20');
  });

  it('extends over National Day 2025 and over an ordinary weekend', () => {
    expect(cal.addCalendarDays('2025-09-21', 10)).toBe('2025-10-09');
    expect(cal.addCalendarDays('2026-03-02', 5)).toBe('2026-03-09'); // Sat 03-07 → Mon 03-09
  });

  it('does not extend a period ending on a make-up working Saturday', () => {
    expect(cal.addCalendarDays('2026-02-18', 10)).toBe('2026-02-28');
    expect(calWithoutMakeUpDays.addCalendarDays('2026-02-18', 10)).toBe('2026-03-02');
  });

  it('does not deduct holidays inside the period', () => {
    expect(cal.addCalendarDays('2026-02-12', 15)).toBe('2026-02-27');
  });
});

describe('addMonths', () => {
  it('ends on the last day of a shorter month', () => {
    expect(cal.addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(cal.addMonths('2026-01-31', 1)).toBe('2026-02-28'); // make-up Saturday: a working day, no extension
    expect(calWithoutMakeUpDays.addMonths('2026-01-31', 1)).toBe('2026-03-02');
    expect(cal.addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(cal.addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(cal.addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });

  it('handles the 2028 leap year and reports 2028 as uncovered', () => {
    const r = cal.computeDeadline({ start: '2028-01-31', amount: 1, unit: 'months' });
    expect(r).toEqual({ due: '2028-02-29', unit: 'months', uncoveredYears: [2028] });
  });

  it('extends a month period ending on a holiday', () => {
    expect(cal.addMonths('2026-09-01', 1)).toBe('2026-10-08');
    expect(cal.addMonths('2026-09-01', 1, { extendOverHoliday: false })).toBe('2026-10-01');
    expect(cal.addMonths('2025-12-15', 12)).toBe('2026-12-15');
  });
});

describe('hours and time zones', () => {
  it('adds hours across midnight in UTC without holiday extension', () => {
    expect(cal.addHours('2026-11-21T20:00:00Z', 6)).toBe('2026-11-22T02:00:00.000Z');
    expect(cal.addHours('2026-02-14T10:00:00Z', 48)).toBe('2026-02-16T10:00:00.000Z'); // inside 春节
    expect(cal.addHours('2026-11-22T04:00:00+08:00', 0)).toBe('2026-11-21T20:00:00.000Z');
    expect(cal.addHours('2024-02-28T23:30:00.5Z', 1)).toBe('2024-02-29T00:30:00.500Z');
  });

  it('converts instants to the Asia/Shanghai date', () => {
    expect(toShanghaiDate('2026-11-21T16:30:00Z')).toBe('2026-11-22');
    expect(toShanghaiDate('2026-11-21T15:59:59.999Z')).toBe('2026-11-21');
    expect(toShanghaiDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(toShanghaiDate('2026-11-22T00:30:00+08:00')).toBe('2026-11-22');
    expect(toShanghaiDate('2026-11-21T12:00:00-05:00')).toBe('2026-11-22');
  });

  it('computeDeadline converts an instant start to the Shanghai date, or keeps it for hours', () => {
    // 2026-02-11T17:00Z is 2026-02-12 01:00 in Shanghai.
    expect(cal.computeDeadline({ start: '2026-02-11T17:00:00Z', amount: 15, unit: 'working_days' })).toEqual({
      due: '2026-03-11',
      unit: 'working_days',
      uncoveredYears: [],
    });
    expect(cal.computeDeadline({ start: '2026-11-21T20:00:00Z', amount: 24, unit: 'hours' })).toEqual({
      due: '2026-11-22T20:00:00.000Z',
      unit: 'hours',
      uncoveredYears: [],
    });
    // A bare date for hours means 00:00 Asia/Shanghai.
    expect(cal.computeDeadline({ start: '2026-11-22', amount: 24, unit: 'hours' }).due).toBe(
      '2026-11-22T16:00:00.000Z',
    );
  });
});

describe('computeDeadline', () => {
  it('reports years without an official arrangement', () => {
    expect(cal.computeDeadline({ start: '2026-12-20', amount: 15, unit: 'working_days' })).toEqual({
      due: '2027-01-08',
      unit: 'working_days',
      uncoveredYears: [2027],
    });
    expect(cal.computeDeadline({ start: '2026-12-31', amount: 0, unit: 'calendar_days' }).uncoveredYears).toEqual([]);
    expect(cal.computeDeadline({ start: '2019-12-31', amount: 5, unit: 'calendar_days' })).toEqual({
      due: '2020-01-06',
      unit: 'calendar_days',
      uncoveredYears: [],
    });
  });

  it('supports calendar days with and without extension', () => {
    expect(cal.computeDeadline({ start: '2026-02-10', amount: 10, unit: 'calendar_days' }).due).toBe('2026-02-24');
    expect(
      cal.computeDeadline({ start: '2026-02-10', amount: 10, unit: 'calendar_days', extendOverHoliday: false }).due,
    ).toBe('2026-02-20');
  });
});

describe('workingDaysBetween', () => {
  it('counts from exclusive to inclusive, negative when reversed', () => {
    expect(cal.workingDaysBetween('2026-02-12', '2026-03-11')).toBe(15);
    expect(cal.workingDaysBetween('2026-03-11', '2026-02-12')).toBe(-15);
    expect(cal.workingDaysBetween('2026-02-14', '2026-02-24')).toBe(1);
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-12')).toBe(0);
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6);
  });

  it('agrees with addWorkingDays', () => {
    for (const start of [
      '2019-12-20',
      '2020-01-17',
      '2023-12-29',
      '2024-09-13',
      '2025-01-24',
      '2026-09-18',
      '2026-12-30',
    ]) {
      for (const n of [1, 2, 5, 10, 15, 30, 60, 250]) {
        expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n)), `${start} + ${n}`).toBe(n);
      }
    }
  });
});

describe('input validation', () => {
  it('rejects malformed dates', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '20260203', '', '2026-13-01', '2026-02-12T00:00:00Z', 'abc']) {
      expect(() => cal.isWorkingDay(bad), bad).toThrow(RangeError);
    }
    expect(() => cal.addWorkingDays('2025-02-29', 1)).toThrow(/no such calendar date/);
    expect(() => cal.computeDeadline({ start: 'tomorrow', amount: 1, unit: 'calendar_days' })).toThrow(RangeError);
  });

  it('rejects bad amounts', () => {
    for (const bad of [-1, 1.5, MAX_AMOUNT + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cal.addWorkingDays('2026-02-12', bad), String(bad)).toThrow(RangeError);
      expect(() => cal.computeDeadline({ start: '2026-02-12', amount: bad, unit: 'months' })).toThrow(RangeError);
    }
    expect(() => cal.addCalendarDays('2026-02-12', 3651)).toThrow(/must not exceed 3650/);
    expect(cal.addCalendarDays('2026-02-12', MAX_AMOUNT)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects bad instants and units', () => {
    expect(() => toShanghaiDate('2026-11-21T16:30:00')).toThrow(RangeError); // no offset
    expect(() => toShanghaiDate('2026-11-21T24:00:00Z')).toThrow(RangeError);
    expect(() => toShanghaiDate('2026-11-21 16:30:00Z')).toThrow(RangeError);
    expect(() => cal.addHours('2026-11-21', 1)).toThrow(RangeError);
    expect(() => cal.computeDeadline({ start: '2026-02-12', amount: 1, unit: 'weeks' as unknown as 'hours' })).toThrow(
      RangeError,
    );
  });

  it('rejects inconsistent calendar data', () => {
    const conflict: CalendarEntry[] = [
      { date: '2026-02-14', kind: 'workday', name: 'a' },
      { date: '2026-02-14', kind: 'holiday', name: 'b' },
    ];
    expect(() => new WorkingCalendar(conflict, [2026])).toThrow(RangeError);
    expect(() => new WorkingCalendar([{ date: '2026-02-16', kind: 'workday', name: 'x' }], [2026])).toThrow(
      /not a Saturday or Sunday/,
    );
    expect(() => new WorkingCalendar([{ date: '2026-02-31', kind: 'holiday', name: 'x' }], [2026])).toThrow(RangeError);
  });
});
