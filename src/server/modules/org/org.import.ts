/**
 * Applying the org part of a validated organisation import (the org-transfer module validates
 * and plans; this module writes its own tables): new and renamed regions, new and changed units.
 */
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { insertRows } from '../../db/insert-row.js';
import { rewriteUnitPaths } from './org.service.js';
import type { RegionRow, UnitRow } from './org.tables.js';

/** The regions of an import: new regions (parents first or not: they are sorted), and renames. */
export interface RegionImport {
  inserts: RegionRow[];
  updates: { code: string; name: string }[];
}

/** The units of an import: new units, and changed units as read (`before`) and as they will be. */
export interface UnitImport {
  inserts: UnitRow[];
  updates: { before: UnitRow; after: UnitRow }[];
}

/** Inserts and renames the regions of a validated import, in the caller's transaction. */
export async function applyRegionImport(tx: Ctx, part: RegionImport): Promise<void> {
  // A parent's path is a prefix of its children's: shorter paths first puts parents first.
  await insertRows(
    tx.db,
    'regions',
    [...part.inserts].sort((a, b) => a.path.length - b.path.length),
  );
  for (const r of part.updates) {
    await tx.db
      .updateTable('regions')
      .set({ name: r.name, updated_at: nowIso(tx) })
      .where('code', '=', r.code)
      .execute();
  }
}

/**
 * Inserts and updates the units of a validated import, in the caller's transaction. A unit the
 * import moves carries its subtree and the scoped rows under it along (`moveScopedRows`), as a
 * move through the API does. Throws CONFLICT when a unit changed since it was read.
 */
export async function applyUnitImport(tx: Ctx, part: UnitImport): Promise<void> {
  await insertRows(
    tx.db,
    'units',
    [...part.inserts].sort((a, b) => a.path.length - b.path.length),
  );
  for (const { before, after } of part.updates) {
    const res = await tx.db
      .updateTable('units')
      .set({
        parent_id: after.parent_id,
        kind: after.kind,
        name: after.name,
        short_name: after.short_name,
        region_code: after.region_code,
        path: after.path,
        region_path: after.region_path,
        county_code: after.county_code,
        version: after.version,
        updated_at: after.updated_at,
      })
      .where('id', '=', after.id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: 'unit', id: after.id });
  }
  // Deepest first: a row under several moved units takes the path of its nearest one, and rows
  // already at their final place (the moved units themselves, and units of the import under
  // them) never lie under a moved unit's old path.
  const moved = part.updates
    .filter((u) => u.before.path !== u.after.path)
    .sort((a, b) => b.before.path.length - a.before.path.length);
  for (const { before, after } of moved) await rewriteUnitPaths(tx, before.path, after.path);
}
