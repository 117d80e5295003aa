/**
 * A test migration that does real work on an existing schema (creates a table and fills it,
 * rewrites every region's name, adds a column and an index to `regions`) and then reaches its
 * `halfway` step before a last update. The upgrade tests stop it there: kill the process, throw,
 * or cut its connection.
 */
import { type Kysely, type Migration, sql } from 'kysely';

/** Its name: sorts after every real migration, so it is the newest. */
export const PROBE_MIGRATION = '2099010100_upgrade_probe';

/** The probe migration; `halfway` runs after its DDL and DML and before its last update. */
export function probeMigration(halfway: (db: Kysely<unknown>) => Promise<void> = async () => undefined): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('upgrade_probe')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into upgrade_probe (id, region_code) select code, code from regions`.execute(db);
      await sql`update regions set name = name || '（改）'`.execute(db);
      await db.schema.alterTable('regions').addColumn('probe_note', 'text').execute();
      await db.schema.createIndex('regions_probe_note').on('regions').column('probe_note').execute();
      await halfway(db);
      await sql`update regions set probe_note = 'done'`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('regions_probe_note').execute();
      await db.schema.alterTable('regions').dropColumn('probe_note').execute();
      await sql`update regions set name = replace(name, '（改）', '')`.execute(db);
      await db.schema.dropTable('upgrade_probe').execute();
    },
  };
}
