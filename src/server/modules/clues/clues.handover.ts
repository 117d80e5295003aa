/**
 * The clue stage's handovers to the next stage (`clue_handovers`): the case stage reads a
 * waiting filing request and takes it when its filing request is drafted, through these two
 * functions (the table is this module's; nobody else writes it).
 */
import type { ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { visibleWhere } from '../access/index.js';
import { cluePolicy } from './clues.policy.js';

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

/** A clue whose filing handover waits for its filing request, as the case stage's workbench lists it. */
export interface WaitingFiling {
  clueId: string;
  number: string;
  subjectName: string;
  /** When the handover was written (the verification report's approval). */
  handedOverAt: string;
}

/**
 * The clues whose filing handover waits (not taken by a filing request), oldest first, among the
 * clues whose content the actor sees (`detail`: in scope or on the team; never a recused one):
 * the clues the actor could draft a filing request from. Counted up to `countUpTo`'s cap.
 */
export async function waitingFilings(
  ctx: Ctx,
  limit: number,
): Promise<{ count: number; capped: boolean; items: WaitingFiling[] }> {
  const base = ctx.db
    .selectFrom('clue_handovers as h')
    .innerJoin('clues as c', 'c.id', 'h.clue_id')
    .where('h.kind', '=', 'filing_request')
    .where('h.taken_at', 'is', null)
    .where('c.status', '=', 'case_proposed')
    .where((eb) =>
      visibleWhere(ctx, cluePolicy, 'detail', { alias: 'c', team: true })(eb as ExpressionBuilder<Database, never>),
    );
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.subject_name', 'h.created_at'])
      .orderBy('h.created_at')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  ]);
  return {
    count,
    capped,
    items: rows.map((r) => ({
      clueId: r.id,
      number: r.number,
      subjectName: r.subject_name,
      handedOverAt: r.created_at,
    })),
  };
}
