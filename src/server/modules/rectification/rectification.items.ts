/**
 * The rectification ledger's items at work: reading them (the ledger with its filters, counts by
 * source and unit, one item with its history), opening one by hand, and its life: the responsible
 * unit starts and submits evidence (整改材料), the issuer side accepts (验收销号) or rejects with
 * the reason, then records the 回头看 (follow-up check). Every write is one transaction with the
 * item's optimistic `version`, an event row and an audit event.
 *
 * Which side the actor is on is decided in SQL on the item's row: the issuer side holds
 * `rectification.manage` over the issuer columns; the responsible side holds
 * `rectification.respond` or `rectification.manage` over the owner (scope) columns.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  MANUAL_RECTIFICATION_SOURCES,
  type FollowUpResult,
  type ProblemSeverity,
  RECTIFICATION_OUTSTANDING,
  type RectificationEscalation,
  type RectificationSource,
  type RectificationStatus,
} from '../../shared/rectification.codes.js';
import { type Scope, scopePredicate } from '../../shared/scope.js';
import { type Permission, loadInScope } from '../access/index.js';
import { refuseWorkedAtSource } from './rectification.at-source.js';
import { recordAudit } from '../audit/index.js';
import { loadCalendar } from '../calendar/index.js';
import { effectiveRuleFor } from '../deadlines/index.js';
import { openRectificationItem } from './rectification.open.js';
import { type RectificationAction, rectificationPolicy } from './rectification.policy.js';
import type { RectificationItemRow } from './rectification.tables.js';

type Eb = ExpressionBuilder<Database, never>;

/** Today in Shanghai on the context's clock. */
export function todayOf(ctx: Pick<Ctx, 'clock'>): string {
  return toShanghaiDate(nowIso(ctx));
}

/** `date` plus `months` calendar months (the month's last day when it has no such day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Sides

function scopeOf(ctx: Ctx, permission: Permission): Scope | null {
  return ctx.actor?.scopes.get(permission) ?? null;
}

const NONE = sql<SqlBool>`1 = 0`;

/** The issuer side (`rectification.manage` over the issuer columns) of items aliased `alias`. */
export function issuerManageWhere(ctx: Ctx, alias = 'i') {
  return (eb: Eb): Expression<SqlBool> => {
    const scope = scopeOf(ctx, 'rectification.manage');
    if (!scope) return NONE;
    return scopePredicate(eb, scope, {
      unitId: `${alias}.issuer_unit_id`,
      unitPath: `${alias}.issuer_unit_path`,
      regionPath: `${alias}.issuer_region_path`,
    });
  };
}

/**
 * The responsible side of items aliased `alias`: `rectification.respond` over the owner columns
 * (a unit's contact), or `rectification.manage` over them for the items of the actor's own unit
 * only (a township commission works what is assigned to the commission itself). A manager above
 * the unit (the county's supervision office over a village) oversees and accepts, but does not
 * work the unit's items for it.
 */
export function ownerRespondWhere(ctx: Ctx, alias = 'i') {
  return (eb: Eb): Expression<SqlBool> => {
    const cols = {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    };
    const parts: Expression<SqlBool>[] = [];
    const respond = scopeOf(ctx, 'rectification.respond');
    if (respond) parts.push(scopePredicate(eb, respond, cols));
    const manage = scopeOf(ctx, 'rectification.manage');
    const unitId = ctx.actor?.unitId;
    if (manage && unitId) parts.push(eb.and([scopePredicate(eb, manage, cols), eb(sql.ref(cols.unitId), '=', unitId)]));
    return parts.length === 0 ? NONE : eb.or(parts);
  };
}

/** Which sides of item `id` the actor is on (read in SQL). */
export async function sidesOf(tx: Ctx, id: string): Promise<{ issuer: boolean; owner: boolean }> {
  const row = await tx.db
    .selectFrom('rectification_items as i')
    .select((eb) => [
      eb
        .case()
        .when(issuerManageWhere(tx)(eb as never))
        .then(1)
        .else(0)
        .end()
        .as('issuer'),
      eb
        .case()
        .when(ownerRespondWhere(tx)(eb as never))
        .then(1)
        .else(0)
        .end()
        .as('owner'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  return { issuer: Number(row?.issuer ?? 0) === 1, owner: Number(row?.owner ?? 0) === 1 };
}

/**
 * Loads item `id` for a side's action: NOT_FOUND out of sight (either side's read scope), CONFLICT
 * on a stale version, RECTIFICATION_NOT_ISSUER / RECTIFICATION_NOT_RESPONSIBLE for someone who
 * sees it but is not on that side, RECTIFICATION_WORKED_AT_SOURCE for a step on an item its source
 * module works (a case's 以案促改 measure, a quality review's problem; escalation stays allowed),
 * RECTIFICATION_STATE when its status is not one of `statuses`.
 */
export async function itemFor(
  tx: Ctx,
  id: string,
  side: 'issuer' | 'owner',
  statuses: readonly RectificationStatus[] | null,
  action: string,
  version?: number,
): Promise<RectificationItemRow> {
  const row = await loadInScope<RectificationAction, RectificationItemRow>(
    tx,
    rectificationPolicy,
    id,
    side === 'issuer' ? 'manage' : 'respond',
    version === undefined ? {} : { version },
  );
  const sides = await sidesOf(tx, id);
  if (side === 'issuer' && !sides.issuer) throw domainError('RECTIFICATION_NOT_ISSUER', { action });
  if (side === 'owner' && !sides.owner) throw domainError('RECTIFICATION_NOT_RESPONSIBLE', { action });
  refuseWorkedAtSource(row, action);
  if (statuses && !statuses.includes(row.status as RectificationStatus))
    throw domainError('RECTIFICATION_STATE', { status: row.status, action });
  return row;
}

/** Updates item `row` (version checked and bumped); CONFLICT if someone else changed it first. */
export async function setItem(tx: Ctx, row: RectificationItemRow, set: Partial<RectificationItemRow>): Promise<void> {
  const res = await tx.db
    .updateTable('rectification_items')
    .set({ ...set, version: Number(row.version) + 1, updated_at: nowIso(tx) })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: row.id });
}

/** Appends an event to item `itemId`'s history (who and when from the context). */
export async function addEvent(
  tx: Ctx,
  itemId: string,
  kind: string,
  note: string | null,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await tx.db
    .insertInto('rectification_events')
    .values({
      id: newId(),
      item_id: itemId,
      kind,
      note,
      details: details ? JSON.stringify(details) : null,
      user_id: tx.actor?.userId ?? null,
      user_name: tx.actor?.displayName ?? null,
      at: nowIso(tx),
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Views

/** An item as the ledger shows it. */
export interface ItemView {
  id: string;
  parentId: string | null;
  source: RectificationSource;
  sourceId: string | null;
  sourceDocument: string | null;
  problem: string;
  severity: ProblemSeverity;
  measures: string | null;
  ownerUnitId: string;
  ownerUnitName: string;
  responsiblePerson: string | null;
  responsibleUserId: string | null;
  issuerUnitId: string;
  issuerUnitName: string;
  zoneId: string | null;
  dueOn: string;
  originalDueOn: string;
  status: RectificationStatus;
  /** Outstanding and due before today (Shanghai). */
  overdue: boolean;
  escalation: RectificationEscalation | null;
  escalatedAt: string | null;
  /** The rung the issuer side owes next, and from when. */
  nextEscalation: RectificationEscalation | null;
  nextEscalationOn: string | null;
  /** The next rung is due today or earlier (the item still outstanding). */
  escalationDue: boolean;
  evidenceNote: string | null;
  submittedAt: string | null;
  rejections: number;
  lastRejection: string | null;
  closedAt: string | null;
  acceptanceNote: string | null;
  followUpOn: string | null;
  followedUpAt: string | null;
  followUpResult: FollowUpResult | null;
  followUpNote: string | null;
  relapseOf: string | null;
  createdAt: string;
  version: number;
}

/** The columns of an item line (items aliased `i`, units `ou` and `iu`). */
export const ITEM_COLUMNS = [
  'i.id',
  'i.parent_id',
  'i.source_kind',
  'i.source_id',
  'i.source_document',
  'i.problem',
  'i.severity',
  'i.measures',
  'i.owner_unit_id',
  'i.responsible_person',
  'i.responsible_user_id',
  'i.issuer_unit_id',
  'i.zone_id',
  'i.due_on',
  'i.original_due_on',
  'i.status',
  'i.escalation',
  'i.escalated_at',
  'i.next_escalation',
  'i.next_escalation_on',
  'i.evidence_note',
  'i.submitted_at',
  'i.rejections',
  'i.last_rejection',
  'i.closed_at',
  'i.acceptance_note',
  'i.follow_up_on',
  'i.followed_up_at',
  'i.follow_up_result',
  'i.follow_up_note',
  'i.relapse_of',
  'i.created_at',
  'i.version',
  'ou.name as owner_unit_name',
  'iu.name as issuer_unit_name',
] as const;

/** Items aliased `i` joined with the two units' names. */
export function itemsQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('rectification_items as i')
    .innerJoin('units as ou', 'ou.id', 'i.owner_unit_id')
    .innerJoin('units as iu', 'iu.id', 'i.issuer_unit_id');
}

type ItemLine = {
  id: string;
  parent_id: string | null;
  source_kind: string;
  source_id: string | null;
  source_document: string | null;
  problem: string;
  severity: string;
  measures: string | null;
  owner_unit_id: string;
  responsible_person: string | null;
  responsible_user_id: string | null;
  issuer_unit_id: string;
  zone_id: string | null;
  due_on: string;
  original_due_on: string;
  status: string;
  escalation: string | null;
  escalated_at: string | null;
  next_escalation: string | null;
  next_escalation_on: string | null;
  evidence_note: string | null;
  submitted_at: string | null;
  rejections: number;
  last_rejection: string | null;
  closed_at: string | null;
  acceptance_note: string | null;
  follow_up_on: string | null;
  followed_up_at: string | null;
  follow_up_result: string | null;
  follow_up_note: string | null;
  relapse_of: string | null;
  created_at: string;
  version: number;
  owner_unit_name: string;
  issuer_unit_name: string;
};

/** Whether status `s` is outstanding (not closed). */
export function outstanding(s: string): boolean {
  return (RECTIFICATION_OUTSTANDING as readonly string[]).includes(s);
}

/** The view of a read line. */
export function presentItem(r: ItemLine, today: string): ItemView {
  const open = outstanding(r.status);
  return {
    id: r.id,
    parentId: r.parent_id,
    source: r.source_kind as RectificationSource,
    sourceId: r.source_id,
    sourceDocument: r.source_document,
    problem: r.problem,
    severity: r.severity as ProblemSeverity,
    measures: r.measures,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_name,
    responsiblePerson: r.responsible_person,
    responsibleUserId: r.responsible_user_id,
    issuerUnitId: r.issuer_unit_id,
    issuerUnitName: r.issuer_unit_name,
    zoneId: r.zone_id,
    dueOn: r.due_on,
    originalDueOn: r.original_due_on,
    status: r.status as RectificationStatus,
    overdue: open && r.due_on < today,
    escalation: r.escalation as RectificationEscalation | null,
    escalatedAt: r.escalated_at,
    nextEscalation: r.next_escalation as RectificationEscalation | null,
    nextEscalationOn: r.next_escalation_on,
    escalationDue: open && r.next_escalation !== null && r.next_escalation_on !== null && r.next_escalation_on <= today,
    evidenceNote: r.evidence_note,
    submittedAt: r.submitted_at,
    rejections: Number(r.rejections),
    lastRejection: r.last_rejection,
    closedAt: r.closed_at,
    acceptanceNote: r.acceptance_note,
    followUpOn: r.follow_up_on,
    followedUpAt: r.followed_up_at,
    followUpResult: r.follow_up_result as FollowUpResult | null,
    followUpNote: r.follow_up_note,
    relapseOf: r.relapse_of,
    createdAt: r.created_at,
    version: Number(r.version),
  };
}

/** Item `id`'s view (no access check: callers load it first). */
export async function itemView(tx: Ctx, id: string): Promise<ItemView> {
  const row = await itemsQuery(tx)
    .select([...ITEM_COLUMNS])
    .where('i.id', '=', id)
    .executeTakeFirstOrThrow();
  return presentItem(row, todayOf(tx));
}

// ---------------------------------------------------------------------------------------------
// Opening by hand

/** What opening an item by hand takes. */
export interface CreateInput {
  source: RectificationSource;
  problem: string;
  severity?: ProblemSeverity | undefined;
  measures?: string | null | undefined;
  sourceDocument?: string | null | undefined;
  ownerUnitId: string;
  responsiblePerson?: string | null | undefined;
  responsibleUserId?: string | null | undefined;
  /** Default: the actor's own unit. */
  issuerUnitId?: string | undefined;
  /** Required unless the source is 巡察 feedback with `feedbackOn`. */
  dueOn?: string | undefined;
  /** 巡察 feedback's date: the due date defaults to it + timer 39's length (2 months). */
  feedbackOn?: string | undefined;
  parentId?: string | undefined;
}

/**
 * Opens an item by hand (the issuer side): the issuer unit must be in the actor's
 * `rectification.manage` scope (FORBIDDEN otherwise); a sub-item's parent must be one the actor
 * issues (NOT_FOUND / RECTIFICATION_NOT_ISSUER). For 巡察 feedback without a due date, the date is
 * the feedback date plus timer 39 (`inspection_rectification_report`, 2 months). Then
 * `openRectificationItem` (its refusals), in one transaction.
 */
export async function createItem(ctx: Ctx, input: CreateInput): Promise<{ id: string }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const issuerId = input.issuerUnitId ?? actor.unitId;
    if (!issuerId) throw errors.validation({ field: 'issuerUnitId' }, '请指定交办单位');
    const manage = scopeOf(tx, 'rectification.manage');
    const issuer = manage
      ? await tx.db
          .selectFrom('units')
          .select(['id', 'county_code'])
          .where('id', '=', issuerId)
          .where((eb) => scopePredicate(eb, manage, { unitId: 'id', unitPath: 'path', regionPath: 'region_path' }))
          .executeTakeFirst()
      : undefined;
    if (!issuer) throw errors.validation({ field: 'issuerUnitId' }, '交办单位应当是本人管理范围内的单位');
    if (input.parentId) await itemFor(tx, input.parentId, 'issuer', RECTIFICATION_OUTSTANDING, 'sub_item');
    else if (!(MANUAL_RECTIFICATION_SOURCES as readonly string[]).includes(input.source))
      throw errors.validation(
        { field: 'source' },
        '该来源的问题由其所在模块（监督检查、监察建议、会议等）交办，不能手工录入',
      );
    let dueOn = input.dueOn;
    if (!dueOn && input.source === 'inspection_tour' && input.feedbackOn) {
      dueOn = await tourDueOn(tx, input.feedbackOn, issuer.county_code);
    }
    if (!dueOn) throw errors.validation({ field: 'dueOn' }, '请填写整改期限（巡察反馈问题可填写反馈日期）');
    return openRectificationItem(tx, {
      source: input.source,
      sourceDocument: input.sourceDocument,
      problem: input.problem,
      severity: input.severity,
      measures: input.measures,
      ownerUnitId: input.ownerUnitId,
      responsiblePerson: input.responsiblePerson,
      responsibleUserId: input.responsibleUserId,
      issuerUnitId: issuer.id,
      dueOn,
      parentId: input.parentId,
    });
  });
}

/** 巡察 feedback date + timer 39's length (the county's effective rule; 2 months by default). */
async function tourDueOn(tx: Ctx, feedbackOn: string, countyCode: string | null): Promise<string> {
  const rule = await effectiveRuleFor(tx, 'inspection_rectification_report', countyCode ?? '');
  const amount = rule?.amount ?? 2;
  const unit = rule?.unit ?? 'months';
  if (unit === 'months' || unit === 'calendar_days' || unit === 'working_days') {
    const cal = await loadCalendar(tx.db, tx.clock.nowMs());
    return cal.computeDeadline({ start: feedbackOn, amount, unit, extendOverHoliday: rule?.extendOverHoliday ?? true })
      .due;
  }
  return addMonths(feedbackOn, 2);
}

/** What editing an item takes: its words, never its due date. */
export interface PatchInput {
  version: number;
  problem?: string | undefined;
  measures?: string | null | undefined;
  severity?: ProblemSeverity | undefined;
  responsiblePerson?: string | null | undefined;
  sourceDocument?: string | null | undefined;
  /** Refused: only an approved extension moves the due date. */
  dueOn?: string | undefined;
}

/**
 * Edits an outstanding item's words (the issuer side; the responsible side may set the measures):
 * RECTIFICATION_DUE_DATE_FIXED for any `dueOn` (only an approved extension moves it). Audited
 * (`rectification.item_update`).
 */
export async function patchItem(ctx: Ctx, id: string, input: PatchInput): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    if (input.dueOn !== undefined) throw domainError('RECTIFICATION_DUE_DATE_FIXED', { field: 'dueOn' });
    const onlyMeasures = Object.keys(input).every((k) => k === 'version' || k === 'measures');
    const sides = await sidesOf(tx, id);
    const side = sides.issuer || !onlyMeasures ? 'issuer' : 'owner';
    const row = await itemFor(tx, id, side, RECTIFICATION_OUTSTANDING, 'update', input.version);
    const set: Partial<RectificationItemRow> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    const put = <K extends keyof RectificationItemRow>(k: K, v: RectificationItemRow[K] | undefined) => {
      if (v === undefined || v === row[k]) return;
      set[k] = v;
      changes[k] = [row[k], v];
    };
    if (input.problem !== undefined) {
      const p = input.problem.trim();
      if (!p) throw errors.validation({ field: 'problem' }, '请写明问题');
      put('problem', p);
    }
    put('measures', input.measures === undefined ? undefined : input.measures?.trim() || null);
    put('severity', input.severity);
    put(
      'responsible_person',
      input.responsiblePerson === undefined ? undefined : input.responsiblePerson?.trim() || null,
    );
    put('source_document', input.sourceDocument === undefined ? undefined : input.sourceDocument?.trim() || null);
    if (Object.keys(set).length === 0) return itemView(tx, id);
    await setItem(tx, row, set);
    await addEvent(tx, id, 'updated', null, changes);
    await recordAudit(tx, {
      action: 'rectification.item_update',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes,
    });
    return itemView(tx, id);
  });
}
