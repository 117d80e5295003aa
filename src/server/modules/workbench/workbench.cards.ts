/**
 * What most workbench cards are made of: one query in the person's scope, counted up to a cap,
 * and its first rows. The modules that contribute cards build the query (they know their tables
 * and scope rules) and turn the rows into items; the counting, the empty card and the capped
 * count are said once here. The workbench module imports no other module, so every module may
 * import this without a cycle.
 */
import type { SelectQueryBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Ctx } from '../../shared/context.js';
import type { WorkbenchCardContent } from '../../shared/module.js';

/** A card's content besides its count, made from its first rows. */
export type CardBody = Omit<WorkbenchCardContent, 'count' | 'countCapped'>;

/**
 * The card of query `base`: null when it counts no row; else its count (capped, see
 * `countUpTo`) and `body(rows)` of the rows `first(base)` reads (the caller selects, orders and
 * limits them). Count and rows are read at once.
 */
export async function queryCard<DB, TB extends keyof DB, O, R>(
  ctx: Ctx,
  base: SelectQueryBuilder<DB, TB, O>,
  first: (base: SelectQueryBuilder<DB, TB, O>) => Promise<R[]>,
  body: (rows: R[]) => CardBody,
): Promise<WorkbenchCardContent | null> {
  const [{ count, capped }, rows] = await Promise.all([countUpTo(ctx.db, base), first(base)]);
  if (count === 0) return null;
  return { count, countCapped: capped, ...body(rows) };
}
