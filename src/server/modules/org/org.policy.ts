/**
 * Who may do what to units and regions: the org module's policies, consulted through the access
 * seam. Units carry their own scope columns (a unit is its own owner); regions carry none, so
 * their rules are SQL predicates over the units seated in them, written here once.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { type Permission, definePolicy, visibleWhere } from '../access/index.js';
import { type ScopeColumns, prefixUpper } from '../../shared/scope.js';
import type { RegionRow } from './org.tables.js';

/** The scope columns of a unit row: a unit is its own owner (its id, path and region path). */
export const UNIT_SCOPE_COLUMNS: ScopeColumns = { unitId: 'id', unitPath: 'path', regionPath: 'region_path' };

/**
 * Units: read by anyone with org.read in scope, managed with org.manage, and the places their
 * regions' QR posters are printed for with org.export.
 */
export const unitPolicy = definePolicy({
  resource: 'unit',
  table: 'units',
  scopeColumns: UNIT_SCOPE_COLUMNS,
  actions: { read: 'org.read', manage: 'org.manage', export: 'org.export', poster: 'org.poster' },
});

/** An action on units. */
export type UnitAction = keyof typeof unitPolicy.actions;

/**
 * Region prefixes the actor may administer with `permission`: the regions of the units at the
 * top of their unit-subtree scopes, plus their zone regions. (The organisation workbook uses the
 * list; single regions are checked in SQL by `loadRegionInScope`.)
 */
export async function regionPrefixesInScope(ctx: Ctx, permission: Permission): Promise<string[]> {
  const scope = scopeFor(ctx, permission);
  if (scope.global) return ['/'];
  const ids = topUnitIds(ctx, permission);
  const units = ids.length
    ? await ctx.db.selectFrom('units').select('region_path').where('id', 'in', ids).execute()
    : [];
  return [...units.map((u) => u.region_path), ...scope.regionPaths];
}

/** The units at the top of the actor's unit scopes for `permission`: subtree roots and single units. */
function topUnitIds(ctx: Ctx, permission: Permission): string[] {
  const scope = scopeFor(ctx, permission);
  return scope.unitPaths.map((p) => p.split('/').filter(Boolean).at(-1)!).concat(scope.unitIds);
}

type RegionsEb = ExpressionBuilder<Database & { g: Database['regions'] }, 'g'>;

/** "Region `g` lies under the seat of unit `u`": the unit's region path is a prefix of the region's. */
const SEATED_ABOVE = sql<SqlBool>`(${sql.ref('u.region_path')} <= ${sql.ref('g.path')} and substr(${sql.ref('g.path')}, 1, length(${sql.ref('u.region_path')})) = ${sql.ref('u.region_path')})`;

/**
 * The SQL predicate "the actor administers region `g` with `permission`": it lies under the seat
 * of a unit at the top of one of their unit scopes, or inside one of their zone regions (the rule
 * of `regionPrefixesInScope`, evaluated by the database).
 */
function administeredRegion(ctx: Ctx, permission: Permission) {
  const scope = scopeFor(ctx, permission);
  const tops = topUnitIds(ctx, permission);
  return (eb: RegionsEb): Expression<SqlBool> => {
    if (scope.global) return sql<SqlBool>`1 = 1`;
    const parts: Expression<SqlBool>[] = scope.regionPaths.map((p) =>
      eb.and([eb('g.path', '>=', p), eb('g.path', '<', prefixUpper(p))]),
    );
    if (tops.length > 0)
      parts.push(
        eb.exists(
          eb
            .selectFrom('units as u')
            .select(sql<number>`1`.as('one'))
            .where('u.id', 'in', tops)
            .where(SEATED_ABOVE),
        ),
      );
    return parts.length > 0 ? eb.or(parts) : sql<SqlBool>`1 = 0`;
  };
}

/**
 * Loads region `code` for an administrator of regions (`org.manage` by default): NOT_FOUND
 * ('region') when it does not exist or lies outside the regions they administer.
 */
export async function loadRegionInScope(
  ctx: Ctx,
  code: string,
  permission: Permission = 'org.manage',
): Promise<RegionRow> {
  const row = await ctx.db
    .selectFrom('regions as g')
    .selectAll('g')
    .where('g.code', '=', code)
    .where((eb) => administeredRegion(ctx, permission)(eb))
    .executeTakeFirst();
  if (!row) throw errors.notFound('region');
  return row;
}

/**
 * Refuses adding a region under `parent` unless the actor administers it: a top-level region
 * (`parent` null, a city) only with a global scope (FORBIDDEN), another one NOT_FOUND when the
 * parent is out of reach.
 */
export async function assertMayAddRegionUnder(
  ctx: Ctx,
  parent: Pick<RegionRow, 'code'> | null,
  permission: Permission = 'org.manage',
): Promise<void> {
  if (!parent) {
    if (!scopeFor(ctx, permission).global) throw errors.forbidden(permission);
    return;
  }
  await loadRegionInScope(ctx, parent.code, permission);
}

/**
 * Loads region `code` when some unit inside the actor's scope for `action` is seated at it or
 * above it (the places within their units' reach, e.g. where they print QR posters): one query
 * with the unit policy's scope predicate; NOT_FOUND ('region') otherwise or when it does not exist.
 */
export async function loadRegionInUnitsReach(ctx: Ctx, code: string, action: UnitAction): Promise<RegionRow> {
  const global = scopeFor(ctx, unitPolicy.actions[action]).global;
  const row = await ctx.db
    .selectFrom('regions as g')
    .selectAll('g')
    .where('g.code', '=', code)
    .where((eb) =>
      global
        ? sql<SqlBool>`1 = 1`
        : eb.exists(
            eb
              .selectFrom('units as u')
              .select(sql<number>`1`.as('one'))
              .where(SEATED_ABOVE)
              .where(visibleWhere(ctx, unitPolicy, action, { alias: 'u' })),
          ),
    )
    .executeTakeFirst();
  if (!row) throw errors.notFound('region');
  return row;
}
