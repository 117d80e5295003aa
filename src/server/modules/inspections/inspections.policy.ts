/**
 * Who may see and do what with checklist templates and inspections, consulted through the access seam.
 *
 * - A template is read by a holder of `inspection.read` whose scope covers its owning unit; the
 *   county's issued (and superseded) versions are read by everyone of the county besides (a
 *   township adapts them). Another township's template answers 404. `checklist.manage` over the
 *   owning unit edits and issues; adapting needs only to read the county's version.
 * - An inspection is seen by a holder of `inspection.read` whose scope covers the organising unit,
 *   and by its team (检查组) and creator anywhere in the county (a township officer on a county
 *   team works it). `inspection.manage` over the organiser: submit, start, close; the team works
 *   the checklist and writes the report (the service says which member may do what).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere } from '../access/index.js';

type Eb = ExpressionBuilder<Database, never>;

/** "The template (aliased `alias`) is a county version issued in the actor's county". */
function countyIssuedWhere(ctx: Ctx, alias: string): Expression<SqlBool> {
  const unitId = ctx.actor?.unitId ?? '';
  return sql<SqlBool>`(${sql.ref(`${alias}.level`)} = 'county' and ${sql.ref(`${alias}.status`)} <> 'draft'
    and ${sql.ref(`${alias}.county_code`)} = (select u.county_code from units u where u.id = ${unitId}))`;
}

/** Templates: read (in scope, or the county's issued versions), manage (`checklist.manage` over the owner). */
export const templatePolicy = definePolicy<'read' | 'manage'>({
  resource: 'checklist_template',
  table: 'checklist_templates',
  actions: { read: 'inspection.read', manage: 'checklist.manage' },
  reach: { read: (_eb, ctx, alias) => countyIssuedWhere(ctx, alias) },
});

/** An action on templates. */
export type TemplateAction = keyof typeof templatePolicy.actions;

/** The templates the actor may list (aliased `alias`). */
export function templateListWhere(ctx: Ctx, alias = 't') {
  return (eb: Eb): Expression<SqlBool> =>
    eb.or([
      scopePredicate(eb, scopeFor(ctx, 'inspection.read'), {
        unitId: `${alias}.owner_unit_id`,
        unitPath: `${alias}.owner_unit_path`,
        regionPath: `${alias}.region_path`,
      }),
      countyIssuedWhere(ctx, alias),
    ]);
}

/** "The actor is on inspection `column`'s team or created it" (index `inspection_members_user`). */
export function inspectionTeamWhere(ctx: Ctx, column: string): Expression<SqlBool> {
  const userId = ctx.actor?.userId ?? '';
  return sql<SqlBool>`(exists (select 1 from inspection_members im where im.inspection_id = ${sql.ref(column)}
    and im.user_id = ${userId}) or exists (select 1 from inspections ix where ix.id = ${sql.ref(column)}
    and ix.created_by = ${userId}))`;
}

/** Inspections: read and work (in scope or on the team), manage (organisers in scope). */
export const inspectionPolicy = definePolicy<'read' | 'manage'>({
  resource: 'inspection',
  table: 'inspections',
  actions: { read: 'inspection.read', manage: 'inspection.manage' },
  team: {
    predicate: (_eb, ctx, idColumn) =>
      inspectionTeamWhere(ctx, idColumn.includes('.') ? idColumn : `inspections.${idColumn}`),
    actions: [],
    reachesOutOfScope: true,
  },
});

/** An action on inspections. */
export type InspectionAction = keyof typeof inspectionPolicy.actions;

/** The inspections the actor may list (aliased `alias`): in scope or on the team, not recused. */
export function inspectionListWhere(ctx: Ctx, alias = 'i', side: 'any' | 'team' = 'any') {
  const recused = recusalWhere(ctx, inspectionPolicy, alias);
  return (eb: Eb): Expression<SqlBool> => {
    const team = inspectionTeamWhere(ctx, `${alias}.id`);
    const visible =
      side === 'team'
        ? team
        : eb.or([
            scopePredicate(eb, scopeFor(ctx, 'inspection.read'), {
              unitId: `${alias}.owner_unit_id`,
              unitPath: `${alias}.owner_unit_path`,
              regionPath: `${alias}.region_path`,
            }),
            team,
          ]);
    return recused ? eb.and([visible, recused(eb)]) : visible;
  };
}
