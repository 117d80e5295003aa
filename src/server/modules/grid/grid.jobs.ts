/** Jobs of the grid module besides scoring: informants' ended sessions and dead invitations are cleaned. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { JobDefinition } from '../../shared/module.js';

/** Ended informant sessions (expired or revoked) are kept a day, as staff sessions are. */
export const ENDED_GRID_SESSION_RETENTION_MS = 86_400_000;
/** An invitation never used is kept 30 days past its expiry; a used one stays (it records the enrolment). */
export const UNUSED_INVITATION_RETENTION_MS = 30 * 86_400_000;

/** Deletes ended informant sessions and long-expired unused invitations; returns the counts. */
export async function purgeGridCredentials(
  db: Kysely<Database>,
  nowMs: number,
): Promise<{ sessions: number; invitations: number }> {
  const sessionCutoff = new Date(nowMs - ENDED_GRID_SESSION_RETENTION_MS).toISOString();
  const sessions = await db
    .deleteFrom('grid_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', sessionCutoff), eb('revoked_at', '<', sessionCutoff)]))
    .executeTakeFirst();
  const invitations = await db
    .deleteFrom('grid_invitations')
    .where('used_at', 'is', null)
    .where('expires_at', '<', new Date(nowMs - UNUSED_INVITATION_RETENTION_MS).toISOString())
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), invitations: Number(invitations.numDeletedRows) };
}

/** `grid.purge_credentials`, once a day. */
export const gridCleanupJobs: readonly JobDefinition[] = [
  {
    kind: 'grid.purge_credentials',
    every: 'day',
    async run(_payload, _job, env) {
      const n = await purgeGridCredentials(env.db, env.clock.nowMs());
      if (n.sessions + n.invitations > 0) env.log.info(n, 'ended informant sessions and invitations purged');
    },
  },
];
