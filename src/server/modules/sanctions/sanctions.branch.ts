/**
 * The branch meeting (党支部党员大会) on a proposed party sanction (PZ 第十三条; DZ 第四十二条) and on
 * restoring rights after 留党察看 (PZ 第二十一条): quorum and majority computed from the roll.
 * Both are counted against the voting members who SHOULD attend, never against those present:
 * present > half of them, yes > half of them; exactly half fails both. The member being
 * sanctioned (and anyone without a vote, such as a member under 留党察看) is not counted and has
 * no vote. Pure.
 */
import { domainError } from '../../shared/errors.js';
import { type Refusal, orThrow } from './sanctions.rules.js';

/** The counts of voting members (表决权) a resolution is decided on. */
export interface BranchCounts {
  /** Voting members who should attend (应到会有表决权的党员), the subject excluded. */
  shouldAttend: number;
  /** Of them, present (实际到会). */
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

/** One line of the meeting's roll. */
export interface RollLine {
  personId: string;
  /** False for a member without a vote (under 留党察看, rights suspended). */
  votingRights: boolean;
  /** False for a member excused from attending: not counted among those who should attend unless present. */
  shouldAttend: boolean;
  present: boolean;
  vote: 'yes' | 'no' | 'abstain' | null;
}

/** The meeting's result. */
export interface BranchResult {
  ok: true;
  counts: BranchCounts;
  /** The fewest present and the fewest yes votes that pass: ⌊shouldAttend / 2⌋ + 1. */
  needed: number;
  quorum: boolean;
  majority: boolean;
  /** A resolution is formed (决议): quorum and majority. */
  passed: boolean;
}

function rollError(problem: string, extra: Record<string, unknown> = {}): Refusal {
  return { ok: false, error: domainError('SANCTION_BRANCH_ROLL', { problem, ...extra }) };
}

/**
 * The counts of a roll: the voting members who should attend, present, and their votes; the
 * subject (`subjectId`) is left out. SANCTION_BRANCH_ROLL when the subject or a member without a
 * vote has a vote recorded, an absent member voted, or a person is listed twice.
 */
export function countRoll(roll: readonly RollLine[], subjectId: string): BranchCounts | Refusal {
  const seen = new Set<string>();
  const counts: BranchCounts = { shouldAttend: 0, present: 0, yes: 0, no: 0, abstain: 0 };
  for (const line of roll) {
    if (seen.has(line.personId)) return rollError('listed_twice', { personId: line.personId });
    seen.add(line.personId);
    // The member being sanctioned may attend and defend themselves, but has no vote (PZ 第十三条).
    if (line.personId === subjectId) {
      if (line.vote !== null) return rollError('subject_voted', { personId: line.personId });
      continue;
    }
    if (!line.votingRights) {
      if (line.vote !== null) return rollError('no_voting_rights', { personId: line.personId });
      continue;
    }
    if (line.vote !== null && !line.present) return rollError('absent_voted', { personId: line.personId });
    // An excused member (因故请假) is left out of the base, unless they came after all.
    if (!line.shouldAttend && !line.present) continue;
    counts.shouldAttend++;
    if (line.present) counts.present++;
    if (line.vote) counts[line.vote]++;
  }
  return counts;
}

/**
 * Quorum and majority (PZ 第十三条): present > half of those who should attend; yes > half of
 * those who should attend (not of those present). Exactly half fails both. SANCTION_BRANCH_ROLL
 * for counts that do not add up (negative or fractional, nobody to attend, more present than
 * should attend, more votes than present).
 */
export function branchVote(c: BranchCounts): BranchResult | Refusal {
  const all = [c.shouldAttend, c.present, c.yes, c.no, c.abstain];
  if (!all.every((n) => Number.isInteger(n) && n >= 0)) return rollError('counts');
  if (c.shouldAttend === 0) return rollError('nobody_to_attend');
  if (c.present > c.shouldAttend) return rollError('present_over_roll');
  if (c.yes + c.no + c.abstain > c.present) return rollError('votes_over_present');
  const needed = Math.floor(c.shouldAttend / 2) + 1;
  const quorum = c.present >= needed;
  const majority = c.yes >= needed;
  return { ok: true, counts: { ...c }, needed, quorum, majority, passed: quorum && majority };
}

/**
 * `branchVote` for a resolution that must pass: SANCTION_BRANCH_QUORUM when too few attended
 * (no vote can be taken), SANCTION_BRANCH_MAJORITY when too few voted yes; the roll's errors as
 * `branchVote`. Without a resolution a county body may decide directly (PZ 第十四条 (五),
 * `branch_no_resolution`).
 */
export function requireBranchResolution(c: BranchCounts): BranchResult {
  const r = orThrow(branchVote(c));
  if (!r.quorum)
    throw domainError('SANCTION_BRANCH_QUORUM', { shouldAttend: c.shouldAttend, present: c.present, needed: r.needed });
  if (!r.majority)
    throw domainError('SANCTION_BRANCH_MAJORITY', { shouldAttend: c.shouldAttend, yes: c.yes, needed: r.needed });
  return r;
}

/** The result of a roll: `countRoll` then `requireBranchResolution`, throwing the first refusal. */
export function requireRollResolution(roll: readonly RollLine[], subjectId: string): BranchResult {
  const counts = countRoll(roll, subjectId);
  if ('ok' in counts) throw counts.error;
  return requireBranchResolution(counts);
}
