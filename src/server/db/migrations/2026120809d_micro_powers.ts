import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The small-powers list (小微权力清单, issue 16 §3) as per-county configuration, and the villages'
 * recorded uses of a power:
 *
 * - `micro_power_items`: one VERSION of one item of a county's list. `item_key` is the item across
 *   its versions; editing makes a new row (`version` + 1) and clears `current` on the old one, so a
 *   use recorded against a version is judged by the rules of its time. `steps` is JSON: the
 *   ordered steps, each with who acts, the publication that follows (calendar days) and the
 *   documents it needs. Scope columns: the county commission (the county configures).
 * - `micro_power_uses`: a village's use of a power against one item version (title, amount in fen,
 *   started on). Scope columns: the village's unit the clerk records for; `village_code` is the
 *   village. open → closed; closing turns its problems into findings.
 * - `micro_power_use_steps`: the steps recorded on a use (one row per configured step): date, who
 *   acted, the documents provided (names), the publication's first and last day.
 * - `micro_power_findings`: the problems found when a use is closed (missed step, out of order,
 *   publication shorter than required, missing document), each with the rectification item opened
 *   for the township.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('micro_power_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // 1 on the item's latest version only.
    .addColumn('current', 'integer', (c) => c.notNull())
    // 1: withdrawn from the list (kept for the uses recorded against it).
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    // A `MICRO_POWER_AREAS` code.
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basis', 'text')
    // skeleton (loaded from the default skeleton) | county (written or edited by the county)
    .addColumn('origin', 'text', (c) => c.notNull())
    // JSON `MicroPowerStep[]`.
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('micro_power_items_version')
    .on('micro_power_items')
    .columns(['county_code', 'item_key', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('micro_power_items_current')
    .on('micro_power_items')
    .columns(['county_code', 'current', 'area', 'code'])
    .execute();
  await db.schema
    .createIndex('micro_power_items_owner')
    .on('micro_power_items')
    .columns(['owner_unit_path', 'current'])
    .execute();

  await db.schema
    .createTable('micro_power_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('micro_power_items.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint')
    .addColumn('started_on', 'text', (c) => c.notNull())
    // open | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('findings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('micro_power_uses_region')
    .on('micro_power_uses')
    .columns(['region_path', 'started_on'])
    .execute();
  await db.schema
    .createIndex('micro_power_uses_owner')
    .on('micro_power_uses')
    .columns(['owner_unit_path', 'started_on'])
    .execute();
  await db.schema
    .createIndex('micro_power_uses_village')
    .on('micro_power_uses')
    .columns(['village_code', 'status', 'started_on'])
    .execute();
  await db.schema.createIndex('micro_power_uses_item').on('micro_power_uses').columns(['item_id']).execute();

  await db.schema
    .createTable('micro_power_use_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_id', 'text', (c) => c.notNull().references('micro_power_uses.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    // JSON string[]: the names of the documents provided.
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('publication_from', 'text')
    .addColumn('publication_to', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('micro_power_use_steps_use')
    .on('micro_power_use_steps')
    .columns(['use_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('micro_power_use_steps_publication')
    .on('micro_power_use_steps')
    .columns(['publication_to', 'publication_from'])
    .execute();

  await db.schema
    .createTable('micro_power_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_id', 'text', (c) => c.notNull().references('micro_power_uses.id'))
    // A `MICRO_POWER_PROBLEMS` code.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('rectification_item_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('micro_power_findings_use').on('micro_power_findings').columns(['use_id']).execute();
}

/** Drops the tables, children first. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['micro_power_findings', 'micro_power_use_steps', 'micro_power_uses', 'micro_power_items'])
    await db.schema.dropTable(t).execute();
}
