/**
 * Reading the measures: a case's measures with their clocks (team or supervisors), and the
 * county's measures ledger filed with 案管 (GZ 第四十条): 案管 (case.register) sees every measure of
 * the cases in its case.register scope; anyone else only the measures of the cases they see in
 * full (their team's, or their own unit's with case.detail: a township secretary sees their
 * township's own cases). Filters by kind and by the clocks' state, scoped in SQL. Each read is
 * audited as who saw what.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import {
  MEASURE_KIND_LABELS,
  type MeasureClockFilter,
  type MeasureKind,
  type MeasureStatus,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { recusalWhere } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { DUE_SOON_DAYS, type DeadlineView, addDays, deadlinesOfMany } from '../deadlines/index.js';
import { MEASURE_RESOURCE } from './cases.measures.js';
import type { CaseMeasureTable } from './cases.measures.tables.js';
import { caseFullWhere, casePolicy } from './cases.policy.js';
import { loadCase } from './cases.read.js';

type Eb = ExpressionBuilder<Database, never>;

/** A measure as its case page shows it. */
export interface MeasureView {
  id: string;
  seq: number;
  kind: MeasureKind;
  kindLabel: string;
  status: MeasureStatus;
  legalBasis: string;
  reason: string;
  caseSubjectId: string;
  subjectName: string;
  custodyNeeded: boolean;
  approval: {
    approverName: string | null;
    post: string | null;
    approvedOn: string;
    number: string | null;
    collectiveOn: string | null;
    collectiveMinutes: string | null;
    higherOrgan: string | null;
    higherNumber: string | null;
    higherOn: string | null;
  };
  noticeServedAt: string | null;
  noticeServedTo: string | null;
  present: { userId: string; name: string }[];
  startedAt: string | null;
  notifiedAt: string | null;
  notifiedUnit: string | null;
  notifiedFamily: string | null;
  noticeWithheldReason: string | null;
  noticeWithheldBy: string | null;
  transferredAt: string | null;
  restartedAt: string | null;
  restartNote: string | null;
  changeRequestedAt: string | null;
  changeApplicant: string | null;
  changeRequest: string | null;
  changeDecidedAt: string | null;
  changeDecision: string | null;
  liftedAt: string | null;
  liftReason: string | null;
  version: number;
  createdAt: string;
  clocks: DeadlineView[];
}

/** A stored measure as the page shows it, with its clocks. */
export function measureView(m: CaseMeasureTable, clocks: DeadlineView[]): MeasureView {
  return {
    id: m.id,
    seq: Number(m.seq),
    kind: m.kind as MeasureKind,
    kindLabel: MEASURE_KIND_LABELS[m.kind as MeasureKind] ?? m.kind,
    status: m.status as MeasureStatus,
    legalBasis: m.legal_basis,
    reason: m.reason,
    caseSubjectId: m.case_subject_id,
    subjectName: m.subject_name,
    custodyNeeded: Number(m.custody_needed) === 1,
    approval: {
      approverName: m.approver_name,
      post: m.approver_post,
      approvedOn: m.approved_on,
      number: m.approval_number,
      collectiveOn: m.collective_on,
      collectiveMinutes: m.collective_minutes,
      higherOrgan: m.higher_organ,
      higherNumber: m.higher_number,
      higherOn: m.higher_on,
    },
    noticeServedAt: m.notice_served_at,
    noticeServedTo: m.notice_served_to,
    present: m.present ? (JSON.parse(m.present) as { userId: string; name: string }[]) : [],
    startedAt: m.started_at,
    notifiedAt: m.notified_at,
    notifiedUnit: m.notified_unit,
    notifiedFamily: m.notified_family,
    noticeWithheldReason: m.notice_withheld_reason,
    noticeWithheldBy: m.notice_withheld_by,
    transferredAt: m.transferred_at,
    restartedAt: m.restarted_at,
    restartNote: m.restart_note,
    changeRequestedAt: m.change_requested_at,
    changeApplicant: m.change_applicant,
    changeRequest: m.change_request,
    changeDecidedAt: m.change_decided_at,
    changeDecision: m.change_decision,
    liftedAt: m.lifted_at,
    liftReason: m.lift_reason,
    version: Number(m.version),
    createdAt: m.created_at,
    clocks,
  };
}

/**
 * A case's measures, in order, each with its clocks (team or supervisors: NOT_FOUND out of scope
 * or recused, NEED_TO_KNOW for the line-only reader). Audited (`case.measure_read`).
 */
export async function caseMeasures(ctx: Ctx, caseId: string): Promise<MeasureView[]> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const rows = await tx.db
      .selectFrom('case_measures')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    // Every measure's clocks in one read (one per measure cost a round trip each).
    const clocks = await deadlinesOfMany(
      tx,
      MEASURE_RESOURCE,
      rows.map((m) => m.id),
    );
    const out = rows.map((m) => measureView(m, clocks.get(m.id) ?? []));
    await recordAudit(tx, {
      action: 'case.measure_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    return out;
  });
}

/** Filters of the county ledger. */
export interface MeasureLedgerQuery {
  kind?: MeasureKind | undefined;
  state?: MeasureClockFilter | undefined;
  caseId?: string | undefined;
  page: number;
  pageSize: number;
}

/** One line of the county ledger. */
export interface MeasureLine {
  id: string;
  caseId: string;
  caseNumber: string | null;
  handlingUnitName: string;
  kind: MeasureKind;
  kindLabel: string;
  status: MeasureStatus;
  subjectName: string;
  approvedOn: string;
  startedAt: string | null;
  liftedAt: string | null;
  /** The nearest due date (or instant, for hour clocks) of the running clocks, or null. */
  nextDue: string | null;
  overdue: boolean;
  dueSoon: boolean;
}

/** "The actor sees the measures of case `c`": 案管's case.register scope, or the case's content. */
function ledgerWhere(ctx: Ctx) {
  const register = ctx.actor?.scopes.get('case.register');
  const recused = recusalWhere(ctx, casePolicy, 'c');
  return (eb: Eb): Expression<SqlBool> => {
    const full = caseFullWhere(ctx, 'c')(eb);
    const visible = register
      ? eb.or([
          scopePredicate(eb, register, {
            unitId: 'c.owner_unit_id',
            unitPath: 'c.owner_unit_path',
            regionPath: 'c.region_path',
          }),
          full,
        ])
      : full;
    return recused ? eb.and([visible, recused(eb)]) : visible;
  };
}

/** A running clock of measure `m` (aliased) past its due date or instant. */
function overdueSql(nowIso: string, today: string) {
  return sql<SqlBool>`exists (select 1 from deadlines d where d.resource_type = ${MEASURE_RESOURCE}
    and d.resource_id = m.id and d.met_at is null
    and ((d.due_at is not null and d.due_at < ${nowIso}) or (d.due_at is null and d.due_on < ${today})))`;
}

/** A running clock of measure `m` due within DUE_SOON_DAYS. */
function dueSoonSql(soon: string) {
  return sql<SqlBool>`exists (select 1 from deadlines d where d.resource_type = ${MEASURE_RESOURCE}
    and d.resource_id = m.id and d.met_at is null and d.due_on <= ${soon})`;
}

/**
 * The measures ledger across cases, newest first: what the reader sees (`ledgerWhere`), filtered
 * by kind, case and the clocks' state (running: every measure being carried out; due_soon: one of
 * its clocks falls due within 3 days; overdue: one is past due; lifted). One audit event names
 * the measures shown.
 */
export async function listMeasures(
  ctx: Ctx,
  query: MeasureLedgerQuery,
): Promise<{ items: MeasureLine[]; total: number }> {
  return inTransaction(ctx, async (tx) => {
    const now = new Date(tx.clock.nowMs()).toISOString();
    const today = toShanghaiDate(now);
    const soon = addDays(today, DUE_SOON_DAYS);
    let q = tx.db
      .selectFrom('case_measures as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .where((eb) => ledgerWhere(tx)(eb as never));
    if (query.kind) q = q.where('m.kind', '=', query.kind);
    if (query.caseId) q = q.where('m.case_id', '=', query.caseId);
    if (query.state === 'lifted') q = q.where('m.status', '=', 'lifted');
    else if (query.state) {
      q = q.where('m.status', '=', 'running');
      if (query.state === 'overdue') q = q.where(overdueSql(now, today));
      if (query.state === 'due_soon') q = q.where(dueSoonSql(soon)).where((eb) => eb.not(overdueSql(now, today)));
    }
    const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .leftJoin('units as h', 'h.id', 'c.handling_unit_id')
      .select([
        'm.id',
        'm.case_id',
        'm.kind',
        'm.status',
        'm.subject_name',
        'm.approved_on',
        'm.started_at',
        'm.lifted_at',
        'c.number',
        'h.name as unit_name',
      ])
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const ids = rows.map((r) => r.id);
    const clocks = ids.length
      ? await tx.db
          .selectFrom('deadlines')
          .select(['resource_id', 'due_on', 'due_at'])
          .where('resource_type', '=', MEASURE_RESOURCE)
          .where('resource_id', 'in', ids)
          .where('met_at', 'is', null)
          .execute()
      : [];
    const items = rows.map((r): MeasureLine => {
      const mine = clocks.filter((c) => c.resource_id === r.id);
      const overdue = mine.some((c) => (c.due_at ? c.due_at < now : c.due_on < today));
      const dues = mine.map((c) => c.due_at ?? c.due_on).sort();
      return {
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        handlingUnitName: r.unit_name ?? '',
        kind: r.kind as MeasureKind,
        kindLabel: MEASURE_KIND_LABELS[r.kind as MeasureKind] ?? r.kind,
        status: r.status as MeasureStatus,
        subjectName: r.subject_name,
        approvedOn: r.approved_on,
        startedAt: r.started_at,
        liftedAt: r.lifted_at,
        nextDue: dues[0] ?? null,
        overdue,
        dueSoon: !overdue && mine.some((c) => c.due_on <= soon),
      };
    });
    if (items.length > 0)
      await recordAudit(tx, {
        action: 'case.measure_list',
        resourceType: 'case_measure',
        resourceId: null,
        unitId: null,
        changes: { shown: [null, items.map((i) => i.id)] },
      });
    return { items, total: Number(totalRow?.n ?? 0) };
  });
}

/**
 * The ids of the measures of the cases handled by unit `unitId` that were in force during a
 * period (recorded by its end, not lifted before its start). Shanghai days: a day ends at 16:00 UTC.
 */
export async function measuresInPeriod(tx: Ctx, unitId: string, from: string, to: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('case_measures as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select('m.id')
    .where('c.handling_unit_id', '=', unitId)
    .where('m.created_at', '<', `${to}T16:00:00.000Z`)
    .where((eb) =>
      eb.or([eb('m.lifted_at', 'is', null), eb('m.lifted_at', '>=', `${addDays(from, -1)}T16:00:00.000Z`)]),
    )
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => r.id);
}
