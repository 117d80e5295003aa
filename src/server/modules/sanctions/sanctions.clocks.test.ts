import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import { PARTY_SANCTIONS, STATE_SANCTIONS } from '../../shared/sanctions.codes.js';
import { NATIONAL_TIMERS } from '../deadlines/index.js';
import {
  type ClockDescriptor,
  SANCTION_TIMERS,
  appealClocks,
  partySanctionClocks,
  quarterlySummaryDue,
  stateSanctionClocks,
} from './sanctions.clocks.js';

/** The DomainError `fn` throws (fails when it throws nothing or something else). */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const kinds = (list: ClockDescriptor[]) => list.map((c) => `${c.kind}@${c.startOn}`);

describe('the sanction and appeal timers of the national catalogue (domain rules §9, timers 14 to 22)', () => {
  // kind → amount, unit, longest extension in months (the ≤ 6 months of 15, 19 and 20 are 1 + 5)
  it.each([
    ['sanction_announce', 1, 'months', null],
    ['sanction_job_pay', 1, 'months', 5],
    ['sanction_execution_report', 6, 'months', null],
    ['committee_submission', 15, 'calendar_days', null],
    ['party_appeal', 3, 'months', null],
    ['admin_sanction_delivery', 1, 'months', null],
    ['admin_sanction_execution', 1, 'months', 5],
    ['demotion_personnel', 1, 'months', 5],
    ['state_review_apply', 1, 'months', null],
    ['state_review', 1, 'months', null],
    ['state_recheck_apply', 1, 'months', null],
    ['state_recheck', 2, 'months', null],
  ] as const)('%s: %i %s (extension %s)', (kind, amount, unit, extension) => {
    const rule = NATIONAL_TIMERS.find((t) => t.kind === kind);
    expect(rule).toMatchObject({ amount, unit });
    expect(rule!.extensions[0]?.maxAmount ?? null).toBe(extension);
    expect(Object.keys(SANCTION_TIMERS)).toContain(kind);
  });

  it('names only timers the catalogue has', () => {
    const catalogue = new Set(NATIONAL_TIMERS.map((t) => t.kind));
    expect(Object.keys(SANCTION_TIMERS).filter((k) => !catalogue.has(k))).toEqual([]);
    expect(new Set(Object.values(SANCTION_TIMERS))).toEqual(new Set([14, 15, 16, 17, 18, 19, 20, 21, 22]));
  });
});

describe('the clocks a party sanction opens', () => {
  it('警告 approved by the township commission: announce (14) and execution report (16) from the decision', () => {
    const list = partySanctionClocks({ kind: 'warning', decidedOn: '2024-05-06', approvedBy: 'township_commission' });
    expect(list).toEqual([
      { kind: 'sanction_announce', timer: 14, startOn: '2024-05-06' },
      { kind: 'sanction_execution_report', timer: 16, startOn: '2024-05-06' },
    ]);
  });

  it('留党察看 approved by the township party committee: the submission (17) from the commission vote, and job and pay (15)', () => {
    const list = partySanctionClocks({
      kind: 'probation',
      decidedOn: '2024-05-06',
      approvedBy: 'township_party_committee',
      commissionVoteOn: '2024-04-20',
    });
    expect(kinds(list)).toEqual([
      'committee_submission@2024-04-20',
      'sanction_announce@2024-05-06',
      'sanction_job_pay@2024-05-06',
      'sanction_execution_report@2024-05-06',
    ]);
  });

  it.each(PARTY_SANCTIONS.map((k) => [k, ['post_removal', 'probation', 'expulsion'].includes(k)] as const))(
    '%s: job and pay changes (15) %s',
    (kind, jobPay) => {
      const list = partySanctionClocks({ kind, decidedOn: '2024-05-06', approvedBy: 'county_commission' });
      expect(list.some((c) => c.kind === 'sanction_job_pay')).toBe(jobPay);
      expect(list.some((c) => c.kind === 'committee_submission')).toBe(false);
    },
  );

  it('needs the commission vote when a party committee approves, not after the decision', () => {
    const base = {
      kind: 'post_removal' as const,
      decidedOn: '2024-05-06',
      approvedBy: 'county_party_committee' as const,
    };
    expect(refusal(() => partySanctionClocks(base)).details).toMatchObject({ field: 'commissionVoteOn' });
    expect(refusal(() => partySanctionClocks({ ...base, commissionVoteOn: '2024-05-07' })).details).toMatchObject({
      field: 'commissionVoteOn',
    });
    expect(kinds(partySanctionClocks({ ...base, commissionVoteOn: '2024-05-06' }))[0]).toBe(
      'committee_submission@2024-05-06',
    );
  });

  it('refuses a bad date or an unknown body', () => {
    expect(
      refusal(() => partySanctionClocks({ kind: 'warning', decidedOn: '2024-02-30', approvedBy: 'county_commission' }))
        .code,
    ).toBe('VALIDATION_FAILED');
    const odd = 'village_committee' as unknown as 'county_commission';
    expect(refusal(() => partySanctionClocks({ kind: 'warning', decidedOn: '2024-02-03', approvedBy: odd })).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('timer 17 in two legs (PZ 第十七条)', () => {
  it('a township case going up: to the township party committee within 15 days of the vote, then up within 15 days of its agreement', () => {
    const list = partySanctionClocks({
      kind: 'expulsion',
      decidedOn: '2024-06-20',
      approvedBy: 'county_commission',
      commissionVoteOn: '2024-05-06',
      committeeAgreedOn: '2024-05-15',
    });
    expect(list.filter((c) => c.timer === 17)).toEqual([
      { kind: 'committee_submission', timer: 17, startOn: '2024-05-06', leg: 'to_party_committee' },
      { kind: 'committee_submission', timer: 17, startOn: '2024-05-15', leg: 'to_higher' },
    ]);
  });

  it('runs the first leg from the transfer to the judicial organs when the case went there first', () => {
    const list = partySanctionClocks({
      kind: 'expulsion',
      decidedOn: '2024-06-20',
      approvedBy: 'county_party_committee',
      judicialTransferOn: '2024-06-01',
    });
    expect(list.filter((c) => c.timer === 17)).toEqual([
      { kind: 'committee_submission', timer: 17, startOn: '2024-06-01', leg: 'to_party_committee' },
    ]);
  });

  it('refuses dates out of order and an agreement followed by a committee approval', () => {
    const base = { kind: 'expulsion' as const, decidedOn: '2024-06-20', approvedBy: 'county_commission' as const };
    const field = (input: Parameters<typeof partySanctionClocks>[0]) =>
      refusal(() => partySanctionClocks(input)).details;
    expect(field({ ...base, committeeAgreedOn: '2024-05-15' })).toMatchObject({ field: 'commissionVoteOn' });
    expect(field({ ...base, commissionVoteOn: '2024-05-20', committeeAgreedOn: '2024-05-15' })).toMatchObject({
      field: 'commissionVoteOn',
    });
    expect(field({ ...base, commissionVoteOn: '2024-05-06', committeeAgreedOn: '2024-06-21' })).toMatchObject({
      field: 'committeeAgreedOn',
    });
    expect(
      field({
        ...base,
        approvedBy: 'county_party_committee',
        commissionVoteOn: '2024-05-06',
        committeeAgreedOn: '2024-05-15',
      }),
    ).toMatchObject({ field: 'committeeAgreedOn' });
    expect(field({ ...base, approvedBy: 'county_party_committee', judicialTransferOn: '2024-06-21' })).toMatchObject({
      field: 'judicialTransferOn',
    });
  });
});

describe('the quarterly summary of executed sanctions (PZ 第十九条)', () => {
  it.each([
    ['2024-01-01', '2024-04-15'],
    ['2024-03-31', '2024-04-15'],
    ['2024-04-01', '2024-07-15'],
    ['2024-05-20', '2024-07-15'],
    ['2024-09-30', '2024-10-15'],
    ['2024-10-01', '2025-01-15'],
    ['2024-12-31', '2025-01-15'],
  ])('executed %s: summarised by %s', (executedOn, due) => {
    expect(quarterlySummaryDue(executedOn)).toBe(due);
  });

  it('refuses a bad date', () => {
    expect(refusal(() => quarterlySummaryDue('2024-13-01')).code).toBe('VALIDATION_FAILED');
  });
});

describe('the clocks a state sanction opens', () => {
  it.each(STATE_SANCTIONS.map((k) => [k, ['demotion', 'removal', 'discharge'].includes(k)] as const))(
    '%s: personnel changes (20) %s',
    (kind, personnel) => {
      const list = stateSanctionClocks({ kind, decidedOn: '2024-05-06' });
      expect(list[0]).toEqual({ kind: 'admin_sanction_delivery', timer: 19, startOn: '2024-05-06' });
      expect(list.some((c) => c.kind === 'demotion_personnel')).toBe(personnel);
    },
  );

  it('once delivered: execution (19) and the window to apply for 复审 (21), from the delivery', () => {
    const list = stateSanctionClocks({ kind: 'demerit', decidedOn: '2024-05-06', deliveredOn: '2024-05-10' });
    expect(kinds(list)).toEqual([
      'admin_sanction_delivery@2024-05-06',
      'admin_sanction_execution@2024-05-10',
      'state_review_apply@2024-05-10',
    ]);
  });

  it('refuses a delivery before the decision', () => {
    expect(
      refusal(() => stateSanctionClocks({ kind: 'demerit', decidedOn: '2024-05-06', deliveredOn: '2024-05-05' }))
        .details,
    ).toMatchObject({
      field: 'deliveredOn',
    });
  });
});

describe('the clocks of an appeal', () => {
  it.each(['complaint', 'reconsideration', 're_examination'] as const)(
    'party %s: decided within 3 months (18)',
    (kind) => {
      expect(appealClocks({ kind, acceptedOn: '2024-06-01' })).toEqual([
        { kind: 'party_appeal', timer: 18, startOn: '2024-06-01' },
      ]);
    },
  );

  it('复审 decided within a month (21); its decision received opens the window for 复核 (22)', () => {
    expect(kinds(appealClocks({ kind: 'state_review', acceptedOn: '2024-06-01' }))).toEqual([
      'state_review@2024-06-01',
    ]);
    expect(
      kinds(appealClocks({ kind: 'state_review', acceptedOn: '2024-06-01', decisionReceivedOn: '2024-06-25' })),
    ).toEqual(['state_review@2024-06-01', 'state_recheck_apply@2024-06-25']);
    expect(
      refusal(() => appealClocks({ kind: 'state_review', acceptedOn: '2024-06-01', decisionReceivedOn: '2024-05-25' }))
        .code,
    ).toBe('VALIDATION_FAILED');
  });

  it('复核 decided within 2 months (22)', () => {
    expect(appealClocks({ kind: 'state_recheck', acceptedOn: '2024-07-01' })).toEqual([
      { kind: 'state_recheck', timer: 22, startOn: '2024-07-01' },
    ]);
  });
});
