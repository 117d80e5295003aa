import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * QR supervision of policies, projects and funds (立码监督, issue 16 §2):
 *
 * - `qr_items`: a county department's agricultural policy, project or fund (`kind`), draft →
 *   published ⇄ withdrawn. Owned by the department's unit (scope columns; region: the county).
 * - `qr_allocations`: the villages an item concerns, each with its allocation in fen.
 * - `subsidy_rosters`: one roster import of a department for a year: accepted (lines stored) or
 *   rejected (nothing stored; the rows' problems kept for the department's workbench).
 * - `subsidy_lines`: a recipient per line: ID number and account as the platform-wide keyed
 *   hashes (`personal-keys.ts`, indexed for the look-up and the cross-checks), everything personal
 *   (name, ID number, household, account, holder, approver) sealed in one value; never in clear.
 * - `subsidy_lookup_limits`: the look-up's counters per ID hash, device and address and window, in
 *   the database so the limits hold across processes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('qr_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // policy | project | fund
    .addColumn('kind', 'text', (c) => c.notNull())
    // draft | published | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('eligibility', 'text')
    .addColumn('standard', 'text')
    .addColumn('apply_where', 'text')
    .addColumn('budget', 'bigint')
    .addColumn('contractor', 'text')
    .addColumn('progress', 'text')
    .addColumn('acceptance', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('qr_items_owner')
    .on('qr_items')
    .columns(['owner_unit_path', 'status', 'updated_at'])
    .execute();
  await db.schema.createIndex('qr_items_county').on('qr_items').columns(['county_code', 'status']).execute();

  await db.schema
    .createTable('qr_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('qr_items.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('qr_allocations_item')
    .on('qr_allocations')
    .columns(['item_id', 'region_code'])
    .unique()
    .execute();
  await db.schema.createIndex('qr_allocations_village').on('qr_allocations').columns(['region_code']).execute();

  await db.schema
    .createTable('subsidy_rosters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('qr_items.id'))
    // accepted | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('line_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    // JSON {row, field, reason}[] of a rejected import.
    .addColumn('problems', 'text')
    .addColumn('problem_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subsidy_rosters_owner')
    .on('subsidy_rosters')
    .columns(['owner_unit_path', 'created_at'])
    .execute();

  await db.schema
    .createTable('subsidy_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull().references('subsidy_rosters.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('person_hash', 'text', (c) => c.notNull())
    .addColumn('account_hash', 'text')
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('name_masked', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('department_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('county_code', 'text')
    .execute();
  await db.schema
    .createIndex('subsidy_lines_roster')
    .on('subsidy_lines')
    .columns(['roster_id', 'seq'])
    .unique()
    .execute();
  await db.schema.createIndex('subsidy_lines_person').on('subsidy_lines').column('person_hash').execute();
  await db.schema.createIndex('subsidy_lines_account').on('subsidy_lines').column('account_hash').execute();

  await db.schema
    .createTable('subsidy_lookup_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subsidy_lookup_limits_expiry')
    .on('subsidy_lookup_limits')
    .column('expires_at')
    .execute();
}

/** Drops the QR supervision tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subsidy_lookup_limits').ifExists().execute();
  await db.schema.dropTable('subsidy_lines').ifExists().execute();
  await db.schema.dropTable('subsidy_rosters').ifExists().execute();
  await db.schema.dropTable('qr_allocations').ifExists().execute();
  await db.schema.dropTable('qr_items').ifExists().execute();
}
