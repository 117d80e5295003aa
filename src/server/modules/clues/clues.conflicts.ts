/**
 * The conflict check (回避审查) as the clue stages need it, injected by the recusal module at load
 * (`registerClueConflictGate`): the recusal module reads reports, which import clues, so clues may
 * not import recusal without a module cycle. The shapes below mirror recusal's own.
 */
import type { Ctx } from '../../shared/context.js';

/** A person a clue is about, as the check compares staff with them. */
export interface GateSubject {
  subjectId?: string | null | undefined;
  name: string;
  regionCode?: string | null | undefined;
  employer?: string | null | undefined;
}

/** What the check says of each person, and the recorded check's id. */
export interface GateResult {
  checkId: string;
  people: {
    userId: string;
    name: string;
    outcome: 'clear' | 'warn' | 'refuse';
    reasons: { code: string; text: string }[];
  }[];
}

/** The two calls of the recusal module a clue stage makes. */
export interface ClueConflictGate {
  check(
    ctx: Ctx,
    input: {
      resource: string;
      resourceId: string;
      userIds: readonly string[];
      subjects: readonly GateSubject[];
      role: 'keeper' | 'talk_officer' | 'verifier';
      countyCode?: string | null | undefined;
    },
  ): Promise<GateResult>;
  requireAssignable(
    ctx: Ctx,
    checkId: string,
    target: { resource: string; resourceId: string; userId: string; role: 'keeper' | 'talk_officer' | 'verifier' },
  ): Promise<void>;
}

let gate: ClueConflictGate | null = null;

/** Installs the conflict check (the recusal module calls it once at load). */
export function registerClueConflictGate(g: ClueConflictGate): void {
  gate = g;
}

/** The installed conflict check; throws when the recusal module is not loaded (never assign unchecked). */
export function clueConflictGate(): ClueConflictGate {
  if (!gate) throw new Error('the recusal module is not loaded: no conflict check, no assignment');
  return gate;
}
