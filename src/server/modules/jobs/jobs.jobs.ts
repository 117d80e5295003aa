/**
 * The job queue's own housekeeping: finished jobs are kept a week (to see what ran) and then
 * deleted, so a queue that takes a job per public submission (the handlers' notices) does not
 * grow without bound. Failed jobs stay until someone looks at them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { JobDefinition } from '../../shared/module.js';

/** How long a finished job is kept. */
export const DONE_JOB_RETENTION_MS = 7 * 86_400_000;

/** Deletes jobs that finished (done) before `beforeIso`; returns how many. */
export async function purgeDoneJobs(db: Kysely<Database>, beforeIso: string): Promise<number> {
  const res = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', beforeIso)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The module's jobs: `jobs.purge_done`, once a day. */
export const queueJobs: JobDefinition[] = [
  {
    kind: 'jobs.purge_done',
    every: 'day',
    run: async (_payload, _job, env) => {
      const removed = await purgeDoneJobs(env.db, new Date(env.clock.nowMs() - DONE_JOB_RETENTION_MS).toISOString());
      if (removed > 0) env.log.info({ removed }, 'finished jobs purged');
    },
  },
];
