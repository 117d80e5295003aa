/**
 * The measures ledger (措施台账, GZ 第四十条; JCF24 第二十一条 to 第三十三条, 第四十四条 to 第五十条;
 * domain rules §3.1): every use of a measure on a case is recorded with its legal basis, the
 * person it applies to and the approval the rules name (`checkApproval`); it is carried out with
 * a written notice served and at least two team members present, which opens its clocks (hour
 * clocks at the instant); lifting it meets them. Each write is one transaction with its trail
 * step and audit event; the measure's own version guards concurrent changes.
 */
import {
  CASE_MIN_OFFICERS,
  CASE_WORKING_STATES,
  MEASURE_KIND_LABELS,
  type MeasureKind,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { meetAllDeadlines, moveDeadlines, openClock } from '../deadlines/index.js';
import type { CaseOwner } from './cases.mode-change.js';
import { type MeasureApprovalInput, MEASURE_RULES, checkApproval, clocksAtStart } from './cases.measures.rules.js';
import type { CaseMeasureTable } from './cases.measures.tables.js';
import { loadCase } from './cases.read.js';
import { requireZoneAuthorised } from './cases.zone.js';
import { addCaseEvent, caseMembersOf } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** The resource type of a measure's clocks. */
export const MEASURE_RESOURCE = 'case_measure';

/**
 * Moves the running clocks of case `caseId`'s measures to its new handling unit (a mode change:
 * registered with `onCaseOwnerMoved`), so the new unit is reminded and its ledger shows them due.
 */
export async function moveMeasureClocks(tx: Ctx, caseId: string, owner: CaseOwner): Promise<void> {
  const ids = await tx.db.selectFrom('case_measures').select('id').where('case_id', '=', caseId).execute();
  await moveDeadlines(
    tx,
    MEASURE_RESOURCE,
    ids.map((r) => r.id),
    owner,
  );
}

/** The states of a case in which measures may be changed (the investigation's states). */
const MEASURE_CASE_STATES = CASE_WORKING_STATES;

/** A case and one of its measures, loaded for a write. */
export interface LoadedMeasure {
  row: CaseRow;
  m: CaseMeasureTable;
}

/**
 * Loads case `caseId` for `action` (NOT_FOUND outside scope or recused, NEED_TO_KNOW for the
 * line-only reader) and its measure `measureId` (NOT_FOUND when it is not this case's).
 */
export async function loadMeasure(
  tx: Ctx,
  caseId: string,
  measureId: string,
  action: 'detail' | 'manage',
): Promise<LoadedMeasure> {
  const row = await loadCase(tx, caseId, action);
  const m = await tx.db
    .selectFrom('case_measures')
    .selectAll()
    .where('id', '=', measureId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!m) throw errors.notFound('measure');
  return { row, m };
}

/** Loads a measure for a change in a working case, claiming its version (CONFLICT when stale). */
export async function claimMeasure(
  tx: Ctx,
  caseId: string,
  measureId: string,
  version: number,
  step: string,
  set: Partial<CaseMeasureTable> = {},
): Promise<LoadedMeasure & { version: number }> {
  const loaded = await loadMeasure(tx, caseId, measureId, 'manage');
  await requireCaseStatus(tx, caseId, MEASURE_CASE_STATES, step);
  const res = await tx.db
    .updateTable('case_measures')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', measureId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: measureId, version: loaded.m.version });
  return { ...loaded, version: version + 1 };
}

/** Refuses a step the measure's state does not allow (MEASURE_STEP with `{ status, step }`). */
export function requireMeasureStatus(m: CaseMeasureTable, allowed: readonly string[], step: string): void {
  if (!allowed.includes(m.status)) throw domainError('MEASURE_STEP', { status: m.status, step });
}

/** The case's scope columns, which its measures' clocks carry. */
export function ownerOf(row: CaseRow) {
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
}

/** Refuses an instant in the future (more than five minutes ahead) or before `notBefore` (a date). */
export function checkInstant(tx: Ctx, field: string, at: string, notBefore?: string | null): void {
  if (Date.parse(at) > tx.clock.nowMs() + 5 * 60_000)
    throw errors.validation({ field }, '时间不能晚于当前时间：请在事项发生后如实登记');
  if (notBefore && toShanghaiDate(at) < notBefore.slice(0, 10))
    throw errors.validation({ field, notBefore }, `时间不能早于${notBefore.slice(0, 10)}`);
}

/** Measures on a person that run once at a time (a second before the first is lifted is refused). */
const PERSONAL_MEASURES: readonly MeasureKind[] = [
  'compulsory_appearance',
  'custody',
  'standby',
  'detention',
  'exit_ban',
  'wanted',
];

/** A measure as recorded (approved, not yet carried out). */
export interface MeasureInput {
  kind: MeasureKind;
  /** The article relied on (default: the measure's article of the 监察法). */
  legalBasis?: string | null | undefined;
  reason: string;
  /** The case subject (case_subjects.id) it applies to. */
  caseSubjectId: string;
  /** 强制到案: 管护 or 留置 is needed (24 hours instead of 12). */
  custodyNeeded?: boolean | undefined;
  approval: MeasureApprovalInput;
}

/**
 * Records a measure with the approval the rules name (the case team or its supervisors, with
 * case.manage, in a case under investigation). Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION,
 * VALIDATION_FAILED (a subject of another case, custodyNeeded on another measure), MEASURE_STEP (the
 * person is already under an unlifted measure of the kind: 留置, 管护, 责令候查…),
 * MEASURE_APPROVAL_MISSING, MEASURE_APPROVER_INVALID.
 */
export async function recordMeasure(
  ctx: Ctx,
  caseId: string,
  input: MeasureInput,
): Promise<{ id: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, MEASURE_CASE_STATES, 'measure');
    // 一案一授权: a zone case is worked only once its commander has authorised it and its team.
    await requireZoneAuthorised(tx, caseId);
    const subject = await tx.db
      .selectFrom('case_subjects')
      .select(['id', 'name'])
      .where('id', '=', input.caseSubjectId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!subject) throw errors.validation({ field: 'caseSubjectId' }, '所选人员不是本案的审查调查对象');
    if (input.custodyNeeded && input.kind !== 'compulsory_appearance')
      throw errors.validation({ field: 'custodyNeeded' }, '只有强制到案需要写明是否需要管护或留置');
    if (input.approval.approvedOn > toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'approval.approvedOn' }, '批准日期不能晚于今天');
    if (PERSONAL_MEASURES.includes(input.kind)) {
      const current = await tx.db
        .selectFrom('case_measures')
        .select('id')
        .where('case_id', '=', caseId)
        .where('case_subject_id', '=', subject.id)
        .where('kind', '=', input.kind)
        .where('status', 'in', ['approved', 'running'])
        .executeTakeFirst();
      if (current)
        throw domainError(
          'MEASURE_STEP',
          { status: 'running', step: 'record', measureId: current.id },
          `${subject.name}已有${MEASURE_KIND_LABELS[input.kind]}措施尚未解除，不能重复采取`,
        );
    }
    const approver = await checkApproval(tx, row, input.kind, input.approval);
    const seq = await tx.db
      .selectFrom('case_measures')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const id = newId();
    const now = nowIso(tx);
    const a = input.approval;
    const clean = (v: string | null | undefined) => v?.trim() || null;
    await tx.db
      .insertInto('case_measures')
      .values({
        id,
        case_id: caseId,
        seq: Number(seq?.seq ?? 0) + 1,
        kind: input.kind,
        status: 'approved',
        legal_basis: clean(input.legalBasis) ?? MEASURE_RULES[input.kind].article,
        reason: input.reason.trim(),
        case_subject_id: subject.id,
        subject_name: subject.name,
        custody_needed: input.custodyNeeded ? 1 : 0,
        approver_user_id: approver.approverId,
        approver_name: approver.approverName,
        approver_post: approver.post,
        approved_on: a.approvedOn,
        approval_number: clean(a.number),
        collective_on: clean(a.collectiveOn),
        collective_minutes: clean(a.collectiveMinutes),
        higher_organ: clean(a.higherOrgan),
        higher_number: clean(a.higherNumber),
        higher_on: clean(a.higherOn),
        notice_served_at: null,
        notice_served_to: null,
        present: null,
        started_at: null,
        notified_at: null,
        notified_unit: null,
        notified_family: null,
        notice_withheld_reason: null,
        notice_withheld_by: null,
        transferred_at: null,
        restarted_at: null,
        restart_note: null,
        change_requested_at: null,
        change_applicant: null,
        change_request: null,
        change_decided_at: null,
        change_decision: null,
        lifted_at: null,
        lift_reason: null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const by = approver.approverName ?? [a.higherOrgan, a.higherNumber].filter(Boolean).join('');
    await addCaseEvent(tx, caseId, 'measure_approved', {
      label: `批准采取${MEASURE_KIND_LABELS[input.kind]}措施`,
      note: `对象：${subject.name}；批准：${by}（${a.approvedOn}）`,
    });
    await recordAudit(tx, {
      action: 'case.measure_record',
      resourceType: 'case_measure',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        case: [null, caseId],
        kind: [null, input.kind],
        subject: [null, subject.id],
        approver: [null, approver.approverId ?? a.higherOrgan ?? null],
      },
    });
    return { id, version: 1 };
  });
}

/** The execution of a measure. */
export interface StartInput {
  version: number;
  /** When it was carried out (留置: announced to the person; the clocks start here). */
  startedAt: string;
  /** The written notice (JCF24 第四十四条): when it was served and to whom. */
  noticeServedAt: string;
  noticeServedTo: string;
  /** The team members present (at least two, current members of the case team). */
  presentUserIds: readonly string[];
}

/**
 * Carries out an approved measure: the written notice served, at least two current team members
 * present, the start instant; opens the measure's clocks. 留置 of a person under 强制到案 or 管护
 * lifts those (转为留置: their clocks are met). Throws MEASURE_STEP (not approved, or lifted),
 * MEASURE_PRESENT_TOO_FEW, VALIDATION_FAILED (an instant in the future or before the approval),
 * CONFLICT, and the loading errors.
 */
export async function startMeasure(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: StartInput,
): Promise<{ version: number; clocks: string[] }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    requireMeasureStatus(pre.m, ['approved'], 'start');
    checkInstant(tx, 'startedAt', input.startedAt, pre.m.approved_on);
    checkInstant(tx, 'noticeServedAt', input.noticeServedAt, pre.m.approved_on);
    const members = (await caseMembersOf(tx, caseId)).filter((m) => m.role !== 'drafter');
    const ids = [...new Set(input.presentUserIds)];
    const notMembers = ids.filter((u) => !members.some((m) => m.userId === u));
    if (ids.length < CASE_MIN_OFFICERS || notMembers.length > 0)
      throw domainError(
        'MEASURE_PRESENT_TOO_FEW',
        { present: ids.length - notMembers.length, notMembers },
        notMembers.length > 0
          ? '在场人员须是本案审查调查组的现任成员，且不少于二人'
          : '执行措施须有二名以上审查调查组成员在场',
      );
    const present = ids.map((u) => ({ userId: u, name: members.find((m) => m.userId === u)!.name }));
    const { row, m, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_start', {
      status: 'running',
      started_at: input.startedAt,
      notice_served_at: input.noticeServedAt,
      notice_served_to: input.noticeServedTo.trim(),
      present: JSON.stringify(present),
    });
    const kind = m.kind as MeasureKind;
    const kinds = clocksAtStart(kind, Number(m.custody_needed) === 1);
    for (const k of kinds)
      await openClock(tx, {
        resourceType: MEASURE_RESOURCE,
        resourceId: measureId,
        kind: k,
        startAt: input.startedAt,
        owner: ownerOf(row),
      });
    if (kind === 'detention') await convertToDetention(tx, caseId, m);
    await addCaseEvent(tx, caseId, 'measure_started', {
      label: `执行${MEASURE_KIND_LABELS[kind]}措施`,
      note: `对象：${m.subject_name}；在场：${present.map((p) => p.name).join('、')}；送达：${input.noticeServedTo.trim()}`,
    });
    await recordAudit(tx, {
      action: 'case.measure_start',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { status: ['approved', 'running'], startedAt: [null, input.startedAt], clocks: [null, kinds] },
    });
    return { version, clocks: kinds };
  });
}

/** 留置 of a person under 强制到案 or 管护 ends those (their clocks met, lifted as 转为留置). */
async function convertToDetention(tx: Ctx, caseId: string, detention: CaseMeasureTable): Promise<void> {
  const earlier = await tx.db
    .selectFrom('case_measures')
    .select(['id', 'kind', 'version'])
    .where('case_id', '=', caseId)
    .where('case_subject_id', '=', detention.case_subject_id)
    .where('status', '=', 'running')
    .where('kind', 'in', ['compulsory_appearance', 'custody'])
    .execute();
  for (const e of earlier) {
    await meetAllDeadlines(tx, MEASURE_RESOURCE, e.id);
    await tx.db
      .updateTable('case_measures')
      .set({
        status: 'lifted',
        lifted_at: detention.started_at ?? nowIso(tx),
        lift_reason: '转为留置',
        version: Number(e.version) + 1,
        updated_at: nowIso(tx),
      })
      .where('id', '=', e.id)
      .execute();
    await addCaseEvent(tx, caseId, 'measure_lifted', {
      label: `解除${MEASURE_KIND_LABELS[e.kind as MeasureKind]}措施`,
      note: `${detention.subject_name}：转为留置`,
    });
  }
}

/** The lifting of a measure. */
export interface LiftInput {
  version: number;
  liftedAt: string;
  reason: string;
}

/**
 * Lifts a measure (解除): its clocks are met. An approved measure never carried out may be lifted
 * too (撤销). Throws MEASURE_STEP (already lifted), VALIDATION_FAILED (an instant in the future
 * or before the start), CONFLICT, and the loading errors.
 */
export async function liftMeasure(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: LiftInput,
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    requireMeasureStatus(pre.m, ['approved', 'running'], 'lift');
    checkInstant(
      tx,
      'liftedAt',
      input.liftedAt,
      pre.m.started_at ? toShanghaiDate(pre.m.started_at) : pre.m.approved_on,
    );
    if (pre.m.started_at && input.liftedAt < pre.m.started_at)
      throw errors.validation({ field: 'liftedAt' }, '解除时间不能早于执行时间');
    const { row, m, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_lift', {
      status: 'lifted',
      lifted_at: input.liftedAt,
      lift_reason: input.reason.trim(),
    });
    await meetAllDeadlines(tx, MEASURE_RESOURCE, measureId);
    await addCaseEvent(tx, caseId, 'measure_lifted', {
      label: `解除${MEASURE_KIND_LABELS[m.kind as MeasureKind]}措施`,
      note: `${m.subject_name}：${input.reason.trim()}`,
    });
    await recordAudit(tx, {
      action: 'case.measure_lift',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { status: [m.status, 'lifted'], liftedAt: [null, input.liftedAt] },
    });
    return { version };
  });
}
