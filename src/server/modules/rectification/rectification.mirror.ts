/**
 * The ledger's take-over of problems that are worked in their own module: a case's 以案促改
 * measures (`case_reform`, worked on the case's 一案一剖析 tab) and a quality review's problem
 * lists (`quality_review`, worked on the review's problem pages). Each such problem opens its
 * ledger item with `openRectificationItem` when it is recorded, and every step its module takes
 * (reported rectified, confirmed, sent back, reopened) moves the item in the same transaction
 * through `mirrorSourceStep`. The ledger shows, counts, exports and escalates these items like any
 * other; its own steps on them (start, evidence, submission, acceptance, extension, 回头看) are
 * refused with RECTIFICATION_WORKED_AT_SOURCE, which names the source record, so one problem never
 * has two states. Escalation (督办) stays the ledger's: it is oversight, not the work.
 */
import { type Ctx, nowIso } from '../../shared/context.js';
import type { RectificationSource } from '../../shared/rectification.codes.js';
import { recordAudit } from '../audit/index.js';
import type { RectificationItemRow } from './rectification.tables.js';
import { addEvent, setItem } from './rectification.items.js';

/** A step the source module took on its problem. */
export type SourceStep = 'submitted' | 'closed' | 'returned' | 'reopened';

/**
 * Moves the ledger item of `(source, sourceId)` along with its source's step, inside the
 * caller's transaction: `submitted` (reported rectified, with the note), `closed` (confirmed:
 * 销号 by the source's checker), `returned` (sent back with the reason: a rejection),
 * `reopened` (a done measure opened again). An event and an audit event
 * (`rectification.item_source_step`) record it. Does nothing when the problem has no item (one
 * recorded before the take-over without a unit of the organisation, or whose unit issued it).
 */
export async function mirrorSourceStep(
  tx: Ctx,
  source: RectificationSource,
  sourceId: string,
  step: SourceStep,
  note: string | null,
): Promise<void> {
  if (!tx.db.isTransaction) throw new Error('mirrorSourceStep runs inside the caller’s transaction');
  const row = await tx.db
    .selectFrom('rectification_items')
    .selectAll()
    .where('source_kind', '=', source)
    .where('source_id', '=', sourceId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return;
  const now = nowIso(tx);
  const actor = tx.actor?.userId ?? null;
  const set: Partial<RectificationItemRow> =
    step === 'submitted'
      ? { status: 'submitted', evidence_note: note, submitted_at: now, submitted_by: actor }
      : step === 'closed'
        ? {
            status: 'closed',
            closed_at: now,
            closed_by: actor,
            acceptance_note: note,
            next_escalation: null,
            next_escalation_on: null,
          }
        : step === 'returned'
          ? { status: 'in_progress', rejections: Number(row.rejections) + 1, last_rejection: note }
          : { status: 'in_progress', closed_at: null, closed_by: null, acceptance_note: null };
  await setItem(tx, row, set);
  const kind = { submitted: 'submitted', closed: 'accepted', returned: 'rejected', reopened: 'reopened' }[step];
  await addEvent(tx, row.id, kind, note, { atSource: source, sourceId });
  await recordAudit(tx, {
    action: 'rectification.item_source_step',
    resourceType: 'rectification_item',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { status: [row.status, set.status ?? row.status], step: [null, step] },
  });
}
