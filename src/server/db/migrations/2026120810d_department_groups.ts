import type { Kysely } from 'kysely';

/**
 * Which dispatched group (派驻纪检监察组) supervises a county department (issue 16 §2: a report
 * about a department's item, on the department's staff, goes to its dispatched group).
 *
 * - `department_groups`: one row per linked department (a department has at most one group; a
 *   综合派驻 group may cover several departments). Both units are of the same county; the row is
 *   deleted when the link is cleared (the audit trail keeps its history).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('department_groups')
    .addColumn('department_unit_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('group_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('department_groups_group').on('department_groups').column('group_unit_id').execute();
}

/** Drops the department → dispatched group links. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('department_groups').ifExists().execute();
}
