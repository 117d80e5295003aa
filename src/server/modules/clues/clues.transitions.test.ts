import { describe, expect, it } from 'vitest';
import { CLUE_STATUSES, CLUE_TRANSITIONS, clueTransitionAllowed } from '../../shared/clues.codes.js';
import { clueTargetLevel } from './index.js';

describe('clue transitions (§11 "Clue")', () => {
  it('lets a clue stay where it is and refuses moves the table does not list', () => {
    for (const s of CLUE_STATUSES) expect(clueTransitionAllowed(s, s)).toBe(true);
    expect(clueTransitionAllowed('registered', 'assigned')).toBe(true);
    expect(clueTransitionAllowed('registered', 'concluded')).toBe(false);
    expect(clueTransitionAllowed('assigned', 'verification')).toBe(false);
    expect(clueTransitionAllowed('disposal_proposed', 'shelved')).toBe(true);
    expect(clueTransitionAllowed('shelved', 'assigned')).toBe(true);
    expect(clueTransitionAllowed('shelved', 'concluded')).toBe(false);
    expect(clueTransitionAllowed('unknown', 'assigned')).toBe(false);
  });

  it('has final states with no way out, and every other state reaches one', () => {
    const finals = CLUE_STATUSES.filter((s) => CLUE_TRANSITIONS[s].length === 0);
    expect(finals.sort()).toEqual(['case_proposed', 'concluded', 'transferred']);
    // Every state reaches a final state (parking is never a silent end).
    for (const start of CLUE_STATUSES) {
      const seen = new Set<string>([start]);
      const queue: string[] = [start];
      while (queue.length > 0) {
        const s = queue.shift()! as keyof typeof CLUE_TRANSITIONS;
        for (const n of CLUE_TRANSITIONS[s])
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
      }
      expect(
        finals.some((f) => seen.has(f)),
        start,
      ).toBe(true);
    }
  });
});

describe('clueTargetLevel (§1.4–§1.5)', () => {
  it('takes the highest rank among the subjects', () => {
    expect(clueTargetLevel([])).toBe('ordinary');
    expect(clueTargetLevel([null, null])).toBe('ordinary');
    expect(clueTargetLevel([null, 'lower_principal'])).toBe('next_lower_principal');
    expect(clueTargetLevel(['unit_principal'])).toBe('next_lower_principal');
    expect(clueTargetLevel(['lower_principal', 'standing_member'])).toBe('same_level_committee_member');
    expect(clueTargetLevel(['party_committee_member'])).toBe('same_level_committee_member');
  });
});
