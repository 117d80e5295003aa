/**
 * What recorded conflict checks said of each person, for records that keep their check (an
 * inspection's team shows it in its 回避审查 column). Split from `conflict.service.ts`.
 */
import type { Ctx } from '../../shared/context.js';
import type { CheckOutcome } from '../../shared/recusal.codes.js';
import type { PersonConflicts } from './conflict.service.js';

/** What a recorded check said of one person, as a record that keeps the check shows it. */
export interface RecordedCheckOutcome {
  checkId: string;
  userId: string;
  /** When the check ran. */
  runAt: string;
  outcome: CheckOutcome;
  /** The reasons in words (none when cleared). */
  reasons: string[];
  /** The recorded confirmation of a warning: when and why (null: none). */
  confirmedAt: string | null;
  confirmReason: string | null;
}

/**
 * What recorded checks `checkIds` said of each person in them, with any confirmation of a
 * warning (no access check: the caller shows it on a record it has loaded). Unknown ids are
 * skipped.
 */
export async function recordedCheckOutcomes(ctx: Ctx, checkIds: readonly string[]): Promise<RecordedCheckOutcome[]> {
  const ids = [...new Set(checkIds)];
  if (ids.length === 0) return [];
  const [checks, confirmations] = await Promise.all([
    ctx.db.selectFrom('conflict_checks').select(['id', 'run_at', 'result']).where('id', 'in', ids).execute(),
    ctx.db
      .selectFrom('conflict_check_confirmations')
      .select(['check_id', 'user_id', 'reason', 'confirmed_at'])
      .where('check_id', 'in', ids)
      .execute(),
  ]);
  return checks.flatMap((c) =>
    (JSON.parse(c.result) as PersonConflicts[]).map((p) => {
      const confirmed = confirmations.find((x) => x.check_id === c.id && x.user_id === p.userId);
      return {
        checkId: c.id,
        userId: p.userId,
        runAt: c.run_at,
        outcome: p.outcome,
        reasons: p.reasons.map((r) => r.text),
        confirmedAt: confirmed?.confirmed_at ?? null,
        confirmReason: confirmed?.reason ?? null,
      };
    }),
  );
}
