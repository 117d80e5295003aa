/**
 * Extensions of an item's due date (申请延期, issue 15 §2: "approved like any extension"): the
 * responsible unit asks for a new date with its reason (`pending`); a `rectification.manage`
 * holder of the issuer side who is neither the requester nor of the responsible unit either
 * submits it with its opinion to the approvals chain of the issuing commission (呈批, action
 * `rectification.extension`; `in_approval`) or refuses it outright (no chain: declining to ask
 * is the 承办部门's own call, and it frees the unit to ask again). The chain's outcome is applied
 * in the deciding transaction (`onExtensionDecided`): approved moves `due_on`, rejected refuses
 * with the chain's opinion, returned or withdrawn puts the request back to `pending`. Only an
 * approved chain moves `due_on` (a direct edit of the date is refused elsewhere), and an approval
 * that puts the item back within its time stays the escalation the overdue armed.
 */
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { ApprovalAction } from '../../shared/approvals.codes.js';
import { RECTIFICATION_OUTSTANDING, type ExtensionStatus } from '../../shared/rectification.codes.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import { type ItemView, addEvent, itemFor, itemView, outstanding, setItem, todayOf } from './rectification.items.js';
import { noticeExtensionDecided } from './rectification.notices.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** The approval action of an extension (the chain catalogue's `rectification.extension`). */
export const EXTENSION_APPROVAL: ApprovalAction = 'rectification.extension';

/** The states in which a request still waits (the issuer side's 呈批, or the chain). */
const WAITING: readonly ExtensionStatus[] = ['pending', 'in_approval'];

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
  /** The approval last started for it (its link); null until the issuer side submits it. */
  approvalId: string | null;
  /** That approval's state (`APPROVAL_STATUSES`). */
  approvalStatus: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  /** The issuer side's opinion it was submitted with. */
  submitOpinion: string | null;
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
    .leftJoin('users as s', 's.id', 'x.submitted_by')
    .leftJoin('approvals as a', 'a.id', 'x.approval_id')
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
      'x.approval_id',
      'a.status as approval_status',
      's.display_name as submitter',
      'x.submitted_at',
      'x.submit_opinion',
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
    approvalId: r.approval_id,
    approvalStatus: r.approval_status,
    submittedByName: r.submitter,
    submittedAt: r.submitted_at,
    submitOpinion: r.submit_opinion,
    decidedByName: r.decider,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  }));
}

/**
 * The responsible unit asks to move an outstanding item's due date to `dueOn` (later than the
 * current one and than today) with its reason. RECTIFICATION_EXTENSION_PENDING while another
 * request waits (for the issuer side's 呈批 or in the chain). The date does not move. Audited (`rectification.extension_request`).
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
      .where('status', 'in', WAITING)
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
        approval_id: null,
        submitted_by: null,
        submitted_at: null,
        submit_opinion: null,
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

type ExtensionRow = Awaited<ReturnType<typeof extensionOf>>;

/** Loads extension `extensionId` of item `itemId` (NOT_FOUND otherwise). */
async function extensionOf(tx: Ctx, itemId: string, extensionId: string) {
  const ext = await tx.db
    .selectFrom('rectification_extensions')
    .selectAll()
    .where('id', '=', extensionId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!ext) throw errors.notFound('rectification_extension');
  return ext;
}

/**
 * The item and request as the issuer side takes up a `pending` request: RECTIFICATION_NOT_ISSUER,
 * RECTIFICATION_STATE (item closed, or the request not pending), RECTIFICATION_EXTENSION_SELF for
 * the requester or anyone of the responsible unit.
 */
async function forIssuer(tx: Ctx, id: string, extensionId: string, version: number, action: string) {
  const actor = requireActor(tx);
  const row = await itemFor(tx, id, 'issuer', RECTIFICATION_OUTSTANDING, action, version);
  const ext = await extensionOf(tx, id, extensionId);
  if (ext.status !== 'pending') throw domainError('RECTIFICATION_STATE', { status: ext.status, action });
  if (ext.requested_by === actor.userId || actor.unitId === row.owner_unit_id)
    throw domainError('RECTIFICATION_EXTENSION_SELF');
  return { row, ext };
}

/**
 * What a decision does to the request and its item — the one copy, whether the chain decided
 * (`onExtensionDecided`) or the issuer side refused without submitting (`refuseExtension`).
 * Approved moves `due_on` to the date asked while the item is outstanding (the next escalation
 * rung is stayed unless the item climbs for rejections); refused leaves it. The request moves
 * from `from` only (a request someone else moved meanwhile is left alone: CONFLICT). Event
 * `extended` / `extension_refused`; audited (`rectification.extension_decide`).
 */
async function applyDecision(
  tx: Ctx,
  row: RectificationItemRow,
  ext: ExtensionRow,
  from: ExtensionStatus,
  approved: boolean,
  note: string | null,
): Promise<void> {
  const status: ExtensionStatus = approved ? 'approved' : 'refused';
  const res = await tx.db
    .updateTable('rectification_extensions')
    .set({ status, decided_by: requireActor(tx).userId, decided_at: nowIso(tx), decision_note: note })
    .where('id', '=', ext.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ extensionId: ext.id });
  const moves = approved && outstanding(row.status);
  await noticeExtensionDecided(tx, row, {
    extensionId: ext.id,
    approved,
    moved: moves,
    dueOn: moves ? ext.requested_due_on : row.due_on,
    note,
  });
  await setItem(
    tx,
    row,
    moves
      ? {
          due_on: ext.requested_due_on,
          ...(row.rejections < 2 ? { next_escalation_on: null, next_escalation: null } : {}),
        }
      : {},
  );
  await addEvent(tx, row.id, approved ? 'extended' : 'extension_refused', note, {
    extension: ext.id,
    dueOn: moves ? [row.due_on, ext.requested_due_on] : row.due_on,
    ...(ext.approval_id && from === 'in_approval' ? { approval: ext.approval_id } : {}),
  });
  await recordAudit(tx, {
    action: 'rectification.extension_decide',
    resourceType: 'rectification_item',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: {
      extension: [null, ext.id],
      decision: [from, status],
      ...(from === 'in_approval' ? { approval: [null, ext.approval_id] } : {}),
      ...(moves ? { dueOn: [row.due_on, ext.requested_due_on] } : {}),
    },
  });
}

/**
 * The issuer side submits a pending extension for approval (呈批) with its opinion: an approval of
 * action `rectification.extension` in the issuing commission, the request and the opinion as its
 * content; the request waits in the chain (`in_approval`). RECTIFICATION_EXTENSION_SELF,
 * RECTIFICATION_STATE, NO_APPROVER (nothing written). Audited (`rectification.extension_submit`).
 */
export async function submitExtension(
  ctx: Ctx,
  id: string,
  extensionId: string,
  input: { version: number; opinion: string },
): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const { row, ext } = await forIssuer(tx, id, extensionId, input.version, 'extension_submit');
    const opinion = input.opinion.trim();
    if (!opinion) throw errors.validation({ field: 'opinion' }, '请写明承办意见');
    const commission = await commissionOf(tx, row.issuer_unit_id);
    const unit = await tx.db.selectFrom('units').select('name').where('id', '=', row.owner_unit_id).executeTakeFirst();
    const unitName = unit?.name ?? '责任单位';
    const approval = await startApproval(tx, {
      action: EXTENSION_APPROVAL,
      targetLevel: 'ordinary',
      resourceType: 'rectification_item',
      resourceId: id,
      draftingUnitId: actor.unitId ?? commission.id,
      ownerUnitId: commission.id,
      ownerUnitPath: commission.path,
      regionPath: commission.region_path,
      countyCode: commission.county_code,
      title: `关于${unitName}整改事项延期的请示`,
      content: {
        summary: [
          `${unitName}申请将整改期限由${ext.from_due_on}延至${ext.requested_due_on}。`,
          `整改问题：${row.problem}`,
          `交办依据：${row.source_document}`,
          `申请理由：${ext.reason}`,
          `承办意见：${opinion}`,
        ].join('\n'),
        extension: ext.id,
        unit: unitName,
        problem: row.problem,
        fromDueOn: ext.from_due_on,
        requestedDueOn: ext.requested_due_on,
        reason: ext.reason,
        opinion,
      },
    });
    const now = nowIso(tx);
    await tx.db
      .updateTable('rectification_extensions')
      .set({
        status: 'in_approval',
        approval_id: approval.id,
        submitted_by: actor.userId,
        submitted_at: now,
        submit_opinion: opinion,
      })
      .where('id', '=', ext.id)
      .where('status', '=', 'pending')
      .execute();
    await setItem(tx, row, {});
    await addEvent(tx, id, 'extension_submitted', opinion, {
      extension: ext.id,
      approval: approval.id,
      number: approval.number,
    });
    await recordAudit(tx, {
      action: 'rectification.extension_submit',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { extension: [null, ext.id], status: ['pending', 'in_approval'], approval: [null, approval.id] },
    });
    return itemView(tx, id);
  });
}

/**
 * The issuer side refuses a pending extension without submitting it (its reason required): the
 * date stays. RECTIFICATION_EXTENSION_SELF, RECTIFICATION_STATE (in the chain, or decided).
 * Audited (`rectification.extension_decide`).
 */
export async function refuseExtension(
  ctx: Ctx,
  id: string,
  extensionId: string,
  input: { version: number; note: string },
): Promise<ItemView> {
  return inTransaction(ctx, async (tx) => {
    const { row, ext } = await forIssuer(tx, id, extensionId, input.version, 'extension_refuse');
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, '不予延期的，请写明理由');
    await applyDecision(tx, row, ext, 'pending', false, note);
    return itemView(tx, id);
  });
}

/**
 * Applies a decided `rectification.extension` approval in the deciding transaction: approved
 * moves the due date (`applyDecision`), rejected refuses with the chain's opinion, returned or
 * withdrawn puts the request back to `pending` for the issuer side to submit again (event
 * `extension_returned`, audited `rectification.extension_returned`). A request no longer in this
 * approval is left alone.
 */
export async function onExtensionDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const ext = await tx.db
    .selectFrom('rectification_extensions')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .where('status', '=', 'in_approval')
    .executeTakeFirst();
  if (!ext) return;
  const row = await tx.db
    .selectFrom('rectification_items')
    .selectAll()
    .where('id', '=', ext.item_id)
    .executeTakeFirstOrThrow();
  if (e.outcome === 'approved' || e.outcome === 'rejected') {
    await applyDecision(tx, row, ext, 'in_approval', e.outcome === 'approved', e.opinion);
    return;
  }
  await tx.db
    .updateTable('rectification_extensions')
    .set({ status: 'pending' })
    .where('id', '=', ext.id)
    .where('status', '=', 'in_approval')
    .execute();
  await setItem(tx, row, {});
  await addEvent(tx, row.id, 'extension_returned', e.opinion, {
    extension: ext.id,
    approval: e.approvalId,
    outcome: e.outcome,
  });
  await recordAudit(tx, {
    action: 'rectification.extension_returned',
    resourceType: 'rectification_item',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { extension: [null, ext.id], status: ['in_approval', 'pending'], approval: [null, e.approvalId] },
  });
}
