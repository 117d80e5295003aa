import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import {
  type BranchCounts,
  type RollLine,
  branchVote,
  countRoll,
  requireBranchResolution,
  requireRollResolution,
} from './sanctions.branch.js';

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

const counts = (shouldAttend: number, present: number, yes: number, no = 0, abstain = 0): BranchCounts => ({
  shouldAttend,
  present,
  yes,
  no,
  abstain,
});

describe('branch meeting quorum and majority (PZ 第十三条)', () => {
  // should attend, present, yes → needed, quorum, majority
  it.each([
    [10, 6, 6, 6, true, true],
    [10, 5, 5, 6, false, false], // exactly half fails both
    [10, 6, 5, 6, true, false], // yes exactly half of those who should attend
    [10, 7, 5, 6, true, false], // 5 of 7 present is a majority of those present — not enough
    [10, 10, 6, 6, true, true],
    [9, 5, 5, 5, true, true],
    [9, 4, 4, 5, false, false],
    [2, 1, 1, 2, false, false], // exactly half
    [3, 2, 2, 2, true, true],
    [1, 1, 1, 1, true, true],
    [1, 0, 0, 1, false, false],
    [40, 21, 21, 21, true, true],
    [40, 20, 20, 21, false, false],
  ])('%i should attend, %i present, %i yes: needs %i, quorum %s, majority %s', (s, p, y, needed, quorum, majority) => {
    const r = branchVote(counts(s, p, y));
    expect(r).toMatchObject({ ok: true, needed, quorum, majority, passed: quorum && majority });
  });

  it('refuses a resolution without quorum, then one without majority, with what was needed', () => {
    const q = refusal(() => requireBranchResolution(counts(10, 5, 5)));
    expect([q.code, q.statusCode, q.details]).toEqual([
      'SANCTION_BRANCH_QUORUM',
      409,
      { shouldAttend: 10, present: 5, needed: 6 },
    ]);
    const m = refusal(() => requireBranchResolution(counts(10, 7, 5, 2)));
    expect([m.code, m.details]).toEqual(['SANCTION_BRANCH_MAJORITY', { shouldAttend: 10, yes: 5, needed: 6 }]);
    expect(requireBranchResolution(counts(10, 7, 6, 1)).passed).toBe(true);
  });

  it.each([
    [counts(0, 0, 0), 'nobody_to_attend'],
    [counts(5, 6, 3), 'present_over_roll'],
    [counts(5, 3, 2, 1, 1), 'votes_over_present'],
    [counts(5, -1, 0), 'counts'],
    [counts(5, 3.5, 2), 'counts'],
  ])('refuses counts %o (%s)', (c, problem) => {
    const e = refusal(() => requireBranchResolution(c));
    expect([e.code, e.details]).toEqual(['SANCTION_BRANCH_ROLL', { problem }]);
  });
});

describe('counting the roll', () => {
  const line = (personId: string, over: Partial<RollLine> = {}): RollLine => ({
    personId,
    votingRights: true,
    shouldAttend: true,
    present: true,
    vote: 'yes',
    ...over,
  });

  it('leaves the member being sanctioned out: they may attend but have no vote', () => {
    // Four voting members and the subject; two members come and vote yes, the subject comes too.
    const roll = [
      line('a'),
      line('b'),
      line('c', { present: false, vote: null }),
      line('d', { present: false, vote: null }),
      line('s', { vote: null }),
    ];
    expect(countRoll(roll, 's')).toEqual(counts(4, 2, 2));
    // Counted with the subject it would be 3 of 5 present; without, 2 of 4 is exactly half: no quorum.
    expect(refusal(() => requireRollResolution(roll, 's')).code).toBe('SANCTION_BRANCH_QUORUM');
  });

  it('refuses a vote recorded for the subject', () => {
    const e = refusal(() => requireRollResolution([line('a'), line('s', { vote: 'no' })], 's'));
    expect([e.code, e.details]).toEqual(['SANCTION_BRANCH_ROLL', { problem: 'subject_voted', personId: 's' }]);
  });

  it('leaves out members without a vote (under 留党察看) and refuses their vote', () => {
    const roll = [line('a'), line('b'), line('p', { votingRights: false, vote: null })];
    expect(countRoll(roll, 's')).toEqual(counts(2, 2, 2));
    const e = refusal(() => requireRollResolution([line('a'), line('p', { votingRights: false })], 's'));
    expect(e.details).toEqual({ problem: 'no_voting_rights', personId: 'p' });
  });

  it('leaves out a member excused from attending, unless they came', () => {
    const excused = line('e', { shouldAttend: false, present: false, vote: null });
    expect(countRoll([line('a'), line('b', { vote: 'no' }), excused], 's')).toEqual(counts(2, 2, 1, 1));
    const came = line('e', { shouldAttend: false, present: true, vote: 'abstain' });
    expect(countRoll([line('a'), line('b', { vote: 'no' }), came], 's')).toEqual(counts(3, 3, 1, 1, 1));
  });

  it('refuses a vote from an absent member and a person listed twice', () => {
    expect(refusal(() => requireRollResolution([line('a', { present: false })], 's')).details).toEqual({
      problem: 'absent_voted',
      personId: 'a',
    });
    expect(refusal(() => requireRollResolution([line('a'), line('a')], 's')).details).toEqual({
      problem: 'listed_twice',
      personId: 'a',
    });
  });

  it('passes a roll that has quorum and majority', () => {
    const roll = [line('a'), line('b'), line('c'), line('d', { vote: 'no' }), line('s', { vote: null })];
    expect(requireRollResolution(roll, 's')).toMatchObject({ counts: counts(4, 4, 3, 1), needed: 3, passed: true });
    // One yes fewer and the same roll fails the majority.
    const fewer = [
      line('a'),
      line('b'),
      line('c', { vote: 'abstain' }),
      line('d', { vote: 'no' }),
      line('s', { vote: null }),
    ];
    expect(refusal(() => requireRollResolution(fewer, 's')).code).toBe('SANCTION_BRANCH_MAJORITY');
  });
});
