import { type Ctx, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { type Permission, definePolicy } from '../access/index.js';
import { inScope } from '../../shared/scope.js';
import type { UnitRow } from './org.tables.js';

/** Whether a unit lies inside the actor's scope for `permission` (its subtree or its region). */
export function unitInScope(
  ctx: Ctx,
  permission: Permission,
  unit: Pick<UnitRow, 'id' | 'path' | 'region_path'>,
): boolean {
  return inScope(scopeFor(ctx, permission), {
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: unit.region_path,
  });
}

/** Throws NOT_FOUND unless the unit is inside the actor's scope for `permission`. */
export function assertUnitInScope(
  ctx: Ctx,
  permission: Permission,
  unit: Pick<UnitRow, 'id' | 'path' | 'region_path'>,
): void {
  if (!unitInScope(ctx, permission, unit)) throw errors.notFound('unit');
}

/**
 * Region prefixes the actor may administer with `permission`: the regions of the units at the
 * top of their unit-subtree scopes, plus their zone regions.
 */
export async function regionPrefixesInScope(ctx: Ctx, permission: Permission): Promise<string[]> {
  const scope = scopeFor(ctx, permission);
  if (scope.global) return ['/'];
  const ids = scope.unitPaths.map((p) => p.split('/').filter(Boolean).at(-1)!).concat(scope.unitIds);
  const units = ids.length
    ? await ctx.db.selectFrom('units').select('region_path').where('id', 'in', ids).execute()
    : [];
  return [...units.map((u) => u.region_path), ...scope.regionPaths];
}

/**
 * Units: a unit is its own owner (its id, path and region path are the scope columns), read by
 * anyone with org.read in scope and managed with org.manage.
 */
export const unitPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: { unitId: 'id', unitPath: 'path', regionPath: 'region_path' },
  actions: { read: 'org.read', manage: 'org.manage' },
});
