/**
 * The review's acceptance and its clock (GZ 第五十五条; TL21 第一百九十四条, 第一百九十六条): the
 * review office accepts (受理: timer 13 opens, or restarts after a re-investigation), defers
 * (暂缓受理) or refuses (不予受理: the case goes back to its team); early involvement (提前介入)
 * with approval; the two returns with their approvals (补充审查调查: 相关负责人, the clock pauses;
 * 重新审查调查: 主要负责人, a new clock on re-acceptance); the team's resubmission (the clock
 * resumes) and extensions with an approver.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CASE_WORKING_STATES } from '../../shared/cases.codes.js';
import {
  REVIEW_ACCEPTANCE_LABELS,
  REVIEW_RETURN_LABELS,
  type ReviewAcceptance,
  type ReviewReturnKind,
} from '../../shared/review.codes.js';
import type { TargetLevel } from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { addCaseEvent, caseLineWhere, casePolicy, requireCaseStatus, setCaseState } from '../cases/index.js';
import {
  clockOf,
  extendClock,
  extensionApprovers,
  openClock,
  pauseClock,
  restartClock,
  resumeClock,
} from '../deadlines/index.js';
import {
  REVIEW_CLOCK,
  REVIEW_RESOURCE,
  addReviewEvent,
  caseOf,
  loadReview,
  openReview,
  requireReviewStatus,
  reviewOfCase,
  reviewOwner,
  setReviewState,
  touchReview,
  transferAgain,
} from './review.service.js';
import type { ReviewRow } from './review.tables.js';

/** Starts an approval about a review, drafted by the actor in their own unit, with the review's scope. */
async function startReviewApproval(
  tx: Ctx,
  row: ReviewRow,
  action:
    'review.early_involvement' | 'review.return_supplementary' | 'review.return_reinvestigation' | 'review.report',
  title: string,
  content: Record<string, unknown>,
) {
  const actor = requireActor(tx);
  const kase = await caseOf(tx, row.case_id);
  return startApproval(tx, {
    action,
    targetLevel: (kase.target_level as TargetLevel) ?? 'ordinary',
    resourceType: REVIEW_RESOURCE,
    resourceId: row.id,
    title,
    content,
    draftingUnitId: actor.unitId ?? row.owner_unit_id,
    ownerUnitId: row.owner_unit_id,
    ownerUnitPath: row.owner_unit_path,
    regionPath: row.region_path,
    countyCode: row.county_code,
  });
}
export { startReviewApproval };

/** What the review office decides on a transferred case. */
export interface AcceptanceInput {
  version: number;
  decision: ReviewAcceptance;
  reason: string;
}

/**
 * Accepts (受理), defers (暂缓受理) or refuses (不予受理) a transferred case, with the reason.
 * Accepted, timer 13 opens (1 month; a new clock when a re-investigated case is accepted again);
 * refused, the case goes back to its team (`investigating`) until it is transferred again. Needs
 * `assign` (review.manage over the reviewing unit). Throws NOT_FOUND, FORBIDDEN, CONFLICT,
 * REVIEW_TRANSITION (not awaiting or deferred), CASE_TRANSITION (the case is not transferred),
 * VALIDATION_FAILED (no reason).
 */
export async function decideAcceptance(ctx: Ctx, id: string, input: AcceptanceInput) {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation({ field: 'reason' }, '请写明受理、暂缓受理或不予受理的理由');
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'assign', { version: input.version, forUpdate: true });
    const kase = await caseOf(tx, row.case_id);
    await requireCaseStatus(tx, kase.id, ['transferred'], 'review_acceptance');
    const to = input.decision === 'accept' ? 'reviewing' : input.decision === 'defer' ? 'deferred' : 'refused';
    const now = nowIso(tx);
    const moved = await setReviewState(tx, id, input.version, to, {
      acceptance: input.decision,
      acceptance_reason: reason,
      accepted_on: input.decision === 'accept' ? toShanghaiDate(now) : row.accepted_on,
    });
    let dueOn: string | null = null;
    if (input.decision === 'accept') {
      const open = {
        resourceType: REVIEW_RESOURCE,
        resourceId: id,
        kind: REVIEW_CLOCK,
        startAt: now,
        owner: reviewOwner(row),
      };
      // 重新审查调查: the re-investigated case's review is counted anew (TL21 第一百九十六条).
      const earlier = await clockOf(tx, REVIEW_RESOURCE, id, REVIEW_CLOCK);
      dueOn = (earlier ? await restartClock(tx, open) : await openClock(tx, open)).dueOn;
    }
    if (input.decision === 'refuse') {
      await setCaseState(tx, kase.id, kase.version, 'investigating');
      await addCaseEvent(tx, kase.id, 'review_refused', { label: '审理部门不予受理，退回', note: reason });
    }
    await addReviewEvent(
      tx,
      id,
      input.decision === 'accept' ? 'accepted' : input.decision === 'defer' ? 'deferred' : 'refused',
      `${reason}${dueOn ? `；审理期限至${dueOn}` : ''}`,
    );
    await recordAudit(tx, {
      action: 'review.acceptance',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        status: [moved.from, to],
        decision: [null, REVIEW_ACCEPTANCE_LABELS[input.decision]],
        reason: [null, reason],
      },
    });
    return { version: moved.version, status: to, dueOn };
  });
}

/**
 * Asks for early involvement (提前介入, GZ 第五十五条) in a major or complex case still under
 * investigation: opens its review (`early`, routed as on transfer) and starts the approval; once
 * approved, the review team may be formed and read the file. Needs `review.manage` over the
 * reviewing unit (NOT_FOUND otherwise, nothing written). Throws REVIEW_TRANSITION (a review
 * exists), CASE_TRANSITION (the case is not under investigation), NO_APPROVER, VALIDATION_FAILED.
 */
export async function requestEarlyInvolvement(ctx: Ctx, input: { caseId: string; reason: string }) {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation({ field: 'reason' }, '请写明提前介入的理由（重大、复杂案件或定性有争议）');
  return inTransaction(ctx, async (tx) => {
    // Only a case whose ledger line the caller sees (404 otherwise, before anything about it is said).
    const kase = await tx.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.status'])
      .where('c.id', '=', input.caseId)
      .where((eb) => caseLineWhere(tx, 'c')(eb as never))
      .executeTakeFirst();
    if (!kase) throw errors.notFound('case');
    const existing = await reviewOfCase(tx, input.caseId);
    if (existing) throw domainError('REVIEW_TRANSITION', { status: existing.status, action: 'early_involvement' });
    await requireCaseStatus(tx, input.caseId, CASE_WORKING_STATES, 'early_involvement');
    const opened = await openReview(tx, input.caseId, 'early');
    // In SQL scope: a reviewer whose scope does not hold the reviewing unit gets 404 and the review rolls back.
    const row = await loadReview(tx, opened.id, 'assign');
    const approval = await startReviewApproval(
      tx,
      row,
      'review.early_involvement',
      `关于提前介入${row.subject_name}案审理的请示`,
      {
        summary: reason,
        caseId: input.caseId,
      },
    );
    await touchReview(tx, row.id, row.version, {
      early_status: 'pending',
      early_reason: reason,
      early_approval_id: approval.id,
    });
    await addReviewEvent(tx, row.id, 'early_requested', reason);
    await recordAudit(tx, {
      action: 'review.early_request',
      resourceType: 'review',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { caseId: [null, input.caseId], approvalId: [null, approval.id] },
    });
    return { id: row.id, approvalId: approval.id };
  });
}

/** The early-involvement approval's end, in the deciding transaction. */
export async function onEarlyDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const row = await tx.db
    .selectFrom('reviews')
    .selectAll()
    .where('early_approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!row) return;
  // Sent back to its drafter for revision, the request stays pending until resubmitted or withdrawn.
  if (e.outcome === 'returned') return;
  const status = e.outcome === 'approved' ? 'approved' : 'rejected';
  await touchReview(tx, row.id, row.version, { early_status: status });
  await addReviewEvent(
    tx,
    row.id,
    'early_decided',
    e.outcome === 'approved' ? '批准提前介入' : `未批准${e.opinion ? `：${e.opinion}` : ''}`,
  );
  await recordAudit(tx, {
    action: 'review.early_decided',
    resourceType: 'review',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { earlyStatus: [row.early_status, status] },
  });
}

/**
 * Asks to return the case to its team (GZ 第五十五条): for supplementary investigation (approved
 * by the 相关负责人) or for re-investigation (主要负责人), with the reason. The approval decides;
 * nothing moves before. Needs `manage`. Throws NOT_FOUND, NEED_TO_KNOW, CONFLICT,
 * REVIEW_TRANSITION (not under review, or a return is already being approved), NO_APPROVER.
 */
export async function requestReturn(
  ctx: Ctx,
  id: string,
  input: { version: number; kind: ReviewReturnKind; reason: string },
) {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation({ field: 'reason' }, '请写明退回的理由（需要补充的证据或不清的主要事实）');
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'return');
    if (Number(row.return_pending) === 1)
      throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'return', pending: row.return_approval_id });
    const action = input.kind === 'supplementary' ? 'review.return_supplementary' : 'review.return_reinvestigation';
    const approval = await startReviewApproval(
      tx,
      row,
      action,
      `关于${row.subject_name}案${REVIEW_RETURN_LABELS[input.kind]}的请示`,
      {
        summary: reason,
        kind: input.kind,
      },
    );
    const version = await touchReview(tx, id, input.version, {
      return_kind: input.kind,
      return_reason: reason,
      return_approval_id: approval.id,
      return_pending: 1,
    });
    await addReviewEvent(tx, id, 'return_requested', `${REVIEW_RETURN_LABELS[input.kind]}：${reason}`);
    await recordAudit(tx, {
      action: 'review.return_request',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { kind: [null, input.kind], approvalId: [null, approval.id] },
    });
    return { version, approvalId: approval.id };
  });
}

/**
 * A return's approval end, in the deciding transaction: approved, the review is returned, its
 * clock pauses (the time until the resubmission is not counted; a re-investigated case gets a
 * new clock on re-acceptance) and the case goes back to `investigating`; rejected or withdrawn, the
 * review goes on as before; returned to its drafter, the request stays pending (a second return is
 * refused until it is resubmitted and decided, or withdrawn).
 */
export async function onReturnDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const row = await tx.db
    .selectFrom('reviews')
    .selectAll()
    .where('return_approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!row || Number(row.return_pending) !== 1) return;
  // Sent back to its drafter for revision, the approval lives on (it may be resubmitted or withdrawn).
  if (e.outcome === 'returned') return;
  const kind = row.return_kind as ReviewReturnKind;
  if (e.outcome !== 'approved') {
    await touchReview(tx, row.id, row.version, { return_pending: 0 });
    await addReviewEvent(tx, row.id, 'return_declined', e.opinion);
    await recordAudit(tx, {
      action: 'review.return_decided',
      resourceType: 'review',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { outcome: [null, e.outcome] },
    });
    return;
  }
  const to = kind === 'supplementary' ? 'returned_supplementary' : 'returned_reinvestigation';
  await setReviewState(tx, row.id, row.version, to, { return_pending: 0 });
  await pauseClock(
    tx,
    { resourceType: REVIEW_RESOURCE, resourceId: row.id, kind: REVIEW_CLOCK },
    { reason: REVIEW_RETURN_LABELS[kind] },
  );
  const kase = await caseOf(tx, row.case_id);
  await setCaseState(tx, kase.id, kase.version, 'investigating');
  await addCaseEvent(tx, kase.id, 'review_returned', { label: REVIEW_RETURN_LABELS[kind], note: row.return_reason });
  await addReviewEvent(tx, row.id, 'returned', `${REVIEW_RETURN_LABELS[kind]}：${row.return_reason ?? ''}`);
  await recordAudit(tx, {
    action: 'review.return_decided',
    resourceType: 'review',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { status: [row.status, to], outcome: [null, e.outcome] },
  });
}

/** Resumes a review returned for supplementary investigation (its clock resumes with the time it had left). */
export async function resumeReview(tx: Ctx, row: ReviewRow): Promise<void> {
  const moved = await setReviewState(tx, row.id, row.version, 'reviewing');
  await resumeClock(
    tx,
    { resourceType: REVIEW_RESOURCE, resourceId: row.id, kind: REVIEW_CLOCK },
    { note: '补充审查调查后移送' },
  );
  await addReviewEvent(tx, row.id, 'resubmitted', REVIEW_RETURN_LABELS.supplementary);
  await recordAudit(tx, {
    action: 'review.resumed',
    resourceType: 'review',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { status: [moved.from, 'reviewing'] },
  });
}

/**
 * The case team transfers a returned (or refused) case back to review (补充审查调查 / 重新审查调查
 * done): the case moves from `investigating` to `transferred`; a supplementary return resumes the
 * review and its clock, a re-investigation or a refusal waits for acceptance again. Needs `manage`
 * on the case (its team or supervisors: NOT_FOUND, NEED_TO_KNOW). Throws REVIEW_TRANSITION (not
 * returned), CASE_TRANSITION (the case is not under investigation), CONFLICT, VALIDATION_FAILED.
 */
export async function resubmitCase(ctx: Ctx, id: string, input: { caseVersion: number; note: string }) {
  const note = input.note.trim();
  if (!note) throw errors.validation({ field: 'note' }, '请写明补充或重新审查调查的情况');
  return inTransaction(ctx, async (tx) => {
    const found = await tx.db.selectFrom('reviews').select('case_id').where('id', '=', id).executeTakeFirst();
    if (!found) throw errors.notFound(REVIEW_RESOURCE);
    await loadInScope(tx, casePolicy, found.case_id, 'manage', { version: input.caseVersion, forUpdate: true });
    const row = await tx.db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    requireReviewStatus(row, ['returned_supplementary', 'returned_reinvestigation', 'refused'], 'resubmission');
    await requireCaseStatus(tx, row.case_id, ['investigating'], 'resubmission');
    const moved = await setCaseState(tx, row.case_id, input.caseVersion, 'transferred');
    await addCaseEvent(tx, row.case_id, 'transferred', { label: '补充或重新审查调查后移送审理', note });
    if (row.status === 'returned_supplementary') await resumeReview(tx, row);
    else await transferAgain(tx, row);
    await recordAudit(tx, {
      action: 'review.resubmitted',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        status: [row.status, row.status === 'returned_supplementary' ? 'reviewing' : 'awaiting'],
        note: [null, note],
      },
    });
    return { caseVersion: moved.version };
  });
}

/**
 * A case was transferred to review (its status is `transferred`): opens its review, or brings an
 * early, refused or re-investigated one back to `awaiting`; a review returned for supplementary
 * investigation resumes. Inside the caller's transaction.
 */
export async function reviewOnTransfer(tx: Ctx, caseId: string): Promise<void> {
  const review = await reviewOfCase(tx, caseId);
  if (!review) await openReview(tx, caseId, 'awaiting');
  else if (['early', 'refused', 'returned_reinvestigation'].includes(review.status)) await transferAgain(tx, review);
  else if (review.status === 'returned_supplementary') await resumeReview(tx, review);
}

/**
 * The transfer (the 审查调查报告 approved: the case is `transferred`) as the approvals engine tells
 * it, in the deciding signature's transaction after the cases module moved the case.
 */
export async function onCaseTransferred(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  if (e.outcome !== 'approved') return;
  const report = await tx.db
    .selectFrom('case_reports')
    .select('case_id')
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (report) await reviewOnTransfer(tx, report.case_id);
}

/**
 * Extends the review period (major or complex cases, with approval: GZ 第五十五条; no cap is
 * stated) by `days`: the approver must hold the timer's approving role over the review. Needs
 * `manage`. Throws REVIEW_TRANSITION (not under review), DEADLINE_APPROVER_ROLE, DEADLINE_STATE,
 * VALIDATION_FAILED.
 */
export async function extendReview(
  ctx: Ctx,
  id: string,
  input: { version: number; approverId: string; reason: string; days: number },
) {
  const reason = input.reason.trim();
  if (!reason) throw errors.validation({ field: 'reason' }, '请写明延长审理期限的理由');
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing', 'reported', 'deliberation'], 'extension');
    const ext = await extendClock(
      tx,
      { resourceType: REVIEW_RESOURCE, resourceId: id, kind: REVIEW_CLOCK },
      { approverId: input.approverId, reason, amount: input.days },
    );
    const version = await touchReview(tx, id, input.version);
    await addReviewEvent(
      tx,
      id,
      'extended',
      `经${ext.approver.displayName}批准延长${input.days}日至${ext.dueOn}：${reason}`,
    );
    await recordAudit(tx, {
      action: 'review.extend',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { dueOn: [null, ext.dueOn], approver: [null, ext.approver.userId], days: [null, input.days] },
    });
    return { version, dueOn: ext.dueOn };
  });
}

/**
 * Who may approve the running review clock's next extension (holders of the timer rule's roles
 * over the review's unit), with the step's longest extension: the extension form's approver list
 * for a reader holding `manage` on the review (the generic clock route asks report.manage, which
 * reviewers do not hold). Throws NOT_FOUND, NEED_TO_KNOW, DEADLINE_STATE (no running clock).
 */
export async function reviewExtensionApprovers(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (tx) => {
    await loadReview(tx, id, 'manage');
    const clock = await tx.db
      .selectFrom('deadlines')
      .select('id')
      .where('resource_type', '=', REVIEW_RESOURCE)
      .where('resource_id', '=', id)
      .where('kind', '=', REVIEW_CLOCK)
      .where('met_at', 'is', null)
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    if (!clock) throw domainError('DEADLINE_STATE', { reason: 'not_running', kind: REVIEW_CLOCK });
    const { step, approvers } = await extensionApprovers(tx, clock.id, 'review.manage');
    return {
      clockId: clock.id,
      maxAmount: step?.maxAmount ?? null,
      unit: step?.unit ?? null,
      approvers: approvers.map((a) => ({
        userId: a.userId,
        displayName: a.displayName,
        roleName: a.roleName,
      })),
    };
  });
}
