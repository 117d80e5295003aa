/**
 * Who was told of a sanction (`sanction_notices`): the decision delivered or sent to the person's
 * unit, the organisation department, the personnel department …; a change (an appeal's outcome, a
 * 留党察看's end) told to everyone told before (`notifyToldBefore`, which the appeals call); the
 * lifting's notice is written by the lifting job. Each notice is on the trail and audited in the
 * transaction that records it.
 */
import type { Static } from '@sinclair/typebox';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { dayOf } from './sanctions.dates.js';
import type { NoticeBody } from './sanctions.after.schemas.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** A notice as the API shows it. */
export interface NoticeView {
  id: string;
  kind: string;
  unitId: string | null;
  recipient: string;
  sentOn: string;
  note: string | null;
  createdAt: string;
}

/** SANCTION_NOT_DECIDED unless the record is decided (its notices, lifting and probation's end follow the decision). */
export function requireDecided(row: SanctionRow, action: string): void {
  if (row.status !== 'decided' || !row.decided_on)
    throw domainError('SANCTION_NOT_DECIDED', { status: row.status, action });
}

/** A date the record's step may carry: a real date, not before the decision, not after today (VALIDATION_FAILED). */
export function requireStepDate(ctx: Ctx, row: SanctionRow, date: string, field: string): void {
  dayOf(date, field);
  if (row.decided_on && date < row.decided_on)
    throw errors.validation({ field, value: date }, `日期不能早于处分决定日期（${row.decided_on}）`);
  if (date > toShanghaiDate(nowIso(ctx))) throw errors.validation({ field, value: date }, '日期不能晚于今天');
}

/**
 * Records that `input.recipient` was told of the decision (or of a change) on `input.sentOn`.
 * Needs `manage` in scope (404 outside); the record must be decided (SANCTION_NOT_DECIDED); the
 * date between the decision and today; a named unit must exist. On the trail, audited.
 */
export async function recordNotice(ctx: Ctx, id: string, input: Static<typeof NoticeBody>): Promise<{ id: string }> {
  requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage');
    requireDecided(row, 'notice');
    requireStepDate(tx, row, input.sentOn, 'sentOn');
    if (input.unitId) {
      const unit = await tx.db.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit) throw errors.validation({ field: 'unitId' }, '被通知单位不存在');
    }
    const noticeId = newId();
    await tx.db
      .insertInto('sanction_notices')
      .values({
        id: noticeId,
        sanction_id: id,
        kind: input.kind ?? 'decision',
        unit_id: input.unitId ?? null,
        recipient: input.recipient,
        sent_on: input.sentOn,
        note: input.note ?? null,
        created_by: tx.actor?.userId ?? null,
        created_at: nowIso(tx),
      })
      .execute();
    await addSanctionEvent(tx, id, 'notice', `通知${input.recipient}（${input.sentOn}）`);
    await recordAudit(tx, {
      action: 'sanction.notice',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { notice: [null, { kind: input.kind ?? 'decision', recipient: input.recipient, sentOn: input.sentOn }] },
    });
    return { id: noticeId };
  });
}

/** The notices of a sanction, oldest first. Needs `read` in scope (404 outside). */
export async function listNotices(ctx: Ctx, id: string): Promise<NoticeView[]> {
  const row = await loadSanction(ctx, id, 'read');
  const rows = await ctx.db
    .selectFrom('sanction_notices')
    .selectAll()
    .where('sanction_id', '=', row.id)
    .orderBy('sent_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    unitId: n.unit_id,
    recipient: n.recipient,
    sentOn: n.sent_on,
    note: n.note,
    createdAt: n.created_at,
  }));
}

/** What `notifyToldBefore` tells. */
export interface ChangeNotice {
  /** The sanction whose earlier recipients are told. */
  sanctionId: string;
  /** The record the new notices are filed on (default `sanctionId`; an appeal's new sanction, say). */
  onto?: string;
  kind: 'change' | 'probation';
  /** What changed, in words (printed on each notice). */
  note: string;
  sentOn: string;
}

/**
 * Tells everyone told before of a change (issue 14 §4: an outcome that changes the sanction is
 * told to everyone who was told of it): one notice per earlier recipient (unit and name, once
 * each), on the trail of the record filed on. Runs inside the caller's transaction (`tx`), which
 * has already checked the caller's right to change the sanction; returns the recipients told.
 */
export async function notifyToldBefore(
  tx: Ctx,
  change: ChangeNotice,
): Promise<{ recipient: string; unitId: string | null }[]> {
  const before = await tx.db
    .selectFrom('sanction_notices')
    .select(['unit_id', 'recipient'])
    .where('sanction_id', '=', change.sanctionId)
    .orderBy('sent_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  const told: { recipient: string; unitId: string | null }[] = [];
  for (const b of before) {
    const key = `${b.unit_id ?? ''}\u0000${b.recipient}`;
    if (seen.has(key)) continue;
    seen.add(key);
    told.push({ recipient: b.recipient, unitId: b.unit_id });
  }
  const onto = change.onto ?? change.sanctionId;
  const now = nowIso(tx);
  for (const t of told)
    await tx.db
      .insertInto('sanction_notices')
      .values({
        id: newId(),
        sanction_id: onto,
        kind: change.kind,
        unit_id: t.unitId,
        recipient: t.recipient,
        sent_on: change.sentOn,
        note: change.note,
        created_by: tx.actor?.userId ?? null,
        created_at: now,
      })
      .execute();
  if (told.length > 0)
    await addSanctionEvent(tx, onto, 'notice', `通知原被通知单位和人员：${told.map((t) => t.recipient).join('、')}`);
  return told;
}
