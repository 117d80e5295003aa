/**
 * The clue stage's handovers to the next stage (`clue_handovers`): the case stage reads a
 * waiting filing request and takes it when its filing request is drafted, through these two
 * functions (the table is this module's; nobody else writes it).
 */
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';

/** A waiting (or taken) handover, as the case stage reads it. */
export interface ClueHandover {
  id: string;
  clueId: string;
  kind: string;
  note: string | null;
  createdAt: string;
  takenAt: string | null;
}

/** The filing-request handover of a clue (the latest), or null. No access check: callers load the clue first. */
export async function filingHandoverOf(tx: Ctx, clueId: string): Promise<ClueHandover | null> {
  const row = await tx.db
    .selectFrom('clue_handovers')
    .select(['id', 'clue_id', 'kind', 'note', 'created_at', 'taken_at'])
    .where('clue_id', '=', clueId)
    .where('kind', '=', 'filing_request')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    clueId: row.clue_id,
    kind: row.kind,
    note: row.note,
    createdAt: row.created_at,
    takenAt: row.taken_at,
  };
}

/**
 * Marks a filing handover taken (the case stage drafted its filing request), in the caller's
 * transaction: NOT_FOUND when there is none, CASE_HANDOVER_TAKEN when a filing request was drafted
 * from it already (two drafters racing: the second writes nothing).
 */
export async function takeFilingHandover(tx: Ctx, handoverId: string): Promise<void> {
  const res = await tx.db
    .updateTable('clue_handovers')
    .set({ taken_at: nowIso(tx) })
    .where('id', '=', handoverId)
    .where('taken_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return;
  const exists = await tx.db.selectFrom('clue_handovers').select('id').where('id', '=', handoverId).executeTakeFirst();
  if (!exists) throw errors.notFound('clue_handover');
  throw domainError('CASE_HANDOVER_TAKEN', { handoverId });
}

/**
 * Puts a handover back (the filing request drafted from it was rejected or withdrawn: the clue
 * waits for a new filing request again). Caller's transaction.
 */
export async function releaseFilingHandover(tx: Ctx, handoverId: string): Promise<void> {
  await tx.db.updateTable('clue_handovers').set({ taken_at: null }).where('id', '=', handoverId).execute();
}
