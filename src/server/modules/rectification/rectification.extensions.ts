/**
 * Extensions of an item's due date (申请延期): the responsible unit asks for a new date with its
 * reason; a `rectification.manage` holder of the issuer side who is not the requester approves or
 * refuses. Only an approval moves `due_on` (a direct edit of the date is refused elsewhere), and
 * an approval that puts the item back within its time stays the escalation the overdue armed.
 */
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { RECTIFICATION_OUTSTANDING, type ExtensionStatus } from '../../shared/rectification.codes.js';
import { recordAudit } from '../audit/index.js';
import { type ItemView, addEvent, itemFor, itemView, setItem, todayOf } from './rectification.items.js';

/** An extension request as shown. */
export interface ExtensionView {
  id: string;
  fromDueOn: string;
  requestedDueOn: string;
  reason: string;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  status: ExtensionStatus;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** The extension requests of item `itemId`, oldest first (no access check). */
export async function itemExtensions(tx: Ctx, itemId: string): Promise<ExtensionView[]> {
  const rows = await tx.db
    .selectFrom('rectification_extensions as x')
    .leftJoin('users as r', 'r.id', 'x.requested_by')
    .leftJoin('users as d', 'd.id', 'x.decided_by')
    .select([
      'x.id',
      'x.from_due_on',
      'x.requested_due_on',
      'x.reason',
      'x.requested_by',
      'x.requested_at',
      'x.status',
      'x.decided_at',
      'x.decision_note',
      'r.display_name as requester',
      'd.display_name as decider',
    ])
    .where('x.item_id', '=', itemId)
    .orderBy('x.requested_at')
    .orderBy('x.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fromDueOn: r.from_due_on,
    requestedDueOn: r.requested_due_on,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedByName: r.requester,
    requestedAt: r.requested_at,
    status: r.status as ExtensionStatus,
    decidedByName: r.decider,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  }));
}

/**
 * The responsible unit asks to move an outstanding item's due date to `dueOn` (later than the
 * current one and than today) with its reason. RECTIFICATION_EXTENSION_PENDING while another
 * request waits. The date does not move. Audited (`rectification.extension_request`).
 */
export async function requestExtension(
  ctx: Ctx,
  id: string,
  input: { version: number; dueOn: string; reason: string },
): Promise<ExtensionView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await itemFor(tx, id, 'owner', RECTIFICATION_OUTSTANDING, 'extension', input.version);
    const reason = input.reason.trim();
    if (!reason) throw errors.validation({ field: 'reason' }, '请写明申请延期的理由');
    if (input.dueOn <= row.due_on || input.dueOn <= todayOf(tx))
      throw errors.validation({ field: 'dueOn', dueOn: row.due_on }, '延期后的期限应当晚于原期限和今天');
    const pending = await tx.db
      .selectFrom('rectification_extensions')
      .select('id')
      .where('item_id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw domainError('RECTIFICATION_EXTENSION_PENDING', { extensionId: pending.id });
    const extId = newId();
    await tx.db
      .insertInto('rectification_extensions')
      .values({
        id: extId,
        item_id: id,
        from_due_on: row.due_on,
        requested_due_on: input.dueOn,
        reason,
        requested_by: actor.userId,
        requested_at: nowIso(tx),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_note: null,
      })
      .execute();
    // The item's version moves too: whoever holds the old one sees that something happened.
    await setItem(tx, row, {});
    await addEvent(tx, id, 'extension_requested', reason, { extension: extId, dueOn: input.dueOn });
    await recordAudit(tx, {
      action: 'rectification.extension_request',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { extension: [null, extId], dueOn: [row.due_on, input.dueOn] },
    });
    return (await itemExtensions(tx, id)).find((x) => x.id === extId)!;
  });
}

/**
 * The issuer side decides a pending extension: approved moves `due_on` to the date asked (the
 * next escalation rung is stayed while the item is within its new time); refused leaves it.
 * RECTIFICATION_EXTENSION_SELF for the requester or anyone of the responsible unit;
 * RECTIFICATION_STATE for a request already decided. Audited (`rectification.extension_decide`).
 */
export async function decideExtension(
  ctx: Ctx,
  id: string,
  extensionId: string,
  input: { version: number; approved: boolean; note?: string | null | undefined },
): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await itemFor(tx, id, 'issuer', RECTIFICATION_OUTSTANDING, 'extension_decide', input.version);
    const ext = await tx.db
      .selectFrom('rectification_extensions')
      .selectAll()
      .where('id', '=', extensionId)
      .where('item_id', '=', id)
      .executeTakeFirst();
    if (!ext) throw errors.notFound('rectification_extension');
    if (ext.status !== 'pending') throw domainError('RECTIFICATION_STATE', { status: ext.status, action: 'decide' });
    if (ext.requested_by === actor.userId || actor.unitId === row.owner_unit_id)
      throw domainError('RECTIFICATION_EXTENSION_SELF');
    const note = input.note?.trim() || null;
    if (!input.approved && !note) throw errors.validation({ field: 'note' }, '不予延期的，请写明理由');
    const status: ExtensionStatus = input.approved ? 'approved' : 'refused';
    await tx.db
      .updateTable('rectification_extensions')
      .set({ status, decided_by: actor.userId, decided_at: nowIso(tx), decision_note: note })
      .where('id', '=', extensionId)
      .where('status', '=', 'pending')
      .execute();
    await setItem(
      tx,
      row,
      input.approved
        ? {
            due_on: ext.requested_due_on,
            ...(row.rejections < 2 ? { next_escalation_on: null, next_escalation: null } : {}),
          }
        : {},
    );
    await addEvent(tx, id, input.approved ? 'extended' : 'extension_refused', note, {
      extension: extensionId,
      dueOn: input.approved ? [row.due_on, ext.requested_due_on] : row.due_on,
    });
    await recordAudit(tx, {
      action: 'rectification.extension_decide',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        extension: [null, extensionId],
        decision: [null, status],
        ...(input.approved ? { dueOn: [row.due_on, ext.requested_due_on] } : {}),
      },
    });
    return itemView(tx, id);
  });
}
