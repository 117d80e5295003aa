/**
 * The clock engine: clocks of legal time limits on records, started under the timer catalogue's
 * effective rule for the record's county (the rule version is stored on the clock), repeated,
 * paused and resumed, restarted, extended step by step with an approver whose role the rule
 * names, and recomputed from their history whenever that history or the calendar changes.
 */
import type { Kysely } from 'kysely';
import { arg, runCompiled } from '../../db/compiled-query.js';
import type { Database } from '../../db/types.js';
import type { DeadlineUnit } from '../../shared/calendar/calendar.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, scopeFor } from '../../shared/context.js';
import { inScope } from '../../shared/scope.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type Permission, roleHoldersCovering } from '../access/index.js';
import { loadCalendar } from '../calendar/index.js';
import { type RuleVersion, effectiveRule, loadCatalogue, ruleOfClock, ruleRegionOf } from './deadlines.catalogue.js';
import { type ClockEvent, type ClockTimes, PAUSED_DUE_ON, computeClock, formatYears } from './deadlines.clock.js';
import { extensionStep } from './deadlines.rules.js';
import type { DeadlineRow } from './deadlines.tables.js';

/**
 * The kinds of clock the intake opens, with their Chinese names. Their lengths, extensions and
 * approvers are not here: they are the timer catalogue's (national defaults in
 * deadlines.catalogue-defaults.ts, overridden per province or county).
 */
export const DEADLINE_KINDS = {
  /** Named accusation received → reporter told whether it was accepted (JK 第二十六条). */
  ack: { label: '受理告知' },
  /** Report transferred down received → accepted or passed on (JK 第十六条). */
  accept: { label: '转来件受理' },
  /** Report for a higher organ received → sent up (JK 第十五条). */
  transfer_up: { label: '报送上级' },
  /** General petition received → registered and petitioner notified (XF 第二十二条, 第二十三条). */
  register: { label: '登记告知' },
  /** General petition accepted → handled (XF 第三十四条). */
  handle: { label: '信访办理' },
  /** Assignment (交办) from a higher organ → closed (JK 第二十一条). */
  assignment: { label: '交办办结' },
  /** Named accusation closed → result feedback to the reporter (JK 第二十七条). */
  feedback: { label: '结果反馈' },
  /** Re-check requested → answer (XF 第三十五条). */
  recheck: { label: '复查答复' },
} as const satisfies Record<string, { label: string }>;
/** A kind of time limit the intake opens. */
export type DeadlineKind = keyof typeof DEADLINE_KINDS;

/** Days before the due date at which a clock counts as "due soon". */
export const DUE_SOON_DAYS = 3;

/** The scoped columns a deadline copies from its record. */
export interface DeadlineOwner {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

/** Which clock: by id, or the newest running clock of a kind on a record. */
export type ClockTarget = { clockId: string } | { resourceType: string; resourceId: string; kind: string };

/** A clock after a change. */
export interface ClockState {
  id: string;
  kind: string;
  seq: number;
  dueOn: string | null;
  dueAt: string | null;
  legalDueOn: string;
  uncoveredYears: number[];
}

function state(row: Pick<DeadlineRow, 'id' | 'kind' | 'seq'>, t: ClockTimes): ClockState {
  return {
    id: row.id,
    kind: row.kind,
    seq: Number(row.seq),
    dueOn: t.paused ? null : t.dueOn,
    dueAt: t.dueAt,
    legalDueOn: t.legalDueOn,
    uncoveredYears: t.uncoveredYears,
  };
}

/** Where a clock is opened. */
export interface OpenInput {
  resourceType: string;
  resourceId: string;
  kind: string;
  startAt: string;
  owner: DeadlineOwner;
  /**
   * The record's own length in the rule's unit, for a non-statutory rule that leaves it to the
   * record (the rule's amount is null: 初核工作方案期限, the plan's period); kept on the clock.
   */
  amount?: number | undefined;
}

/**
 * Opens a clock on a record under the effective rule for its county, starting at `startAt` (its
 * Shanghai date for dated clocks, the instant for hour clocks). The first clock of a kind is
 * occurrence 1 and opening it again is a no-op (as the old unique key made it); `repeat` opens
 * the next occurrence, for timers the rule lets repeat (a second letter of inquiry).
 * Throws TIMER_NOT_CONFIGURED when the law leaves the length to the province and nobody set it,
 * DEADLINE_NOT_REPEATABLE for `repeat` on a timer that does not repeat.
 */
export async function openClock(tx: Ctx, input: OpenInput & { repeat?: boolean }): Promise<ClockState> {
  return startClock(tx, input, input.repeat ? 'repeat' : 'first');
}

async function startClock(tx: Ctx, input: OpenInput, occurrence: 'first' | 'repeat' | 'restart'): Promise<ClockState> {
  const nowMs = tx.clock.nowMs();
  const region = ruleRegionOf(input.owner);
  const rule = effectiveRule(await loadCatalogue(tx.db, nowMs), input.kind, region);
  if (!rule) throw domainError('TIMER_NOT_CONFIGURED', { kind: input.kind, reason: 'unknown' });
  // A record's own length only where the rule leaves it open (the law's lengths are not for a record to change).
  const own = rule.amount === null && input.amount !== undefined ? input.amount : null;
  const amount = own ?? rule.amount;
  if (amount === null) throw domainError('TIMER_NOT_CONFIGURED', { kind: input.kind, regionCode: region });
  const t = computeClock(
    await loadCalendar(tx.db, nowMs),
    { startAt: input.startAt, amount, unit: rule.unit, extendOverHoliday: rule.extendOverHoliday },
    [],
  );
  let seq = 1;
  if (occurrence !== 'first') {
    if (occurrence === 'repeat' && !rule.repeatable) throw domainError('DEADLINE_NOT_REPEATABLE', { kind: input.kind });
    seq = (await maxSeq(tx.db, input.resourceType, input.resourceId, input.kind)) + 1;
  }
  const row = {
    id: newId(),
    resource_type: input.resourceType,
    resource_id: input.resourceId,
    kind: input.kind,
    seq,
    rule_id: rule.id,
    starts_on: t.startsOn,
    starts_at: input.startAt,
    legal_due_on: t.legalDueOn,
    due_on: t.dueOn,
    due_at: t.dueAt,
    amount: own,
    extended: 0,
    paused_at: null,
    met_at: null,
    end_reason: null,
    uncovered_years: formatYears(t.uncoveredYears),
    reminded_stage: null,
    owner_unit_id: input.owner.owner_unit_id,
    owner_unit_path: input.owner.owner_unit_path,
    region_path: input.owner.region_path,
    county_code: input.owner.county_code,
    created_at: nowIso(tx),
  };
  const cols = Object.keys(row) as (keyof typeof row)[];
  // Built and compiled once per engine: the intake's group commit opens clocks on its hot path.
  await runCompiled(
    tx.db,
    'deadlines.open',
    (d) =>
      d
        .insertInto('deadlines')
        .values(Object.fromEntries(cols.map((c, i) => [c, arg(i)])) as typeof row)
        .onConflict((oc) => oc.columns(['resource_type', 'resource_id', 'kind', 'seq']).doNothing()),
    cols.map((c) => row[c]),
  );
  return state(row, t);
}

/** Opens a clock (see `openClock`); returns its due date (the due instant for hour clocks). */
export async function openDeadline(tx: Ctx, input: OpenInput): Promise<string> {
  const c = await openClock(tx, input);
  return c.dueAt ?? c.dueOn ?? '';
}

async function maxSeq(db: Kysely<Database>, resourceType: string, resourceId: string, kind: string): Promise<number> {
  const r = await db
    .selectFrom('deadlines')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}

/** Ends running clocks (met or restarted); a paused one gets its legal end back as due date. */
async function endClocks(
  tx: Ctx,
  where: { resourceType: string; resourceId: string; kind?: string; id?: string },
  reason: 'met' | 'restarted',
): Promise<void> {
  let q = tx.db
    .updateTable('deadlines')
    .set((eb) => ({
      met_at: nowIso(tx),
      end_reason: reason,
      due_on: eb
        .case()
        .when('paused_at', 'is not', null)
        .then(eb.fn.coalesce('legal_due_on', 'due_on'))
        .else(eb.ref('due_on'))
        .end(),
    }))
    .where('resource_type', '=', where.resourceType)
    .where('resource_id', '=', where.resourceId)
    .where('met_at', 'is', null);
  if (where.kind) q = q.where('kind', '=', where.kind);
  if (where.id) q = q.where('id', '=', where.id);
  await q.execute();
}

/**
 * Starts a record's clock of a kind afresh (a report forwarded down: the new unit has its own
 * five working days; a case sent back for re-investigation: the review period is counted again,
 * TL21 第一百九十六条). The running clock of that kind ends as `restarted` and stays in the
 * history; the new one is the next occurrence, under the rule in force now. Throws
 * DEADLINE_RESTART_LIMIT past the rule's number of restarts (留置: once).
 */
export async function restartDeadline(tx: Ctx, input: OpenInput): Promise<string> {
  const c = await restartClock(tx, input);
  return c.dueAt ?? c.dueOn ?? '';
}

/** Restarts a clock (see `restartDeadline`) and returns the new one. */
export async function restartClock(tx: Ctx, input: OpenInput): Promise<ClockState> {
  const prior = await tx.db
    .selectFrom('deadlines')
    .select(['rule_id', 'kind', 'end_reason', 'met_at'])
    .where('resource_type', '=', input.resourceType)
    .where('resource_id', '=', input.resourceId)
    .where('kind', '=', input.kind)
    .execute();
  const running = prior.find((p) => p.met_at === null);
  if (running) {
    const rule = ruleOfClock(await loadCatalogue(tx.db, tx.clock.nowMs()), running);
    const restarts = prior.filter((p) => p.end_reason === 'restarted').length;
    if (rule?.maxRestarts != null && restarts >= rule.maxRestarts)
      throw domainError('DEADLINE_RESTART_LIMIT', { kind: input.kind, maxRestarts: rule.maxRestarts });
    await endClocks(tx, input, 'restarted');
  }
  return startClock(tx, input, 'restart');
}

/** Stops a record's running clocks of a kind (the step was done); a no-op when none is running. */
export async function meetDeadline(tx: Ctx, resourceType: string, resourceId: string, kind: string): Promise<void> {
  await endClocks(tx, { resourceType, resourceId, kind }, 'met');
}

/** Stops one clock (one of several of a kind: the reply to the second letter). */
export async function meetClock(tx: Ctx, clockId: string): Promise<void> {
  const row = await tx.db
    .selectFrom('deadlines')
    .select(['resource_type', 'resource_id'])
    .where('id', '=', clockId)
    .executeTakeFirst();
  if (!row) throw errors.notFound('deadline');
  await endClocks(tx, { resourceType: row.resource_type, resourceId: row.resource_id, id: clockId }, 'met');
}

/** Stops every running clock of a record (it left this unit, or it was closed for good). */
export async function meetAllDeadlines(tx: Ctx, resourceType: string, resourceId: string): Promise<void> {
  await endClocks(tx, { resourceType, resourceId }, 'met');
}

/** Loads the clock a target names (running or not), or null. */
async function findClock(db: Kysely<Database>, target: ClockTarget): Promise<DeadlineRow | null> {
  let q = db.selectFrom('deadlines').selectAll();
  if ('clockId' in target) q = q.where('id', '=', target.clockId);
  else
    q = q
      .where('resource_type', '=', target.resourceType)
      .where('resource_id', '=', target.resourceId)
      .where('kind', '=', target.kind)
      .orderBy((eb) => eb.case().when('met_at', 'is', null).then(0).else(1).end())
      .orderBy('seq', 'desc');
  return (await q.limit(1).executeTakeFirst()) ?? null;
}

/**
 * The clock a target names, running, with its rule; DEADLINE_STATE when it is not running. With
 * `permission`, a clock outside the caller's scope for it is not found.
 */
async function runningClock(
  tx: Ctx,
  target: ClockTarget,
  permission?: Permission,
): Promise<{ row: DeadlineRow; rule: RuleVersion }> {
  const row = await findClock(tx.db, target);
  if (!row || (permission && !inScope(scopeFor(tx, permission), row))) throw errors.notFound('deadline');
  if (row.met_at !== null) throw domainError('DEADLINE_STATE', { reason: 'not_running', kind: row.kind });
  const rule = ruleOfClock(await loadCatalogue(tx.db, tx.clock.nowMs()), row);
  if (!rule || (rule.amount === null && row.amount === null))
    throw domainError('TIMER_NOT_CONFIGURED', { kind: row.kind });
  return { row, rule };
}

/** What happened to a clock (its extensions and pauses), for replaying it. */
export async function clockEvents(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, ClockEvent[]>> {
  const out = new Map<string, ClockEvent[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [ext, pauses] = await Promise.all([
      db
        .selectFrom('deadline_extensions')
        .select(['deadline_id', 'amount', 'unit', 'created_at'])
        .where('deadline_id', 'in', chunk)
        .execute(),
      db
        .selectFrom('deadline_pauses')
        .select(['deadline_id', 'paused_at', 'resumed_at'])
        .where('deadline_id', 'in', chunk)
        .execute(),
    ]);
    const push = (id: string, e: ClockEvent) => out.set(id, [...(out.get(id) ?? []), e]);
    for (const e of ext)
      push(e.deadline_id, {
        type: 'extension',
        at: e.created_at,
        amount: Number(e.amount),
        unit: e.unit as DeadlineUnit,
      });
    for (const p of pauses) push(p.deadline_id, { type: 'pause', at: p.paused_at, resumedAt: p.resumed_at });
  }
  return out;
}

/** Replays one clock from its start under its rule, with everything that happened to it. */
async function replay(tx: Ctx, row: DeadlineRow, rule: RuleVersion): Promise<ClockTimes> {
  const events = (await clockEvents(tx.db, [row.id])).get(row.id) ?? [];
  return computeClock(await loadCalendar(tx.db, tx.clock.nowMs()), basisOf(row, rule), events);
}

/** How a stored clock started (its own length, when it has one, before the rule's). */
export function basisOf(row: Pick<DeadlineRow, 'starts_at' | 'created_at' | 'amount'>, rule: RuleVersion) {
  return {
    startAt: row.starts_at ?? row.created_at,
    amount: row.amount ?? rule.amount ?? 0,
    unit: rule.unit,
    extendOverHoliday: rule.extendOverHoliday,
  };
}

/** Writes a replayed clock's times (and asks the reminder job to look at it again). */
async function store(tx: Ctx, id: string, t: ClockTimes, more: { extended?: number; paused_at?: string | null } = {}) {
  await tx.db
    .updateTable('deadlines')
    .set({
      legal_due_on: t.legalDueOn,
      due_on: t.dueOn,
      due_at: t.dueAt,
      uncovered_years: formatYears(t.uncoveredYears),
      reminded_stage: null,
      ...more,
    })
    .where('id', '=', id)
    .execute();
}

/** An extension as recorded. */
export interface ExtensionResult extends ClockState {
  /** This clock's number of extensions so far. */
  extensions: number;
  approver: { userId: string; displayName: string; roleKey: string; roleName: string };
}

/**
 * Extends a running clock by the next step of its rule (the rule it started under), counted from
 * the end of its legal period, not from a date a holiday moved. The approver (default: the
 * caller) must hold one of the step's roles by an assignment covering the clock's unit, and the
 * reason is kept with the extension. `amount` may shorten a step; a step the law gives no length
 * needs one. Throws DEADLINE_STATE (not running, paused), DEADLINE_NOT_EXTENDABLE (no step
 * left), DEADLINE_EXTENSION_TOO_LONG, DEADLINE_APPROVER_ROLE, VALIDATION_FAILED.
 */
export async function extendClock(
  tx: Ctx,
  target: ClockTarget,
  input: { approverId?: string | undefined; reason: string; amount?: number | undefined },
): Promise<ExtensionResult> {
  const { row, rule } = await runningClock(tx, target);
  if (row.paused_at !== null) throw domainError('DEADLINE_STATE', { reason: 'paused', kind: row.kind });
  const n = Number(row.extended) + 1;
  const step = extensionStep(rule, n);
  if (!step) throw domainError('DEADLINE_NOT_EXTENDABLE', { kind: row.kind, extensions: n - 1 });
  const amount = input.amount ?? step.maxAmount;
  if (amount === null) throw errors.validation({ field: 'amount' }, '法规未规定延长期限：请填写延长多久');
  if (!Number.isInteger(amount) || amount < 1) throw errors.validation({ field: 'amount' });
  if (step.maxAmount !== null && amount > step.maxAmount)
    throw domainError('DEADLINE_EXTENSION_TOO_LONG', { kind: row.kind, maxAmount: step.maxAmount, unit: step.unit });
  const approverId = input.approverId ?? tx.actor?.userId;
  const today = toShanghaiDate(nowIso(tx));
  const [approver] = approverId ? await roleHoldersCovering(tx.db, step.approverRoles, today, row, approverId) : [];
  if (!approver) throw domainError('DEADLINE_APPROVER_ROLE', { kind: row.kind, approverRoles: step.approverRoles });
  const at = nowIso(tx);
  await tx.db
    .insertInto('deadline_extensions')
    .values({
      id: newId(),
      deadline_id: row.id,
      seq: n,
      amount,
      unit: step.unit,
      approver_user_id: approver.userId,
      approver_name: approver.displayName,
      approver_role: approver.roleKey,
      reason: input.reason,
      recorded_by: tx.actor?.userId ?? null,
      legal_due_before: row.legal_due_on ?? row.due_on,
      legal_due_after: null,
      due_after: null,
      created_at: at,
    })
    .execute();
  const t = await replay(tx, row, rule);
  await tx.db
    .updateTable('deadline_extensions')
    .set({ legal_due_after: t.legalDueOn, due_after: t.dueAt ?? t.dueOn })
    .where('deadline_id', '=', row.id)
    .where('seq', '=', n)
    .execute();
  await store(tx, row.id, t, { extended: n });
  return { ...state(row, t), extensions: n, approver };
}

/**
 * Extends a record's running clock of `kind` (see `extendClock`). Returns the new due date, or
 * null when no clock of that kind is running or its rule allows no further extension; approver
 * and length problems throw.
 */
export async function extendDeadline(
  tx: Ctx,
  resourceType: string,
  resourceId: string,
  kind: string,
  input: { approverId?: string | undefined; reason?: string | undefined; amount?: number | undefined } = {},
): Promise<string | null> {
  try {
    const c = await extendClock(tx, { resourceType, resourceId, kind }, { ...input, reason: input.reason ?? '' });
    return c.dueAt ?? c.dueOn;
  } catch (err) {
    if (err instanceof DomainError && ['DEADLINE_STATE', 'DEADLINE_NOT_EXTENDABLE', 'NOT_FOUND'].includes(err.code))
      return null;
    throw err;
  }
}

/**
 * Pauses a running clock whose rule allows it (a review sent back for supplementary
 * investigation, a hearing): the time until it resumes is not counted. Throws
 * DEADLINE_NOT_PAUSABLE, DEADLINE_STATE (not running, already paused).
 */
export async function pauseClock(tx: Ctx, target: ClockTarget, input: { reason: string }): Promise<ClockState> {
  const { row, rule } = await runningClock(tx, target);
  if (!rule.pausable) throw domainError('DEADLINE_NOT_PAUSABLE', { kind: row.kind });
  if (row.paused_at !== null) throw domainError('DEADLINE_STATE', { reason: 'paused', kind: row.kind });
  const at = nowIso(tx);
  await tx.db
    .insertInto('deadline_pauses')
    .values({
      id: newId(),
      deadline_id: row.id,
      paused_at: at,
      reason: input.reason,
      paused_by: tx.actor?.userId ?? null,
    })
    .execute();
  const t = await replay(tx, row, rule);
  await store(tx, row.id, t, { paused_at: at });
  return state(row, t);
}

/** Resumes a paused clock with the time it had left. Throws DEADLINE_STATE when it is not paused. */
export async function resumeClock(
  tx: Ctx,
  target: ClockTarget,
  input: { note?: string | undefined } = {},
): Promise<ClockState> {
  const { row, rule } = await runningClock(tx, target);
  if (row.paused_at === null) throw domainError('DEADLINE_STATE', { reason: 'not_paused', kind: row.kind });
  await tx.db
    .updateTable('deadline_pauses')
    .set({ resumed_at: nowIso(tx), resumed_by: tx.actor?.userId ?? null, resume_note: input.note ?? null })
    .where('deadline_id', '=', row.id)
    .where('resumed_at', 'is', null)
    .execute();
  const t = await replay(tx, row, rule);
  await store(tx, row.id, t, { paused_at: null });
  return state(row, t);
}

/**
 * The people who may approve the next extension of a clock (the console's approver list), for a
 * caller whose `permission` scope holds the clock (NOT_FOUND otherwise).
 */
export async function extensionApprovers(tx: Ctx, clockId: string, permission: Permission) {
  const { row, rule } = await runningClock(tx, { clockId }, permission);
  const step = extensionStep(rule, Number(row.extended) + 1);
  if (!step) return { step: null, approvers: [] };
  const approvers = await roleHoldersCovering(tx.db, step.approverRoles, toShanghaiDate(nowIso(tx)), row);
  return { step, approvers };
}

/** Records that a clock's reminder of this stage was sent (the reminder job sends each stage once). */
export async function markReminded(
  db: Kysely<Database>,
  deadlineId: string,
  stage: 'due_soon' | 'overdue',
): Promise<void> {
  await db.updateTable('deadlines').set({ reminded_stage: stage }).where('id', '=', deadlineId).execute();
}

/**
 * Moves a record's running clocks to a new owner (the record was transferred within the system);
 * `resourceId` may list several records of the type (none: nothing to move).
 */
export async function moveDeadlines(
  tx: Ctx,
  resourceType: string,
  resourceId: string | readonly string[],
  owner: DeadlineOwner,
): Promise<void> {
  const ids = typeof resourceId === 'string' ? [resourceId] : resourceId;
  if (ids.length === 0) return;
  await tx.db
    .updateTable('deadlines')
    .set({ ...owner })
    .where('resource_type', '=', resourceType)
    .where('resource_id', 'in', ids)
    .where('met_at', 'is', null)
    .execute();
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export { PAUSED_DUE_ON };
