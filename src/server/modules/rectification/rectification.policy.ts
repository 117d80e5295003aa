/**
 * Who may see and do what with rectification items, consulted through the access seam.
 *
 * - An item is seen by the responsible unit (`rectification.read` over its scope columns: the
 *   village committee's or department's contact, the township over its villages) and by the
 *   supervising side (`rectification.read` over the issuer columns); anyone else gets 404.
 * - Managing (交办, 验收/退回, 督促/约谈/通报/问责, approving extensions) is the issuer side's
 *   (`rectification.manage`); responding (start, submit evidence, ask for an extension) the
 *   responsible unit's (`rectification.respond`, or `rectification.manage` over the owner columns:
 *   a township works the items addressed to itself). The services say which side may do each.
 */
import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/**
 * The issuer side of an item (aliased `alias`, or the bare table): `rectification.read` over the
 * issuer columns (`indexed: false`: written so that no index serves it, see `scopePredicate`).
 */
export function issuerSideWhere(
  eb: Eb,
  ctx: Ctx,
  alias: string | null,
  opts: { indexed?: boolean } = {},
): Expression<SqlBool> {
  const col = (c: string) => (alias ? `${alias}.${c}` : `rectification_items.${c}`);
  return scopePredicate(
    eb,
    scopeFor(ctx, 'rectification.read'),
    {
      unitId: col('issuer_unit_id'),
      unitPath: col('issuer_unit_path'),
      regionPath: col('issuer_region_path'),
    },
    opts,
  );
}

/** Items: read, respond (the responsible unit), manage (the issuer side), by either side's scope. */
export const rectificationPolicy = definePolicy<'read' | 'respond' | 'manage'>({
  resource: 'rectification_item',
  table: 'rectification_items',
  actions: { read: 'rectification.read', respond: 'rectification.read', manage: 'rectification.read' },
  team: {
    predicate: (eb, ctx, idColumn) =>
      issuerSideWhere(eb, ctx, idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null),
    actions: [],
    reachesOutOfScope: true,
  },
});

/** An action on rectification items. */
export type RectificationAction = keyof typeof rectificationPolicy.actions;

/**
 * The items the actor may list (items aliased `alias`): addressed to a unit in their scope, or
 * issued by one (`side: 'owner'` keeps only the first: the responsible unit's own workbench).
 * `indexed: false` writes it so that no scope index serves it (the ledger's walk of its order).
 */
export function rectificationListWhere(
  ctx: Ctx,
  alias = 'i',
  side: 'any' | 'owner' | 'issuer' = 'any',
  opts: { indexed?: boolean } = {},
) {
  return (eb: Eb): Expression<SqlBool> => {
    const owner = scopePredicate(
      eb,
      scopeFor(ctx, 'rectification.read'),
      {
        unitId: `${alias}.owner_unit_id`,
        unitPath: `${alias}.owner_unit_path`,
        regionPath: `${alias}.region_path`,
      },
      opts,
    );
    if (side === 'owner') return owner;
    const issuer = issuerSideWhere(eb, ctx, alias, opts);
    return side === 'issuer' ? issuer : eb.or([owner, issuer]);
  };
}
