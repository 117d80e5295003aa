/** Jobs of the notifications module: read notifications are cleaned after a while. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { JobDefinition } from '../../shared/module.js';

/**
 * How long a notification someone has read is kept. A notification is a pointer to a record
 * (the record and its audit trail stay); unread ones are never removed.
 */
export const READ_NOTIFICATION_RETENTION_DAYS = 90;

/** Deletes the notifications read before `beforeIso`; returns how many. */
export async function purgeReadNotifications(db: Kysely<Database>, beforeIso: string): Promise<number> {
  const res = await db
    .deleteFrom('notifications')
    .where('read_at', 'is not', null)
    .where('read_at', '<', beforeIso)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The module's jobs: `notifications.purge_read`, once a day. */
export const notificationJobs: JobDefinition[] = [
  {
    kind: 'notifications.purge_read',
    every: 'day',
    run: async (_payload, _job, env) => {
      const before = new Date(env.clock.nowMs() - READ_NOTIFICATION_RETENTION_DAYS * 86_400_000).toISOString();
      const removed = await purgeReadNotifications(env.db, before);
      if (removed > 0) env.log.info({ removed }, 'read notifications purged');
    },
  },
];
