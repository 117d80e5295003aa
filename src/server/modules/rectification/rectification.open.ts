/**
 * Opening a rectification item: the one entry point other modules use to put a problem into the
 * ledger (an inspection's finding, a recommendation's reply, a meeting's action item, a case's
 * 以案促改 measure, a quality review's problem). It runs inside the caller's transaction, so the
 * item exists exactly when the record that produced it does.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  PROBLEM_SEVERITIES,
  type ProblemSeverity,
  RECTIFICATION_SOURCES,
  type RectificationSource,
} from '../../shared/rectification.codes.js';
import { recordAudit } from '../audit/index.js';
import { noticeItemAssigned } from './rectification.notices.js';

/** What opening an item takes. */
export interface OpenItemInput {
  source: RectificationSource;
  /** The id of the record it came from in its module (finding, recommendation, meeting …). */
  sourceId?: string | null | undefined;
  /** The issuing document (title and number) the deadline comes from. */
  sourceDocument?: string | null | undefined;
  problem: string;
  severity?: ProblemSeverity | undefined;
  measures?: string | null | undefined;
  /** The responsible unit (责任单位): it sees and works the item. */
  ownerUnitId: string;
  responsiblePerson?: string | null | undefined;
  /** An account of the responsible unit answerable for it, if it has one. */
  responsibleUserId?: string | null | undefined;
  /** The supervising unit (交办单位): it accepts the rectification; not the responsible unit. */
  issuerUnitId: string;
  /** YYYY-MM-DD (Shanghai), today or later. */
  dueOn: string;
  /** The item this is a sub-item of. */
  parentId?: string | null | undefined;
}

/**
 * Opens an item (status `open`) with its `created` event, a notification to the responsible
 * unit's accounts (`rectification_assigned`) and an audit event
 * (`rectification.item_open`). Must run in the caller's transaction. VALIDATION_FAILED (naming
 * the field) for an empty problem, an unknown source or severity, a due date in the past, an
 * unknown or inactive unit, a responsible unit that is also the issuer (its acceptance must be
 * someone else's), a responsible account not of that unit, or a parent that is closed or unknown.
 */
export async function openRectificationItem(tx: Ctx, input: OpenItemInput): Promise<{ id: string }> {
  if (!tx.db.isTransaction) throw new Error('openRectificationItem runs inside the caller’s transaction');
  const problem = input.problem.trim();
  if (!problem) throw errors.validation({ field: 'problem' }, '请写明问题');
  if (!RECTIFICATION_SOURCES.includes(input.source)) throw errors.validation({ field: 'source' }, '未知的问题来源');
  const severity = input.severity ?? 'minor';
  if (!PROBLEM_SEVERITIES.includes(severity)) throw errors.validation({ field: 'severity' }, '未知的问题严重程度');
  const now = nowIso(tx);
  const today = toShanghaiDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || input.dueOn < today)
    throw errors.validation({ field: 'dueOn', today }, '整改期限不能早于今天');
  const unit = (id: string) =>
    tx.db
      .selectFrom('units')
      .select(['id', 'path', 'region_path', 'region_code', 'county_code', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
  const owner = await unit(input.ownerUnitId);
  if (!owner || Number(owner.active) !== 1) throw errors.validation({ field: 'ownerUnitId' }, '责任单位不存在或已撤销');
  const issuer = await unit(input.issuerUnitId);
  if (!issuer || Number(issuer.active) !== 1)
    throw errors.validation({ field: 'issuerUnitId' }, '交办单位不存在或已撤销');
  if (owner.id === issuer.id)
    throw errors.validation({ field: 'ownerUnitId' }, '责任单位不能是交办单位本身：整改须由责任单位以外的单位验收');
  let responsibleName = input.responsiblePerson?.trim() || null;
  if (input.responsibleUserId) {
    const u = await tx.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', input.responsibleUserId)
      .where('unit_id', '=', owner.id)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (!u) throw errors.validation({ field: 'responsibleUserId' }, '整改责任人应当是责任单位的在岗人员');
    responsibleName ??= u.display_name;
  }
  if (input.parentId) {
    const parent = await tx.db
      .selectFrom('rectification_items')
      .select(['id', 'status'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent || parent.status === 'closed')
      throw errors.validation({ field: 'parentId' }, '上级整改事项不存在或已销号');
  }
  const zoneId = await zoneOfRegion(tx, owner.region_path, today);
  const id = newId();
  await tx.db
    .insertInto('rectification_items')
    .values({
      id,
      parent_id: input.parentId ?? null,
      source_kind: input.source,
      source_id: input.sourceId ?? null,
      source_document: input.sourceDocument?.trim() || null,
      problem,
      severity,
      measures: input.measures?.trim() || null,
      owner_unit_id: owner.id,
      owner_unit_path: owner.path,
      region_path: owner.region_path,
      county_code: owner.county_code,
      responsible_person: responsibleName,
      responsible_user_id: input.responsibleUserId ?? null,
      issuer_unit_id: issuer.id,
      issuer_unit_path: issuer.path,
      issuer_region_path: issuer.region_path,
      zone_id: zoneId,
      due_on: input.dueOn,
      original_due_on: input.dueOn,
      status: 'open',
      escalation: null,
      escalated_at: null,
      evidence_note: null,
      submitted_at: null,
      submitted_by: null,
      rejections: 0,
      last_rejection: null,
      closed_at: null,
      closed_by: null,
      acceptance_note: null,
      follow_up_on: null,
      followed_up_at: null,
      follow_up_result: null,
      created_by: tx.actor?.userId ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await tx.db
    .insertInto('rectification_events')
    .values({
      id: newId(),
      item_id: id,
      kind: 'created',
      note: null,
      details: JSON.stringify({ source: input.source, sourceId: input.sourceId ?? null, dueOn: input.dueOn }),
      user_id: tx.actor?.userId ?? null,
      user_name: tx.actor?.displayName ?? null,
      at: now,
    })
    .execute();
  await noticeItemAssigned(tx, { id, problem, dueOn: input.dueOn, owner });
  await recordAudit(tx, {
    action: 'rectification.item_open',
    resourceType: 'rectification_item',
    resourceId: id,
    unitId: owner.id,
    changes: {
      source: [null, input.source],
      sourceId: [null, input.sourceId ?? null],
      ownerUnit: [null, owner.id],
      issuerUnit: [null, issuer.id],
      dueOn: [null, input.dueOn],
    },
  });
  return { id };
}

/** The zone whose townships hold `regionPath` on `today` (the responsible unit's township), or null. */
async function zoneOfRegion(tx: Ctx, regionPath: string, today: string): Promise<string | null> {
  // Region paths are `/code/code/…/`: the path's prefixes are its ancestors (and itself).
  const codes = regionPath.split('/').filter(Boolean);
  if (codes.length === 0) return null;
  const township = await tx.db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'township')
    .where('code', 'in', codes)
    .executeTakeFirst();
  if (!township) return null;
  const zone = await tx.db
    .selectFrom('zone_memberships as m')
    .innerJoin('zones as z', 'z.id', 'm.zone_id')
    .select('z.id')
    .where('m.township_code', '=', township.code)
    .where('m.effective_from', '<=', today)
    .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', today)]))
    .where('z.active', '=', 1)
    .executeTakeFirst();
  return zone?.id ?? null;
}
