/**
 * The recusal gate the clue flows call before an assignment (a talk officer, GZ 第二十八条 with
 * §8). The recusal module registers it when loaded: it already depends on intake, which depends on
 * this module, so this module cannot import it without a cycle. The shapes mirror recusal's
 * `checkConflicts` and `requireAssignable`.
 */
import type { Ctx } from '../../shared/context.js';

/** What a check is asked about. */
export interface GateCheckInput {
  resource: string;
  resourceId: string;
  userIds: readonly string[];
  subjects: readonly {
    subjectId?: string | null | undefined;
    name: string;
    regionCode?: string | null | undefined;
    employer?: string | null | undefined;
  }[];
  role: 'talk_officer' | 'verifier' | 'keeper' | 'investigator' | 'reviewer' | 'rechecker' | 'approver';
  countyCode?: string | null | undefined;
}

/** What a check says: its id and, per person, the outcome and reasons in words. */
export interface GateCheckResult {
  checkId: string;
  people: {
    userId: string;
    name: string;
    outcome: 'refuse' | 'warn' | 'clear';
    reasons: { code: string; text: string }[];
  }[];
}

/** The two calls of the gate. */
export interface ClueConflictGate {
  check(ctx: Ctx, input: GateCheckInput): Promise<GateCheckResult>;
  requireAssignable(
    ctx: Ctx,
    checkId: string,
    target: { resource: string; resourceId: string; userId: string; role: GateCheckInput['role'] },
  ): Promise<void>;
}

let gate: ClueConflictGate | null = null;

/** Registers the recusal module's gate (called once, when that module loads). */
export function registerClueConflictGate(g: ClueConflictGate): void {
  gate = g;
}

/** The registered gate; throws when the recusal module was not loaded (a wiring fault, never a user's). */
export function conflictGate(): ClueConflictGate {
  if (!gate) throw new Error('recusal gate not registered: load the recusal module');
  return gate;
}
