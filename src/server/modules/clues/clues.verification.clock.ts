/**
 * The verification's clock (初核工作方案期限): a non-statutory clock of the clock engine that runs
 * from the work plan's approval to the planned completion date the plan states (its rule leaves
 * the length to the plan; a date on a holiday moves to the next working day, as every dated
 * clock's). It stops when the verification report is approved. There is no plan-change approval
 * chain, so an extension is recorded with its reason and the organ head who approved it (the
 * rule's extension step: 本机关负责人), one transaction, signed in the trail and audited.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { deadlinesOf, extendClock, meetDeadline, openClock, restartClock } from '../deadlines/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { addClueEvent } from './clues.service.js';
import { requireClueStatus } from './clues.state.js';
import type { ClueRow } from './clues.tables.js';
import { EDITABLE, claimVerification, requireState, requireVerification } from './clues.verification.js';

/** The kind of the verification's clock in the timer catalogue (初核工作方案期限). */
export const VERIFICATION_CLOCK = 'verification_plan';

/** Calendar days from Shanghai date `from` to `to` (negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The clue's scope columns, which its clocks carry. */
type ClueOwner = Pick<ClueRow, 'id' | 'owner_unit_id' | 'owner_unit_path' | 'region_path' | 'county_code'>;

/**
 * Starts the verification's clock at the plan's approval (now), running to `plannedEndOn` (a
 * date already past gives a clock due today). A later verification of the same clue starts the
 * kind afresh. Caller's transaction (the approval's decision).
 */
export async function startVerificationClock(tx: Ctx, clue: ClueOwner, plannedEndOn: string): Promise<void> {
  const now = nowIso(tx);
  const input = {
    resourceType: 'clue',
    resourceId: clue.id,
    kind: VERIFICATION_CLOCK,
    startAt: now,
    amount: Math.max(0, daysBetween(toShanghaiDate(now), plannedEndOn)),
    owner: {
      owner_unit_id: clue.owner_unit_id,
      owner_unit_path: clue.owner_unit_path,
      region_path: clue.region_path,
      county_code: clue.county_code,
    },
  };
  const earlier = (await deadlinesOf(tx, 'clue', clue.id)).some((d) => d.kind === VERIFICATION_CLOCK);
  if (earlier) await restartClock(tx, input);
  else await openClock(tx, input);
}

/** Stops the verification's clock (the report was approved). Caller's transaction. */
export async function meetVerificationClock(tx: Ctx, clueId: string): Promise<void> {
  await meetDeadline(tx, 'clue', clueId, VERIFICATION_CLOCK);
}

/** A recorded extension of the plan's period. */
export interface VerificationExtensionInput {
  /** The verification's version as read. */
  version: number;
  plannedEndOn: string;
  reason: string;
  /** Who approved it (default: the caller). */
  approverId?: string | undefined;
}

/**
 * Extends the work plan's period to a later planned completion date (the team or 案管, with
 * clue.manage on the clue), approved by an organ head (本机关负责人) and recorded with the reason:
 * the clock's extension, the plan's date, the trail and the audit event in one transaction.
 * Throws NOT_FOUND, NEED_TO_KNOW, CLUE_TRANSITION (not in verification, or closed),
 * VERIFICATION_STATE (the plan not approved yet, or the report submitted), CONFLICT (stale
 * version), VALIDATION_FAILED (a date not after the current due date), DEADLINE_APPROVER_ROLE
 * (the approver does not hold the rule's role over the clue's unit).
 */
export async function extendVerificationPlan(
  ctx: Ctx,
  clueId: string,
  input: VerificationExtensionInput,
): Promise<{ version: number; dueOn: string | null; legalDueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', { forUpdate: true });
    await requireClueStatus(tx, clueId, ['verification'], 'verification_extension');
    const v = await requireVerification(tx, clueId);
    requireState(v, EDITABLE);
    const version = await claimVerification(tx, v.row.id, input.version, { planned_end_on: input.plannedEndOn });
    const running = (await deadlinesOf(tx, 'clue', clueId)).find(
      (d) => d.kind === VERIFICATION_CLOCK && d.metAt === null,
    );
    if (!running) throw errors.validation({ field: 'plannedEndOn' }, '该初步核实未设定工作方案期限');
    const amount = daysBetween(running.legalDueOn, input.plannedEndOn);
    if (amount < 1)
      throw errors.validation(
        { field: 'plannedEndOn', legalDueOn: running.legalDueOn },
        `延长后的完成时间须晚于原期限（${running.legalDueOn}）`,
      );
    const extended = await extendClock(
      tx,
      { clockId: running.id },
      { approverId: input.approverId, reason: input.reason, amount },
    );
    await addClueEvent(tx, clueId, 'verification_extended', {
      note: `延长至${input.plannedEndOn}（期限${extended.dueOn ?? ''}）；批准人：${extended.approver.displayName}；理由：${input.reason}`,
    });
    await recordAudit(tx, {
      action: 'clue.verification_extend',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: {
        plannedEndOn: [v.row.planned_end_on, input.plannedEndOn],
        dueOn: [running.dueOn, extended.dueOn],
        approver: [null, extended.approver.userId],
        version: [input.version, version],
      },
    });
    return { version, dueOn: extended.dueOn, legalDueOn: extended.legalDueOn };
  });
}
