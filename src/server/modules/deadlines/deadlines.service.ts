import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, nowIso, scopeFor } from '../../shared/context.js';
import { type DeadlineUnit, toShanghaiDate } from '../../shared/calendar/calendar.js';
import { scopeColumns, scopePredicate } from '../../shared/scope.js';
import { computeDeadline } from '../calendar/index.js';
import { arg, runCompiled } from '../../db/compiled-query.js';
import { newId } from '../../shared/ids.js';

/**
 * Time limits on intake records, each with its legal source (reference/domain-rules.md §9).
 * `amount`/`unit` say how the due date is computed from the start date.
 */
export const DEADLINE_KINDS = {
  /** Named accusation received → reporter told whether it was accepted (JK 第二十六条). */
  ack: { amount: 15, unit: 'working_days', label: '受理告知' },
  /** Report transferred down received → accepted or passed on (JK 第十六条). */
  accept: { amount: 5, unit: 'working_days', label: '转来件受理' },
  /** Report for a higher organ received → sent up (JK 第十五条). */
  transfer_up: { amount: 5, unit: 'working_days', label: '报送上级' },
  /** General petition received → registered and petitioner notified (XF 第二十二条, 第二十三条). */
  register: { amount: 15, unit: 'calendar_days', label: '登记告知' },
  /** General petition accepted → handled (XF 第三十四条; +30 days once). */
  handle: { amount: 60, unit: 'calendar_days', label: '信访办理' },
  /** Assignment (交办) from a higher organ → closed (JK 第二十一条; +3 months once). */
  assignment: { amount: 3, unit: 'months', label: '交办办结' },
  /** Named accusation closed → result feedback to the reporter (JK 第二十七条). */
  feedback: { amount: 15, unit: 'working_days', label: '结果反馈' },
  /** Re-check requested → answer (XF 第三十五条). */
  recheck: { amount: 30, unit: 'calendar_days', label: '复查答复' },
} as const satisfies Record<string, { amount: number; unit: DeadlineUnit; label: string }>;
/** A kind of time limit. */
export type DeadlineKind = keyof typeof DEADLINE_KINDS;

/** How long each kind may be extended, once. */
export const EXTENSIONS: Partial<Record<DeadlineKind, { amount: number; unit: DeadlineUnit }>> = {
  handle: { amount: 30, unit: 'calendar_days' },
  assignment: { amount: 3, unit: 'months' },
  recheck: { amount: 30, unit: 'calendar_days' },
};

/** Days before the due date at which a clock counts as "due soon". */
export const DUE_SOON_DAYS = 3;

/** The scoped columns a deadline copies from its record. */
export interface DeadlineOwner {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

/** Opens a clock on a record, starting on the Shanghai date of `startAt`; returns the due date. */
export async function openDeadline(
  tx: Ctx,
  input: { resourceType: string; resourceId: string; kind: DeadlineKind; startAt: string; owner: DeadlineOwner },
): Promise<string> {
  const spec = DEADLINE_KINDS[input.kind];
  const start = toShanghaiDate(input.startAt);
  const { due } = await computeDeadline(tx, { start, amount: spec.amount, unit: spec.unit });
  const row = {
    id: newId(),
    resource_type: input.resourceType,
    resource_id: input.resourceId,
    kind: input.kind,
    starts_on: start,
    due_on: due,
    extended: 0,
    met_at: null,
    reminded_stage: null,
    owner_unit_id: input.owner.owner_unit_id,
    owner_unit_path: input.owner.owner_unit_path,
    region_path: input.owner.region_path,
    county_code: input.owner.county_code,
    created_at: nowIso(tx),
  };
  const cols = Object.keys(row) as (keyof typeof row)[];
  await runCompiled(
    tx.db,
    'deadlines.open',
    (d) =>
      d
        .insertInto('deadlines')
        .values(Object.fromEntries(cols.map((c, i) => [c, arg(i)])) as typeof row)
        .onConflict((oc) => oc.columns(['resource_type', 'resource_id', 'kind']).doNothing()),
    cols.map((c) => row[c]),
  );
  return due;
}

/**
 * Starts a record's clock of a kind afresh (a report forwarded down: the new unit has its own
 * five working days to accept): whatever ran before, met or not, is replaced.
 */
export async function restartDeadline(
  tx: Ctx,
  input: { resourceType: string; resourceId: string; kind: DeadlineKind; startAt: string; owner: DeadlineOwner },
): Promise<string> {
  await tx.db
    .deleteFrom('deadlines')
    .where('resource_type', '=', input.resourceType)
    .where('resource_id', '=', input.resourceId)
    .where('kind', '=', input.kind)
    .execute();
  return openDeadline(tx, input);
}

/** Stops a clock (the step was done); a no-op when it is not running. */
export async function meetDeadline(
  tx: Ctx,
  resourceType: string,
  resourceId: string,
  kind: DeadlineKind,
): Promise<void> {
  await tx.db
    .updateTable('deadlines')
    .set({ met_at: nowIso(tx) })
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('kind', '=', kind)
    .where('met_at', 'is', null)
    .execute();
}

/** Stops every running clock of a record (it left this unit, or it was closed for good). */
export async function meetAllDeadlines(tx: Ctx, resourceType: string, resourceId: string): Promise<void> {
  await tx.db
    .updateTable('deadlines')
    .set({ met_at: nowIso(tx) })
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('met_at', 'is', null)
    .execute();
}

/**
 * Extends a running clock once by its statutory extension. Returns the new due date, or null
 * when the clock is not running, has no extension, or was already extended.
 */
export async function extendDeadline(
  tx: Ctx,
  resourceType: string,
  resourceId: string,
  kind: DeadlineKind,
): Promise<string | null> {
  const ext = EXTENSIONS[kind];
  if (!ext) return null;
  const row = await tx.db
    .selectFrom('deadlines')
    .select(['id', 'due_on', 'extended'])
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('kind', '=', kind)
    .where('met_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.extended) return null;
  const { due } = await computeDeadline(tx, { start: row.due_on, amount: ext.amount, unit: ext.unit });
  await tx.db.updateTable('deadlines').set({ due_on: due, extended: 1 }).where('id', '=', row.id).execute();
  return due;
}

/** Records that a clock's reminder of this stage was sent (the reminder job sends each stage once). */
export async function markReminded(
  db: Kysely<Database>,
  deadlineId: string,
  stage: 'due_soon' | 'overdue',
): Promise<void> {
  await db.updateTable('deadlines').set({ reminded_stage: stage }).where('id', '=', deadlineId).execute();
}

/** Moves a record's running clocks to a new owner (the record was transferred within the system). */
export async function moveDeadlines(
  tx: Ctx,
  resourceType: string,
  resourceId: string,
  owner: DeadlineOwner,
): Promise<void> {
  await tx.db
    .updateTable('deadlines')
    .set({ ...owner })
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('met_at', 'is', null)
    .execute();
}

/** A clock as the API shows it. */
export interface DeadlineView {
  kind: DeadlineKind;
  label: string;
  startsOn: string;
  dueOn: string;
  extended: boolean;
  metAt: string | null;
  /** Running and past due (Shanghai date). */
  overdue: boolean;
  /** Running and due within DUE_SOON_DAYS. */
  dueSoon: boolean;
}

/**
 * The clock of `kind` on a record (each kind opens at most once per record: a unique key), with
 * its due date, whether it was met, and the scope columns of the unit that holds it.
 */
export async function clockOf(ctx: Ctx, resourceType: string, resourceId: string, kind: DeadlineKind) {
  return ctx.db
    .selectFrom('deadlines')
    .select(['due_on', 'met_at', 'owner_unit_id', 'owner_unit_path', 'region_path'])
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Presents a deadline row relative to `today` (a Shanghai date). */
export function presentDeadline(
  d: { kind: string; starts_on: string; due_on: string; extended: number; met_at: string | null },
  today: string,
): DeadlineView {
  const running = d.met_at === null;
  const kind = d.kind as DeadlineKind;
  return {
    kind,
    label: DEADLINE_KINDS[kind]?.label ?? d.kind,
    startsOn: d.starts_on,
    dueOn: d.due_on,
    extended: d.extended === 1,
    metAt: d.met_at,
    overdue: running && d.due_on < today,
    dueSoon: running && d.due_on >= today && d.due_on <= addDays(today, DUE_SOON_DAYS),
  };
}

/** The clocks of one record, oldest first. */
export async function deadlinesOf(ctx: Ctx, resourceType: string, resourceId: string): Promise<DeadlineView[]> {
  const rows = await ctx.db
    .selectFrom('deadlines')
    .select(['kind', 'starts_on', 'due_on', 'extended', 'met_at'])
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const today = toShanghaiDate(nowIso(ctx));
  return rows.map((r) => presentDeadline(r, today));
}

/** A worklist entry: a running clock that is due soon or overdue, with its record. */
export interface WorklistItem extends DeadlineView {
  resourceType: string;
  resourceId: string;
  ownerUnitId: string;
  ownerUnitName: string | null;
  reportNumber: string | null;
  subjectName: string | null;
}

/**
 * The "due soon / overdue" worklist of the caller's scope: running clocks due within
 * DUE_SOON_DAYS or past due, most urgent first. One SQL query with the scope predicate.
 */
export async function worklist(
  ctx: Ctx,
  q: { state?: 'overdue' | 'due_soon' | undefined; unitId?: string | undefined; limit: number },
): Promise<WorklistItem[]> {
  const today = toShanghaiDate(nowIso(ctx));
  const scope = scopeFor(ctx, 'report.read');
  let query = ctx.db
    .selectFrom('deadlines as d')
    .leftJoin('units as u', 'u.id', 'd.owner_unit_id')
    .leftJoin('reports as r', (j) => j.onRef('r.id', '=', 'd.resource_id').on('d.resource_type', '=', 'report'))
    .where((eb) => scopePredicate(eb, scope, scopeColumns('d')))
    .where('d.met_at', 'is', null);
  if (q.state === 'overdue') query = query.where('d.due_on', '<', today);
  else if (q.state === 'due_soon')
    query = query.where('d.due_on', '>=', today).where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS));
  else query = query.where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS));
  if (q.unitId) query = query.where('d.owner_unit_id', '=', q.unitId);
  const rows = await query
    .select([
      'd.kind',
      'd.starts_on',
      'd.due_on',
      'd.extended',
      'd.met_at',
      'd.resource_type',
      'd.resource_id',
      'd.owner_unit_id',
      'u.name as unit_name',
      'r.number as report_number',
      'r.subject_name',
    ])
    .orderBy('d.due_on')
    .orderBy('d.id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    ...presentDeadline(r, today),
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.unit_name,
    reportNumber: r.report_number,
    subjectName: r.subject_name,
  }));
}
