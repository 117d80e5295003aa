import { describe, expect, it } from 'vitest';
import { createOfficialCalendar } from '../../shared/calendar/calendar.js';
import { DomainError } from '../../shared/errors.js';
import type { Sanction, StateSanction } from '../../shared/sanctions.codes.js';
import { addMonths, dayOf, monthsAndDays } from './sanctions.dates.js';
import {
  combineStateSanctions,
  effectiveOn,
  liftingDue,
  partyEffectPeriod,
  probationOutcome,
  remainderOf,
  stackPartySanctions,
  statePeriod,
  underEffectOn,
} from './sanctions.periods.js';

/** The code of the DomainError `fn` throws (fails when it throws nothing or something else). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}
/** The details of the DomainError `fn` throws. */
function detailsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.details;
    throw e;
  }
  throw new Error('expected a refusal');
}

const warning: Sanction = { system: 'party', kind: 'warning' };
const serious: Sanction = { system: 'party', kind: 'serious_warning' };
const postRemoval: Sanction = { system: 'party', kind: 'post_removal' };
const expulsion: Sanction = { system: 'party', kind: 'expulsion' };
const probation1: Sanction = { system: 'party', kind: 'probation', probationYears: 1 };
const probation2: Sanction = { system: 'party', kind: 'probation', probationYears: 2 };

describe('dates: month arithmetic clamped at month ends, as the deadlines calendar does it', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2016-07-15', 24, '2018-07-15'],
  ])('%s + %i months = %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it('agrees with the working calendar (without the holiday move) on every day of 2024 and 1 to 60 months', () => {
    const cal = createOfficialCalendar();
    const differ: string[] = [];
    for (let day = dayOf('2024-01-01'); day <= dayOf('2024-12-31'); day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      for (let n = 1; n <= 60; n++)
        if (addMonths(date, n) !== cal.addMonths(date, n, { extendOverHoliday: false })) differ.push(`${date}+${n}`);
    }
    expect(differ).toEqual([]);
  });

  it.each([
    ['2016-07-15', '2017-01-15', 6, 0],
    ['2024-11-20', '2025-01-10', 1, 21],
    ['2024-01-31', '2024-03-01', 1, 1],
    ['2024-05-01', '2024-05-01', 0, 0],
    ['2024-05-02', '2024-05-01', 0, 0],
  ])('from %s to %s remain %i months and %i days', (from, to, months, days) => {
    expect(monthsAndDays(from, to)).toEqual({ months, days });
  });

  it.each(['2024-02-30', '2023-02-29', '2024-2-3', '20240203', 'tomorrow', ''])('refuses %j as a date', (bad) => {
    expect(codeOf(() => dayOf(bad))).toBe('VALIDATION_FAILED');
  });
});

describe('party effect periods (CF23 第十条 to 第十三条), from the collective decision (PZ 第五条)', () => {
  it.each([
    [warning, 'effect', 12, '2025-03-10'],
    [serious, 'effect', 18, '2025-09-10'],
    [postRemoval, 'effect', 24, '2026-03-10'],
    [probation1, 'probation', 12, '2025-03-10'],
    [probation2, 'probation', 24, '2026-03-10'],
    [expulsion, 'readmission_bar', 60, '2029-03-10'],
  ] as const)('%o decided 2024-03-10: %s of %i months to %s', (sanction, nature, months, endsOn) => {
    const p = partyEffectPeriod(sanction, '2024-03-10');
    expect(p).toMatchObject({ nature, months, startsOn: '2024-03-10', endsOn, carried: { months: 0, days: 0 } });
    expect(p.liftsOn).toBe(
      new Date((dayOf(endsOn) + 1) * 86_400_000).toISOString().slice(0, 10), // the day after
    );
  });

  it('gives a 严重警告 in place of 撤销党内职务 the 2 years of the latter (CF23 第十一条第二款)', () => {
    const inPlace: Sanction = { system: 'party', kind: 'serious_warning', inPlaceOfPostRemoval: true };
    expect(partyEffectPeriod(inPlace, '2024-03-10')).toMatchObject({ months: 24, endsOn: '2026-03-10' });
    expect(partyEffectPeriod({ ...inPlace, inPlaceOfPostRemoval: false }, '2024-03-10').months).toBe(18);
  });

  it.each([
    [warning, '2024-02-29', '2025-02-28'],
    [serious, '2023-08-31', '2025-02-28'],
    [postRemoval, '2022-02-28', '2024-02-28'],
  ] as const)(
    '%o decided %s ends on %s (the corresponding day, or the last of a shorter month)',
    (sanction, decidedOn, endsOn) => {
      expect(partyEffectPeriod(sanction, decidedOn).endsOn).toBe(endsOn);
    },
  );

  it('is under the period from the decision day to its last day, both included', () => {
    const p = partyEffectPeriod(warning, '2024-03-10');
    expect(
      ['2024-03-09', '2024-03-10', '2024-09-01', '2025-03-10', '2025-03-11'].map((d) => underEffectOn(p, d)),
    ).toEqual([false, true, true, true, false]);
  });

  it('lists who is under an effect period on a date', () => {
    const a = partyEffectPeriod(warning, '2023-01-01'); // to 2024-01-01
    const b = partyEffectPeriod(serious, '2023-06-01'); // to 2024-12-01
    const c = statePeriod('demerit', '2024-02-01')!; // to 2025-02-01
    expect(effectiveOn([a, b, c], '2023-12-31')).toEqual([a, b]);
    expect(effectiveOn([a, b, c], '2024-06-01')).toEqual([b, c]);
    expect(effectiveOn([a, b, c], '2025-02-02')).toEqual([]);
  });

  it('refuses a non-party sanction and a bad date', () => {
    expect(codeOf(() => partyEffectPeriod({ system: 'state', kind: 'warning' }, '2024-01-01'))).toBe(
      'VALIDATION_FAILED',
    );
    expect(detailsOf(() => partyEffectPeriod(warning, '2024-13-01'))).toMatchObject({ field: 'decidedOn' });
  });
});

describe('a new sanction inside an effect period adds what remains of the old one (CF23 第二十一条)', () => {
  it('the CCDI example: 警告 in January 2016, 严重警告 in July: 2 years from July', () => {
    const [, second] = stackPartySanctions([
      { sanction: warning, decidedOn: '2016-01-15' },
      { sanction: serious, decidedOn: '2016-07-15' },
    ]);
    expect(second).toMatchObject({ months: 18, carried: { months: 6, days: 0 }, endsOn: '2018-07-15' });
  });

  it('carries months and then days', () => {
    const old = partyEffectPeriod(warning, '2024-01-10'); // ends 2025-01-10
    expect(remainderOf(old, '2024-11-20')).toEqual({ months: 1, days: 21 });
    const next = partyEffectPeriod(warning, '2024-11-20', old);
    // 2024-11-20 + 13 months = 2025-12-20, + 21 days = 2026-01-10.
    expect(next).toMatchObject({ carried: { months: 1, days: 21 }, endsOn: '2026-01-10' });
  });

  it('carries nothing on the old period last day, nor after it', () => {
    const old = partyEffectPeriod(warning, '2024-01-10'); // ends 2025-01-10
    expect(partyEffectPeriod(warning, '2025-01-10', old)).toMatchObject({
      carried: { months: 0, days: 0 },
      endsOn: '2026-01-10',
    });
    expect(partyEffectPeriod(warning, '2025-01-11', old)).toMatchObject({
      carried: { months: 0, days: 0 },
      endsOn: '2026-01-11',
    });
  });

  it('stacks a chain: each new period carries what remains of the stacked one before it', () => {
    const periods = stackPartySanctions([
      { sanction: warning, decidedOn: '2020-01-01' }, // to 2021-01-01
      { sanction: serious, decidedOn: '2020-07-01' }, // 18 + 6 → 2022-07-01
      { sanction: postRemoval, decidedOn: '2021-07-01' }, // 24 + 12 → 2024-07-01
    ]);
    expect(periods.map((p) => p.endsOn)).toEqual(['2021-01-01', '2022-07-01', '2024-07-01']);
    expect(periods[2]!.carried).toEqual({ months: 12, days: 0 });
  });

  it('refuses a new sanction dated before the one it follows', () => {
    const old = partyEffectPeriod(warning, '2024-01-10');
    expect(detailsOf(() => partyEffectPeriod(warning, '2024-01-09', old))).toMatchObject({ field: 'decidedOn' });
  });

  it('only 开除党籍 may follow a violation during 留党察看 (CF23 第十二条)', () => {
    const p = partyEffectPeriod(probation1, '2024-01-01'); // to 2025-01-01
    for (const s of [warning, serious, postRemoval, probation2])
      expect(codeOf(() => partyEffectPeriod(s, '2024-06-01', p))).toBe('SANCTION_DURING_PROBATION');
    expect(detailsOf(() => partyEffectPeriod(warning, '2025-01-01', p))).toEqual({ probationEndsOn: '2025-01-01' });
    expect(partyEffectPeriod(expulsion, '2024-06-01', p)).toMatchObject({
      nature: 'readmission_bar',
      endsOn: '2029-06-01',
    });
  });

  it('a 留党察看 inside an effect period carries the remainder into the 2 years after restoration', () => {
    const old = partyEffectPeriod(warning, '2024-01-01'); // to 2025-01-01
    const p = partyEffectPeriod(probation1, '2024-07-01', old);
    expect(p).toMatchObject({ endsOn: '2025-07-01', carried: { months: 6, days: 0 } });
    const r = probationOutcome(p, 'restore', '2025-07-10');
    // 24 + 6 months from the restoration.
    expect(r.next).toMatchObject({ nature: 'post_restriction', startsOn: '2025-07-10', endsOn: '2028-01-10' });
  });

  it('a sanction during the 2 years after restoration stacks on them (the CCDI article)', () => {
    const p = partyEffectPeriod(probation1, '2022-03-01'); // to 2023-03-01
    const restored = probationOutcome(p, 'restore', '2023-03-02').next!; // 2023-03-02 … 2025-03-02
    const next = partyEffectPeriod(warning, '2024-03-02', restored);
    expect(next).toMatchObject({ carried: { months: 12, days: 0 }, endsOn: '2026-03-02' });
  });
});

describe('留党察看 outcomes (CF23 第十二条; PZ 第二十一条, 第二十二条)', () => {
  const p1 = partyEffectPeriod(probation1, '2024-03-10'); // 察看 to 2025-03-10
  const p2 = partyEffectPeriod(probation2, '2024-03-10'); // to 2026-03-10

  it('restores on the decision date when the 察看 has ended, then 2 years with no equal or higher post', () => {
    const r = probationOutcome(p1, 'restore', '2025-04-01');
    expect(r).toMatchObject({
      restoredOn: '2025-04-01',
      next: { nature: 'post_restriction', months: 24, endsOn: '2027-04-01' },
    });
  });

  it('never restores before the 察看 ends: a decision taken early restores the day after its last day', () => {
    const r = probationOutcome(p2, 'restore', '2026-02-20');
    expect(r).toMatchObject({ restoredOn: '2026-03-11', next: { startsOn: '2026-03-11', endsOn: '2028-03-11' } });
  });

  it('extends a 1-year 察看 by one year, once', () => {
    const r = probationOutcome(p1, 'extend', '2025-03-05');
    expect(r.probation).toMatchObject({ endsOn: '2026-03-10', liftsOn: '2026-03-11', extended: true });
    expect(r.next).toBeNull();
    expect(detailsOf(() => probationOutcome(r.probation, 'extend', '2026-03-01'))).toEqual({
      problem: 'already_extended',
    });
    // Restored after the extension: from the decision, 2 years.
    expect(probationOutcome(r.probation, 'restore', '2026-03-15').next!.endsOn).toBe('2028-03-15');
  });

  it('refuses to extend a 2-year 察看', () => {
    expect(codeOf(() => probationOutcome(p2, 'extend', '2026-03-01'))).toBe('SANCTION_PROBATION_OUTCOME');
    expect(detailsOf(() => probationOutcome(p2, 'extend', '2026-03-01'))).toEqual({
      problem: 'two_years_not_extendable',
    });
  });

  it('expels during the 察看, with 5 years before re-admission', () => {
    const r = probationOutcome(p1, 'expel', '2024-10-01');
    expect(r.next).toMatchObject({ nature: 'readmission_bar', months: 60, endsOn: '2029-10-01' });
    expect(probationOutcome(p1, 'expel', '2025-03-10').next!.endsOn).toBe('2030-03-10'); // its last day still counts
  });

  it('expels after the 察看 only by revoking the restoration (PZ 第二十二条)', () => {
    expect(detailsOf(() => probationOutcome(p1, 'expel', '2025-04-01'))).toEqual({ problem: 'after_probation' });
    expect(probationOutcome(p1, 'expel', '2025-04-01', { revokesRestoration: true }).next!.endsOn).toBe('2030-04-01');
  });

  it('refuses any outcome dated before the 察看 began, and a period that is not a 察看', () => {
    for (const o of ['restore', 'extend', 'expel'] as const)
      expect(detailsOf(() => probationOutcome(p1, o, '2024-03-09'))).toEqual({ problem: 'before_probation' });
    expect(codeOf(() => probationOutcome(partyEffectPeriod(warning, '2024-03-10'), 'restore', '2025-04-01'))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('state sanction periods (ZW 第八条) and automatic lifting (第二十六条)', () => {
  it.each([
    ['warning', 6, '2024-07-31'],
    ['demerit', 12, '2025-01-31'],
    ['major_demerit', 18, '2025-07-31'],
    ['demotion', 24, '2026-01-31'],
    ['removal', 24, '2026-01-31'],
  ] as const)('%s decided 2024-01-31: %i months to %s', (kind, months, endsOn) => {
    expect(statePeriod(kind, '2024-01-31')).toMatchObject({
      nature: 'state_period',
      months,
      startsOn: '2024-01-31',
      endsOn,
    });
  });

  it('开除 has no period', () => {
    expect(statePeriod('discharge', '2024-01-31')).toBeNull();
  });

  it('clamps at the month end: 警告 from 2023-08-31 ends 2024-02-29', () => {
    expect(statePeriod('warning', '2023-08-31')!.endsOn).toBe('2024-02-29');
  });

  it('lifts automatically the day after its last day, across a holiday: never moved like a deadline', () => {
    // 6 months from 2025-04-01 end on 2025-10-01, National Day. A deadline would move to the first
    // working day (2025-10-09); the sanction simply lifts on 10-02.
    const p = statePeriod('warning', '2025-04-01')!;
    expect(p).toMatchObject({ endsOn: '2025-10-01', liftsOn: '2025-10-02' });
    expect(createOfficialCalendar().addMonths('2025-04-01', 6)).toBe('2025-10-09');
    expect([liftingDue(p, '2025-10-01'), liftingDue(p, '2025-10-02'), liftingDue(p, '2026-01-01')]).toEqual([
      false,
      true,
      true,
    ]);
    // Not by itself after a new violation during the period.
    expect(liftingDue(p, '2025-10-02', { newViolationDuringPeriod: true })).toBe(false);
  });

  it('never lifts a party effect period as a job (it simply ends, CF23 第四十六条)', () => {
    expect(liftingDue(partyEffectPeriod(warning, '2020-01-01'), '2024-01-01')).toBe(false);
  });

  it('takes a combined period', () => {
    expect(statePeriod('demerit', '2024-01-31', 20)!.endsOn).toBe('2025-09-30');
  });
});

describe('several violations (ZW 第十五条): the heaviest carried out, identical ones combined, at most 48 months', () => {
  it.each([
    [['demerit', 'warning'], undefined, 'demerit', false, 12, 12, 12],
    [['warning', 'major_demerit', 'demerit'], undefined, 'major_demerit', false, 18, 18, 18],
    [['demotion', 'removal'], undefined, 'removal', false, 24, 24, 24],
    [['demerit'], undefined, 'demerit', false, 12, 12, 12],
    [['demerit', 'demerit'], undefined, 'demerit', true, 12, 24, 12],
    [['demerit', 'demerit'], 18, 'demerit', true, 12, 24, 18],
    [['demerit', 'demerit'], 24, 'demerit', true, 12, 24, 24],
    [['warning', 'warning', 'warning', 'warning'], 24, 'warning', true, 6, 24, 24],
    [Array<StateSanction>(9).fill('warning'), 48, 'warning', true, 6, 48, 48],
    [['major_demerit', 'major_demerit', 'major_demerit'], 48, 'major_demerit', true, 18, 48, 48],
    [['removal', 'removal', 'removal'], 48, 'removal', true, 24, 48, 48],
    [['demotion', 'demotion'], 30, 'demotion', true, 24, 48, 30],
  ] as const)(
    '%j (period %s) → %s, combined %s, %i…%i, %i months',
    (kinds, months, carriedOut, combined, min, max, chosen) => {
      expect(combineStateSanctions(kinds, months)).toEqual({ carriedOut, combined, min, max, months: chosen });
    },
  );

  it('开除 is carried out with no period', () => {
    expect(combineStateSanctions(['removal', 'discharge'])).toEqual({
      carriedOut: 'discharge',
      combined: false,
      min: null,
      max: null,
      months: null,
    });
    expect(codeOf(() => combineStateSanctions(['discharge', 'discharge'], 12))).toBe('SANCTION_STATE_PERIOD');
  });

  it.each([
    [['demerit', 'demerit'], 11],
    [['demerit', 'demerit'], 25],
    [['demerit', 'demerit'], 12.5],
    [['removal', 'removal', 'removal'], 49],
    [['warning', 'warning', 'warning', 'warning'], 25],
    [['demerit', 'warning'], 13],
  ] as const)('refuses %j combined into %s months', (kinds, months) => {
    expect(codeOf(() => combineStateSanctions(kinds, months))).toBe('SANCTION_STATE_PERIOD');
  });

  it('names the range in the refusal, and refuses an empty list', () => {
    expect(detailsOf(() => combineStateSanctions(['removal', 'removal', 'removal'], 72))).toEqual({
      min: 24,
      max: 48,
      months: 72,
    });
    expect(codeOf(() => combineStateSanctions([]))).toBe('VALIDATION_FAILED');
  });
});
