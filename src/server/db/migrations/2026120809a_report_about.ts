import type { Kysely } from 'kysely';

/**
 * A public report can be about a published record (issue 16: a line of a village's accounts, a
 * policy, project or fund, a subsidy payment): `about_kind` and `about_id` name it, so the
 * records' pages count the reports about them (the label the reporter saw goes in `details`).
 * Both null for every report made before, and for every report not started from a record.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').addColumn('about_kind', 'text').execute();
  await db.schema.alterTable('reports').addColumn('about_id', 'text').execute();
  await db.schema
    .createIndex('reports_about')
    .on('reports')
    .columns(['about_kind', 'about_id'])
    .where('about_id', 'is not', null)
    .execute();
}

/** Drops the index and the two columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_about').execute();
  await db.schema.alterTable('reports').dropColumn('about_id').execute();
  await db.schema.alterTable('reports').dropColumn('about_kind').execute();
}
