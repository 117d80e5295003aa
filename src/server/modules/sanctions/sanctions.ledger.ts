/**
 * The sanctions ledger (处分台账, issue 14 §6): every record the reader may see (their
 * `sanction.read` scope over the handling commission or the person's region, the case's recusal
 * applied), filtered and paged in SQL; the person's integrity file (廉政档案: every record in
 * scope with its period, the remainder today, appeals and restoration); and the export of "who
 * is under an effect period on date D" for personnel departments. Every read is audited in the
 * same transaction, naming the records shown.
 *
 * "Under an effect period on D": decided, not superseded by an appeal's change, and
 * effect_start ≤ D ≤ effect_end (the day after effect_end it has lifted). An appeal pending does
 * not matter (appeals do not suspend, CF23 / ZW).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import {
  FORM_OUTCOME_LABELS,
  type FormOutcome,
  SANCTION_APPEAL_KIND_LABELS,
  SANCTION_RECORD_SYSTEM_LABELS,
  SANCTION_STATUS_LABELS,
} from '../../shared/sanctions.codes.js';
import { recordAudit } from '../audit/index.js';
import { visibleWhere } from '../access/index.js';
import { periodOfRow } from './sanctions.import.js';
import { remainderOf } from './sanctions.periods.js';
import { notRecusedFromSanctionCase, sanctionPolicy } from './sanctions.policy.js';
import type { SanctionRow } from './sanctions.tables.js';

type Eb = ExpressionBuilder<Database, never>;

/** The ledger's sort keys (`-` first: descending). */
export const SANCTION_SORTS = [
  'decidedOn',
  '-decidedOn',
  'effectEnd',
  '-effectEnd',
  'personName',
  '-personName',
  'createdAt',
  '-createdAt',
] as const;
/** One sort of the ledger. */
export type SanctionSort = (typeof SANCTION_SORTS)[number];

/** The column of each sort key. */
export const SORT_COLUMNS = {
  decidedOn: 's.decided_on',
  effectEnd: 's.effect_end',
  personName: 's.person_name',
  createdAt: 's.created_at',
} as const;

/** The filters of the ledger (and of the export and the counts, where they apply). */
export interface SanctionFilters {
  system?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  fourForm?: number | undefined;
  zoneId?: string | undefined;
  ownerUnitId?: string | undefined;
  handlingMode?: string | undefined;
  /** Decided on or after this date (YYYY-MM-DD). */
  decidedFrom?: string | undefined;
  /** Decided on or before this date. */
  decidedTo?: string | undefined;
  /** Part of the person's name. */
  personName?: string | undefined;
  /** Only the records under an effect period on this date. */
  underEffectOn?: string | undefined;
}

/** A ledger page's query. */
export interface SanctionLedgerQuery extends SanctionFilters {
  sort?: SanctionSort | undefined;
  page: number;
  pageSize: number;
}

/** One line of the ledger. */
export interface SanctionLine {
  id: string;
  subjectId: string | null;
  personName: string;
  personPosition: string | null;
  personEmployer: string | null;
  system: string;
  systemLabel: string;
  kind: string;
  outcomeCode: string;
  outcomeLabel: string;
  fourForm: number | null;
  status: string;
  statusLabel: string;
  caseNumber: string | null;
  decidedOn: string | null;
  decisionRef: string | null;
  approvingBodyName: string | null;
  effectStart: string | null;
  effectEnd: string | null;
  /** The first day free of the period (effect_end + 1), or null. */
  liftsOn: string | null;
  liftedOn: string | null;
  supersededBy: string | null;
  ownerUnitId: string;
  ownerUnitName: string;
  zoneId: string | null;
  zoneName: string | null;
  handlingMode: string | null;
  createdAt: string;
}

/** The ledger counts up to this many matches (more: `totalCapped`, narrow the filters). */
export const SANCTION_TOTAL_CAP = 10_000;
/** A page of more matches than this is read by walking the sort's index (the scope checked per row). */
export const SANCTION_DENSE_ROWS = 2_000;
/** The "under an effect period" export carries at most this many rows (more: narrow the filters). */
export const SANCTION_EXPORT_CAP = 50_000;

/** `term` with LIKE's wildcards escaped (the statement says `escape '\\'`). */
function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "Record `s` is under an effect period on `date`" (decided, not superseded, start ≤ date ≤ end). */
export function underEffectWhere(date: string) {
  return (eb: Eb): Expression<SqlBool> =>
    eb.and([
      eb(sql.ref('s.status'), '=', 'decided'),
      eb(sql.ref('s.superseded_by'), 'is', null),
      eb(sql.ref('s.effect_end'), '>=', date),
      eb(sql.ref('s.effect_start'), '<=', date),
    ]);
}

/**
 * The filters as one predicate over `s` (true when there are none). A part of the name is found
 * with `instr` on SQLite (a third faster than LIKE over a county's 100,000 index entries, and
 * case-sensitive as PostgreSQL's LIKE is), LIKE on PostgreSQL.
 */
export function sanctionFilterWhere(ctx: Ctx, q: SanctionFilters) {
  return (eb: Eb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (q.system) parts.push(eb(sql.ref('s.system'), '=', q.system));
    if (q.kind) parts.push(eb(sql.ref('s.kind'), '=', q.kind));
    if (q.status) parts.push(eb(sql.ref('s.status'), '=', q.status));
    if (q.fourForm !== undefined) parts.push(eb(sql.ref('s.four_form'), '=', q.fourForm));
    if (q.zoneId) parts.push(eb(sql.ref('s.zone_id'), '=', q.zoneId));
    if (q.ownerUnitId) parts.push(eb(sql.ref('s.owner_unit_id'), '=', q.ownerUnitId));
    if (q.handlingMode) parts.push(eb(sql.ref('s.handling_mode'), '=', q.handlingMode));
    if (q.decidedFrom) parts.push(eb(sql.ref('s.decided_on'), '>=', q.decidedFrom));
    if (q.decidedTo) parts.push(eb(sql.ref('s.decided_on'), '<=', q.decidedTo));
    const name = q.personName?.trim();
    if (name)
      parts.push(
        ctx.dialect.name === 'sqlite'
          ? sql<SqlBool>`instr(s.person_name, ${name}) > 0`
          : sql<SqlBool>`s.person_name like ${`%${likeEscaped(name)}%`} escape '\\'`,
      );
    if (q.underEffectOn) parts.push(underEffectWhere(q.underEffectOn)(eb));
    return parts.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(parts);
  };
}

/** What `action` lets the reader see of `s` (scope in SQL, the case's recusal), as one predicate. */
export function sanctionVisibleWhere(ctx: Ctx, action: 'read' | 'export' = 'read', indexed = true) {
  const inScope = visibleWhere(ctx, sanctionPolicy, action, { alias: 's', indexed });
  const notRecused = notRecusedFromSanctionCase(ctx, 's');
  return (eb: Eb): Expression<SqlBool> => (notRecused ? eb.and([inScope(eb), notRecused(eb as never)]) : inScope(eb));
}

/** The ledger's rows with their names, for `where` (no order, no limit). */
export function linesFrom(ctx: Ctx, where: (eb: Eb) => Expression<SqlBool>) {
  return ctx.db
    .selectFrom('sanctions as s')
    .innerJoin('units as o', 'o.id', 's.owner_unit_id')
    .leftJoin('zones as z', 'z.id', 's.zone_id')
    .where((eb) => where(eb as Eb))
    .selectAll('s')
    .select(['o.name as owner_unit_name', 'z.name as zone_name']);
}

/** A ledger row with its unit's and zone's names. */
export type LineRow = SanctionRow & { owner_unit_name: string; zone_name: string | null };

/** The first day after `date` (YYYY-MM-DD). */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A row as a ledger line. */
export function presentLine(r: LineRow): SanctionLine {
  return {
    id: r.id,
    subjectId: r.subject_id,
    personName: r.person_name,
    personPosition: r.person_position,
    personEmployer: r.person_employer,
    system: r.system,
    systemLabel: SANCTION_RECORD_SYSTEM_LABELS[r.system as keyof typeof SANCTION_RECORD_SYSTEM_LABELS] ?? r.system,
    kind: r.kind,
    outcomeCode: r.outcome_code,
    outcomeLabel: FORM_OUTCOME_LABELS[r.outcome_code as FormOutcome] ?? r.outcome_code,
    fourForm: r.four_form,
    status: r.status,
    statusLabel: SANCTION_STATUS_LABELS[r.status as keyof typeof SANCTION_STATUS_LABELS] ?? r.status,
    caseNumber: r.case_number,
    decidedOn: r.decided_on,
    decisionRef: r.decision_ref,
    approvingBodyName: r.approving_body_name,
    effectStart: r.effect_start,
    effectEnd: r.effect_end,
    liftsOn: r.effect_end ? dayAfter(r.effect_end) : null,
    liftedOn: r.lifted_on,
    supersededBy: r.superseded_by,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_name,
    zoneId: r.zone_id,
    zoneName: r.zone_name,
    handlingMode: r.handling_mode,
    createdAt: r.created_at,
  };
}

/** One appeal as the integrity file shows it. */
export interface IntegrityAppeal {
  id: string;
  kind: string;
  kindLabel: string;
  appliedOn: string;
  status: string;
  outcome: string | null;
  decidedOn: string | null;
  newSanctionId: string | null;
}

/** One record of an integrity file. */
export interface IntegrityRecord extends SanctionLine {
  /** Under its period today. */
  underEffect: boolean;
  /** What remains of the period after today (zero once over; null without a period). */
  remainder: { months: number; days: number } | null;
  stackedDays: number;
  readmissionAfter: string | null;
  /** 留党察看's end: restore | extend | expel, when and by which decision. */
  restoration: { outcome: string; on: string | null; ref: string | null } | null;
  appeals: IntegrityAppeal[];
}

/** A record of another module shown on a person's integrity file (an inspection's talk of the first form …). */
export interface IntegrityEntry {
  /** The module's record kind (e.g. `inspection_talk`). */
  source: string;
  id: string;
  /** Its code (e.g. `reminder_talk`) and words (约谈提醒). */
  kind: string;
  kindLabel: string;
  /** The day it happened (YYYY-MM-DD). */
  on: string;
  summary: string;
  /** The unit that did it. */
  by: string | null;
}

/** A module's entries on a person's integrity file: those the reader may see, in the caller's transaction. */
export type IntegrityEntrySource = (tx: Ctx, subjectId: string) => Promise<IntegrityEntry[]>;

const entrySources: IntegrityEntrySource[] = [];

/**
 * Registers a module's entries on the integrity file (inspections register their talks at load,
 * so sanctions need not import them). Returns a function that removes it (tests).
 */
export function registerIntegrityEntrySource(source: IntegrityEntrySource): () => void {
  entrySources.push(source);
  return () => {
    const at = entrySources.indexOf(source);
    if (at >= 0) entrySources.splice(at, 1);
  };
}

/** A person's integrity file (廉政档案). */
export interface IntegrityFile {
  subject: { id: string; name: string; position: string; employer: string };
  /** Today (Asia/Shanghai), the day the remainders are counted from. */
  today: string;
  /** Under at least one effect period today. */
  underEffect: boolean;
  records: IntegrityRecord[];
  /** Other modules' records on the file (talks of the first form from inspections …), oldest first. */
  entries: IntegrityEntry[];
}

/**
 * The integrity file of registry person `subjectId`: every record of theirs in the reader's
 * scope, oldest decision first, each with its period, the remainder today, its appeals and the
 * probation's outcome; audited (`sanction.integrity_file`). NOT_FOUND when the person is unknown
 * or none of their records is in the reader's scope (the file would reveal nothing to them).
 */
export async function readIntegrityFile(ctx: Ctx, subjectId: string): Promise<IntegrityFile> {
  return inTransaction(ctx, async (tx) => {
    const subject = await tx.db
      .selectFrom('subjects')
      .select(['id', 'name', 'position', 'employer'])
      .where('id', '=', subjectId)
      .executeTakeFirst();
    if (!subject) throw errors.notFound('subject');
    const visible = sanctionVisibleWhere(tx, 'read');
    const rows = (await linesFrom(tx, (eb) => eb.and([visible(eb), eb(sql.ref('s.subject_id'), '=', subjectId)]))
      .orderBy('s.decided_on', 'asc')
      .orderBy('s.created_at', 'asc')
      .orderBy('s.id', 'asc')
      .execute()) as LineRow[];
    const entries: IntegrityEntry[] = [];
    for (const source of entrySources) entries.push(...(await source(tx, subjectId)));
    entries.sort((a, b) => a.on.localeCompare(b.on) || a.id.localeCompare(b.id));
    if (rows.length === 0 && entries.length === 0) throw errors.notFound('subject');
    const appeals =
      rows.length === 0
        ? []
        : await tx.db
            .selectFrom('sanction_appeals')
            .selectAll()
            .where(
              'sanction_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('applied_on')
            .orderBy('id')
            .execute();
    const today = toShanghaiDate(nowIso(tx));
    const records: IntegrityRecord[] = rows.map((r) => {
      const period = periodOfRow(r);
      const live = r.status === 'decided' && r.superseded_by === null;
      const underEffect = live && period !== null && period.startsOn <= today && today <= period.endsOn;
      return {
        ...presentLine(r),
        underEffect,
        remainder: period && live ? remainderOf(period, today) : period ? { months: 0, days: 0 } : null,
        stackedDays: r.stacked_days,
        readmissionAfter: r.readmission_after,
        restoration: r.probation_outcome
          ? { outcome: r.probation_outcome, on: r.probation_outcome_on, ref: r.probation_outcome_ref }
          : null,
        appeals: appeals
          .filter((a) => a.sanction_id === r.id)
          .map((a) => ({
            id: a.id,
            kind: a.kind,
            kindLabel: SANCTION_APPEAL_KIND_LABELS[a.kind as keyof typeof SANCTION_APPEAL_KIND_LABELS] ?? a.kind,
            appliedOn: a.applied_on,
            status: a.status,
            outcome: a.outcome,
            decidedOn: a.decided_on,
            newSanctionId: a.new_sanction_id,
          })),
      };
    });
    await recordAudit(tx, {
      action: 'sanction.integrity_file',
      resourceType: 'subject',
      resourceId: subjectId,
      unitId: null,
      changes: { shown: [null, rows.map((r) => r.id)], entries: [null, entries.map((e) => e.id)] },
    });
    return {
      subject: { id: subject.id, name: subject.name, position: subject.position, employer: subject.employer },
      today,
      underEffect: records.some((r) => r.underEffect),
      records,
      entries,
    };
  });
}

/** One row of the "under an effect period on D" export. */
export interface UnderEffectLine extends SanctionLine {
  /** What remains after D. */
  remainder: { months: number; days: number };
}

/**
 * The export of "who is under an effect period on `on`" (with the ledger's other filters), for
 * personnel departments: `sanction.export` in scope, by the period's end then the name, at most
 * `SANCTION_EXPORT_CAP` rows (VALIDATION_FAILED beyond: narrow the filters). Audited
 * (`sanction.export`, naming every record in the file) before the file is written.
 */
export async function exportUnderEffect(ctx: Ctx, on: string, q: SanctionFilters): Promise<UnderEffectLine[]> {
  return inTransaction(ctx, async (tx) => {
    const visible = sanctionVisibleWhere(tx, 'export');
    const filters = sanctionFilterWhere(tx, { ...q, underEffectOn: on });
    const rows = (await linesFrom(tx, (eb) => eb.and([visible(eb), filters(eb)]))
      .orderBy('s.effect_end', 'asc')
      .orderBy('s.person_name', 'asc')
      .orderBy('s.id', 'asc')
      .limit(SANCTION_EXPORT_CAP + 1)
      .execute()) as LineRow[];
    if (rows.length > SANCTION_EXPORT_CAP)
      throw errors.validation(
        { field: 'underEffectOn', cap: SANCTION_EXPORT_CAP },
        `导出超过 ${SANCTION_EXPORT_CAP} 条，请缩小筛选范围`,
      );
    await recordAudit(tx, {
      action: 'sanction.export',
      resourceType: 'sanction',
      resourceId: null,
      unitId: null,
      changes: { underEffectOn: [null, on], exported: [null, rows.map((r) => r.id)] },
    });
    return rows.map((r) => {
      const period = periodOfRow(r);
      return { ...presentLine(r), remainder: period ? remainderOf(period, on) : { months: 0, days: 0 } };
    });
  });
}
