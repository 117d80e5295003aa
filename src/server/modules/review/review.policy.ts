/**
 * Who may do what to reviews (审理), consulted through the access seam.
 *
 * - The ledger line: `review.read` within its scope over the reviewing unit (owner columns) or the
 *   subject's region, **or** over the case's handling unit (`handling_unit_*`): the unit that
 *   investigated sees its case's review status, not its content (`reviewLineWhere`).
 * - The content (`detail`) and the work (`manage`): the review team or panel (current members,
 *   anywhere in the county: a township secretary on a zone panel), or a holder of `review.read`
 *   whose scope covers the reviewing unit (the 案件审理室, the county's leaders).
 * - The zone leader (`review.manage` over the zone's townships' regions) reads the content of a
 *   township review of his zone's people, so that he can convene its cross-review panel (issue 14
 *   §1: each zone convenes one from its other townships) from the review's page, and does the
 *   panel's work once convened (its talks, deliberation, report) — even when the panel's home is
 *   not in his scope (a zone without a workroom). A township's review without a panel stays the
 *   township's work; another zone's, and the county's own reviews, stay out of reach.
 * - `assign` (accept, form the team, convene a panel): `review.manage` over the reviewing unit or
 *   the subject's region (the zone leader convenes a panel for the zone's townships).
 * - A person recused from the case sees nothing (404): the recusal register's rules for `review`
 *   are the case's (the review is about the same people).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** "The actor is a current member of review `idColumn`'s team or panel" (index `review_members_current`). */
export function reviewMemberWhere(ctx: Ctx, idColumn: string) {
  const userId = ctx.actor?.userId ?? '';
  const outer = idColumn.includes('.') ? idColumn : `reviews.${idColumn}`;
  return sql<SqlBool>`exists (select 1 from review_members rm where rm.review_id = ${sql.ref(outer)}
    and rm.user_id = ${userId} and rm.removed_at is null)`;
}

/**
 * "The actor is on the current review team of case `caseIdColumn`" (the case module's file-reader
 * seam: a reviewer reads the case file read-only).
 */
export function reviewsCaseWhere(ctx: Ctx, caseIdColumn: string) {
  const userId = ctx.actor?.userId ?? '';
  return sql<SqlBool>`exists (select 1 from reviews rv inner join review_members rm on rm.review_id = rv.id
    where rv.case_id = ${sql.ref(caseIdColumn)} and rm.user_id = ${userId} and rm.removed_at is null)`;
}

function qualifier(idColumn: string) {
  const alias = idColumn.includes('.') ? idColumn.slice(0, idColumn.indexOf('.')) : null;
  return (c: string) => (alias ? `${alias}.${c}` : c);
}

/**
 * "The actor convenes review `idColumn`'s cross-review panel": `review.manage` over the subject's
 * region through a zone's regions (`reach_path`; a county review's is its owner's unit path, which
 * no region matches). For the content (`detail`, a list's full column) always — the zone leader
 * reads the township review he may convene a panel for; for the work (`manage`) only once the
 * panel is convened (route `panel`): the panel's deliberation is the zone's, a township's own
 * review stays its own. Null when the actor holds no region scope.
 */
function convenesPanel(eb: Eb, ctx: Ctx, idColumn: string, action: string | undefined): Expression<SqlBool> | null {
  const regions = ctx.actor?.scopes.get('review.manage')?.regionPaths ?? [];
  if (regions.length === 0) return null;
  const col = qualifier(idColumn);
  const inZone = scopePredicate(
    eb,
    { global: false, unitIds: [], unitPaths: [], regionPaths: regions },
    { unitId: col('owner_unit_id'), unitPath: col('owner_unit_path'), regionPath: col('reach_path') },
  );
  if (action !== 'manage') return inZone;
  return eb.and([inZone, eb(sql.ref(col('route')), '=', 'panel')]);
}

/**
 * The team predicate: a current member, `review.read` over the reviewing unit (not the region),
 * or the zone's convener (`convenesPanel`).
 */
function onReviewTeam(eb: Eb, ctx: Ctx, idColumn: string, action?: string): Expression<SqlBool> {
  const member = reviewMemberWhere(ctx, idColumn);
  const supervises = ctx.actor?.scopes.get('review.read');
  const convener = convenesPanel(eb, ctx, idColumn, action);
  const col = qualifier(idColumn);
  const parts: Expression<SqlBool>[] = [member];
  if (supervises)
    parts.unshift(
      scopePredicate(
        eb,
        { ...supervises, regionPaths: [] },
        {
          unitId: col('owner_unit_id'),
          unitPath: col('owner_unit_path'),
          regionPath: col('region_path'),
        },
      ),
    );
  if (convener) parts.push(convener);
  return parts.length === 1 ? member : eb.or(parts);
}

/** Reviews: read (the line), detail (content), manage (the work), assign (acceptance, team, panel). */
export const reviewPolicy = definePolicy<'read' | 'detail' | 'manage' | 'assign'>({
  resource: 'review',
  table: 'reviews',
  // A zone's scope over the subject's region reaches a township's or its panel's review, never
  // the work of one the county's 案件审理室 owns (`reach_path` is then the owner's unit path, which
  // no region path matches); the ledger line (`reviewLineWhere`) still shows the region its reviews.
  scopeColumns: { unitId: 'owner_unit_id', unitPath: 'owner_unit_path', regionPath: 'reach_path' },
  actions: { read: 'review.read', detail: 'review.read', manage: 'review.manage', assign: 'review.manage' },
  team: { predicate: onReviewTeam, actions: ['detail', 'manage'], reachesOutOfScope: true },
});

/** An action on reviews. */
export type ReviewAction = keyof typeof reviewPolicy.actions;

/** The case's recusal rules applied to its review (`reviews.case_id`): recused from the case, the review is hidden too. */
const caseRecusalPolicy = definePolicy({
  resource: 'case',
  table: 'reviews',
  idColumn: 'case_id',
  actions: { read: 'review.read' },
});

/** "The actor is not recused from review `alias`'s case", or null while no recusal rule is registered. */
export function notRecusedFromCase(ctx: Ctx, alias = 'v') {
  return recusalWhere(ctx, caseRecusalPolicy, alias, `${alias}.case_id`);
}

/**
 * The ledger lines the actor may see (reviews aliased `alias`): `review.read` over the reviewing
 * unit or the subject's region, over the case's handling unit, or on the team; never a review of
 * a case they are recused from.
 */
export function reviewLineWhere(ctx: Ctx, alias = 'v') {
  const scope = scopeFor(ctx, 'review.read');
  const recused = recusalWhere(ctx, reviewPolicy, alias);
  const recusedFromCase = notRecusedFromCase(ctx, alias);
  return (eb: Eb): Expression<SqlBool> => {
    const owner = scopePredicate(eb, scope, {
      unitId: `${alias}.owner_unit_id`,
      unitPath: `${alias}.owner_unit_path`,
      regionPath: `${alias}.region_path`,
    });
    const handling = scopePredicate(
      eb,
      { ...scope, regionPaths: [] },
      {
        unitId: `${alias}.handling_unit_id`,
        unitPath: `${alias}.handling_unit_path`,
        regionPath: `${alias}.region_path`,
      },
    );
    const visible = eb.or([owner, handling, reviewMemberWhere(ctx, `${alias}.id`)]);
    const parts = [visible, ...(recused ? [recused(eb)] : []), ...(recusedFromCase ? [recusedFromCase(eb)] : [])];
    return parts.length === 1 ? visible : eb.and(parts);
  };
}

/** "The actor sees review `alias`'s content" (the ledger's full/line column). */
export function reviewFullWhere(ctx: Ctx, alias = 'v') {
  return (eb: Eb): Expression<SqlBool> => onReviewTeam(eb, ctx, `${alias}.id`);
}
