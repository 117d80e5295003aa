/**
 * The workbench line of the verification stage: clues whose verification report proposed a case
 * and was approved, waiting for the filing request (立案呈批) of the case stage: "待立案审批".
 * Read in the person's register scope (案管 manages clues and cases centrally).
 */
import type { ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import type { WorkbenchCardContent } from '../../shared/module.js';
import { visibleWhere } from '../access/index.js';
import { cluePolicy } from './clues.policy.js';

type Eb = ExpressionBuilder<Database, keyof Database>;

/** Filing requests handed over and not yet taken by the case stage, oldest first. */
export async function filingRequests(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('clue_handovers as h')
    .innerJoin('clues as c', 'c.id', 'h.clue_id')
    .where('h.kind', '=', 'filing_request')
    .where('h.taken_at', 'is', null)
    .where((eb) => visibleWhere(ctx, cluePolicy, 'register', { alias: 'c' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.subject_name', 'h.created_at'])
      .orderBy('h.created_at')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/clues?status=case_proposed',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: `待立案审批 · ${r.subject_name}`,
      at: r.created_at,
      dueOn: null,
      overdue: false,
      href: `/clues/${r.id}`,
    })),
  };
}
