/** Counts of the open clocks for the operator's metrics (the metrics module reads them through index.ts). */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { PAUSED_DUE_ON } from './deadlines.clock.js';

/** Open clocks of one kind in one state. */
export interface OpenClockCount {
  kind: string;
  /** `running` (due today or later), `overdue` (due before today) or `paused`. */
  state: 'running' | 'overdue' | 'paused';
  count: number;
}

/**
 * Open clocks (not met) by kind and state on `today` (a Shanghai date): one grouped read over
 * the partial index of open clocks. A paused clock's `due_on` is PAUSED_DUE_ON.
 */
export async function countOpenClocks(db: Kysely<Database>, today: string): Promise<OpenClockCount[]> {
  const rows = await db
    .selectFrom('deadlines')
    .select([
      'kind',
      sql<string>`case when due_on = ${PAUSED_DUE_ON} then 'paused' when due_on < ${today} then 'overdue' else 'running' end`.as(
        'state',
      ),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('met_at', 'is', null)
    .groupBy(['kind', sql`2`])
    .execute();
  return rows.map((r) => ({ kind: r.kind, state: r.state as OpenClockCount['state'], count: Number(r.n) }));
}
