/**
 * The disposal opinion (处置意见, GZ 第二十一条): the clue's handler or keeper proposes one of the
 * four disposals with reasons and a plan, citing the clue-review meeting that studied it (or
 * saying why none did), and it goes up the `clue.disposal` chain. The chain's end moves the clue:
 * approved → the disposal's state (予以了结 concludes and archives it, 暂存待查 parks it until a
 * review date), rejected or withdrawn → back to `assigned`, returned → it waits for the
 * resubmission. Timer 1 is met when the opinion is approved (see `onDisposalDecided`).
 *
 * `concludeClue` is the one way any flow (this one, the inquiry and the verification) concludes
 * a clue: the reporter's feedback rule (a named report's feedback clock starts, the handler is
 * told) lives there.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  CLUE_DISPOSAL_LABELS,
  CLUE_OUTCOME_LABELS,
  type ClueDisposal,
  type ClueOutcome,
} from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { CONCLUSION_REASONS, type ConclusionReason } from '../../documents/clue-verification-templates.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { meetDeadline } from '../deadlines/index.js';
import { notify } from '../notifications/index.js';
import { meetingDecisionFor } from './clues.meetings.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { DISPOSAL_CLOCK, addClueEvent, clueSubjectsOf } from './clues.service.js';
import { clueTargetLevel, requireClueStatus, setClueState } from './clues.state.js';
import { parkClue } from './clues.shelved.js';
import type { ClueRow } from './clues.tables.js';

/** A disposal opinion as its drafter submits it. */
export interface DisposalInput {
  /** The clue's version the opinion is based on. */
  version: number;
  disposal: ClueDisposal;
  /** Why this disposal (the matter as it stands). */
  reasons: string;
  /** What is to be done (for 谈话函询 / 初步核实: the plan in outline). */
  plan: string;
  /** The clue-review meeting that studied the clue (集体研究), or null with `noMeetingNote`. */
  meetingId?: string | null | undefined;
  /** Why the opinion was not studied at a meeting (required without `meetingId`). */
  noMeetingNote?: string | null | undefined;
  /** For 予以了结: the closing reason (`CONCLUSION_REASONS`) and its detail. */
  conclusionReason?: string | null | undefined;
  conclusionDetail?: string | null | undefined;
}

/** Roles on a clue that may propose its disposal: the people who handle it. */
const PROPOSERS = ['keeper', 'handler'];

/** Refuses an actor who is not the clue's keeper or handler (403 CLUE_NOT_HANDLER). */
async function requireHandler(tx: Ctx, row: ClueRow): Promise<void> {
  const userId = requireActor(tx).userId;
  if (row.keeper_id === userId) return;
  const held = await tx.db
    .selectFrom('clue_members')
    .select('role')
    .where('clue_id', '=', row.id)
    .where('user_id', '=', userId)
    .where('role', 'in', PROPOSERS)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!held) throw domainError('CLUE_NOT_HANDLER');
}

/** Checks the parts of an opinion the schema cannot: the closing reason and the meeting cited. */
async function checkOpinion(tx: Ctx, clueId: string, input: DisposalInput) {
  if (input.disposal === 'concluded') {
    if (!input.conclusionReason || !(input.conclusionReason in CONCLUSION_REASONS))
      throw domainError('CLUE_CONCLUSION_REASON', { conclusionReason: input.conclusionReason ?? null });
  } else if (input.conclusionReason) {
    throw domainError('CLUE_CONCLUSION_REASON', { conclusionReason: input.conclusionReason, disposal: input.disposal });
  }
  const note = input.noMeetingNote?.trim() || null;
  if (!input.meetingId) {
    if (!note) throw domainError('CLUE_MEETING_REQUIRED');
    return { meeting: null, note };
  }
  const meeting = await meetingDecisionFor(tx, input.meetingId, clueId);
  if (!meeting) throw domainError('CLUE_MEETING_REQUIRED', { meetingId: input.meetingId });
  return { meeting, note };
}

/**
 * Proposes the disposal of an `assigned` clue (its keeper or handler, clue.manage in scope, on
 * its team) and puts it up for approval (`clue.disposal`, target level from the subjects' GZ
 * 第二十二条 ranks): the clue moves to `disposal_proposed`, the opinion is recorded, signed in the
 * trail and audited, one transaction. Throws NOT_FOUND, NEED_TO_KNOW, CLUE_NOT_HANDLER, CONFLICT,
 * CLUE_TRANSITION (not `assigned`), CLUE_CONCLUSION_REASON, CLUE_MEETING_REQUIRED, NO_APPROVER.
 */
export async function proposeDisposal(
  ctx: Ctx,
  clueId: string,
  input: DisposalInput,
): Promise<{ approvalId: string; approvalNumber: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    await requireClueStatus(tx, clueId, ['assigned'], 'disposal');
    await requireHandler(tx, row);
    const { meeting, note } = await checkOpinion(tx, clueId, input);
    const actor = requireActor(tx);
    const ranks = (await clueSubjectsOf(tx, clueId)).map((s) => s.rank);
    const label = CLUE_DISPOSAL_LABELS[input.disposal];
    const reason = input.conclusionReason ? CONCLUSION_REASONS[input.conclusionReason as ConclusionReason] : null;
    const approval = await startApproval(tx, {
      action: 'clue.disposal',
      targetLevel: clueTargetLevel(ranks),
      resourceType: 'clue',
      resourceId: clueId,
      title: `关于${row.subject_name}问题线索（${row.number}）的处置意见`,
      content: {
        summary: `拟${label}。${input.reasons}`,
        disposal: input.disposal,
        reasons: input.reasons,
        plan: input.plan,
        meeting: meeting ? { id: meeting.meetingId, heldOn: meeting.heldOn, decision: meeting.decision } : null,
        noMeetingNote: note,
        conclusionReason: input.conclusionReason ?? null,
        conclusionReasonText: reason,
        conclusionDetail: input.conclusionDetail ?? null,
      },
      draftingUnitId: actor.unitId ?? row.owner_unit_id,
      ownerUnitId: row.owner_unit_id,
      ownerUnitPath: row.owner_unit_path,
      regionPath: row.region_path,
      countyCode: row.county_code,
    });
    const now = nowIso(tx);
    await tx.db
      .insertInto('clue_disposal_opinions')
      .values({
        id: newId(),
        clue_id: clueId,
        approval_id: approval.id,
        disposal: input.disposal,
        reasons: input.reasons,
        plan: input.plan,
        meeting_id: meeting?.meetingId ?? null,
        no_meeting_note: note,
        conclusion_reason: input.conclusionReason ?? null,
        conclusion_detail: input.conclusionDetail ?? null,
        status: 'pending',
        drafted_by: actor.userId,
        created_at: now,
        decided_at: null,
      })
      .execute();
    const { version } = await setClueState(tx, clueId, input.version, { status: 'disposal_proposed' });
    await addClueEvent(tx, clueId, 'disposal_proposed', {
      note: `${label}（${approval.number}）`,
      meetingId: meeting?.meetingId ?? null,
    });
    await recordAudit(tx, {
      action: 'clue.disposal_propose',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: row.owner_unit_id,
      changes: {
        status: [row.status, 'disposal_proposed'],
        disposal: [null, input.disposal],
        approval: [null, approval.number],
      },
    });
    return { approvalId: approval.id, approvalNumber: approval.number, version };
  });
}

/** How a clue is concluded: the closing reason, the outcome code and words for the trail. */
export interface Conclusion {
  /** A key of `CONCLUSION_REASONS` (直接了结), or null when an outcome says it all. */
  reason: string | null;
  /** The outcome (`CLUE_OUTCOME_LABELS`): `concluded` for 予以了结. */
  outcome: ClueOutcome;
  note?: string | null | undefined;
}

/** A module's step when a clue is concluded, in the same transaction (the reports module's feedback). */
export type ClueConcludedHandler = (tx: Ctx, clue: { id: string; number: string; reportId: string }) => Promise<void>;

const concludedHandlers: ClueConcludedHandler[] = [];

/**
 * Registers what happens to a clue's report when the clue is concluded (the reports module
 * starts its feedback clock: it cannot be called from here, it imports this module). Returns a
 * function that removes it (tests).
 */
export function onClueConcluded(handler: ClueConcludedHandler): () => void {
  concludedHandlers.push(handler);
  return () => {
    const at = concludedHandlers.indexOf(handler);
    if (at >= 0) concludedHandlers.splice(at, 1);
  };
}

/**
 * Concludes a clue inside the caller's transaction: every flow that ends a clue as 了结 calls it
 * (the approved 予以了结 here, an inquiry's or a verification's outcome later). The clue becomes
 * `concluded` (read-only from then on), timer 1 stops if still running, the trail is signed and
 * the event audited. A clue from a report: the report's handlers (`onClueConcluded`) run — the
 * named reporter's feedback clock starts — and the clue's keeper and handlers get the to-do.
 * Throws CLUE_TRANSITION (a state that cannot conclude), CONFLICT.
 */
export async function concludeClue(
  tx: Ctx,
  id: string,
  version: number,
  how: Conclusion,
): Promise<{ version: number }> {
  const res = await setClueState(tx, id, version, { status: 'concluded' });
  const row = await tx.db
    .selectFrom('clues')
    .select(['number', 'report_id', 'owner_unit_id', 'keeper_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await meetDeadline(tx, 'clue', id, DISPOSAL_CLOCK);
  const reasonText = how.reason ? (CONCLUSION_REASONS[how.reason as ConclusionReason] ?? how.reason) : null;
  const words = [CLUE_OUTCOME_LABELS[how.outcome], reasonText, how.note].filter(Boolean).join('：');
  await addClueEvent(tx, id, 'concluded', { note: words });
  await recordAudit(tx, {
    action: 'clue.conclude',
    resourceType: 'clue',
    resourceId: id,
    unitId: row.owner_unit_id,
    changes: { status: [res.from, 'concluded'], outcome: [null, how.outcome], reason: [null, how.reason] },
  });
  if (row.report_id) {
    for (const h of concludedHandlers) await h(tx, { id, number: row.number, reportId: row.report_id });
    const team = await tx.db
      .selectFrom('clue_members')
      .select('user_id')
      .where('clue_id', '=', id)
      .where('role', 'in', PROPOSERS)
      .where('removed_at', 'is', null)
      .execute();
    const users = [...new Set([...team.map((m) => m.user_id), ...(row.keeper_id ? [row.keeper_id] : [])])];
    await notify(tx.db, nowIso(tx), users, {
      kind: 'clue_feedback_due',
      title: '线索已了结，请向实名举报人反馈',
      body: `${row.number} 已了结，来源于信访举报，请在反馈时限内向实名举报人反馈处理结果。`,
      resourceType: 'clue',
      resourceId: id,
      dedupeKey: `clue_feedback_due:${id}`,
    });
  }
  return { version: res.version };
}

/** Words of the approval's end on the trail, per outcome. */
const DECIDED_EVENTS = {
  approved: 'disposal_approved',
  rejected: 'disposal_rejected',
  returned: 'disposal_returned',
  withdrawn: 'disposal_withdrawn',
} as const;

/**
 * The `clue.disposal` chain's end, in the deciding signature's transaction. Approved: the clue
 * takes its disposal (`concludeClue` for 予以了结, `parkClue` for 暂存待查) and timer 1 is met —
 * the rule's "提出处置意见" is read as the opinion approved (a rejected opinion leaves the clock
 * running: the clue still has no disposal). Rejected / withdrawn: back to `assigned` for a new
 * opinion. Returned: the clue stays `disposal_proposed` for the resubmission. Signed and audited.
 */
export async function onDisposalDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const opinion = await tx.db
    .selectFrom('clue_disposal_opinions')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  // Only the approvals `proposeDisposal` started concern this handler.
  if (!opinion) return;
  const clue = await tx.db
    .selectFrom('clues')
    .select(['id', 'status', 'version', 'owner_unit_id', 'county_code'])
    .where('id', '=', opinion.clue_id)
    .executeTakeFirstOrThrow();
  const now = nowIso(tx);
  // The approved content is what counts (a resubmission may have changed the opinion).
  const disposal = (e.outcome === 'approved' ? (e.content.disposal as ClueDisposal) : opinion.disposal) as ClueDisposal;
  const reason = (e.content.conclusionReason as string | null | undefined) ?? opinion.conclusion_reason;
  await tx.db
    .updateTable('clue_disposal_opinions')
    .set({
      status: e.outcome,
      decided_at: e.outcome === 'returned' ? null : now,
      disposal,
      conclusion_reason: reason,
      conclusion_detail: (e.content.conclusionDetail as string | null | undefined) ?? opinion.conclusion_detail,
    })
    .where('id', '=', opinion.id)
    .execute();
  await addClueEvent(tx, clue.id, DECIDED_EVENTS[e.outcome], {
    note: [CLUE_DISPOSAL_LABELS[disposal], e.opinion].filter(Boolean).join('：'),
  });
  let to = clue.status;
  if (e.outcome === 'approved') {
    await meetDeadline(tx, 'clue', clue.id, DISPOSAL_CLOCK);
    if (disposal === 'concluded') {
      const v = await setClueState(tx, clue.id, clue.version, { status: 'disposal_proposed', disposal });
      await concludeClue(tx, clue.id, v.version, { reason, outcome: 'concluded', note: null });
    } else {
      await setClueState(tx, clue.id, clue.version, { status: disposal, disposal });
      if (disposal === 'shelved') await parkClue(tx, clue.id, clue.county_code, toShanghaiDate(now));
    }
    to = disposal;
  } else if (e.outcome === 'rejected' || e.outcome === 'withdrawn') {
    await setClueState(tx, clue.id, clue.version, { status: 'assigned' });
    to = 'assigned';
  }
  await recordAudit(tx, {
    action: `clue.disposal_${e.outcome}`,
    resourceType: 'clue',
    resourceId: clue.id,
    unitId: clue.owner_unit_id,
    changes: { status: [clue.status, to], disposal: [null, disposal], approval: [null, e.approvalId] },
  });
}
