/**
 * Who may see and do what with the grid, as SQL predicates (scope is data; a record outside them
 * answers 404). Outposts, informants, tasks and score events are owned by the township commission
 * (scope columns) and lie in a village (`region_code`):
 *
 * - `grid.read` / `grid.manage` reach a row over its scope columns (the township commission's
 *   subtree, the county's), or when a unit listed in the permission's scope lies in the row's
 *   village (the village supervision committee reads its own outpost).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import type { Permission } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** "The row (aliased `alias`) is in the reach of `permission`": empty without the permission. */
export function gridWhere(ctx: Ctx, permission: Permission, alias: string) {
  return (eb: Eb): Expression<SqlBool> => {
    const scope = ctx.actor?.scopes.get(permission);
    if (!scope) return sql<SqlBool>`1 = 0`;
    const owned = scopePredicate(eb, scope, {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
    if (scope.global || scope.unitIds.length === 0) return owned;
    const village = sql<SqlBool>`${sql.ref(`${alias}.region_code`)} in (select vu.region_code from units vu where vu.id in (${sql.join(
      scope.unitIds.map((id) => sql`${id}`),
    )}))`;
    return eb.or([owned, village]);
  };
}
