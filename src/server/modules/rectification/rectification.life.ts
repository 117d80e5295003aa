/**
 * An item's life after it is opened: the responsible unit starts and submits its rectification
 * (evidence note, files or why none); the issuer side accepts (验收销号, never the responsible unit
 * itself, never with a sub-item outstanding) or rejects with the reason, then records the 回头看.
 * Each write is one transaction with the item's version, an event row and an audit event.
 */
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import {
  FOLLOW_UP_MONTHS,
  type FollowUpResult,
  type ProblemSeverity,
  type RectificationSource,
} from '../../shared/rectification.codes.js';
import { recordAudit } from '../audit/index.js';
import { openRectificationItem } from './rectification.open.js';
import { type ItemView, addEvent, addMonths, itemFor, itemView, setItem, todayOf } from './rectification.items.js';

// ---------------------------------------------------------------------------------------------
// The responsible unit

/** The responsible unit starts work on an open item (open → in_progress). Audited (`rectification.item_start`). */
export async function startItem(ctx: Ctx, id: string, input: { version: number }): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const row = await itemFor(tx, id, 'owner', ['open'], 'start', input.version);
    await setItem(tx, row, { status: 'in_progress' });
    await addEvent(tx, id, 'started', null);
    await recordAudit(tx, {
      action: 'rectification.item_start',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'in_progress'] },
    });
    return itemView(tx, id);
  });
}

/**
 * The responsible unit submits its rectification for acceptance (申请销号): an evidence note, and
 * at least one evidence file or a note saying why there is none (RECTIFICATION_EVIDENCE_MISSING).
 * From open or in_progress. Audited (`rectification.item_submit`).
 */
export async function submitItem(
  ctx: Ctx,
  id: string,
  input: { version: number; evidenceNote: string; noFilesReason?: string | null | undefined },
): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const row = await itemFor(tx, id, 'owner', ['open', 'in_progress'], 'submit', input.version);
    const note = input.evidenceNote.trim();
    if (!note) throw errors.validation({ field: 'evidenceNote' }, '请写明整改情况');
    const files = await tx.db
      .selectFrom('rectification_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    const why = input.noFilesReason?.trim() || null;
    if (Number(files.n) === 0 && !why) throw domainError('RECTIFICATION_EVIDENCE_MISSING');
    const text = Number(files.n) === 0 ? `${note}\n（未附佐证材料：${why}）` : note;
    await setItem(tx, row, {
      status: 'submitted',
      evidence_note: text,
      submitted_at: nowIso(tx),
      submitted_by: tx.actor?.userId ?? null,
    });
    await addEvent(tx, id, 'submitted', text, { files: Number(files.n) });
    await recordAudit(tx, {
      action: 'rectification.item_submit',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'submitted'], files: [null, Number(files.n)] },
    });
    return itemView(tx, id);
  });
}

// ---------------------------------------------------------------------------------------------
// The issuer side

/**
 * The issuer side accepts a submitted item (验收销号 → closed) with an acceptance note and the
 * 回头看 date (default: 3 months on). Refused: RECTIFICATION_SELF_ACCEPTANCE for an actor of the
 * responsible unit or the person who submitted; RECTIFICATION_OPEN_SUBITEMS while a sub-item is
 * outstanding. Audited (`rectification.item_accept`).
 */
export async function acceptItem(
  ctx: Ctx,
  id: string,
  input: { version: number; note: string; followUpOn?: string | undefined },
): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await itemFor(tx, id, 'issuer', ['submitted'], 'accept', input.version);
    if (actor.unitId === row.owner_unit_id || row.submitted_by === actor.userId)
      throw domainError('RECTIFICATION_SELF_ACCEPTANCE');
    const open = await tx.db
      .selectFrom('rectification_items')
      .select('id')
      .where('parent_id', '=', id)
      .where('status', '!=', 'closed')
      .execute();
    if (open.length > 0) throw domainError('RECTIFICATION_OPEN_SUBITEMS', { subItems: open.map((r) => r.id) });
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, '请写明验收意见');
    const today = todayOf(tx);
    const followUpOn = input.followUpOn ?? addMonths(today, FOLLOW_UP_MONTHS);
    if (followUpOn <= today) throw errors.validation({ field: 'followUpOn', today }, '回头看日期应当晚于今天');
    const now = nowIso(tx);
    await setItem(tx, row, {
      status: 'closed',
      closed_at: now,
      closed_by: actor.userId,
      acceptance_note: note,
      follow_up_on: followUpOn,
      next_escalation: null,
      next_escalation_on: null,
    });
    await addEvent(tx, id, 'accepted', note, { followUpOn });
    await recordAudit(tx, {
      action: 'rectification.item_accept',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'closed'], followUpOn: [null, followUpOn] },
    });
    return itemView(tx, id);
  });
}

/**
 * The issuer side rejects a submission with the reason (back to in_progress, `rejections` + 1,
 * `last_rejection`); the reason stays in the history for the responsible unit to read. Audited
 * (`rectification.item_reject`).
 */
export async function rejectItem(ctx: Ctx, id: string, input: { version: number; reason: string }): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await itemFor(tx, id, 'issuer', ['submitted'], 'reject', input.version);
    if (actor.unitId === row.owner_unit_id) throw domainError('RECTIFICATION_SELF_ACCEPTANCE');
    const reason = input.reason.trim();
    if (!reason) throw errors.validation({ field: 'reason' }, '退回须写明理由');
    const rejections = Number(row.rejections) + 1;
    await setItem(tx, row, { status: 'in_progress', rejections, last_rejection: reason });
    await addEvent(tx, id, 'rejected', reason, { rejections });
    await recordAudit(tx, {
      action: 'rectification.item_reject',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'in_progress'], rejections: [Number(row.rejections), rejections] },
    });
    return itemView(tx, id);
  });
}

/** What a 回头看 records. */
export interface FollowUpInput {
  version: number;
  result: FollowUpResult;
  note: string;
  /** For a relapse: the new item's due date (required then). */
  dueOn?: string | undefined;
}

/**
 * Records the 回头看 of a closed item (the issuer side, once): `holds` ends the item's life;
 * `relapsed` opens a NEW item (same source, unit and issuer, `relapse_of` naming this one) with
 * its own due date, so the closed item's 销号 stays what it was and the relapse runs its own
 * course (reminders, escalation). Audited (`rectification.item_follow_up`).
 */
export async function followUpItem(
  ctx: Ctx,
  id: string,
  input: FollowUpInput,
): Promise<ItemView & { relapseItemId: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await itemFor(tx, id, 'issuer', ['closed'], 'follow_up', input.version);
    if (row.followed_up_at) throw domainError('RECTIFICATION_STATE', { status: 'followed_up', action: 'follow_up' });
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, '请写明回头看情况');
    let relapseId: string | null = null;
    if (input.result === 'relapsed') {
      if (!input.dueOn) throw errors.validation({ field: 'dueOn' }, '问题反弹的，请填写重新整改的期限');
      const opened = await openRectificationItem(tx, {
        source: row.source_kind as RectificationSource,
        sourceId: row.source_id,
        sourceDocument: row.source_document,
        problem: `【回头看发现问题反弹】${row.problem}\n${note}`,
        severity: row.severity as ProblemSeverity,
        measures: row.measures,
        ownerUnitId: row.owner_unit_id,
        responsiblePerson: row.responsible_person,
        responsibleUserId: row.responsible_user_id,
        issuerUnitId: row.issuer_unit_id,
        dueOn: input.dueOn,
      });
      relapseId = opened.id;
      await tx.db.updateTable('rectification_items').set({ relapse_of: id }).where('id', '=', relapseId).execute();
    }
    await setItem(tx, row, {
      followed_up_at: nowIso(tx),
      follow_up_result: input.result,
      follow_up_note: note,
    });
    await addEvent(tx, id, 'followed_up', note, { result: input.result, relapseItemId: relapseId });
    await recordAudit(tx, {
      action: 'rectification.item_follow_up',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { followUpResult: [null, input.result], relapseItem: [null, relapseId] },
    });
    return { ...(await itemView(tx, id)), relapseItemId: relapseId };
  });
}
