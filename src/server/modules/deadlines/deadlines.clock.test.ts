import { describe, expect, it } from 'vitest';
import { WorkingCalendar, createOfficialCalendar } from '../../shared/calendar/calendar.js';
import { NATIONAL_TIMERS } from './deadlines.catalogue-defaults.js';
import { PAUSED_DUE_ON, computeClock } from './deadlines.clock.js';
import { extensionStep, longerThanNational, ruleProblems } from './deadlines.rules.js';

const cal = createOfficialCalendar();
/** An instant at 10:00 China time on a date. */
const at = (date: string) => `${date}T02:00:00Z`;
const spec = (kind: string) => NATIONAL_TIMERS.find((t) => t.kind === kind)!;

describe('clock arithmetic', () => {
  it('counts an extension from the legal end, not from the date the Spring Festival moved it to', () => {
    // 60 days from 2025-12-19 end on 2026-02-17, inside the Spring Festival (02-15…02-23):
    // the clock is due on 02-24, but the 30-day extension (XF 第三十四条: 60 + 30) runs from 02-17.
    const basis = { startAt: at('2025-12-19'), amount: 60, unit: 'calendar_days' as const, extendOverHoliday: true };
    const plain = computeClock(cal, basis, []);
    expect(plain).toMatchObject({ legalDueOn: '2026-02-17', dueOn: '2026-02-24', uncoveredYears: [] });
    const extended = computeClock(cal, basis, [
      { type: 'extension', at: at('2026-02-10'), amount: 30, unit: 'calendar_days' },
    ]);
    // 90 days after 2025-12-19 is 2026-03-19, a Thursday. Counting from the moved date gave 03-26.
    expect(extended).toMatchObject({ legalDueOn: '2026-03-19', dueOn: '2026-03-19' });
  });

  it('does not count a pause: working days resume with what they had left, days and months move by the days stood still', () => {
    // 15 working days from Fri 2026-11-20 → Fri 2026-12-11. Paused Wed 11-25 (12 left after it),
    // resumed Wed 12-02: 12 working days after 12-02 → Fri 12-18.
    const wd = { startAt: at('2026-11-20'), amount: 15, unit: 'working_days' as const, extendOverHoliday: true };
    expect(computeClock(cal, wd, []).dueOn).toBe('2026-12-11');
    const paused = computeClock(cal, wd, [{ type: 'pause', at: at('2026-11-25'), resumedAt: null }]);
    expect(paused).toMatchObject({ paused: true, dueOn: PAUSED_DUE_ON, legalDueOn: '2026-12-11' });
    expect(computeClock(cal, wd, [{ type: 'pause', at: at('2026-11-25'), resumedAt: at('2026-12-02') }]).dueOn).toBe(
      '2026-12-18',
    );
    // A month (审理, GZ 第五十五条) from 2026-11-20 ends Sun 12-20 → due Mon 12-21. Ten days of
    // supplementary investigation (11-30 → 12-10) are not counted: 12-30.
    const month = { startAt: at('2026-11-20'), amount: 1, unit: 'months' as const, extendOverHoliday: true };
    expect(computeClock(cal, month, []).dueOn).toBe('2026-12-21');
    const resumed = computeClock(cal, month, [{ type: 'pause', at: at('2026-11-30'), resumedAt: at('2026-12-10') }]);
    expect(resumed).toMatchObject({ legalDueOn: '2026-12-30', dueOn: '2026-12-30', paused: false });
    // Two pauses and an extension in between, replayed in the order they happened.
    const busy = computeClock(cal, month, [
      { type: 'pause', at: at('2026-11-30'), resumedAt: at('2026-12-10') },
      { type: 'extension', at: at('2026-12-15'), amount: 10, unit: 'calendar_days' },
      { type: 'pause', at: at('2026-12-20'), resumedAt: at('2026-12-22') },
    ]);
    expect(busy.legalDueOn).toBe('2027-01-11');
    expect(busy.uncoveredYears).toEqual([2027]);
  });

  it('runs hour clocks on instants: never moved by a holiday, never flagged', () => {
    const basis = { startAt: '2026-12-31T20:00:00Z', amount: 12, unit: 'hours' as const, extendOverHoliday: true };
    // 04:00 on 1 January in Shanghai, a holiday, +12 h: 16:00 the same day, no year needed.
    expect(computeClock(cal, basis, [])).toMatchObject({
      startsOn: '2027-01-01',
      dueAt: '2027-01-01T08:00:00.000Z',
      dueOn: '2027-01-01',
      uncoveredYears: [],
    });
    const paused = computeClock(cal, basis, [
      { type: 'pause', at: '2026-12-31T22:00:00Z', resumedAt: '2026-12-31T23:30:00Z' },
      { type: 'extension', at: '2027-01-01T01:00:00Z', amount: 12, unit: 'hours' },
    ]);
    expect(paused.dueAt).toBe('2027-01-01T21:30:00.000Z');
  });

  it('flags the years it ran into without an arrangement, and stops flagging once one is loaded', () => {
    const basis = { startAt: at('2026-11-02'), amount: 60, unit: 'calendar_days' as const, extendOverHoliday: true };
    // 2027-01-01 is a Friday: without 2027 it counts as a working day.
    expect(computeClock(cal, basis, [])).toMatchObject({ dueOn: '2027-01-01', uncoveredYears: [2027] });
    const with2027 = WorkingCalendar.fromArrangements([
      { year: 2026, source: 'test', days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] },
      {
        year: 2027,
        source: 'test',
        days: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({
          date,
          kind: 'holiday' as const,
          name: '元旦',
        })),
      },
    ]);
    expect(computeClock(with2027, basis, [])).toMatchObject({ dueOn: '2027-01-04', uncoveredYears: [] });
  });

  it('keeps 留置 on its due date over a holiday (TL21 第二百八十五条)', () => {
    const detention = spec('detention');
    // Three months from 2026-07-01 end on 2026-10-01, National Day: not moved.
    const t = computeClock(
      cal,
      { startAt: at('2026-07-01'), amount: 3, unit: 'months', extendOverHoliday: detention.extendOverHoliday },
      [],
    );
    expect(t.dueOn).toBe('2026-10-01');
  });
});

describe('timer rules', () => {
  it('seeds every §9 timer as a sound rule, with its source', () => {
    const kinds = NATIONAL_TIMERS.map((t) => t.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const t of NATIONAL_TIMERS) {
      expect(ruleProblems(t), t.kind).toEqual([]);
      expect(t.source.length, t.kind).toBeGreaterThan(2);
    }
    expect(NATIONAL_TIMERS.length).toBeGreaterThanOrEqual(50);
    // The intake's timers and a few of the later issues'.
    for (const k of ['ack', 'accept', 'transfer_up', 'register', 'handle', 'assignment', 'feedback', 'recheck'])
      expect(kinds).toContain(k);
    expect(spec('handle')).toMatchObject({ amount: 60, unit: 'calendar_days' });
    expect(spec('letter_reply')).toMatchObject({ amount: 15, unit: 'working_days', repeatable: true });
    expect(spec('compulsory_appearance')).toMatchObject({ amount: 12, unit: 'hours' });
    expect(spec('detention')).toMatchObject({ extendOverHoliday: false, maxRestarts: 1 });
    expect(spec('review')).toMatchObject({ pausable: true });
    // What the law leaves to provinces has no national length.
    expect(spec('party_investigation').amount).toBeNull();
  });

  it('walks extension steps: once, then the repeatable last step again and again', () => {
    const assignment = spec('assignment');
    expect(extensionStep(assignment, 1)).toMatchObject({ maxAmount: 3, unit: 'months' });
    expect(extensionStep(assignment, 2)).toMatchObject({ maxAmount: null, approverRoles: ['commission_leader'] });
    expect(extensionStep(assignment, 5)).toBe(extensionStep(assignment, 2));
    expect(extensionStep(spec('handle'), 2)).toBeNull();
    expect(extensionStep(spec('recheck'), 1)).toBeNull();
  });

  it('lets a local rule be stricter than the law, never longer', () => {
    const handle = spec('handle');
    expect(longerThanNational(handle, { ...handle, amount: 45 })).toEqual([]);
    expect(longerThanNational(handle, { ...handle, amount: 90 })).toEqual([
      { field: 'amount', code: 'longer_than_law', value: 60 },
    ]);
    expect(longerThanNational(handle, { ...handle, unit: 'working_days', amount: 40 })).toEqual([
      { field: 'unit', code: 'unit_differs', value: 'calendar_days' },
    ]);
    const twice = { ...handle, extensions: [...handle.extensions, ...handle.extensions] };
    expect(longerThanNational(handle, twice)).toEqual([{ field: 'maxAmount', step: 2, code: 'no_extension' }]);
    const longStep = { ...handle, extensions: [{ ...handle.extensions[0]!, maxAmount: 45 }] };
    expect(longerThanNational(handle, longStep)).toEqual([
      { field: 'maxAmount', step: 1, code: 'longer_than_law', value: 30 },
    ]);
    // Left to provinces: any length.
    const party = spec('party_investigation');
    expect(longerThanNational(party, { ...party, amount: 90 })).toEqual([]);
  });
});
