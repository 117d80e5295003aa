/**
 * Who may do what to sanctions, consulted through the access seam.
 *
 * - `read`: `sanction.read` within its scope over the handling commission (owner columns) or the
 *   person's region through `reach_path` (a township's or zone's sanction; a county-owned one is
 *   reached by its owner path only, as reviews are).
 * - `manage` (draft, decide, the steps, appeals): `sanction.manage` in the same scope.
 * - `export` (the "under an effect period" list for personnel departments): `sanction.export`.
 * - A person recused from the case sees nothing (404): the case's recusal rules apply to its
 *   sanctions (they are about the same people).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { definePolicy, recusalWhere, recusalWhereIfAny } from '../access/index.js';

/** Sanctions: read, manage, export. */
export const sanctionPolicy = definePolicy<'read' | 'manage' | 'export'>({
  resource: 'sanction',
  table: 'sanctions',
  scopeColumns: { unitId: 'owner_unit_id', unitPath: 'owner_unit_path', regionPath: 'reach_path' },
  actions: { read: 'sanction.read', manage: 'sanction.manage', export: 'sanction.export' },
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
function orWithoutCase(alias: string, notRecused: ReturnType<typeof recusalWhere>) {
  if (!notRecused) return null;
  return <DB, TB extends keyof DB>(builder: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const eb = builder as unknown as ExpressionBuilder<Database, keyof Database>;
    return eb.or([eb(sql.ref(`${alias}.case_id`), 'is', null), notRecused(eb)]);
  };
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
