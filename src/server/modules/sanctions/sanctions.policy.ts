/**
 * Who may do what to sanctions, consulted through the access seam.
 *
 * - `read`: `sanction.read` within its scope over the handling commission (owner columns) or the
 *   person's region through `reach_path` (a township's or zone's sanction; a county-owned one is
 *   reached by its owner path only, as reviews are). So a zone leader (zone scope: the zone's
 *   townships' regions and its workroom) reads the sanctions of the cases his zone handled and of
 *   his townships' own cases, never those the county commission owns nor another zone's.
 * - `read`, further (the policy's `reach`): the person's own township commission (a township
 *   commission unit in the reader's `sanction.read` unit scope, whose township region holds the
 *   sanction's `region_path`) reads the sanctions of its people whoever handled the case (a zone
 *   case, the county's own): the township announces them to the branch, changes job and pay and
 *   keeps the person's file. A zone's region scope does not count here (it would reach the
 *   county's own records of the zone's people). One record (`loadSanction`: its page, notices,
 *   documents) and a case's outcomes apply it; the ledger's tuned lists do not yet.
 * - `manage` (draft, decide, the steps, appeals): `sanction.manage` in the owner/reach scope only.
 * - `export` (the "under an effect period" list for personnel departments): `sanction.export`.
 * - A person recused from the case sees nothing (404): the case's recusal rules apply to its
 *   sanctions (they are about the same people).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import { definePolicy, recusalWhere, recusalWhereIfAny } from '../access/index.js';

/**
 * "Sanction `alias` is of a person of a township whose commission the actor reads sanctions for":
 * a township commission in the actor's `sanction.read` unit scope (subtree or unit; not a zone's
 * regions) whose region path is a prefix of the sanction's `region_path`.
 */
export function subjectTownshipWhere(eb: ExpressionBuilder<Database, never>, ctx: Ctx, alias: string) {
  const scope = scopeFor(ctx, 'sanction.read');
  if (scope.global || (scope.unitPaths.length === 0 && scope.unitIds.length === 0)) return sql<SqlBool>`1 = 0`;
  const units = scopePredicate(
    eb,
    { ...scope, regionPaths: [] },
    { unitId: 'tu.id', unitPath: 'tu.path', regionPath: 'tu.region_path' },
  );
  const region = sql.ref(`${alias}.region_path`);
  return sql<SqlBool>`exists (select 1 from units tu where tu.kind = 'township_commission' and ${units}
    and substr(${region}, 1, length(tu.region_path)) = tu.region_path)` as Expression<SqlBool>;
}

/** Sanctions: read, manage, export. */
export const sanctionPolicy = definePolicy<'read' | 'manage' | 'export'>({
  resource: 'sanction',
  table: 'sanctions',
  scopeColumns: { unitId: 'owner_unit_id', unitPath: 'owner_unit_path', regionPath: 'reach_path' },
  actions: { read: 'sanction.read', manage: 'sanction.manage', export: 'sanction.export' },
  reach: { read: subjectTownshipWhere },
});

/** An action on sanctions. */
export type SanctionAction = keyof typeof sanctionPolicy.actions;

/** The case's recusal rules applied to its sanctions (`sanctions.case_id`). */
const caseRecusalPolicy = definePolicy({
  resource: 'case',
  table: 'sanctions',
  idColumn: 'case_id',
  actions: { read: 'sanction.read' },
});

/**
 * "The actor is not recused from sanction `alias`'s case" as a predicate that holds for a record
 * without a case (an imported one): `case_id in (…)` alone is NULL there, and its negation hid
 * every imported record from anyone recused from any case.
 */
function orWithoutCase(alias: string, notRecused: ReturnType<typeof recusalWhere>): ReturnType<typeof recusalWhere> {
  if (!notRecused) return null;
  const where = (builder: unknown): Expression<SqlBool> => {
    const eb = builder as ExpressionBuilder<Database, never>;
    return eb.or([eb(sql.ref(`${alias}.case_id`), 'is', null), notRecused(eb)]);
  };
  return where;
}

/** "The actor is not recused from sanction `alias`'s case", or null while no recusal rule is registered. */
export function notRecusedFromSanctionCase(ctx: Ctx, alias = 's') {
  return orWithoutCase(alias, recusalWhere(ctx, caseRecusalPolicy, alias, `${alias}.case_id`));
}

/**
 * `notRecusedFromSanctionCase`, or null when the actor is recused from no case at all (checked
 * now): the ledger's counts then read an index alone (`recusalWhereIfAny`).
 */
export async function notRecusedFromSanctionCaseIfAny(ctx: Ctx, alias = 's') {
  return orWithoutCase(alias, await recusalWhereIfAny(ctx, caseRecusalPolicy, alias, `${alias}.case_id`));
}
