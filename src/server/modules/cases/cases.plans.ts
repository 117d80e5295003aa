/**
 * The plans of an investigation (GZ 第三十九条; domain rules §1.6 "Plan and team"): the
 * 审查调查方案 (a serious case's goes to a 专题会议 chaired by the principal leader, recorded, and
 * through `case.plan`; its approval moves the case `filed` → `investigating`), the 谈话方案 and the
 * 外查方案 (approved by the responsible leader: `case.talk_plan`, `case.inquiry_plan`), and a change
 * of any plan (`case.plan_change`: the team leader may not change the plan without approval). A
 * change replaces the working text only when approved; every version is kept.
 */
import type { ApprovalAction } from '../../shared/approvals.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  CASE_PLAN_EVENT_LABELS,
  CASE_PLAN_KIND_LABELS,
  type CasePlanKind,
  type CasePlanStatus,
} from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type ApprovalDecidedEvent, canonicalJson, onApprovalDecided, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import type { CasePlanRevisionTable, CasePlanTable } from './cases.plans.tables.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus, setCaseState, touchCase } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** One phase of a plan's schedule. */
export interface PlanPhase {
  period: string;
  work: string;
}

/** The text of a plan: what the team follows. */
export interface PlanText {
  /** 审查调查目标 / 谈话目的 / 外查目的. */
  objectives: string;
  /** 谈话对象 or 外查对象和地点 (talk and inquiry plans); null for the 审查调查方案. */
  target: string | null;
  /** 需查明的主要问题, one per item. */
  matters: string[];
  /** 拟采取的措施和方法, one per item. */
  measures: string[];
  /** 工作步骤和时间安排. */
  schedule: PlanPhase[];
  /** 安全保障和保密措施 (工作预案), one per item. */
  safety: string[];
}

/** The 专题会议 that studied a serious case's plan, as recorded. */
export interface PlanMeeting {
  heldOn: string;
  chairUserId: string;
  chairName: string;
  /** Members present, by name. */
  present: string[];
  /** The meeting's decision in words. */
  decision: string;
  /** Whether the meeting agreed to the plan. */
  agreed: boolean;
}

/** A plan as submitted. */
export interface PlanInput {
  /** The case's version read (optimistic lock). */
  version: number;
  kind: CasePlanKind;
  title: string;
  text: PlanText;
  /** A serious case (重大案件): the 专题会议 is required (also when a subject is of a higher target level). */
  serious?: boolean | undefined;
  meeting?: Omit<PlanMeeting, 'chairName'> | null | undefined;
}

/** A change of an approved plan. */
export interface PlanChangeInput {
  /** The plan's version read (optimistic lock). */
  version: number;
  text: PlanText;
  reason: string;
}

/** The approval action of each plan kind. */
export const PLAN_ACTIONS: Record<CasePlanKind, ApprovalAction> = {
  investigation: 'case.plan',
  talk: 'case.talk_plan',
  inquiry: 'case.inquiry_plan',
};

const DECISION_WORDS: Record<string, string> = {
  approved: '批准',
  returned: '退回修改',
  rejected: '不予批准',
  withdrawn: '撤回',
};

/** The plan's text normalised: trimmed, empty items dropped, so equal texts compare equal. */
function normalisedText(t: PlanText): PlanText {
  const items = (xs: readonly string[]) => xs.map((x) => x.trim()).filter(Boolean);
  return {
    objectives: t.objectives.trim(),
    target: t.target?.trim() || null,
    matters: items(t.matters),
    measures: items(t.measures),
    schedule: t.schedule.map((s) => ({ period: s.period.trim(), work: s.work.trim() })),
    safety: items(t.safety),
  };
}

/** The plan in words (`summary` is printed on the 呈批表). */
function planSummary(kind: CasePlanKind, t: PlanText, extra: string[] = []): string {
  return [
    `${CASE_PLAN_KIND_LABELS[kind]}：${t.objectives}`,
    ...(t.target ? [`${kind === 'talk' ? '谈话对象' : '外查对象'}：${t.target}`] : []),
    ...(t.matters.length > 0 ? [`主要问题：${t.matters.join('；')}`] : []),
    `措施和方法：${t.measures.join('；')}`,
    ...(t.schedule.length > 0 ? [`时间安排：${t.schedule.map((s) => `${s.period} ${s.work}`).join('；')}`] : []),
    ...(t.safety.length > 0 ? [`安全保障：${t.safety.join('；')}`] : []),
    ...extra,
  ].join('\n');
}

/** The holder of the commission's principal leader post (who chairs the 专题会议), or null. */
async function principalLeaderOf(tx: Ctx, commissionId: string) {
  const post = await tx.db
    .selectFrom('approval_posts as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.display_name'])
    .where('p.unit_id', '=', commissionId)
    .where('p.post', '=', 'principal_leader')
    .executeTakeFirst();
  return post ?? null;
}

/**
 * GZ 第三十九条: a serious case's 审查调查方案 goes to a 专题会议 chaired by the principal leader,
 * which agreed to it. Returns the meeting as recorded (CASE_PLAN_MEETING otherwise).
 */
async function checkedMeeting(
  tx: Ctx,
  row: CaseRow,
  meeting: PlanInput['meeting'],
  required: boolean,
): Promise<PlanMeeting | null> {
  if (!meeting) {
    if (required) throw domainError('CASE_PLAN_MEETING', { reason: 'missing' });
    return null;
  }
  const commission = await commissionOf(tx, row.owner_unit_id);
  const principal = await principalLeaderOf(tx, commission.id);
  if (!principal || principal.id !== meeting.chairUserId)
    throw domainError(
      'CASE_PLAN_MEETING',
      { reason: 'chair' },
      `专题会议须由${commission.name}主要负责人${principal ? `（${principal.display_name}）` : ''}主持`,
    );
  if (!meeting.agreed)
    throw domainError('CASE_PLAN_MEETING', { reason: 'not_agreed' }, '专题会议未同意该方案，不能报批');
  const today = toShanghaiDate(nowIso(tx));
  if (meeting.heldOn > today) throw errors.validation({ field: 'meeting.heldOn' }, '会议日期不能晚于今天');
  if (row.filed_on && meeting.heldOn < row.filed_on)
    throw errors.validation({ field: 'meeting.heldOn' }, `会议日期不能早于立案日期（${row.filed_on}）`);
  return {
    heldOn: meeting.heldOn,
    chairUserId: principal.id,
    chairName: principal.display_name,
    present: meeting.present.map((p) => p.trim()).filter(Boolean),
    decision: meeting.decision.trim(),
    agreed: true,
  };
}

async function approvalScope(tx: Ctx, row: CaseRow) {
  const actor = requireActor(tx);
  const commission = await commissionOf(tx, row.owner_unit_id);
  return {
    targetLevel: row.target_level as 'ordinary',
    resourceType: 'case',
    resourceId: row.id,
    draftingUnitId: actor.unitId ?? commission.id,
    ownerUnitId: commission.id,
    ownerUnitPath: commission.path,
    regionPath: row.region_path,
    countyCode: row.county_code,
  };
}

/**
 * Submits a plan for approval, in one transaction: a 审查调查方案 on a filed case (one at a time:
 * CASE_PLAN_STATE while another is being approved or approved), a 谈话方案 or 外查方案 while the
 * case is under investigation. A serious case's 审查调查方案 needs its 专题会议 (CASE_PLAN_MEETING).
 * Needs `manage` on the case. Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CONFLICT (stale
 * case version), CASE_PLAN_STATE, CASE_PLAN_MEETING, VALIDATION_FAILED, NO_APPROVER.
 */
export async function submitPlan(
  ctx: Ctx,
  caseId: string,
  input: PlanInput,
): Promise<{ planId: string; approvalId: string; version: number }> {
  const text = normalisedText(input.text);
  if (text.measures.length === 0) throw errors.validation({ field: 'text.measures' }, '方案须写明拟采取的措施和方法');
  if (input.kind !== 'investigation' && !text.target)
    throw errors.validation({ field: 'text.target' }, `${CASE_PLAN_KIND_LABELS[input.kind]}须写明对象`);
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { version: input.version, forUpdate: true });
    await requireCaseStatus(
      tx,
      caseId,
      input.kind === 'investigation' ? ['filed'] : ['investigating', 'facts_shown'],
      `plan_${input.kind}`,
    );
    if (input.kind === 'investigation') {
      const open = await tx.db
        .selectFrom('case_plans')
        .select(['id', 'status'])
        .where('case_id', '=', caseId)
        .where('kind', '=', 'investigation')
        .where('status', 'in', ['pending', 'approved'])
        .executeTakeFirst();
      if (open) throw domainError('CASE_PLAN_STATE', { planId: open.id, status: open.status });
    }
    // 重大案件: flagged, or a subject of the higher target levels (GZ 第二十二条 ranks).
    const serious = input.kind === 'investigation' && (input.serious === true || row.target_level !== 'ordinary');
    const meeting = input.kind === 'investigation' ? await checkedMeeting(tx, row, input.meeting, serious) : null;
    const version = await touchCase(tx, caseId, input.version);
    const now = nowIso(tx);
    const planId = newId();
    const meetingWords = meeting
      ? [
          `专题会议：${meeting.heldOn}，${meeting.chairName}主持，出席：${meeting.present.join('、')}；${meeting.decision}`,
        ]
      : [];
    const approval = await startApproval(tx, {
      ...(await approvalScope(tx, row)),
      action: PLAN_ACTIONS[input.kind],
      title: input.title,
      content: {
        summary: planSummary(input.kind, text, meetingWords),
        caseNumber: row.number,
        kind: input.kind,
        text,
        serious,
        meeting,
      },
    });
    await tx.db
      .insertInto('case_plans')
      .values({
        id: planId,
        case_id: caseId,
        kind: input.kind,
        title: input.title,
        content: JSON.stringify(text),
        revision: 1,
        serious: serious ? 1 : 0,
        status: 'pending',
        approved_at: null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.db
      .insertInto('case_plan_revisions')
      .values({
        id: newId(),
        plan_id: planId,
        case_id: caseId,
        revision: 1,
        kind: 'original',
        content: JSON.stringify(text),
        reason: null,
        meeting: meeting ? JSON.stringify(meeting) : null,
        status: 'pending',
        approval_id: approval.id,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
        decided_at: null,
      })
      .execute();
    await addCaseEvent(tx, caseId, 'plan_submitted', {
      label: CASE_PLAN_EVENT_LABELS.plan_submitted,
      note: `${CASE_PLAN_KIND_LABELS[input.kind]}；${approval.number}${serious ? '；重大案件，已经专题会议研究' : ''}`,
    });
    await recordAudit(tx, {
      action: 'case.plan_submit',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        plan: [null, planId],
        kind: [null, input.kind],
        approval: [null, approval.id],
        serious: [null, serious],
      },
    });
    return { planId, approvalId: approval.id, version };
  });
}

/** A plan of case `caseId` (CASE_PLAN_STATE `{ planId, status: null }` when it is not one of its plans). */
async function planOf(tx: Ctx, caseId: string, planId: string): Promise<CasePlanTable> {
  const plan = await tx.db
    .selectFrom('case_plans')
    .selectAll()
    .where('id', '=', planId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!plan) throw errors.notFound('case_plan');
  return plan;
}

/**
 * Submits a change of an approved plan for approval (`case.plan_change`), with its reason: the
 * working text stays until the change is approved. One change at a time per plan. Needs `manage`
 * on the case under investigation. Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CASE_PLAN_STATE,
 * CONFLICT (stale plan version), VALIDATION_FAILED (no change), NO_APPROVER.
 */
export async function changePlan(
  ctx: Ctx,
  caseId: string,
  planId: string,
  input: PlanChangeInput,
): Promise<{ revision: number; approvalId: string; version: number }> {
  const text = normalisedText(input.text);
  if (text.measures.length === 0) throw errors.validation({ field: 'text.measures' }, '方案须写明拟采取的措施和方法');
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, ['investigating', 'facts_shown'], 'plan_change');
    const plan = await planOf(tx, caseId, planId);
    if (plan.status !== 'approved') throw domainError('CASE_PLAN_STATE', { planId, status: plan.status });
    const pending = await tx.db
      .selectFrom('case_plan_revisions')
      .select('id')
      .where('plan_id', '=', planId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw domainError('CASE_PLAN_STATE', { planId, status: 'change_pending' });
    if (canonicalJson(text) === canonicalJson(JSON.parse(plan.content)))
      throw errors.validation({ field: 'text' }, '变更后的方案与现行方案相同');
    const res = await tx.db
      .updateTable('case_plans')
      .set({ version: input.version + 1, updated_at: nowIso(tx) })
      .where('id', '=', planId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: planId, version: plan.version });
    const last = await tx.db
      .selectFrom('case_plan_revisions')
      .select((eb) => eb.fn.max<number>('revision').as('n'))
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    const revision = Number(last?.n ?? 1) + 1;
    const kind = plan.kind as CasePlanKind;
    const approval = await startApproval(tx, {
      ...(await approvalScope(tx, row)),
      action: 'case.plan_change',
      title: `关于变更《${plan.title}》的请示`,
      content: {
        summary: planSummary(kind, text, [
          `变更理由：${input.reason.trim()}`,
          `变更前：${planSummary(kind, JSON.parse(plan.content) as PlanText)}`,
        ]),
        caseNumber: row.number,
        kind,
        planId,
        revision,
        reason: input.reason.trim(),
        text,
      },
    });
    await tx.db
      .insertInto('case_plan_revisions')
      .values({
        id: newId(),
        plan_id: planId,
        case_id: caseId,
        revision,
        kind: 'change',
        content: JSON.stringify(text),
        reason: input.reason.trim(),
        meeting: null,
        status: 'pending',
        approval_id: approval.id,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: nowIso(tx),
        decided_at: null,
      })
      .execute();
    await addCaseEvent(tx, caseId, 'plan_change_submitted', {
      label: CASE_PLAN_EVENT_LABELS.plan_change_submitted,
      note: `${CASE_PLAN_KIND_LABELS[kind]}第${revision}版；${approval.number}；${input.reason.trim()}`,
    });
    await recordAudit(tx, {
      action: 'case.plan_change',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { plan: [null, planId], revision: [plan.revision, revision], approval: [null, approval.id] },
    });
    return { revision, approvalId: approval.id, version: input.version + 1 };
  });
}

const OUTCOME_STATUS: Record<ApprovalDecidedEvent['outcome'], CasePlanStatus> = {
  approved: 'approved',
  returned: 'returned',
  rejected: 'rejected',
  withdrawn: 'rejected',
};

/**
 * Applies a plan's or a change's approval, in the deciding transaction: the revision's status;
 * approved, the working text becomes the approved text (a change: the plan's revision moves on),
 * and an approved 审查调查方案 moves the case `filed` → `investigating`.
 */
export async function onPlanDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const rev: CasePlanRevisionTable | undefined = await tx.db
    .selectFrom('case_plan_revisions')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!rev) return;
  const plan = await tx.db.selectFrom('case_plans').selectAll().where('id', '=', rev.plan_id).executeTakeFirstOrThrow();
  const now = nowIso(tx);
  const status = OUTCOME_STATUS[e.outcome];
  await tx.db.updateTable('case_plan_revisions').set({ status, decided_at: now }).where('id', '=', rev.id).execute();
  const approvedText = (e.content as { text?: PlanText }).text;
  const set: Partial<CasePlanTable> = { version: plan.version + 1, updated_at: now };
  if (rev.kind === 'original') {
    set.status = status;
    if (status === 'approved') {
      set.approved_at = now;
      if (approvedText) set.content = JSON.stringify(approvedText);
    }
  } else if (status === 'approved') {
    // A change replaces the working text only now (GZ 第三十九条: 不得擅自更改方案).
    set.content = JSON.stringify(approvedText ?? JSON.parse(rev.content));
    set.revision = rev.revision;
  }
  await tx.db.updateTable('case_plans').set(set).where('id', '=', plan.id).execute();
  const kase = await tx.db
    .selectFrom('cases')
    .select(['id', 'status', 'version', 'owner_unit_id'])
    .where('id', '=', rev.case_id)
    .executeTakeFirstOrThrow();
  if (rev.kind === 'original' && plan.kind === 'investigation' && status === 'approved' && kase.status === 'filed')
    await setCaseState(tx, kase.id, kase.version, 'investigating');
  const action = rev.kind === 'original' ? 'plan_decided' : 'plan_change_decided';
  await addCaseEvent(tx, rev.case_id, action, {
    label: CASE_PLAN_EVENT_LABELS[action],
    note: `${CASE_PLAN_KIND_LABELS[plan.kind as CasePlanKind]}${rev.kind === 'change' ? `第${rev.revision}版` : ''}：${DECISION_WORDS[e.outcome] ?? e.outcome}${e.opinion ? `（${e.opinion}）` : ''}`,
  });
  await recordAudit(tx, {
    action: `case.${action}`,
    resourceType: 'case',
    resourceId: rev.case_id,
    unitId: kase.owner_unit_id,
    changes: { plan: [null, plan.id], revision: [null, rev.revision], outcome: [null, e.outcome] },
  });
}

/** A plan as the case page shows it, with every version. */
export interface CasePlanView {
  id: string;
  kind: CasePlanKind;
  title: string;
  status: CasePlanStatus;
  serious: boolean;
  /** The working text (the last approved version; the proposal while the original is pending). */
  text: PlanText;
  revision: number;
  version: number;
  approvedAt: string | null;
  createdAt: string;
  revisions: {
    revision: number;
    kind: 'original' | 'change';
    status: CasePlanStatus;
    text: PlanText;
    reason: string | null;
    meeting: PlanMeeting | null;
    approvalId: string;
    createdByName: string;
    createdAt: string;
    decidedAt: string | null;
  }[];
}

/** Who chairs a serious case's 专题会议 (GZ 第三十九条): the handling commission's principal leader. */
export interface PlanMeetingChair {
  userId: string;
  name: string;
  commissionName: string;
}

/**
 * The plans of a case, newest first, with their versions, and who would chair its 专题会议 (the
 * form offers that person, whom a team member's own scope may not show). Needs `detail`:
 * NOT_FOUND, NEED_TO_KNOW.
 */
export async function listPlans(
  ctx: Ctx,
  caseId: string,
): Promise<{ items: CasePlanView[]; meetingChair: PlanMeetingChair | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const commission = await commissionOf(tx, row.owner_unit_id);
    const principal = await principalLeaderOf(tx, commission.id);
    const plans = await tx.db
      .selectFrom('case_plans')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const revs = await tx.db
      .selectFrom('case_plan_revisions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('revision')
      .execute();
    await recordAudit(tx, {
      action: 'case.plans_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    const items = plans.map((p) => ({
      id: p.id,
      kind: p.kind as CasePlanKind,
      title: p.title,
      status: p.status as CasePlanStatus,
      serious: Number(p.serious) === 1,
      text: JSON.parse(p.content) as PlanText,
      revision: p.revision,
      version: p.version,
      approvedAt: p.approved_at,
      createdAt: p.created_at,
      revisions: revs
        .filter((r) => r.plan_id === p.id)
        .map((r) => ({
          revision: r.revision,
          kind: r.kind as 'original' | 'change',
          status: r.status as CasePlanStatus,
          text: JSON.parse(r.content) as PlanText,
          reason: r.reason,
          meeting: r.meeting ? (JSON.parse(r.meeting) as PlanMeeting) : null,
          approvalId: r.approval_id,
          createdByName: r.created_by_name,
          createdAt: r.created_at,
          decidedAt: r.decided_at,
        })),
    }));
    return {
      items,
      meetingChair: principal
        ? { userId: principal.id, name: principal.display_name, commissionName: commission.name }
        : null,
    };
  });
}

// Registered once at module load: the approvals engine calls them inside the deciding transaction.
for (const action of ['case.plan', 'case.talk_plan', 'case.inquiry_plan', 'case.plan_change'] as const)
  onApprovalDecided(action, onPlanDecided);
