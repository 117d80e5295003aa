/**
 * A clue's place in the state machine (domain rules §11 "Clue"): the one checked move
 * (`setClueState`, by `CLUE_TRANSITIONS`), the state guard of actions, and the approval chains'
 * target level from the subjects' ranks.
 */
import type { TargetLevel } from '../../shared/approvals.codes.js';
import { CLUE_FINAL_STATES, type ClueStatus, clueTransitionAllowed } from '../../shared/clues.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';

/**
 * Moves a clue to `next.status` (and sets its disposal, keeper, handling unit or zone) inside the
 * caller's transaction, if its state allows the move (`CLUE_TRANSITIONS`): otherwise 409
 * CLUE_TRANSITION with `{ from, to }`. The version check makes concurrent moves safe: the loser
 * gets 409 CONFLICT and writes nothing. The caller signs the trail and writes the audit event.
 */
export async function setClueState(
  tx: Ctx,
  id: string,
  version: number,
  next: {
    status: ClueStatus;
    disposal?: string | null;
    keeperId?: string | null;
    handlingUnitId?: string | null;
    zoneId?: string | null;
  },
): Promise<{ version: number; from: ClueStatus }> {
  const current = await tx.db.selectFrom('clues').select(['status', 'version']).where('id', '=', id).executeTakeFirst();
  if (!current) throw errors.notFound();
  if (current.version !== version) throw errors.conflict({ id });
  if (!clueTransitionAllowed(current.status, next.status)) {
    throw domainError('CLUE_TRANSITION', { from: current.status, to: next.status });
  }
  const res = await tx.db
    .updateTable('clues')
    .set({
      status: next.status,
      ...(next.disposal !== undefined ? { disposal: next.disposal } : {}),
      ...(next.keeperId !== undefined ? { keeper_id: next.keeperId } : {}),
      ...(next.handlingUnitId !== undefined ? { handling_unit_id: next.handlingUnitId } : {}),
      ...(next.zoneId !== undefined ? { zone_id: next.zoneId } : {}),
      version: version + 1,
      updated_at: nowIso(tx),
      updated_by: tx.actor?.userId ?? null,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return { version: version + 1, from: current.status as ClueStatus };
}

/**
 * The one check every write on a clue passes (routes under `/api/clues/:id/`): a clue in a final
 * state (`CLUE_FINAL_STATES`: concluded, handed over, transferred) is read-only, so the write is
 * refused with 409 CLUE_TRANSITION and `{ status, action }` before anything is written. Callers
 * load the clue in scope first (404 outside it). Returns the state; NOT_FOUND when there is none.
 */
export async function requireClueOpen(tx: Ctx, id: string, action: string): Promise<ClueStatus> {
  const row = await tx.db.selectFrom('clues').select('status').where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  const status = row.status as ClueStatus;
  if (CLUE_FINAL_STATES.includes(status)) throw domainError('CLUE_TRANSITION', { status, action });
  return status;
}

/**
 * Refuses an action on a clue whose state is not one of `allowed`: 409 CLUE_TRANSITION with
 * `{ status, action }` (a reply recorded after the clue is closed, a verification report on a
 * clue being inquired into); a final state is refused by `requireClueOpen` first. Returns the state.
 */
export async function requireClueStatus(
  tx: Ctx,
  id: string,
  allowed: readonly ClueStatus[],
  action: string,
): Promise<ClueStatus> {
  const status = await requireClueOpen(tx, id, action);
  if (!allowed.includes(status)) throw domainError('CLUE_TRANSITION', { status, action });
  return status;
}

/**
 * The approval chains' target level of a clue from its subjects' GZ 第二十二条 ranks (§1.4–§1.5):
 * a same-level party committee member or a commission standing member ranks highest; then the
 * principal leader of a lower party committee or of a unit under the commission's jurisdiction
 * (whose 党组 is the next-lower one); everyone else is ordinary.
 */
export function clueTargetLevel(ranks: readonly (string | null)[]): TargetLevel {
  if (ranks.some((r) => r === 'party_committee_member' || r === 'standing_member'))
    return 'same_level_committee_member';
  if (ranks.some((r) => r === 'lower_principal' || r === 'unit_principal')) return 'next_lower_principal';
  return 'ordinary';
}
