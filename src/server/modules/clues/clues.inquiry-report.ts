/**
 * The end of a 谈话函询 round (GZ 第三十条): the situation report and disposal opinion with an
 * outcome from `INQUIRY_OUTCOMES`, approved through `clue.inquiry_report`, and what each approved
 * outcome does to the clue; the handlers of both inquiry approvals (they run in the deciding
 * signature's transaction).
 */
import { CLUE_OUTCOME_LABELS, type ClueOutcome } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import type { ApprovalDecidedEvent } from '../approvals/index.js';
import { startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { meetAllDeadlines, meetDeadline } from '../deadlines/index.js';
import {
  INQUIRY_CLOCKS,
  type InquiryOutcome,
  type InquiryPlan,
  type InquiryRoundView,
  loadRound,
  presentRound,
} from './clues.inquiry.js';
import { concludeClue } from './clues.disposal.js';
import { addClueEvent, clueSubjectsOf } from './clues.service.js';
import { clueTargetLevel, setClueState } from './clues.state.js';
import type { ClueInquiryRow } from './clues.tables.js';

/** The situation report and disposal opinion as submitted. */
export interface InquiryReportInput {
  version: number;
  summary: string;
  outcome: InquiryOutcome;
}

/**
 * Submits the situation report and disposal opinion of a round whose talk was held or whose
 * reply arrived (GZ 第三十条, timer 5) and starts `clue.inquiry_report` at the subjects' target
 * level. Throws as `loadRound`, INQUIRY_NOT_APPROVED, INQUIRY_STEP (no talk or reply yet, or a
 * report already under approval), NO_APPROVER.
 */
export async function submitInquiryReport(
  ctx: Ctx,
  clueId: string,
  roundId: string,
  input: InquiryReportInput,
): Promise<InquiryRoundView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const { clue, round } = await loadRound(tx, clueId, roundId, input.version, 'inquiry_report');
    if (round.status === 'requested' || round.status === 'rejected' || round.status === 'withdrawn')
      throw domainError('INQUIRY_NOT_APPROVED', { status: round.status, step: 'report' });
    const held = round.mode === 'talk' ? round.talk_on !== null : round.reply_on !== null;
    if (round.status !== 'approved' || !held)
      throw domainError('INQUIRY_STEP', { status: round.status, mode: round.mode, step: 'report' });
    const subjects = await clueSubjectsOf(tx, clueId);
    const name = subjects[0]?.name ?? clue.subject_name;
    const label = CLUE_OUTCOME_LABELS[input.outcome];
    const approval = await startApproval(tx, {
      action: 'clue.inquiry_report',
      targetLevel: clueTargetLevel(subjects.map((s) => s.rank)),
      resourceType: 'clue',
      resourceId: clueId,
      title: `关于对${name}同志${round.mode === 'talk' ? '谈话' : '函询'}情况的报告`,
      content: {
        summary: `${input.summary}\n处置意见：${label}`,
        clueNumber: clue.number,
        round: Number(round.round),
        outcome: input.outcome,
        roundId,
      },
      draftingUnitId: actor.unitId ?? clue.owner_unit_id,
      ownerUnitId: clue.owner_unit_id,
      ownerUnitPath: clue.owner_unit_path,
      regionPath: clue.region_path,
      countyCode: clue.county_code,
    });
    const plan = JSON.parse(round.plan) as InquiryPlan;
    plan.reportNumber = approval.number;
    const set = {
      status: 'reported',
      report_summary: input.summary,
      report_outcome: input.outcome,
      report_approval_id: approval.id,
      plan: JSON.stringify(plan),
    };
    await tx.db
      .updateTable('clue_inquiries')
      .set({ ...set, version: Number(round.version) + 1, updated_at: nowIso(tx) })
      .where('id', '=', roundId)
      .execute();
    await addClueEvent(tx, clueId, 'inquiry_report', { note: `${approval.number}；拟${label}` });
    await recordAudit(tx, {
      action: 'clue.inquiry_report',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: { round: [null, Number(round.round)], outcome: [null, input.outcome], approval: [null, approval.id] },
    });
    return presentRound(
      await tx.db.selectFrom('clue_inquiries').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow(),
    );
  });
}

/** The round an approval is about, by the column that holds its id. */
async function roundOfApproval(
  tx: Ctx,
  column: 'request_approval_id' | 'report_approval_id',
  approvalId: string,
): Promise<ClueInquiryRow | undefined> {
  return tx.db.selectFrom('clue_inquiries').selectAll().where(column, '=', approvalId).executeTakeFirst();
}

/** Sets a round's fields with the next version. */
async function updateRound(tx: Ctx, round: ClueInquiryRow, set: Partial<ClueInquiryRow>): Promise<void> {
  await tx.db
    .updateTable('clue_inquiries')
    .set({ ...set, version: Number(round.version) + 1, updated_at: nowIso(tx) })
    .where('id', '=', round.id)
    .execute();
}

/**
 * The request's decision: approved opens the talk or letter stage; rejected or withdrawn ends
 * the round (a new request may follow); returned leaves it waiting for the resubmission.
 */
export async function onInquiryRequestDecided(tx: Ctx, event: ApprovalDecidedEvent): Promise<void> {
  if (event.outcome === 'returned') return;
  const round = await roundOfApproval(tx, 'request_approval_id', event.approvalId);
  if (!round || round.status !== 'requested') return;
  const status = event.outcome === 'approved' ? 'approved' : event.outcome;
  await updateRound(tx, round, { status, ...(status === 'approved' ? { approved_at: nowIso(tx) } : {}) });
  const words = { approved: '批准', rejected: '不予批准', withdrawn: '撤回' }[event.outcome];
  await addClueEvent(tx, round.clue_id, 'inquiry_request_decided', {
    note: `第${round.round}次${round.mode === 'talk' ? '谈话' : '函询'}请示：${words}${event.opinion ? `（${event.opinion}）` : ''}`,
  });
}

/**
 * Ends a clue with an inquiry's outcome through the shared `concludeClue` (reporter feedback included); formerly a local stand-in, which another
 * wave writes with the reporter feedback): state `concluded`, the outcome recorded, its clocks
 * stopped, signed on the trail, in the caller's transaction.
 */
export async function concludeInquiredClue(tx: Ctx, clueId: string, outcome: ClueOutcome, note: string): Promise<void> {
  const clue = await tx.db.selectFrom('clues').select(['version']).where('id', '=', clueId).executeTakeFirstOrThrow();
  await meetAllDeadlines(tx, 'clue', clueId);
  // The shared conclusion: state, trail, audit and the reporter's feedback (clues.disposal.ts).
  await concludeClue(tx, clueId, Number(clue.version), { reason: null, outcome, note });
  await addClueEvent(tx, clueId, 'inquiry_concluded', { note: `${CLUE_OUTCOME_LABELS[outcome]}：${note}` });
}

/**
 * The report's decision. Approved: timer 5 is met, the outcome recorded on the round and the
 * clue; `accepted_closed` and the four light outcomes conclude the clue (a feedback letter to the
 * person for 采信了结); `false_accusation` concludes it flagged for investigating the accuser;
 * `second_inquiry` keeps it in `inquiry` for a new round; `verification` moves it to
 * `verification`. Rejected or withdrawn: the round goes back to its report stage.
 */
export async function onInquiryReportDecided(tx: Ctx, event: ApprovalDecidedEvent): Promise<void> {
  if (event.outcome === 'returned') return;
  const round = await roundOfApproval(tx, 'report_approval_id', event.approvalId);
  if (!round || round.status !== 'reported') return;
  const clueId = round.clue_id;
  if (event.outcome !== 'approved') {
    await updateRound(tx, round, { status: 'approved' });
    await addClueEvent(tx, clueId, 'inquiry_report_decided', {
      note: `情况报告${event.outcome === 'rejected' ? '不予批准' : '撤回'}${event.opinion ? `（${event.opinion}）` : ''}`,
    });
    return;
  }
  const outcome = round.report_outcome as InquiryOutcome;
  const label = CLUE_OUTCOME_LABELS[outcome];
  await updateRound(tx, round, { status: 'decided', outcome, decided_at: nowIso(tx) });
  await meetDeadline(tx, 'clue', clueId, INQUIRY_CLOCKS.report);
  await tx.db.updateTable('clues').set({ inquiry_outcome: outcome }).where('id', '=', clueId).execute();
  await addClueEvent(tx, clueId, 'inquiry_report_decided', {
    note: `情况报告批准：${label}${event.opinion ? `（${event.opinion}）` : ''}`,
  });
  const clue = await tx.db.selectFrom('clues').select(['version']).where('id', '=', clueId).executeTakeFirstOrThrow();
  if (outcome === 'second_inquiry') await setClueState(tx, clueId, Number(clue.version), { status: 'inquiry' });
  else if (outcome === 'verification') await setClueState(tx, clueId, Number(clue.version), { status: 'verification' });
  else
    await concludeInquiredClue(
      tx,
      clueId,
      outcome,
      outcome === 'accepted_closed'
        ? '向被函询（谈话）人发送了结反馈函'
        : outcome === 'false_accusation'
          ? '转入对诬告陷害行为的查处'
          : '谈话函询办结',
    );
  await recordAudit(tx, {
    action: 'clue.inquiry_outcome',
    resourceType: 'clue',
    resourceId: clueId,
    changes: { inquiry_outcome: [null, outcome], round: [null, Number(round.round)] },
  });
}
