import { type Kysely, sql } from 'kysely';

/**
 * The keyed audit chain: `audit_head.keyed_from` is the first sequence number whose hash is an
 * HMAC under the chain key (derived from the master key, outside the database). Events already
 * written keep their plain SHA-256 links and verify as before; the next event appended (the
 * `audit.chain_keyed` marker `openPlatform` writes on an existing chain) is the first keyed one.
 * A new database is keyed from seq 1.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_head')
    .addColumn('keyed_from', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`update audit_head set keyed_from = last_seq + 1`.execute(db);
}

/** Drops the column (the keyed events then no longer verify: a way back only for tests). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_head').dropColumn('keyed_from').execute();
}
