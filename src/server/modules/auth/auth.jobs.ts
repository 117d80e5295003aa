/** Jobs of the auth module: purging old sessions. */
import type { JobDefinition } from '../../shared/module.js';
import { purgeQuietThrottles } from './auth.throttle.js';

/**
 * The module's jobs, once a day (idempotent): expired or revoked sessions older than a day are
 * deleted, and sign-in counts quiet for a day.
 */
export const authJobs: JobDefinition[] = [
  {
    kind: 'system.purge_sessions',
    every: 'day',
    run: async (_payload, _job, env) => {
      const cutoff = new Date(env.clock.nowMs() - 24 * 3600_000).toISOString();
      await env.db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
        .execute();
      await purgeQuietThrottles(env, env.clock.nowMs());
    },
  },
];
