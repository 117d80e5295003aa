/**
 * 初步核实 (preliminary verification, GZ 第三十二条 to 第三十五条; domain rules §1.5): the work plan
 * and the 核查组 (at least two, conflict-checked, approved through `clue.verification_plan`), the
 * 初步核实情况报告 that every member signs over its exact text (a change voids the signatures),
 * and its submission through `clue.verification_report`. What the approvals decide is applied
 * in `clues.verification.outcome.ts`, inside the deciding transaction.
 */
import { CLUE_OUTCOME_LABELS, type ClueStatus, type VERIFICATION_OUTCOMES } from '../../shared/clues.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  VERIFICATION_MEASURE_LABELS,
  VERIFICATION_TEAM_MIN,
  VERIFICATION_TEAM_ROLE_LABELS,
  type VerificationMeasure,
  type VerificationStatus,
  type VerificationTeamRole,
} from '../../shared/verification.codes.js';
import { loadInScope } from '../access/index.js';
import { canonicalJson, contentHash, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { type GateCheckResult as GateResult, conflictGate as clueConflictGate } from './clues.gates.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { addClueEvent, clueSubjectsOf } from './clues.service.js';
import { clueTargetLevel, requireClueStatus, setClueState } from './clues.state.js';
import type { ClueRow, ClueVerificationTable } from './clues.tables.js';

/** A verification outcome (GZ 第三十五条). */
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** One phase of the plan's schedule. */
export interface SchedulePhaseInput {
  period: string;
  work: string;
}

/** A person proposed for the team. */
export interface TeamMemberInput {
  userId: string;
  role: VerificationTeamRole;
}

/** The work plan (初步核实工作方案) and its team, as submitted for approval. */
export interface VerificationPlanInput {
  /** The clue's version read (optimistic lock). */
  version: number;
  objectives: string;
  measures: readonly VerificationMeasure[];
  schedule: readonly SchedulePhaseInput[];
  /** The planned completion date (Shanghai, after today): the clock 初核工作方案期限 runs to it. */
  plannedEndOn: string;
  team: readonly TeamMemberInput[];
  /** The conflict check run on these people for this clue (`checkVerificationTeam`). */
  checkId: string;
}

/** The six parts of 初步核实情况报告 (GZ 第三十五条) and the proposal. */
export interface VerificationReportInput {
  /** 一、被核查人基本情况, one paragraph each. */
  background: string[];
  /** 三、核查依据. */
  basis: string[];
  /** 四、核实情况. */
  findings: string[];
  /** 五、存疑问题 (may be empty). */
  doubts: string[];
  proposal: VerificationOutcome;
  proposalReason: string;
  /** The party organisation a `transferred` proposal hands the matter to. */
  transferTo?: string | null | undefined;
}

/** A verification's row, parsed. */
export interface VerificationRecord {
  row: ClueVerificationTable;
  members: { userId: string; role: VerificationTeamRole; name: string; position: string; seq: number }[];
  report: VerificationReportInput | null;
}

const OPEN_STATES: readonly VerificationStatus[] = [
  'plan_pending',
  'active',
  'report_pending',
  'report_returned',
  'done',
];
/** The states in which the team works to the approved plan (and its clock runs). */
export const EDITABLE: readonly VerificationStatus[] = ['active', 'report_returned'];

/** The latest verification of a clue with its team, or null (no access check: callers load the clue first). */
export async function currentVerification(tx: Ctx, clueId: string): Promise<VerificationRecord | null> {
  const row = await tx.db
    .selectFrom('clue_verifications')
    .selectAll()
    .where('clue_id', '=', clueId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const members = await tx.db
    .selectFrom('clue_verification_members')
    .select(['user_id', 'role', 'name', 'position', 'seq'])
    .where('verification_id', '=', row.id)
    .orderBy('seq')
    .execute();
  return {
    row,
    members: members.map((m) => ({
      userId: m.user_id,
      role: m.role as VerificationTeamRole,
      name: m.name,
      position: m.position,
      seq: m.seq,
    })),
    report: row.report ? (JSON.parse(row.report) as VerificationReportInput) : null,
  };
}

/** The current verification, or VERIFICATION_STATE when there is none. */
export async function requireVerification(tx: Ctx, clueId: string): Promise<VerificationRecord> {
  const v = await currentVerification(tx, clueId);
  if (!v) throw domainError('VERIFICATION_STATE', { status: null });
  return v;
}

/** Refuses a verification whose state is not one of `allowed` (VERIFICATION_STATE). */
export function requireState(v: VerificationRecord, allowed: readonly VerificationStatus[]): void {
  if (!allowed.includes(v.row.status as VerificationStatus))
    throw domainError('VERIFICATION_STATE', { status: v.row.status });
}

/** The actor must be on the verification team (VERIFICATION_NOT_MEMBER otherwise). */
function requireMember(tx: Ctx, v: VerificationRecord) {
  const me = v.members.find((m) => m.userId === requireActor(tx).userId);
  if (!me) throw domainError('VERIFICATION_NOT_MEMBER');
  return me;
}

/** Claims the verification row at `version` (CONFLICT when someone changed it since). */
export async function claimVerification(
  tx: Ctx,
  id: string,
  version: number,
  set: Partial<ClueVerificationTable> = {},
) {
  const res = await tx.db
    .updateTable('clue_verifications')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return version + 1;
}

/**
 * Runs the conflict check (回避审查) on the people proposed for a clue's verification team
 * against its subjects, recorded, and returns each person's outcome with its reasons in words.
 * Needs `manage` on the clue (NOT_FOUND, NEED_TO_KNOW) in state `verification` (CLUE_TRANSITION);
 * CLUE_USER_INVALID for a disabled or unknown account.
 */
export async function checkVerificationTeam(ctx: Ctx, clueId: string, userIds: readonly string[]): Promise<GateResult> {
  return inTransaction(ctx, async (tx) => {
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage');
    await requireClueStatus(tx, clueId, ['verification'], 'verification_team');
    await requireActiveUsers(tx, userIds);
    const subjects = await clueSubjectsOf(tx, clueId);
    return clueConflictGate().check(tx, {
      resource: 'clue',
      resourceId: clueId,
      userIds,
      subjects: subjects.map((s) => ({
        subjectId: s.subjectId,
        name: s.name,
        regionCode: s.regionCode,
        employer: s.employer,
      })),
      role: 'verifier',
      countyCode: clue.county_code,
    });
  });
}

async function requireActiveUsers(tx: Ctx, userIds: readonly string[]) {
  const rows = await tx.db
    .selectFrom('users as u')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.disabled', 'n.name as unit_name'])
    .where('u.id', 'in', [...userIds])
    .execute();
  const ok = rows.filter((r) => Number(r.disabled) !== 1);
  if (ok.length !== new Set(userIds).size) throw domainError('CLUE_USER_INVALID', { userIds });
  return new Map(ok.map((r) => [r.id, r]));
}

/** Refuses a team of fewer than two, without exactly one leader, or naming a person twice. */
export function validateTeam(team: readonly TeamMemberInput[]): void {
  const ids = new Set(team.map((m) => m.userId));
  if (
    team.length < VERIFICATION_TEAM_MIN ||
    ids.size !== team.length ||
    team.filter((m) => m.role === 'leader').length !== 1
  )
    throw domainError('VERIFICATION_TEAM_TOO_SMALL', { size: ids.size });
}

/** requireAssignable, with a refusal told in words (who, and why they must step aside). */
async function assignable(tx: Ctx, clueId: string, checkId: string, userId: string, name: string) {
  try {
    await clueConflictGate().requireAssignable(tx, checkId, {
      resource: 'clue',
      resourceId: clueId,
      userId,
      role: 'verifier',
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CONFLICT_REFUSED') {
      const reasons = (e.details as { reasons?: { text: string }[] } | undefined)?.reasons ?? [];
      throw domainError(
        'CONFLICT_REFUSED',
        e.details,
        `${name}不能加入核查组：${reasons.map((r) => r.text).join('；') || '应当回避'}`,
      );
    }
    throw e;
  }
}

/** What a plan's approval carries: the plan in words (`summary` is printed on the 呈批表). */
function planContent(input: VerificationPlanInput, team: { name: string; role: VerificationTeamRole }[]) {
  const measures = input.measures.map((m) => VERIFICATION_MEASURE_LABELS[m]);
  return {
    summary: [
      `核查目标：${input.objectives}`,
      `核查组：${team.map((m) => `${VERIFICATION_TEAM_ROLE_LABELS[m.role]}${m.name}`).join('、')}`,
      `核查措施：${measures.join('；')}`,
      `时间安排：${input.schedule.map((s) => `${s.period} ${s.work}`).join('；')}`,
      `计划完成时间：${input.plannedEndOn}`,
    ].join('\n'),
    objectives: input.objectives,
    measures: [...input.measures],
    schedule: input.schedule.map((s) => ({ period: s.period, work: s.work })),
    plannedEndOn: input.plannedEndOn,
    team: team.map((m) => ({ name: m.name, role: m.role })),
  };
}

/**
 * Submits the work plan and the 核查组 for approval (`clue.verification_plan`, target level from
 * the subjects' ranks: a next-lower principal's goes on to the committee principal, GZ 第三十三条).
 * Every member must pass the conflict check `checkId` (refused: CONFLICT_REFUSED in words;
 * warned: CONFLICT_UNCONFIRMED until confirmed). Throws VALIDATION_FAILED (a planned completion
 * date not after today), VERIFICATION_TEAM_TOO_SMALL, NOT_FOUND,
 * NEED_TO_KNOW, CLUE_TRANSITION, CONFLICT (stale clue version), VERIFICATION_STATE (a plan under
 * way already), CLUE_USER_INVALID, NO_APPROVER. One transaction.
 */
export async function submitVerificationPlan(
  ctx: Ctx,
  clueId: string,
  input: VerificationPlanInput,
): Promise<{ id: string; approvalId: string; version: number }> {
  validateTeam(input.team);
  if (input.plannedEndOn <= toShanghaiDate(nowIso(ctx)))
    throw errors.validation({ field: 'plannedEndOn' }, '计划完成时间须晚于今天');
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    await requireClueStatus(tx, clueId, ['verification'], 'verification_plan');
    const previous = await currentVerification(tx, clueId);
    if (previous && OPEN_STATES.includes(previous.row.status as VerificationStatus))
      throw domainError('VERIFICATION_STATE', { status: previous.row.status });
    const users = await requireActiveUsers(
      tx,
      input.team.map((m) => m.userId),
    );
    // Leader first, then the members in the order chosen.
    const ordered = [...input.team].sort((a, b) => Number(b.role === 'leader') - Number(a.role === 'leader'));
    const team = ordered.map((m) => {
      const u = users.get(m.userId)!;
      return { ...m, name: u.display_name, position: u.unit_name ?? '' };
    });
    for (const m of team) await assignable(tx, clueId, input.checkId, m.userId, m.name);
    const { version } = await setClueState(tx, clueId, input.version, { status: 'verification' });
    const now = nowIso(tx);
    const id = newId();
    await tx.db
      .insertInto('clue_verifications')
      .values({
        id,
        clue_id: clueId,
        status: 'plan_pending',
        objectives: input.objectives,
        measures: JSON.stringify(input.measures),
        schedule: JSON.stringify(input.schedule),
        planned_end_on: input.plannedEndOn,
        plan_approval_id: null,
        plan_approved_at: null,
        report: null,
        report_hash: null,
        report_approval_id: null,
        outcome: null,
        decided_at: null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.db
      .insertInto('clue_verification_members')
      .values(
        team.map((m, i) => ({
          verification_id: id,
          user_id: m.userId,
          seq: i + 1,
          role: m.role,
          name: m.name,
          position: m.position,
          check_id: input.checkId,
        })),
      )
      .execute();
    const subjects = await clueSubjectsOf(tx, clueId);
    const approval = await startApproval(tx, {
      action: 'clue.verification_plan',
      targetLevel: clueTargetLevel(subjects.map((s) => s.rank)),
      resourceType: 'clue',
      resourceId: clueId,
      title: `关于${clue.subject_name}问题线索的初步核实工作方案`,
      content: planContent(input, team),
      draftingUnitId: actor.unitId ?? clue.owner_unit_id,
      ownerUnitId: clue.owner_unit_id,
      ownerUnitPath: clue.owner_unit_path,
      regionPath: clue.region_path,
      countyCode: clue.county_code,
    });
    await tx.db.updateTable('clue_verifications').set({ plan_approval_id: approval.id }).where('id', '=', id).execute();
    await addClueEvent(tx, clueId, 'verification_plan', {
      note: `${approval.number}；核查组：${team.map((m) => m.name).join('、')}`,
    });
    await recordAudit(tx, {
      action: 'clue.verification_plan',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: {
        verification: [null, id],
        approval: [null, approval.id],
        team: [null, team.map((m) => m.userId)],
        version: [input.version, version],
      },
    });
    return { id, approvalId: approval.id, version };
  });
}

/** The canonical hash of a report's text: what the members sign. */
export function reportHash(report: VerificationReportInput): string {
  return contentHash(canonicalJson(report));
}

/** The report as stored: every optional field present, so equal texts hash equally. */
function normalisedReport(input: VerificationReportInput): VerificationReportInput {
  const transferTo = input.proposal === 'transferred' ? (input.transferTo?.trim() ?? '') : null;
  if (input.proposal === 'transferred' && !transferTo)
    throw errors.validation({ field: 'transferTo' }, '移送有关党组织处理的，须写明接收的党组织');
  return {
    background: input.background,
    basis: input.basis,
    findings: input.findings,
    doubts: input.doubts,
    proposal: input.proposal,
    proposalReason: input.proposalReason,
    transferTo,
  };
}

/**
 * Saves the 初步核实情况报告 (a team member, while the verification is active or its report was
 * returned), version checked. A change of text voids every signature over the old text (kept,
 * marked void, signed in the trail). Throws NOT_FOUND (out of scope or recused), NEED_TO_KNOW,
 * CLUE_TRANSITION, VERIFICATION_STATE, VERIFICATION_NOT_MEMBER, CONFLICT, VALIDATION_FAILED.
 */
export async function saveVerificationReport(
  ctx: Ctx,
  clueId: string,
  input: VerificationReportInput & { version: number },
): Promise<{ version: number; reportHash: string; voided: number }> {
  const { version: expected, ...body } = input;
  const report = normalisedReport(body);
  return inTransaction(ctx, async (tx) => {
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'detail', { forUpdate: true });
    await requireClueStatus(tx, clueId, ['verification'], 'verification_report');
    const v = await requireVerification(tx, clueId);
    requireMember(tx, v);
    requireState(v, EDITABLE);
    const hash = reportHash(report);
    const version = await claimVerification(tx, v.row.id, expected, {
      report: JSON.stringify(report),
      report_hash: hash,
    });
    let voided = 0;
    if (hash !== v.row.report_hash) {
      const res = await tx.db
        .updateTable('clue_verification_signatures')
        .set({ voided_at: nowIso(tx) })
        .where('verification_id', '=', v.row.id)
        .where('voided_at', 'is', null)
        .executeTakeFirst();
      voided = Number(res.numUpdatedRows);
    }
    await addClueEvent(tx, clueId, 'verification_report_saved', {
      note: `建议${CLUE_OUTCOME_LABELS[report.proposal]}`,
    });
    if (voided > 0) await addClueEvent(tx, clueId, 'verification_signatures_voided', { note: `${voided}人` });
    await recordAudit(tx, {
      action: 'clue.verification_report_save',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: { reportHash: [v.row.report_hash, hash], voidedSignatures: [0, voided], version: [expected, version] },
    });
    return { version, reportHash: hash, voided };
  });
}

/**
 * Signs the report's current text as oneself (a team member). `contentHash` is the text the
 * member read: another answers CONFLICT (the text changed since), as does a second signature.
 * Throws NOT_FOUND (out of scope or recused), NEED_TO_KNOW, CLUE_TRANSITION, VERIFICATION_STATE
 * (no report yet, or not editable), VERIFICATION_NOT_MEMBER, CONFLICT.
 */
export async function signVerificationReport(
  ctx: Ctx,
  clueId: string,
  input: { contentHash: string },
): Promise<{ signedAt: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'detail', { forUpdate: true });
    await requireClueStatus(tx, clueId, ['verification'], 'verification_sign');
    const v = await requireVerification(tx, clueId);
    const me = requireMember(tx, v);
    requireState(v, EDITABLE);
    if (!v.row.report_hash) throw domainError('VERIFICATION_STATE', { status: v.row.status, report: null });
    if (input.contentHash !== v.row.report_hash) throw errors.conflict({ reportHash: v.row.report_hash });
    const held = await tx.db
      .selectFrom('clue_verification_signatures')
      .select('signed_at')
      .where('verification_id', '=', v.row.id)
      .where('user_id', '=', me.userId)
      .where('content_hash', '=', v.row.report_hash)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    if (held) throw errors.conflict({ signedAt: held.signed_at });
    const version = await claimVerification(tx, v.row.id, v.row.version);
    const signedAt = nowIso(tx);
    await tx.db
      .insertInto('clue_verification_signatures')
      .values({
        id: newId(),
        verification_id: v.row.id,
        user_id: me.userId,
        name: requireActor(tx).displayName,
        content_hash: v.row.report_hash,
        signed_at: signedAt,
        voided_at: null,
      })
      .execute();
    await addClueEvent(tx, clueId, 'verification_signed', { note: me.name });
    await recordAudit(tx, {
      action: 'clue.verification_sign',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: { signedHash: [null, v.row.report_hash] },
    });
    return { signedAt, version };
  });
}

/** The live signatures of a verification over `hash`, by user. */
export async function liveSignatures(tx: Ctx, verificationId: string, hash: string | null) {
  if (!hash) return new Map<string, { name: string; signedAt: string }>();
  const rows = await tx.db
    .selectFrom('clue_verification_signatures')
    .select(['user_id', 'name', 'signed_at'])
    .where('verification_id', '=', verificationId)
    .where('content_hash', '=', hash)
    .where('voided_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.user_id, { name: r.name, signedAt: r.signed_at }]));
}

/**
 * Submits the fully signed report for approval (`clue.verification_report`, GZ 第三十五条: the
 * principal leader, and the committee principal for the higher ranks). Only a team member;
 * every member must have signed the current text (VERIFICATION_UNSIGNED, naming who has not).
 * Throws NOT_FOUND, NEED_TO_KNOW, CLUE_TRANSITION, VERIFICATION_STATE, VERIFICATION_NOT_MEMBER,
 * CONFLICT, NO_APPROVER. One transaction.
 */
export async function submitVerificationReport(
  ctx: Ctx,
  clueId: string,
  input: { version: number },
): Promise<{ approvalId: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'detail', { forUpdate: true });
    const status: ClueStatus = await requireClueStatus(tx, clueId, ['verification'], 'verification_report');
    const v = await requireVerification(tx, clueId);
    requireMember(tx, v);
    requireState(v, EDITABLE);
    if (!v.report || !v.row.report_hash)
      throw domainError('VERIFICATION_STATE', { status: v.row.status, report: null });
    if (v.row.version !== input.version) throw errors.conflict({ version: v.row.version });
    const signed = await liveSignatures(tx, v.row.id, v.row.report_hash);
    const missing = v.members.filter((m) => !signed.has(m.userId)).map((m) => m.name);
    if (missing.length > 0) throw domainError('VERIFICATION_UNSIGNED', { missing });
    const subjects = await clueSubjectsOf(tx, clueId);
    const r = v.report;
    const approval = await startApproval(tx, {
      action: 'clue.verification_report',
      targetLevel: clueTargetLevel(subjects.map((s) => s.rank)),
      resourceType: 'clue',
      resourceId: clueId,
      title: `关于${clue.subject_name}问题线索的初步核实情况报告`,
      content: {
        summary: [
          `核实情况：${r.findings.join('；')}`,
          `存疑问题：${r.doubts.length > 0 ? r.doubts.join('；') : '无'}`,
          `处置建议：${CLUE_OUTCOME_LABELS[r.proposal]}${r.transferTo ? `（移送${r.transferTo}）` : ''}。${r.proposalReason}`,
          `核查组全体成员已签字：${v.members.map((m) => m.name).join('、')}`,
        ].join('\n'),
        report: r,
        reportHash: v.row.report_hash,
        signatures: v.members.map((m) => ({ name: m.name, signedAt: signed.get(m.userId)!.signedAt })),
      },
      draftingUnitId: actor.unitId ?? clue.owner_unit_id,
      ownerUnitId: clue.owner_unit_id,
      ownerUnitPath: clue.owner_unit_path,
      regionPath: clue.region_path,
      countyCode: clue.county_code,
    });
    const version = await claimVerification(tx, v.row.id, input.version, {
      status: 'report_pending',
      report_approval_id: approval.id,
    });
    await addClueEvent(tx, clueId, 'verification_report', {
      note: `${approval.number}；建议${CLUE_OUTCOME_LABELS[r.proposal]}`,
    });
    await recordAudit(tx, {
      action: 'clue.verification_report',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: { status: [status, status], approval: [null, approval.id], reportHash: [null, v.row.report_hash] },
    });
    return { approvalId: approval.id, version };
  });
}
