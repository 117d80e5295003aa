/** Counts of the job queue for the operator's metrics (the metrics module reads them through index.ts). */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** Jobs of one kind in one status, and how many of them failed an attempt. */
export interface QueuedJobCount {
  kind: string;
  /** `pending`, `running` or `failed` (done jobs are history, not depth). */
  status: string;
  count: number;
  /** Of these, jobs that failed at least one attempt (`last_error` set). */
  retried: number;
}

/** The queue's depth by kind and status, failures included: one grouped read over `jobs_due`. */
export async function countQueuedJobs(db: Kysely<Database>): Promise<QueuedJobCount[]> {
  const rows = await db
    .selectFrom('jobs')
    .select([
      'kind',
      'status',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when last_error is null then 0 else 1 end)`.as('retried'),
    ])
    .where('status', '<>', 'done')
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n), retried: Number(r.retried ?? 0) }));
}
