/**
 * Applying the zones part of a validated organisation import (the org-transfer module validates
 * and plans; this module writes its own tables): new and changed zones, and membership history.
 */
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { insertRows } from '../../db/insert-row.js';
import { clearUnitZone, setUnitZone } from '../org/index.js';
import type { ZoneMembershipRow, ZoneRow } from './zones.tables.js';

/** The zones of an import: new zones, and changed zones as read (`before`) and as they will be. */
export interface ZoneImport {
  inserts: ZoneRow[];
  updates: { before: ZoneRow; after: ZoneRow }[];
}

/**
 * The zone memberships of an import: new memberships, and memberships whose end date changes
 * (`before` is the end date as read, for the optimistic check).
 */
export interface ZoneMembershipImport {
  inserts: ZoneMembershipRow[];
  updates: { id: string; effective_to: string | null; before: string | null }[];
}

/**
 * Inserts and updates the zones of a validated import, in the caller's transaction, and places
 * their workrooms in them. Throws CONFLICT when a zone changed since it was read.
 */
export async function applyZoneImport(tx: Ctx, part: ZoneImport): Promise<void> {
  const db = tx.db;
  // One ordinal per commission is a unique index: zones the import renumbers step aside first,
  // so two zones may swap numbers, and new zones come last, so they may take a freed number.
  const renumbered = part.updates.filter((u) => u.before.ordinal !== u.after.ordinal);
  for (const [i, u] of renumbered.entries()) {
    await db
      .updateTable('zones')
      .set({ ordinal: -(i + 1) })
      .where('id', '=', u.after.id)
      .execute();
  }
  for (const { before, after } of part.updates) {
    const { id, created_at: _created, active: _active, ...cols } = after;
    const res = await db
      .updateTable('zones')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: 'zone', id });
    if (before.workroom_unit_id && before.workroom_unit_id !== after.workroom_unit_id) {
      await clearUnitZone(tx, before.workroom_unit_id, id);
    }
  }
  await insertRows(db, 'zones', part.inserts);
  for (const z of [...part.inserts, ...part.updates.map((u) => u.after)]) {
    if (z.workroom_unit_id) await setUnitZone(tx, z.workroom_unit_id, z.id);
  }
}

/**
 * Ends, reopens and adds the zone memberships of a validated import, in the caller's
 * transaction. Throws CONFLICT when a membership changed since it was read.
 */
export async function applyZoneMembershipImport(tx: Ctx, part: ZoneMembershipImport): Promise<void> {
  // Memberships that end go first (one open membership per township is a unique index), so a
  // township can leave one zone and join another, or a closed membership be reopened.
  const updates = [...part.updates].sort((a, b) => Number(a.effective_to === null) - Number(b.effective_to === null));
  for (const m of updates) {
    const res = await tx.db
      .updateTable('zone_memberships')
      .set({ effective_to: m.effective_to })
      .where('id', '=', m.id)
      .where((eb) => (m.before === null ? eb('effective_to', 'is', null) : eb('effective_to', '=', m.before)))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: 'zone_membership', id: m.id });
  }
  await insertRows(tx.db, 'zone_memberships', part.inserts);
}
