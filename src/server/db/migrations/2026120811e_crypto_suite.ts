import type { Kysely } from 'kysely';

/**
 * The install's crypto suite (issue 17 §5: 商用密码 as a configurable suite).
 *
 * - `crypto_settings`: one row (id 1), written at the first start after this migration: the suite
 *   of new sealed values (`aes` or `sm`), the suite of keyed hashes (fixed at install: a keyed hash
 *   cannot be recomputed without its input), a check value of the master key (a wrong key file is
 *   refused at start), the keyed-hash root sealed under the current master key once `rekey` changed
 *   the key, the first audit seq whose link is HMAC-SM3, and the target of a `rekey` under way.
 * - `rekey_progress`: one row per re-sealing step of a `rekey` (a table's column, the blob files):
 *   the last key done, so an interrupted `rekey` continues where it stopped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('crypto_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('suite', 'text', (c) => c.notNull())
    .addColumn('mac_suite', 'text', (c) => c.notNull())
    .addColumn('key_check', 'text', (c) => c.notNull())
    .addColumn('mac_root_enc', 'text')
    .addColumn('chain_sm_from', 'bigint')
    .addColumn('rekey_suite', 'text')
    .addColumn('rekey_key_check', 'text')
    .addColumn('rekey_started_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rekey_progress')
    .addColumn('step', 'text', (c) => c.primaryKey())
    .addColumn('last_key', 'text')
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

/** Drops the suite tables (the sealed values keep their prefixes). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rekey_progress').ifExists().execute();
  await db.schema.dropTable('crypto_settings').ifExists().execute();
}
