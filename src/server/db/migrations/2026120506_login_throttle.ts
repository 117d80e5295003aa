import type { Kysely } from 'kysely';

/**
 * Sign-in throttling (issue 11 §4). Failed sign-ins are counted per login name in
 * `login_throttles`, keyed by a keyed hash of the name so that a name that is no account is
 * counted exactly like one that is (nothing tells them apart) and no typed name is stored in
 * clear. `users.locked_at` marks an account locked until its owner clears it with their second
 * factor or an administrator unlocks it; the old 15-minute `locked_until` lock is retired and
 * every running one is lifted here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttles')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .execute();
  await db.schema.createIndex('login_throttles_last_failure').on('login_throttles').column('last_failure_at').execute();
  await db.schema.alterTable('users').addColumn('locked_at', 'text').execute();
  await db.updateTable('users').set({ locked_until: null, failed_attempts: 0 }).execute();
}

/** Drops the throttle table and the lock column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locked_at').execute();
  await db.schema.dropTable('login_throttles').execute();
}
