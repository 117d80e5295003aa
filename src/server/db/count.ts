import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './types.js';

/**
 * Counts the rows of `query` up to `cap` (a subquery with LIMIT): a card or a badge never pays
 * for counting a county's million rows; `capped` says the true count is at least `cap`.
 */
export async function countUpTo<DB, TB extends keyof DB, O>(
  db: Kysely<Database>,
  query: SelectQueryBuilder<DB, TB, O>,
  cap = 1000,
): Promise<{ count: number; capped: boolean }> {
  const inner = query
    .clearSelect()
    .select((eb) => eb.lit(1).as('one'))
    .limit(cap) as unknown as SelectQueryBuilder<Database, never, { one: 1 }>;
  const row = await db
    .selectFrom(inner.as('capped'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  return { count, capped: count >= cap };
}
