/**
 * A case's place in the state machine (domain rules §11 "Case"): the one checked move
 * (`setCaseState`, by `CASE_TRANSITIONS`) and the state guards every write passes.
 */
import { CASE_FINAL_STATES, type CaseStatus, caseTransitionAllowed } from '../../shared/cases.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';

/**
 * Moves a case to `status` inside the caller's transaction, if its state allows the move
 * (`CASE_TRANSITIONS`): otherwise 409 CASE_TRANSITION with `{ from, to }`. The version check
 * makes concurrent moves safe: the loser gets 409 CONFLICT and writes nothing. `set` carries
 * other columns changed with the move. The caller signs the trail and writes the audit event.
 */
export async function setCaseState(
  tx: Ctx,
  id: string,
  version: number,
  status: CaseStatus,
  set: Record<string, unknown> = {},
): Promise<{ version: number; from: CaseStatus }> {
  const current = await tx.db.selectFrom('cases').select(['status', 'version']).where('id', '=', id).executeTakeFirst();
  if (!current) throw errors.notFound('case');
  if (current.version !== version) throw errors.conflict({ id, version: current.version });
  if (!caseTransitionAllowed(current.status, status))
    throw domainError('CASE_TRANSITION', { from: current.status, to: status });
  const res = await tx.db
    .updateTable('cases')
    .set({ ...set, status, version: version + 1, updated_at: nowIso(tx), updated_by: tx.actor?.userId ?? null })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return { version: version + 1, from: current.status as CaseStatus };
}

/**
 * Refuses an action on a case whose state is not one of `allowed` (409 CASE_TRANSITION with
 * `{ status, action }`); a final state (`CASE_FINAL_STATES`) is always refused. Callers load the
 * case in scope first (404 outside it). Returns the state.
 */
export async function requireCaseStatus(
  tx: Ctx,
  id: string,
  allowed: readonly CaseStatus[],
  action: string,
): Promise<CaseStatus> {
  const row = await tx.db.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('case');
  const status = row.status as CaseStatus;
  if (CASE_FINAL_STATES.includes(status) || !allowed.includes(status))
    throw domainError('CASE_TRANSITION', { status, action });
  return status;
}

/** Bumps a case's version (a change to one of its records), version-checked: CONFLICT when stale. */
export async function touchCase(tx: Ctx, id: string, version: number): Promise<number> {
  const res = await tx.db
    .updateTable('cases')
    .set({ version: version + 1, updated_at: nowIso(tx), updated_by: tx.actor?.userId ?? null })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return version + 1;
}
