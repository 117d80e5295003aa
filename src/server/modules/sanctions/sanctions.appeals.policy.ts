/**
 * Who may see and handle appeals (申诉/复议/复查, 复审/复核): `sanction.read` / `sanction.manage`
 * within the scope of the deciding unit (owner columns) or the sanction's reach (`region_path`
 * copies the sanction's `reach_path`). Recusal from the sanction's case hides its appeals too
 * (`appealNotRecused`).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { definePolicy } from '../access/index.js';
import { notRecusedFromSanctionCase } from './sanctions.policy.js';

/** Appeals: read, manage. */
export const sanctionAppealPolicy = definePolicy<'read' | 'manage'>({
  resource: 'sanction_appeal',
  table: 'sanction_appeals',
  scopeColumns: { unitId: 'owner_unit_id', unitPath: 'owner_unit_path', regionPath: 'region_path' },
  actions: { read: 'sanction.read', manage: 'sanction.manage' },
});

/** An action on appeals. */
export type SanctionAppealAction = keyof typeof sanctionAppealPolicy.actions;

/**
 * "The actor is not recused from the case of appeal `alias`'s sanction", as a SQL predicate over
 * `${alias}.sanction_id`, or null while no recusal rule is registered.
 */
export function appealNotRecused(ctx: Ctx, alias = 'a') {
  const notRecused = notRecusedFromSanctionCase(ctx, 'rs');
  if (!notRecused) return null;
  return <DB, TB extends keyof DB>(builder: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const eb = builder as unknown as ExpressionBuilder<Database, 'sanction_appeals'>;
    return eb.exists(
      eb
        .selectFrom('sanctions as rs')
        .select('rs.id')
        .whereRef('rs.id', '=', eb.ref(`${alias}.sanction_id` as never))
        .where((inner) => notRecused(inner as never)),
    );
  };
}
