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
import type { Ctx } from '../../shared/context.js';
import { definePolicy, recusalWhere } from '../access/index.js';

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

/** "The actor is not recused from sanction `alias`'s case", or null while no recusal rule is registered. */
export function notRecusedFromSanctionCase(ctx: Ctx, alias = 's') {
  return recusalWhere(ctx, caseRecusalPolicy, alias, `${alias}.case_id`);
}
