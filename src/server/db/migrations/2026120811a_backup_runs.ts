import { type Kysely, sql } from 'kysely';

/**
 * Backup runs (issue 17 §1): one row per `qingfeng backup` or scheduled `ops.backup` run, ok or
 * failed, so the system administrator's workbench can warn when the last good backup is older
 * than a day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ok', 'failed')`))
    .addColumn('file', 'text')
    .addColumn('bytes', 'bigint')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('backup_runs_status_finished')
    .on('backup_runs')
    .columns(['status', 'finished_at'])
    .execute();
}

/** Drops the table. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backup_runs').execute();
}
