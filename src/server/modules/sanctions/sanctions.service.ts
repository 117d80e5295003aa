/**
 * The sanctions module's core: loading a sanction for an action (scope, the case's recusal), its
 * version-checked update and its signed trail. Every other file of the module writes through these.
 */
import { SANCTION_EVENT_LABELS, type SanctionEventAction } from '../../shared/sanctions.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { assertNotRecusedThrough, loadInScope } from '../access/index.js';
import { type SanctionAction, notRecusedFromSanctionCase, sanctionPolicy } from './sanctions.policy.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The resource name of sanctions (audit events, approvals, clocks). */
export const SANCTION_RESOURCE = 'sanction';

/**
 * Loads sanction `id` for `action`: 404 when out of scope, or when the actor is recused from its
 * case; 409 CONFLICT when `opts.version` is given and stale.
 */
export async function loadSanction(
  tx: Ctx,
  id: string,
  action: SanctionAction,
  opts: { version?: number; forUpdate?: boolean } = {},
): Promise<SanctionRow> {
  const from = { table: 'sanctions', alias: 's', id } as const;
  await assertNotRecusedThrough(tx, from, notRecusedFromSanctionCase(tx, from.alias), SANCTION_RESOURCE);
  return loadInScope<SanctionAction, SanctionRow>(tx, sanctionPolicy, id, action, opts);
}

/** Updates a sanction's columns and bumps its version, version-checked: CONFLICT when stale. */
export async function touchSanction(tx: Ctx, id: string, version: number, set: Record<string, unknown> = {}) {
  const res = await tx.db
    .updateTable('sanctions')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id });
  return version + 1;
}

/** Appends a step to a sanction's trail, signed by the actor (or 系统 for a job). */
export async function addSanctionEvent(
  tx: Ctx,
  sanctionId: string,
  action: SanctionEventAction,
  note: string | null = null,
) {
  await tx.db
    .insertInto('sanction_events')
    .values({
      id: newId(),
      sanction_id: sanctionId,
      at: nowIso(tx),
      actor_id: tx.actor?.userId ?? null,
      actor_name: tx.actor?.displayName ?? '系统',
      action,
      label: SANCTION_EVENT_LABELS[action],
      note,
    })
    .execute();
}
