/**
 * Who may see and do what with a village's disclosure, consulted through the access seam.
 *
 * - A version is owned by the village's 村务监督委员会 unit (scope columns), so the township and
 *   the county read it by their unit subtree or region, in SQL.
 * - The village's own accounts sit in two units: the 村务监督委员会 (its director reviews and
 *   signs) and the 村民委员会 (its clerk or the township's agency accountant prepares). A holder
 *   whose scope lists a unit of the village's region reaches its versions too (the policy's reach),
 *   so the clerk of one village never sees another's.
 * - Preparing is `disclosure.prepare`, reviewing and signing `disclosure.review`, over the same reach.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { type Permission, definePolicy, visibleWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** "A unit listed in the actor's `permission` scope lies in the row's village" (rows aliased `alias`). */
export function villageUnitsWhere(ctx: Ctx, permission: Permission, column: string): Expression<SqlBool> {
  const scope = ctx.actor?.scopes.get(permission);
  if (!scope || scope.unitIds.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (select vu.region_code from units vu where vu.id in (${sql.join(
    scope.unitIds.map((id) => sql`${id}`),
  )}))`;
}

/** Disclosure versions: read, prepare (the village clerk), review (the supervision committee). */
export const disclosurePolicy = definePolicy<'read' | 'prepare' | 'review'>({
  resource: 'disclosure_batch',
  table: 'disclosure_batches',
  actions: { read: 'disclosure.read', prepare: 'disclosure.prepare', review: 'disclosure.review' },
  reach: {
    read: (_eb, ctx, alias) => villageUnitsWhere(ctx, 'disclosure.read', `${alias}.region_code`),
    prepare: (_eb, ctx, alias) => villageUnitsWhere(ctx, 'disclosure.prepare', `${alias}.region_code`),
    review: (_eb, ctx, alias) => villageUnitsWhere(ctx, 'disclosure.review', `${alias}.region_code`),
  },
});

/** An action on disclosure versions. */
export type DisclosureAction = keyof typeof disclosurePolicy.actions;

/** The versions the actor may list (aliased `alias`), with the policy's reach. */
export function disclosureListWhere(ctx: Ctx, alias = 'b', action: DisclosureAction = 'read') {
  return (eb: Eb): Expression<SqlBool> => visibleWhere(ctx, disclosurePolicy, action, { alias, reach: true })(eb);
}
