/**
 * What the approvals of a verification decide, applied in the deciding transaction
 * (`onApprovalDecided`): an approved plan forms the 核查组 (each member joins the clue's
 * need-to-know team) and starts the plan's clock (初核工作方案期限); an approved report stops it and ends the verification with its outcome (GZ 第三十五条):
 * 拟立案 (the clue moves to `case_proposed` and a filing-request handover waits for the case
 * stage), 了结 / 澄清正名 / 谈话提醒 (concluded), 暂存待查 (shelved) or 移送有关党组织 (transferred).
 */
import { CLUE_OUTCOME_LABELS, type ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { VerificationMeasure } from '../../shared/verification.codes.js';
import { type ApprovalDecidedEvent, onApprovalDecided } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { addClueEvent, addClueMember } from './clues.service.js';
import { setClueState } from './clues.state.js';
import { concludeClue } from './clues.disposal.js';
import { meetVerificationClock, startVerificationClock } from './clues.verification.clock.js';
import type { VerificationOutcome, VerificationReportInput } from './clues.verification.js';

/** The clue state each verification outcome ends in. */
export const OUTCOME_STATE: Record<VerificationOutcome, ClueStatus> = {
  case_proposed: 'case_proposed',
  concluded: 'concluded',
  clarified: 'concluded',
  reminder: 'concluded',
  shelved: 'shelved',
  transferred: 'transferred',
};

const DECISION_WORDS: Record<string, string> = {
  approved: '批准',
  returned: '退回修改',
  rejected: '不予批准',
  withdrawn: '撤回',
};

async function clueOf(tx: Ctx, id: string) {
  const clue = await tx.db
    .selectFrom('clues')
    .select(['id', 'version', 'status', 'owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!clue) throw errors.notFound('clue');
  return clue;
}

/**
 * Concludes a clue (予以了结) with an outcome, signed in the trail: the local helper of this
 * stage through the shared `concludeClue` (with the reporter's feedback). Caller's transaction.
 */
export async function concludeVerifiedClue(
  tx: Ctx,
  clueId: string,
  version: number,
  outcome: VerificationOutcome,
): Promise<{ version: number }> {
  return concludeClue(tx, clueId, version, {
    reason: outcome === 'concluded' ? 'not_substantiated' : null,
    outcome,
    note: '初步核实办结',
  });
}

async function onPlanDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const v = await tx.db
    .selectFrom('clue_verifications')
    .selectAll()
    .where('plan_approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!v) return;
  const clue = await clueOf(tx, v.clue_id);
  const now = nowIso(tx);
  const status = e.outcome === 'approved' ? 'active' : e.outcome === 'returned' ? 'plan_returned' : 'plan_rejected';
  const set: Record<string, unknown> = { status, version: v.version + 1, updated_at: now };
  if (e.outcome === 'approved') {
    set.plan_approved_at = now;
    // The approved text is what the team works to (a resubmission may have revised it).
    const c = e.content as {
      objectives?: string;
      measures?: VerificationMeasure[];
      schedule?: unknown[];
      plannedEndOn?: string;
    };
    if (typeof c.objectives === 'string') set.objectives = c.objectives;
    if (Array.isArray(c.measures)) set.measures = JSON.stringify(c.measures);
    if (Array.isArray(c.schedule)) set.schedule = JSON.stringify(c.schedule);
    if (typeof c.plannedEndOn === 'string') set.planned_end_on = c.plannedEndOn;
  }
  await tx.db.updateTable('clue_verifications').set(set).where('id', '=', v.id).execute();
  if (e.outcome === 'approved') {
    // The plan's period starts now, on the clock engine (初核工作方案期限).
    const plannedEndOn = (set.planned_end_on as string | undefined) ?? v.planned_end_on;
    if (plannedEndOn) await startVerificationClock(tx, clue, plannedEndOn);
    const members = await tx.db
      .selectFrom('clue_verification_members')
      .select('user_id')
      .where('verification_id', '=', v.id)
      .orderBy('seq')
      .execute();
    // Need-to-know: from the approval on, the team sees the whole clue.
    for (const m of members) await addClueMember(tx, v.clue_id, m.user_id, 'team_member');
  }
  await addClueEvent(tx, v.clue_id, 'verification_plan_decided', {
    note: `${DECISION_WORDS[e.outcome] ?? e.outcome}${e.opinion ? `：${e.opinion}` : ''}`,
  });
  await recordAudit(tx, {
    action: 'clue.verification_plan_decided',
    resourceType: 'clue',
    resourceId: v.clue_id,
    unitId: clue.owner_unit_id,
    changes: { verificationStatus: [v.status, status] },
  });
}

async function onReportDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const v = await tx.db
    .selectFrom('clue_verifications')
    .selectAll()
    .where('report_approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!v) return;
  const clue = await clueOf(tx, v.clue_id);
  const now = nowIso(tx);
  if (e.outcome !== 'approved') {
    // Sent back: the team revises (a change of text voids the signatures) and submits again.
    await tx.db
      .updateTable('clue_verifications')
      .set({ status: 'report_returned', version: v.version + 1, updated_at: now })
      .where('id', '=', v.id)
      .execute();
    await addClueEvent(tx, v.clue_id, 'verification_report_decided', {
      note: `${DECISION_WORDS[e.outcome] ?? e.outcome}${e.opinion ? `：${e.opinion}` : ''}`,
    });
    await recordAudit(tx, {
      action: 'clue.verification_report_decided',
      resourceType: 'clue',
      resourceId: v.clue_id,
      unitId: clue.owner_unit_id,
      changes: { verificationStatus: [v.status, 'report_returned'] },
    });
    return;
  }
  // The approved content carries the report as signed and approved (hash-checked by the engine).
  const report = ((e.content as { report?: VerificationReportInput }).report ??
    JSON.parse(v.report ?? '{}')) as VerificationReportInput;
  const outcome = report.proposal;
  const to = OUTCOME_STATE[outcome];
  await meetVerificationClock(tx, v.clue_id);
  if (to === 'concluded') await concludeVerifiedClue(tx, v.clue_id, clue.version, outcome);
  else await setClueState(tx, v.clue_id, clue.version, { status: to });
  await tx.db
    .updateTable('clue_verifications')
    .set({ status: 'done', outcome, decided_at: now, version: v.version + 1, updated_at: now })
    .where('id', '=', v.id)
    .execute();
  const words = `${CLUE_OUTCOME_LABELS[outcome]}${report.transferTo ? `（移送${report.transferTo}）` : ''}`;
  await addClueEvent(tx, v.clue_id, 'verification_report_decided', {
    note: `批准：${words}${e.opinion ? `；${e.opinion}` : ''}`,
  });
  if (outcome === 'case_proposed') {
    await tx.db
      .insertInto('clue_handovers')
      .values({
        id: newId(),
        clue_id: v.clue_id,
        kind: 'filing_request',
        source_approval_id: e.approvalId,
        note: report.proposalReason,
        owner_unit_id: clue.owner_unit_id,
        owner_unit_path: clue.owner_unit_path,
        region_path: clue.region_path,
        county_code: clue.county_code,
        created_by: tx.actor?.userId ?? null,
        created_at: now,
        taken_at: null,
      })
      .execute();
    await addClueEvent(tx, v.clue_id, 'filing_handover', { note: '待立案审批' });
  }
  await recordAudit(tx, {
    action: 'clue.verification_report_decided',
    resourceType: 'clue',
    resourceId: v.clue_id,
    unitId: clue.owner_unit_id,
    changes: { status: [clue.status, to], outcome: [null, outcome] },
  });
}

// Registered once at module load: the approvals engine calls them inside the deciding transaction.
onApprovalDecided('clue.verification_plan', onPlanDecided);
onApprovalDecided('clue.verification_report', onReportDecided);
