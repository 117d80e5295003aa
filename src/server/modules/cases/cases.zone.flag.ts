/**
 * 挂牌督办 (a flagged case: a higher organ supervises it): the report schedule to the supervising
 * organ (every N days or weeks, the next report due), the reports logged, whether a report is
 * overdue (on the case's flag view and on a workbench card), and the documents of this part:
 * the 授权书 of a zone case and the 指定管辖决定书 of a designated case, as PDF or DOCX.
 */
import type { ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import {
  type CaseAuthorizationData,
  type DesignationDecisionData,
  caseAuthorization,
  designationDecision,
} from '../../documents/case-zone-templates.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import {
  BRIEFING_STATES,
  CASE_FINAL_STATES,
  type CaseStatus,
  DEFAULT_MODE_REASONS,
  type FlagIntervalUnit,
  ZONE_DOCUMENT_LABELS,
  ZONE_EVENT_LABELS,
  type ZoneDocument,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { recordAudit } from '../audit/index.js';
import { addDays } from '../deadlines/index.js';
import { caseFullWhere } from './cases.policy.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent, caseSubjectsOf } from './cases.service.js';
import { requireCaseStatus, touchCase } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

type Eb = ExpressionBuilder<Database, never>;

/** The date `n` days or weeks after `date`. */
function advance(date: string, n: number, unit: FlagIntervalUnit): string {
  return addDays(date, unit === 'week' ? n * 7 : n);
}

function requireFlagged(row: CaseRow) {
  if (row.mode !== 'flagged') throw domainError('CASE_MODE_MISMATCH', { mode: row.mode, needs: 'flagged' });
}

/**
 * Sets (or changes) a flagged case's report schedule to its supervising organ: every `every`
 * days or weeks, the next report due on `nextDueOn` (today or later). Needs `manage` on the case
 * (team or supervisors), version-checked on the case. Throws NOT_FOUND, NEED_TO_KNOW, CONFLICT,
 * CASE_TRANSITION, CASE_MODE_MISMATCH (not 挂牌督办), VALIDATION_FAILED.
 */
export async function setFlagSchedule(
  ctx: Ctx,
  caseId: string,
  input: { version: number; every: number; unit: FlagIntervalUnit; nextDueOn: string },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, caseId, BRIEFING_STATES, 'flag_schedule');
    requireFlagged(row);
    if (input.nextDueOn < toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'nextDueOn' }, '下次报告时间不能早于今天');
    const current = await tx.db
      .selectFrom('case_flag_schedules')
      .select('version')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const values = {
      interval_n: input.every,
      interval_unit: input.unit,
      next_due_on: input.nextDueOn,
      set_by: actor.userId,
      updated_at: nowIso(tx),
    };
    if (current)
      await tx.db
        .updateTable('case_flag_schedules')
        .set({ ...values, version: current.version + 1 })
        .where('case_id', '=', caseId)
        .execute();
    else
      await tx.db
        .insertInto('case_flag_schedules')
        .values({ case_id: caseId, ...values, version: 1 })
        .execute();
    const version = await touchCase(tx, caseId, input.version);
    const every = `每${input.every}${input.unit === 'week' ? '周' : '日'}`;
    await addCaseEvent(tx, caseId, 'flag_schedule_set', {
      label: ZONE_EVENT_LABELS.flag_schedule_set,
      note: `向${row.co_organ ?? '督办机关'}${every}报告一次，下次${input.nextDueOn}`,
    });
    await recordAudit(tx, {
      action: 'case.flag_schedule',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        schedule: [null, `${input.every} ${input.unit} ${input.nextDueOn}`],
        version: [input.version, version],
      },
    });
    return { version };
  });
}

/**
 * Logs a progress report to the supervising organ: it answers the report then due, and the next
 * one falls due an interval later (several, when reported late past them). Needs `manage`.
 * Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CASE_MODE_MISMATCH, CASE_FLAG_NO_SCHEDULE,
 * VALIDATION_FAILED (a date in the future or before the filing).
 */
export async function logFlagReport(
  ctx: Ctx,
  caseId: string,
  input: { reportedOn: string; content: string },
): Promise<{ id: string; nextDueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, BRIEFING_STATES, 'flag_report');
    requireFlagged(row);
    const schedule = await tx.db
      .selectFrom('case_flag_schedules')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!schedule) throw domainError('CASE_FLAG_NO_SCHEDULE');
    if (input.reportedOn > toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'reportedOn' }, '日期不能晚于今天');
    if (row.filed_on && input.reportedOn < row.filed_on)
      throw errors.validation({ field: 'reportedOn' }, `日期不能早于立案日期（${row.filed_on}）`);
    const unit = schedule.interval_unit as FlagIntervalUnit;
    let next = advance(schedule.next_due_on, schedule.interval_n, unit);
    while (next <= input.reportedOn) next = advance(next, schedule.interval_n, unit);
    const id = newId();
    await tx.db
      .insertInto('case_flag_reports')
      .values({
        id,
        case_id: caseId,
        reported_on: input.reportedOn,
        due_on: schedule.next_due_on,
        content: input.content.trim(),
        reported_by: actor.userId,
        reported_by_name: actor.displayName,
        created_at: nowIso(tx),
      })
      .execute();
    const res = await tx.db
      .updateTable('case_flag_schedules')
      .set({ next_due_on: next, version: schedule.version + 1, updated_at: nowIso(tx) })
      .where('case_id', '=', caseId)
      .where('version', '=', schedule.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ caseId });
    await addCaseEvent(tx, caseId, 'flag_reported', {
      label: ZONE_EVENT_LABELS.flag_reported,
      note: `${input.reportedOn}向${row.co_organ ?? '督办机关'}报告；下次${next}`,
    });
    await recordAudit(tx, {
      action: 'case.flag_report',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { report: [null, id], nextDueOn: [schedule.next_due_on, next] },
    });
    return { id, nextDueOn: next };
  });
}

/**
 * A flagged case's supervision as the case page shows it: the supervising organ, the schedule
 * with `overdue` (the next report's date has passed), and the reports logged, newest first.
 */
export async function readFlag(ctx: Ctx, caseId: string) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const s = await tx.db
      .selectFrom('case_flag_schedules')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const reports = await tx.db
      .selectFrom('case_flag_reports')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('reported_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    const today = toShanghaiDate(nowIso(tx));
    return {
      flagged: row.mode === 'flagged',
      supervisingOrgan: row.mode === 'flagged' ? row.co_organ : null,
      schedule: s
        ? {
            every: s.interval_n,
            unit: s.interval_unit as FlagIntervalUnit,
            nextDueOn: s.next_due_on,
            overdue:
              row.mode === 'flagged' && !CASE_FINAL_STATES.includes(row.status as CaseStatus) && s.next_due_on < today,
            version: s.version,
          }
        : null,
      reports: reports.map((r) => ({
        id: r.id,
        reportedOn: r.reported_on,
        dueOn: r.due_on,
        late: r.reported_on > r.due_on,
        content: r.content,
        reportedByName: r.reported_by_name,
      })),
    };
  });
}

/** Flagged cases whose next report to the supervising organ is overdue, most overdue first (content readers). */
async function overdueFlagReports(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('case_flag_schedules as f')
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .where('f.next_due_on', '<', today)
    .where('c.mode', '=', 'flagged')
    .where('c.status', 'not in', [...CASE_FINAL_STATES])
    .where((eb) => caseFullWhere(ctx, 'c')(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.subject_name', 'c.co_organ', 'f.next_due_on'])
      .orderBy('f.next_due_on')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/cases?mode=flagged',
    severity: 'danger',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number ?? r.subject_name,
      subtitle: `挂牌督办报告逾期 · ${r.subject_name}${r.co_organ ? ` · ${r.co_organ}` : ''}`,
      at: null,
      dueOn: r.next_due_on,
      overdue: true,
      href: `/cases/${r.id}`,
    })),
  };
}

/** This part's workbench card: overdue reports of flagged cases. */
export const zoneWorkbench: WorkbenchProvider[] = [
  {
    key: 'cases.flag_reports_overdue',
    title: '挂牌督办案件报告逾期',
    kind: 'clock',
    permissions: ['case.read'],
    load: (ctx, { limit }) => overdueFlagReports(ctx, limit),
  },
];

/** The model of a document of this part, from the case's records (CASE_MODE_MISMATCH / CASE_ZONE_UNAUTHORIZED before it exists). */
async function documentModel(tx: Ctx, row: CaseRow, kind: ZoneDocument) {
  const subjects = await caseSubjectsOf(tx, row.id);
  const units = await tx.db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', 'in', [row.handling_unit_id, row.filing_unit_id])
    .execute();
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? '';
  const subjectText = subjects.map((s) => `${s.employer ?? ''}${s.position ?? ''}${s.name}`).join('、');
  if (kind === 'designation_decision') {
    if (row.mode !== 'designated') throw domainError('CASE_MODE_MISMATCH', { mode: row.mode, needs: 'designated' });
    const reason = DEFAULT_MODE_REASONS.find((r) => r.code === row.mode_reason);
    const data: DesignationDecisionData = {
      number: `${row.number ?? ''}（指定）`,
      decidingOrgan: row.co_organ ?? name(row.filing_unit_id),
      designatedOrgan: name(row.handling_unit_id),
      caseNumber: row.number ?? '',
      subjects: subjectText,
      matter: row.summary,
      reason: `${reason?.label ?? row.mode_reason}${row.mode_reason_note ? `（${row.mode_reason_note}）` : ''}`,
      date: toShanghaiDate(row.mode_decided_at ?? row.filed_at ?? nowIso(tx)),
    };
    return designationDecision(data);
  }
  const auth = await tx.db
    .selectFrom('case_authorizations as a')
    .innerJoin('zones as z', 'z.id', 'a.zone_id')
    .selectAll('a')
    .select('z.name as zone_name')
    .where('a.case_id', '=', row.id)
    .where('a.zone_id', '=', row.zone_id ?? '')
    .where('a.superseded_at', 'is', null)
    .executeTakeFirst();
  if (row.mode !== 'zone') throw domainError('CASE_MODE_MISMATCH', { mode: row.mode, needs: 'zone' });
  if (!auth) throw domainError('CASE_ZONE_UNAUTHORIZED', { caseId: row.id });
  const data: CaseAuthorizationData = {
    number: `${row.number ?? ''}（授权）`,
    zoneName: auth.zone_name,
    caseNumber: row.number ?? '',
    subjects: subjectText,
    matter: row.summary,
    team: JSON.parse(auth.team) as CaseAuthorizationData['team'],
    scope: auth.scope_text,
    authorizer: `${auth.authorizer_role}${auth.authorizer_name}`,
    handlingUnit: name(row.handling_unit_id),
    date: auth.authorized_on,
  };
  return caseAuthorization(data);
}

/**
 * Renders a document of this part for a reader of the case's content, audited: the 授权书 of a
 * zone case's current authorisation, the 指定管辖决定书 of a designated case. Throws NOT_FOUND,
 * NEED_TO_KNOW, CASE_MODE_MISMATCH, CASE_ZONE_UNAUTHORIZED.
 */
export async function zoneDocument(
  ctx: Ctx,
  caseId: string,
  kind: ZoneDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const model = await documentModel(tx, row, kind);
    await recordAudit(tx, {
      action: 'case.document',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { document: [null, `${kind}.${format}`] },
    });
    const bytes = format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
    return { bytes, title: `${ZONE_DOCUMENT_LABELS[kind]}（${row.number ?? row.title}）` };
  });
}
