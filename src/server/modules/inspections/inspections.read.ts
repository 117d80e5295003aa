/**
 * Reading inspections (the page, the list) and the helpers the services share: the version bump,
 * the status guard, the actor's place on the team and on the organiser's side.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type {
  CheckResult,
  ChecklistItem,
  InspectionKind,
  InspectionStatus,
  InspectionTopic,
  NextStep,
  TargetKind,
} from '../../shared/inspections.codes.js';
import type { ProblemSeverity } from '../../shared/rectification.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { domainError, errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordedCheckOutcomes } from '../recusal/index.js';
import { type InspectionAction, inspectionListWhere, inspectionPolicy } from './inspections.policy.js';
import type { InspectionRow } from './inspections.tables.js';

export interface InspectionView {
  id: string;
  title: string;
  kind: InspectionKind;
  topic: InspectionTopic | null;
  topicText: string | null;
  scopeText: string;
  periodFrom: string;
  periodTo: string;
  status: InspectionStatus;
  approvalId: string | null;
  organiserUnitId: string;
  organiserUnitName: string;
  targets: { id: string; kind: TargetKind; unitId: string | null; regionCode: string | null; label: string }[];
  team: {
    userId: string;
    name: string;
    unitName: string;
    role: 'leader' | 'member';
    /** What the recusal engine's check recorded for the member when the plan was made (null: none kept). */
    conflictCheck: {
      checkedAt: string;
      outcome: 'refuse' | 'warn' | 'clear';
      reasons: string[];
      confirmedAt: string | null;
      confirmReason: string | null;
    } | null;
  }[];
  /**
   * The reader's place: on the team (leader or member) and on the organiser's side
   * (`inspection.manage` over the organiser). The console offers what these allow: deciding a
   * finding and starting the work are the leader's or the organiser's, submitting and closing the
   * organiser's; a member elsewhere holding `inspection.manage` is not offered them.
   */
  reader: { teamRole: 'leader' | 'member' | null; organiser: boolean };
  checklists: {
    id: string;
    templateId: string;
    templateVersion: number;
    kind: string;
    title: string;
    items: ChecklistItem[];
  }[];
  checks: {
    id: string;
    targetId: string;
    checklistId: string;
    itemCode: string;
    result: CheckResult;
    note: string | null;
    recordedBy: string | null;
    recordedAt: string;
    files: { id: string; name: string; contentType: string; sizeBytes: number; sha256: string }[];
  }[];
  findings: FindingView[];
  report: { summary: string; recommendations: string | null; reportedAt: string } | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
}

/** A finding as shown. */
export interface FindingView {
  id: string;
  seq: number;
  checkId: string | null;
  targetId: string;
  targetLabel: string;
  itemLabel: string;
  what: string;
  severity: ProblemSeverity;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  responsiblePerson: string | null;
  subjectId: string | null;
  nextStep: NextStep | null;
  dueOn: string | null;
  rectificationItemId: string | null;
  talkId: string | null;
  clueId: string | null;
  recommendationId: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  version: number;
}

/** Bumps an inspection's version (CONFLICT when stale), optionally setting columns. */
export async function touchInspection(
  tx: Ctx,
  row: InspectionRow,
  set: Partial<Omit<InspectionRow, 'id' | 'version'>> = {},
): Promise<InspectionRow> {
  const now = nowIso(tx);
  const res = await tx.db
    .updateTable('inspections')
    .set({ ...set, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: row.id });
  return { ...row, ...set, version: row.version + 1, updated_at: now };
}

/** Requires status `allowed` (INSPECTION_STATE otherwise, naming the action). */
export function requireStatus(row: InspectionRow, allowed: readonly InspectionStatus[], action: string): void {
  if (!allowed.includes(row.status as InspectionStatus))
    throw domainError('INSPECTION_STATE', { status: row.status, action });
}

/** The actor's place on the team of inspection `id`: leader, member or null. */
export async function teamRole(tx: Ctx, id: string): Promise<'leader' | 'member' | null> {
  const row = await tx.db
    .selectFrom('inspection_members')
    .select('role')
    .where('inspection_id', '=', id)
    .where('user_id', '=', tx.actor?.userId ?? '')
    .executeTakeFirst();
  return (row?.role as 'leader' | 'member' | undefined) ?? null;
}

/** Whether the actor holds `inspection.manage` over the inspection's organiser (the organiser's side). */
export async function isOrganiser(tx: Ctx, id: string): Promise<boolean> {
  if (!tx.actor?.permissions.has('inspection.manage')) return false;
  const row = await tx.db
    .selectFrom('inspections as i')
    .select('i.id')
    .where('i.id', '=', id)
    .where((eb) =>
      scopePredicate(eb as never, scopeFor(tx, 'inspection.manage'), {
        unitId: 'i.owner_unit_id',
        unitPath: 'i.owner_unit_path',
        regionPath: 'i.region_path',
      }),
    )
    .executeTakeFirst();
  return !!row;
}

/** The findings of inspection `id`, in order, with target and unit names. */
export async function findingsOf(tx: Ctx, id: string): Promise<FindingView[]> {
  const rows = await tx.db
    .selectFrom('inspection_findings as f')
    .innerJoin('inspection_targets as t', 't.id', 'f.target_id')
    .leftJoin('units as u', 'u.id', 'f.responsible_unit_id')
    .selectAll('f')
    .select(['t.label as target_label', 'u.name as unit_name'])
    .where('f.inspection_id', '=', id)
    .orderBy('f.seq')
    .execute();
  return rows.map((f) => ({
    id: f.id,
    seq: Number(f.seq),
    checkId: f.check_id,
    targetId: f.target_id,
    targetLabel: f.target_label,
    itemLabel: f.item_label,
    what: f.what,
    severity: f.severity as ProblemSeverity,
    responsibleUnitId: f.responsible_unit_id,
    responsibleUnitName: f.unit_name,
    responsiblePerson: f.responsible_person,
    subjectId: f.subject_id,
    nextStep: f.next_step as NextStep | null,
    dueOn: f.due_on,
    rectificationItemId: f.rectification_item_id,
    talkId: f.talk_id,
    clueId: f.clue_id,
    recommendationId: f.recommendation_id,
    decisionNote: f.decision_note,
    decidedAt: f.decided_at,
    version: Number(f.version),
  }));
}

/** The whole inspection as shown (no access check: callers load it first). */
export async function viewOf(tx: Ctx, row: InspectionRow): Promise<InspectionView> {
  const [organiser, targets, team, checklists, checks, files, findings] = await Promise.all([
    tx.db.selectFrom('units').select('name').where('id', '=', row.owner_unit_id).executeTakeFirstOrThrow(),
    tx.db.selectFrom('inspection_targets').selectAll().where('inspection_id', '=', row.id).orderBy('seq').execute(),
    tx.db
      .selectFrom('inspection_members')
      .selectAll()
      .where('inspection_id', '=', row.id)
      .orderBy('role')
      .orderBy('name')
      .execute(),
    tx.db.selectFrom('inspection_checklists').selectAll().where('inspection_id', '=', row.id).orderBy('id').execute(),
    tx.db
      .selectFrom('inspection_checks')
      .selectAll()
      .where('inspection_id', '=', row.id)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
    tx.db
      .selectFrom('inspection_check_files')
      .select(['id', 'check_id', 'name_enc', 'content_type', 'size_bytes', 'sha256'])
      .where('inspection_id', '=', row.id)
      .where('check_id', 'is not', null)
      .orderBy('created_at')
      .execute(),
    findingsOf(tx, row.id),
  ]);
  const [role, organises] = await Promise.all([teamRole(tx, row.id), isOrganiser(tx, row.id)]);
  const checked = await recordedCheckOutcomes(
    tx,
    team.flatMap((m) => (m.check_id ? [m.check_id] : [])),
  );
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as InspectionKind,
    topic: row.topic as InspectionTopic | null,
    topicText: row.topic_text,
    scopeText: row.scope_text,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    status: row.status as InspectionStatus,
    approvalId: row.approval_id,
    organiserUnitId: row.owner_unit_id,
    organiserUnitName: organiser.name,
    targets: targets.map((t) => ({
      id: t.id,
      kind: t.kind as TargetKind,
      unitId: t.unit_id,
      regionCode: t.region_code,
      label: t.label,
    })),
    team: team.map((m) => ({
      userId: m.user_id,
      name: m.name,
      unitName: m.unit_name,
      role: m.role as 'leader' | 'member',
      conflictCheck: (() => {
        const c = checked.find((x) => x.checkId === m.check_id && x.userId === m.user_id);
        return c
          ? {
              checkedAt: c.runAt,
              outcome: c.outcome,
              reasons: c.reasons,
              confirmedAt: c.confirmedAt,
              confirmReason: c.confirmReason,
            }
          : null;
      })(),
    })),
    reader: { teamRole: role, organiser: organises },
    checklists: checklists.map((c) => ({
      id: c.id,
      templateId: c.template_id,
      templateVersion: Number(c.template_version),
      kind: c.kind,
      title: c.title,
      items: JSON.parse(c.items) as ChecklistItem[],
    })),
    checks: checks.map((c) => ({
      id: c.id,
      targetId: c.target_id,
      checklistId: c.checklist_id,
      itemCode: c.item_code,
      result: c.result as CheckResult,
      note: c.note,
      recordedBy: c.recorded_by_name,
      recordedAt: c.recorded_at,
      files: files
        .filter((f) => f.check_id === c.id)
        .map((f) => ({
          id: f.id,
          name: tx.keyring.openText(f.name_enc, `inspection_check_files.name:${f.id}`),
          contentType: f.content_type,
          sizeBytes: Number(f.size_bytes),
          sha256: f.sha256,
        })),
    })),
    findings,
    report:
      row.report_summary && row.reported_at
        ? { summary: row.report_summary, recommendations: row.report_recommendations, reportedAt: row.reported_at }
        : null,
    closedAt: row.closed_at,
    version: Number(row.version),
    createdAt: row.created_at,
  };
}

/** An inspection (in scope or on the team; NOT_FOUND otherwise). */
export async function readInspection(ctx: Ctx, id: string): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) =>
    viewOf(tx, await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read')),
  );
}

/** A line of the inspection list. */
export interface InspectionLine {
  id: string;
  title: string;
  kind: InspectionKind;
  status: InspectionStatus;
  periodFrom: string;
  periodTo: string;
  organiserUnitName: string;
  findings: number;
  createdAt: string;
}

/** The inspections the actor may see (in scope or on the team), newest first; `mine`: on the team only. */
export async function listInspections(
  ctx: Ctx,
  query: {
    status?: InspectionStatus | undefined;
    kind?: InspectionKind | undefined;
    mine?: boolean | undefined;
    unitId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: InspectionLine[]; total: number }> {
  requireActor(ctx);
  let q = ctx.db
    .selectFrom('inspections as i')
    .where((eb) => inspectionListWhere(ctx, 'i', query.mine ? 'team' : 'any')(eb as never));
  if (query.status) q = q.where('i.status', '=', query.status);
  if (query.kind) q = q.where('i.kind', '=', query.kind);
  if (query.unitId) q = q.where('i.owner_unit_id', '=', query.unitId);
  // The period filter keeps the inspections whose period overlaps [from, to].
  if (query.from) q = q.where('i.period_to', '>=', query.from);
  if (query.to) q = q.where('i.period_from', '<=', query.to);
  const [rows, count] = await Promise.all([
    q
      .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
      .select(['i.id', 'i.title', 'i.kind', 'i.status', 'i.period_from', 'i.period_to', 'i.created_at', 'u.name'])
      .select((eb) =>
        eb
          .selectFrom('inspection_findings as f')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('f.inspection_id', '=', 'i.id')
          .as('findings'),
      )
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind as InspectionKind,
      status: r.status as InspectionStatus,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      organiserUnitName: r.name,
      findings: Number(r.findings ?? 0),
      createdAt: r.created_at,
    })),
  };
}

/** Today in Shanghai for `tx`. */
export function todayOf(tx: Ctx): string {
  return toShanghaiDate(nowIso(tx));
}
