/**
 * Who may see and do what with the small-powers list and its uses, as SQL predicates (scope is
 * data; a record outside them answers 404).
 *
 * - The list (items) is the county's: anyone holding `micro_power.read` whose scope reaches a unit
 *   of that county reads it (the township and the village use the county's list); configuring is
 *   `micro_power.configure` over the item's scope columns, the county commission's — a township
 *   secretary's scope (their township) does not reach it.
 * - A use is its village's: `micro_power.read` (or `.record`) reaches it when the permission's scope
 *   covers a unit at the use's village (the clerk's own 村民委员会, the village supervision
 *   committee, the township commission over its villages, the county): `useReach` + `useWhere`.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Permission } from '../access/index.js';
import type { Ctx } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';

type Eb = ExpressionBuilder<Database, never>;

const UNIT_COLS = { unitId: 'su.id', unitPath: 'su.path', regionPath: 'su.region_path' };

/** "`permission`'s scope covers some unit whose `column` equals the record's `ref`": empty without it. */
function unitsReach(eb: Eb, ctx: Ctx, permission: Permission, column: 'county_code' | 'region_code', ref: string) {
  const scope = ctx.actor?.scopes.get(permission);
  if (!scope) return sql<SqlBool>`1 = 0`;
  return eb.exists(
    eb
      .selectFrom('units as su')
      .select(sql<number>`1`.as('one'))
      .whereRef(`su.${column}`, '=', sql.ref(ref))
      .where((e) => scopePredicate(e, scope, UNIT_COLS)),
  );
}

/** The item versions the actor may read (items aliased `alias`): their county is in reach. */
export function itemReadWhere(ctx: Ctx, alias = 'i') {
  return (eb: Eb): Expression<SqlBool> =>
    unitsReach(eb, ctx, 'micro_power.read', 'county_code', `${alias}.county_code`);
}

/** The items the actor may configure (aliased `alias`): `micro_power.configure` over their scope columns. */
export function itemConfigureWhere(ctx: Ctx, alias = 'i') {
  return (eb: Eb): Expression<SqlBool> => {
    const scope = ctx.actor?.scopes.get('micro_power.configure');
    if (!scope) return sql<SqlBool>`1 = 0`;
    return scopePredicate(eb, scope, {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
  };
}

/** The villages whose uses a permission reaches: their codes, or `all` (a global scope). */
export type UseReach = readonly string[] | 'all';

/**
 * The villages `permission` reaches: those with a unit in its scope (the clerk's own 村民委员会, the
 * village supervision committee, a township commission's villages, a county's). One small query,
 * so the uses' predicate is an indexed `village_code in (…)` (an EXISTS per use was 58 times the
 * raw statement in the bench). Every use's unit is at its village, so nothing is left out.
 */
export async function useReach(ctx: Ctx, permission: Permission = 'micro_power.read'): Promise<UseReach> {
  const scope = ctx.actor?.scopes.get(permission);
  if (!scope) return [];
  if (scope.global) return 'all';
  const rows = await ctx.db
    .selectFrom('units as su')
    .innerJoin('regions as r', 'r.code', 'su.region_code')
    .select('su.region_code')
    .distinct()
    .where('r.level', '=', 'village')
    .where((eb) => scopePredicate(eb, scope, UNIT_COLS))
    .execute();
  return rows.map((r) => r.region_code);
}

/** "The use (aliased `alias`) is at a village in `reach`". */
export function useWhere(reach: UseReach, alias = 'u') {
  return (eb: Eb): Expression<SqlBool> => {
    if (reach === 'all') return sql<SqlBool>`1 = 1`;
    if (reach.length === 0) return sql<SqlBool>`1 = 0`;
    return eb(sql.ref(`${alias}.village_code`), 'in', reach as string[]);
  };
}

/** Units the actor reaches with `permission` (units aliased `su`), for picking a use's village unit. */
export function unitReachWhere(ctx: Ctx, permission: Permission) {
  return (eb: Eb): Expression<SqlBool> => {
    const scope = ctx.actor?.scopes.get(permission);
    if (!scope) return sql<SqlBool>`1 = 0`;
    return scopePredicate(eb, scope, UNIT_COLS);
  };
}
