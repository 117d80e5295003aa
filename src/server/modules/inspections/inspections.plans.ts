/**
 * Inspections (监督检查, issue 15 §1): a plan (kind, topic, scope, targets, period, team, checklists
 * with their versions) owned by the organising unit; its approval through the approvals chain
 * (`inspection.plan`); the work (`inspections.checks.ts`, `inspections.findings.ts`); the report
 * and the closing by the organiser. The team is checked by the recusal engine against the targets'
 * people: a member related to one of them is refused.
 */
import type { InspectionKind, InspectionTopic, TargetKind } from '../../shared/inspections.codes.js';
import { INSPECTION_KIND_LABELS } from '../../shared/inspections.codes.js';
import type { ApprovalAction } from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import { type ConflictSubject, checkConflicts, requireAssignable } from '../recusal/index.js';
import { type InspectionAction, inspectionPolicy, templateListWhere } from './inspections.policy.js';
import {
  type InspectionView,
  isOrganiser,
  requireStatus,
  teamRole,
  touchInspection,
  viewOf,
} from './inspections.read.js';
import type { InspectionRow } from './inspections.tables.js';

/** A target as given. */
export type TargetInput =
  | { kind: 'unit'; unitId: string }
  | { kind: 'region'; regionCode: string }
  | { kind: 'project'; name: string; regionCode: string };

/** What making a plan takes. */
export interface PlanInput {
  title: string;
  kind: InspectionKind;
  topic?: InspectionTopic | null | undefined;
  topicText?: string | null | undefined;
  scopeText: string;
  periodFrom: string;
  periodTo: string;
  targets: readonly TargetInput[];
  leaderId: string;
  members: readonly string[];
  /** Issued checklist template versions. */
  checklists: readonly string[];
}

/** The approval action of a plan (the chain catalogue's `inspection.plan`). */
const PLAN_APPROVAL: ApprovalAction = 'inspection.plan';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The registry people of the targets (subjects of a target region, or employed by a target unit). */
async function targetPeople(
  tx: Ctx,
  targets: readonly { kind: string; unit_id: string | null; region_path: string; label: string }[],
): Promise<ConflictSubject[]> {
  const out = new Map<string, ConflictSubject>();
  for (const t of targets) {
    let q = tx.db
      .selectFrom('subjects')
      .select(['id', 'name', 'region_code', 'employer'])
      .where('active', '=', 1)
      .limit(500);
    q =
      t.kind === 'unit' && t.unit_id
        ? q.where((eb) => eb.or([eb('owner_unit_id', '=', t.unit_id!), eb('employer', '=', t.label)]))
        : q.where('region_path', 'like', `${t.region_path}%`);
    for (const s of await q.execute())
      out.set(s.id, { subjectId: s.id, name: s.name, regionCode: s.region_code, employer: s.employer });
  }
  return [...out.values()];
}

/**
 * Makes a plan (status draft) owned by the actor's unit (`inspection.manage`), with its targets,
 * team (each member cleared by the conflict check against the targets' people), and the issued
 * checklist versions it will work through, frozen. VALIDATION_FAILED (dates, targets, team, a
 * special inspection without a topic, a campaign without its words), INSPECTION_KIND_INVALID
 * (escalated by a township; cross within the organiser's own township or zone), NOT_FOUND (a
 * checklist not readable or not issued), CONFLICT_REFUSED / CONFLICT_UNCONFIRMED (a member related
 * to a target's people). Audited (`inspection.create`).
 */
export async function createInspection(ctx: Ctx, input: PlanInput): Promise<{ id: string }> {
  if (!DATE.test(input.periodFrom) || !DATE.test(input.periodTo) || input.periodTo < input.periodFrom)
    throw errors.validation({ field: 'periodTo' }, '检查期间有误：结束日期不能早于开始日期');
  if (input.targets.length === 0) throw errors.validation({ field: 'targets' }, '请至少列明一个检查对象');
  if (input.kind === 'special' && !input.topic)
    throw errors.validation({ field: 'topic' }, '专项监督检查须写明检查专题');
  if (input.topic === 'campaign' && !input.topicText?.trim())
    throw errors.validation({ field: 'topicText' }, '县纪委部署的专项行动须写明名称');
  if (input.checklists.length === 0) throw errors.validation({ field: 'checklists' }, '请至少选择一份检查清单');
  const team = [input.leaderId, ...input.members.filter((m) => m !== input.leaderId)];
  if (new Set(input.members).size !== input.members.length)
    throw errors.validation({ field: 'members' }, '检查组成员不得重复');
  if (team.length < 2) throw errors.validation({ field: 'members' }, '检查组至少2人（含组长）');
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    if (!actor.unitId) throw errors.forbidden('inspection.manage');
    const unit = await tx.db.selectFrom('units').selectAll().where('id', '=', actor.unitId).executeTakeFirstOrThrow();
    const commission = await commissionOf(tx, unit.id);
    // Targets, each with its region path.
    const targets: {
      id: string;
      seq: number;
      kind: TargetKind;
      unit_id: string | null;
      region_code: string | null;
      label: string;
      region_path: string;
    }[] = [];
    for (const [i, t] of input.targets.entries()) {
      if (t.kind === 'unit') {
        const u = await tx.db
          .selectFrom('units')
          .select(['id', 'name', 'region_code', 'region_path', 'county_code', 'active'])
          .where('id', '=', t.unitId)
          .executeTakeFirst();
        if (!u || Number(u.active) !== 1 || u.county_code !== unit.county_code)
          throw errors.validation({ field: 'targets', index: i }, '检查对象单位不存在或不在本县');
        targets.push({
          id: newId(),
          seq: i + 1,
          kind: 'unit',
          unit_id: u.id,
          region_code: u.region_code,
          label: u.name,
          region_path: u.region_path,
        });
      } else {
        const r = await tx.db
          .selectFrom('regions')
          .select(['code', 'name', 'path'])
          .where('code', '=', t.regionCode)
          .executeTakeFirst();
        const county = await tx.db
          .selectFrom('regions')
          .select('path')
          .where('code', '=', unit.county_code ?? '')
          .executeTakeFirst();
        if (!r || !county || !r.path.startsWith(county.path))
          throw errors.validation({ field: 'targets', index: i }, '检查对象所在地不存在或不在本县');
        const label = t.kind === 'project' ? t.name.trim() : r.name;
        if (!label) throw errors.validation({ field: 'targets', index: i }, '请写明检查的项目名称');
        targets.push({
          id: newId(),
          seq: i + 1,
          kind: t.kind,
          unit_id: null,
          region_code: r.code,
          label: t.kind === 'project' ? `${label}（${r.name}）` : label,
          region_path: r.path,
        });
      }
    }
    // 提级: only the county commission's side; 交叉: not the organiser's own township or zone.
    if (input.kind === 'escalated' && commission.kind !== 'commission')
      throw domainError('INSPECTION_KIND_INVALID', { kind: input.kind }, '提级监督检查只能由县纪委监委组织');
    if (input.kind === 'cross') {
      const own = unit.zone_id
        ? (
            await tx.db
              .selectFrom('zone_memberships as m')
              .innerJoin('regions as r', 'r.code', 'm.township_code')
              .select('r.path')
              .where('m.zone_id', '=', unit.zone_id)
              .where('m.effective_to', 'is', null)
              .execute()
          ).map((r) => r.path)
        : [unit.region_path];
      if (targets.some((t) => own.some((p) => t.region_path.startsWith(p))))
        throw domainError(
          'INSPECTION_KIND_INVALID',
          { kind: input.kind },
          '交叉监督检查只能检查其他乡镇（协作区）的对象，不得检查本乡镇（本协作区）',
        );
    }
    // Checklists: issued versions the actor may read, frozen.
    const templates = await tx.db
      .selectFrom('checklist_templates as t')
      .selectAll('t')
      .where('t.id', 'in', [...input.checklists])
      .where('t.status', '=', 'issued')
      .where((eb) => templateListWhere(tx, 't')(eb as never))
      .execute();
    const missing = input.checklists.filter((id) => !templates.some((t) => t.id === id));
    if (missing.length > 0 || new Set(input.checklists).size !== input.checklists.length)
      throw errors.validation({ field: 'checklists', missing }, '所选检查清单不存在、未印发或已被新版本替代');
    const people = await tx.db
      .selectFrom('users as u')
      .leftJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'u.unit_id', 'n.name as unit_name'])
      .where('u.id', 'in', team)
      .where('u.disabled', '=', 0)
      .execute();
    const absent = team.filter((id) => !people.some((p) => p.id === id));
    if (absent.length > 0) throw errors.validation({ field: 'members', missing: absent }, '检查组成员不存在或已停用');

    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('inspections')
      .values({
        id,
        title: input.title.trim(),
        kind: input.kind,
        topic: input.topic ?? null,
        topic_text: input.topicText?.trim() || null,
        scope_text: input.scopeText.trim(),
        period_from: input.periodFrom,
        period_to: input.periodTo,
        status: 'draft',
        approval_id: null,
        leader_id: input.leaderId,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        report_summary: null,
        report_recommendations: null,
        reported_at: null,
        reported_by: null,
        closed_at: null,
        closed_by: null,
        created_by: actor.userId,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.db
      .insertInto('inspection_targets')
      .values(targets.map((t) => ({ ...t, inspection_id: id })))
      .execute();
    await tx.db
      .insertInto('inspection_checklists')
      .values(
        templates.map((t) => ({
          id: newId(),
          inspection_id: id,
          template_id: t.id,
          template_version: Number(t.template_version),
          kind: t.kind,
          title: t.title,
          items: t.items,
        })),
      )
      .execute();
    // 回避: the team against the targets' people.
    const subjects = await targetPeople(tx, targets);
    const check = await checkConflicts(tx, {
      resource: 'inspection',
      resourceId: id,
      userIds: team,
      subjects,
      role: 'verifier',
      countyCode: unit.county_code,
    });
    for (const userId of team)
      await requireAssignable(tx, check.checkId, {
        resource: 'inspection',
        resourceId: id,
        userId,
        role: 'verifier',
        subjects,
      });
    await tx.db
      .insertInto('inspection_members')
      .values(
        team.map((userId) => {
          const p = people.find((x) => x.id === userId)!;
          return {
            inspection_id: id,
            user_id: userId,
            name: p.display_name,
            unit_id: p.unit_id,
            unit_name: p.unit_name ?? '',
            role: userId === input.leaderId ? 'leader' : 'member',
            check_id: check.checkId,
          };
        }),
      )
      .execute();
    await recordAudit(tx, {
      action: 'inspection.create',
      resourceType: 'inspection',
      resourceId: id,
      unitId: unit.id,
      changes: {
        kind: [null, input.kind],
        targets: [null, targets.map((t) => t.label)],
        team: [null, team],
        checklists: [null, templates.map((t) => [t.id, Number(t.template_version)])],
      },
    });
    return { id };
  });
}

/**
 * Submits draft `id` for approval (`inspection.manage` over the organiser): an approval of action
 * `inspection.plan` in the organiser's commission, the plan as its content. INSPECTION_STATE,
 * CONFLICT, NO_APPROVER. Audited (`inspection.submit`).
 */
export async function submitInspection(ctx: Ctx, id: string, input: { version: number }): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'manage', {
      version: input.version,
    });
    requireStatus(row, ['draft'], 'submit');
    const view = await viewOf(tx, row);
    const commission = await commissionOf(tx, row.owner_unit_id);
    const approval = await startApproval(tx, {
      action: PLAN_APPROVAL,
      targetLevel: 'ordinary',
      resourceType: 'inspection',
      resourceId: id,
      draftingUnitId: actor.unitId ?? commission.id,
      ownerUnitId: commission.id,
      ownerUnitPath: commission.path,
      regionPath: row.region_path,
      countyCode: row.county_code,
      title: `${row.title}（${INSPECTION_KIND_LABELS[row.kind as InspectionKind]}方案）`,
      content: {
        summary: `${INSPECTION_KIND_LABELS[row.kind as InspectionKind]}：${row.scope_text}`,
        kind: row.kind,
        period: [row.period_from, row.period_to],
        targets: view.targets.map((t) => t.label),
        team: view.team.map((m) => `${m.name}（${m.role === 'leader' ? '组长' : '组员'}）`),
        checklists: view.checklists.map((c) => `${c.title}（第${c.templateVersion}版）`),
      },
    });
    const next = await touchInspection(tx, row, { status: 'submitted', approval_id: approval.id });
    await recordAudit(tx, {
      action: 'inspection.submit',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['draft', 'submitted'], approval: [null, approval.id] },
    });
    return viewOf(tx, next);
  });
}

/** Applies a decided `inspection.plan` approval in the deciding transaction: approved, or back to draft. */
export async function onInspectionPlanDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const row = await tx.db
    .selectFrom('inspections')
    .selectAll()
    .where('id', '=', e.resourceId)
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!row || row.status !== 'submitted') return;
  const status = e.outcome === 'approved' ? 'approved' : 'draft';
  await touchInspection(tx, row, { status });
  await recordAudit(tx, {
    action: 'inspection.plan_decided',
    resourceType: 'inspection',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { status: ['submitted', status], approval: [null, e.approvalId] },
  });
}

/**
 * Starts the work of approved inspection `id` (the organiser's side or the team leader).
 * INSPECTION_STATE, INSPECTION_NOT_LEADER, CONFLICT. Audited (`inspection.start`).
 */
export async function startInspection(ctx: Ctx, id: string, input: { version: number }): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read', {
      version: input.version,
    });
    if ((await teamRole(tx, id)) !== 'leader' && !(await isOrganiser(tx, id)))
      throw domainError('INSPECTION_NOT_LEADER', { action: 'start' });
    requireStatus(row, ['approved'], 'start');
    const next = await touchInspection(tx, row, { status: 'in_progress' });
    await recordAudit(tx, {
      action: 'inspection.start',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['approved', 'in_progress'] },
    });
    return viewOf(tx, next);
  });
}

/**
 * The team writes the report of inspection `id` (a member): summary and recommendations; the
 * findings are listed from the record. Every finding needs its next step decided first
 * (INSPECTION_FINDINGS_UNDECIDED). INSPECTION_STATE, INSPECTION_NOT_MEMBER, CONFLICT. A report may
 * be rewritten until the inspection is closed. Audited (`inspection.report`).
 */
export async function reportInspection(
  ctx: Ctx,
  id: string,
  input: { summary: string; recommendations?: string | null | undefined; version: number },
): Promise<InspectionView> {
  const summary = input.summary.trim();
  if (!summary) throw errors.validation({ field: 'summary' }, '请写明检查的基本情况');
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read', {
      version: input.version,
    });
    if (!(await teamRole(tx, id))) throw domainError('INSPECTION_NOT_MEMBER', { action: 'report' });
    requireStatus(row, ['in_progress', 'reported'], 'report');
    const undecided = await tx.db
      .selectFrom('inspection_findings')
      .select('seq')
      .where('inspection_id', '=', id)
      .where('next_step', 'is', null)
      .execute();
    if (undecided.length > 0)
      throw domainError('INSPECTION_FINDINGS_UNDECIDED', { findings: undecided.map((f) => Number(f.seq)) });
    const next = await touchInspection(tx, row, {
      status: 'reported',
      report_summary: summary,
      report_recommendations: input.recommendations?.trim() || null,
      reported_at: nowIso(tx),
      reported_by: tx.actor?.userId ?? null,
    });
    await recordAudit(tx, {
      action: 'inspection.report',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'reported'] },
    });
    return viewOf(tx, next);
  });
}

/** Closes reported inspection `id` (`inspection.manage` over the organiser). INSPECTION_STATE, CONFLICT. Audited. */
export async function closeInspection(ctx: Ctx, id: string, input: { version: number }): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<InspectionAction, InspectionRow>(
      tx,
      { ...inspectionPolicy, team: null },
      id,
      'manage',
      {
        version: input.version,
      },
    );
    requireStatus(row, ['reported'], 'close');
    const next = await touchInspection(tx, row, {
      status: 'closed',
      closed_at: nowIso(tx),
      closed_by: tx.actor?.userId ?? null,
    });
    await recordAudit(tx, {
      action: 'inspection.close',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['reported', 'closed'] },
    });
    return viewOf(tx, next);
  });
}
