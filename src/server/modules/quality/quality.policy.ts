/**
 * Who may see and do what in the quality review (案件质量评查), consulted through the access seam.
 *
 * - A review is seen by a holder of `quality.read` whose scope covers the organising unit, and by
 *   its panel (评查组) and its creator anywhere in the county: a zone leader organises a review
 *   owned by their county office, a township secretary sits on another township's panel.
 *   `quality.manage` (organisers) creates reviews and picks cases.
 * - A problem (问题清单的一项) is seen by the unit it is addressed to (`quality.read` over the
 *   handling unit: the owner columns) and by the review's side (`quality.read` over the organising
 *   unit, the panel, the creator); anyone else gets 404. Rectifying is the handling unit's (its own
 *   staff: `quality.read` is what township secretaries hold), confirming the panel's; the service
 *   says which person may do each, the seam says who may see the record at all.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** "The actor is on review `reviewColumn`'s panel or created it" (index `quality_review_members_user`). */
export function reviewPanelWhere(ctx: Ctx, reviewColumn: string): Expression<SqlBool> {
  const userId = ctx.actor?.userId ?? '';
  return sql<SqlBool>`(exists (select 1 from quality_review_members qm where qm.review_id = ${sql.ref(reviewColumn)}
    and qm.user_id = ${userId}) or exists (select 1 from quality_reviews qr where qr.id = ${sql.ref(reviewColumn)}
    and qr.created_by = ${userId}))`;
}

/** The review's side of a problem: `quality.read` over the organising unit, or the panel. */
function organiserSide(eb: Eb, ctx: Ctx, alias: string | null): Expression<SqlBool> {
  const col = (c: string) => (alias ? `${alias}.${c}` : `quality_problems.${c}`);
  return eb.or([
    scopePredicate(eb, scopeFor(ctx, 'quality.read'), {
      unitId: col('organiser_unit_id'),
      unitPath: col('organiser_unit_path'),
      regionPath: col('organiser_region_path'),
    }),
    reviewPanelWhere(ctx, col('review_id')),
  ]);
}

/** Reviews: read (in scope, or on the panel), manage (organisers: pick cases, close the review). */
export const reviewPolicy = definePolicy<'read' | 'manage'>({
  resource: 'quality_review',
  table: 'quality_reviews',
  actions: { read: 'quality.read', manage: 'quality.manage' },
  team: {
    predicate: (_eb, ctx, idColumn) =>
      reviewPanelWhere(ctx, idColumn.includes('.') ? idColumn : `quality_reviews.${idColumn}`),
    actions: [],
    reachesOutOfScope: true,
  },
});

/** An action on reviews. */
export type ReviewAction = keyof typeof reviewPolicy.actions;

/** Problems: read, rectify (the handling unit), confirm (the panel), by the owner's scope or the review's side. */
export const problemPolicy = definePolicy<'read' | 'rectify' | 'confirm'>({
  resource: 'quality_problem',
  table: 'quality_problems',
  actions: { read: 'quality.read', rectify: 'quality.read', confirm: 'quality.read' },
  team: {
    predicate: (eb, ctx, idColumn) =>
      organiserSide(eb, ctx, idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null),
    actions: [],
    reachesOutOfScope: true,
  },
});

/** An action on problems. */
export type ProblemAction = keyof typeof problemPolicy.actions;

/** The reviews the actor may list (reviews aliased `alias`): in scope or on the panel, not recused. */
export function reviewListWhere(ctx: Ctx, alias = 'r') {
  const recused = recusalWhere(ctx, reviewPolicy, alias);
  return (eb: Eb): Expression<SqlBool> => {
    const visible = eb.or([
      scopePredicate(eb, scopeFor(ctx, 'quality.read'), {
        unitId: `${alias}.owner_unit_id`,
        unitPath: `${alias}.owner_unit_path`,
        regionPath: `${alias}.region_path`,
      }),
      reviewPanelWhere(ctx, `${alias}.id`),
    ]);
    return recused ? eb.and([visible, recused(eb)]) : visible;
  };
}

/**
 * The problems the actor may list (problems aliased `alias`): addressed to a unit in their scope,
 * or of a review on their side (`side: 'owner'` keeps only the first: the workbench's "my unit").
 */
export function problemListWhere(ctx: Ctx, alias = 'p', side: 'any' | 'owner' = 'any') {
  const recused = recusalWhere(ctx, problemPolicy, alias);
  return (eb: Eb): Expression<SqlBool> => {
    const owner = scopePredicate(eb, scopeFor(ctx, 'quality.read'), {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
    const visible = side === 'owner' ? owner : eb.or([owner, organiserSide(eb, ctx, alias)]);
    return recused ? eb.and([visible, recused(eb)]) : visible;
  };
}
