import type { Kysely } from 'kysely';

/**
 * Recusal gaps (issue 12): a recorded conflict check remembers what it compared the people with
 * (`subjects_key`, a digest of the record's subjects and reporter) so an assignment refuses a
 * check run before the subjects changed; and a county's workplace window keeps its history
 * (`recusal_setting_changes`: every change, its old and new value, who and when), which the
 * settings page shows beside the value.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Null on checks recorded before this migration: they are stale for any assignment.
  await db.schema.alterTable('conflict_checks').addColumn('subjects_key', 'text').execute();
  await db.schema
    .createTable('recusal_setting_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    // workplace_years
    .addColumn('setting', 'text', (c) => c.notNull())
    // Null when the county had not set its own value (the national default applied).
    .addColumn('value_before', 'integer')
    .addColumn('value_after', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recusal_setting_changes_county')
    .on('recusal_setting_changes')
    .columns(['county_code', 'setting', 'changed_at'])
    .execute();
}

/** Drops the history and the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recusal_setting_changes').execute();
  await db.schema.alterTable('conflict_checks').dropColumn('subjects_key').execute();
}
