/**
 * Who may see and do what with recommendations (监察建议书 / 纪律检查建议书), through the access seam.
 *
 * - A recommendation is seen by the recipient side (`rectification.read` over its scope columns:
 *   the recipient unit, and whoever's scope covers it) and by the issuer side (`rectification.read`
 *   over the issuing commission's columns); anyone else gets 404.
 * - Drafting, editing, issuing and ruling on a refusal are the issuer side's: `rectification.manage`
 *   over the issuing commission (`onIssuerSide`). Replying and refusing are the recipient's:
 *   `rectification.respond` or `rectification.manage` over the recipient unit, and not the issuer
 *   side (`onRecipientSide`): a commission does not answer its own recommendation.
 */
import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { EMPTY_SCOPE, type Scope, inScope, scopePredicate } from '../../shared/scope.js';
import { type Permission, definePolicy } from '../access/index.js';
import type { RecommendationRow } from './rectification.recommendations.tables.js';

type Eb = ExpressionBuilder<Database, never>;

/** The issuer side of a recommendation (aliased `alias`, or the bare table): read over the issuer columns. */
export function recommendationIssuerWhere(eb: Eb, ctx: Ctx, alias: string | null): Expression<SqlBool> {
  const col = (c: string) => (alias ? `${alias}.${c}` : `recommendations.${c}`);
  return scopePredicate(eb, scopeFor(ctx, 'rectification.read'), {
    unitId: col('issuer_unit_id'),
    unitPath: col('issuer_unit_path'),
    regionPath: col('issuer_region_path'),
  });
}

/** Recommendations: read, respond (the recipient), manage (the issuer), by either side's scope. */
export const recommendationPolicy = definePolicy<'read' | 'respond' | 'manage'>({
  resource: 'recommendation',
  table: 'recommendations',
  actions: { read: 'rectification.read', respond: 'rectification.read', manage: 'rectification.read' },
  team: {
    predicate: (eb, ctx, idColumn) =>
      recommendationIssuerWhere(eb, ctx, idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null),
    actions: [],
    reachesOutOfScope: true,
  },
});

/** An action on recommendations. */
export type RecommendationAction = keyof typeof recommendationPolicy.actions;

/** The recommendations the actor may list (aliased `alias`): to a unit in scope, or issued by one. */
export function recommendationListWhere(ctx: Ctx, alias = 'r', side: 'any' | 'recipient' | 'issuer' = 'any') {
  return (eb: Eb): Expression<SqlBool> => {
    const recipient = scopePredicate(eb, scopeFor(ctx, 'rectification.read'), {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
    if (side === 'recipient') return recipient;
    const issuer = recommendationIssuerWhere(eb, ctx, alias);
    return side === 'issuer' ? issuer : eb.or([recipient, issuer]);
  };
}

/** The actor's scope for `permission`, empty when they lack it (no FORBIDDEN: a question, not a gate). */
function scopeIfHeld(ctx: Ctx, permission: Permission): Scope {
  return ctx.actor?.scopes.get(permission) ?? EMPTY_SCOPE;
}

/** The issuing commission's columns as a scoped row (for `inScope`). */
function issuerColumns(r: Pick<RecommendationRow, 'issuer_unit_id' | 'issuer_unit_path' | 'issuer_region_path'>) {
  return { owner_unit_id: r.issuer_unit_id, owner_unit_path: r.issuer_unit_path, region_path: r.issuer_region_path };
}

/** Whether the actor manages rectification for the issuing commission (drafts, issues, rules). */
export function onIssuerSide(
  ctx: Ctx,
  r: Pick<RecommendationRow, 'issuer_unit_id' | 'issuer_unit_path' | 'issuer_region_path'>,
): boolean {
  return inScope(scopeIfHeld(ctx, 'rectification.manage'), issuerColumns(r));
}

/**
 * Whether the actor answers for the recipient unit: of that unit, or holding `rectification.respond`
 * or `rectification.manage` over it, and not on the issuer side.
 */
export function onRecipientSide(ctx: Ctx, r: RecommendationRow): boolean {
  if (ctx.actor?.unitId === r.owner_unit_id && ctx.actor.permissions.has('rectification.respond')) return true;
  const covers =
    inScope(scopeIfHeld(ctx, 'rectification.respond'), r) || inScope(scopeIfHeld(ctx, 'rectification.manage'), r);
  if (!covers) return false;
  return ctx.actor?.unitId === r.owner_unit_id || !onIssuerSide(ctx, r);
}
