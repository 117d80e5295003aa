import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Village finance disclosure (阳光村务, issue 16 §1):
 *
 * - `disclosure_batches`: one version of one publication of a village (`region_code`, 12 digits):
 *   its accounts of a period (`kind` finance: `2026-11` monthly or `2026-Q4` quarterly) or a major
 *   matter (`kind` major_matter, CWF 第二十四条, with its decision record). Status draft → submitted
 *   → published (signed by the village supervision committee: who and when) → superseded by a
 *   correction (a new version of the same period with its reason). `published_at` and
 *   `superseded_at` bound the time a version was the public one, so what was public on any date
 *   can be reproduced. Scope columns: the village's 村务监督委员会 unit and the village's region.
 * - `disclosure_lines`: the income and expense lines of a version. Identifiers are stored as the
 *   platform-wide keyed hash (`personal-keys.ts`, indexed, for the cross-checks) and sealed beside
 *   it; a private counterparty's name is sealed too and only its masked form is kept in clear.
 *   `change` marks a line a correction added or changed (compared by voucher number).
 * - `disclosure_schedules`: a village's publication cycle of its finances (monthly by default,
 *   quarterly where transactions are few, CWF 第三十条).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('disclosure_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    // finance | major_matter
    .addColumn('kind', 'text', (c) => c.notNull())
    // 2026-11, 2026-Q4, or the major matter's own key (M + its first id).
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // draft | submitted | published | superseded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('decision_record', 'text')
    .addColumn('correction_reason', 'text')
    .addColumn('previous_id', 'text')
    .addColumn('opening_balance', 'bigint')
    .addColumn('closing_balance', 'bigint')
    .addColumn('income_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('expense_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('line_count', 'integer', (c) => c.notNull().defaultTo(0))
    // The previous month's closing balance when it differs from the opening balance given.
    .addColumn('carried_balance', 'bigint')
    // JSON string[]: voucher numbers of the previous version a correction dropped.
    .addColumn('removed_vouchers', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('prepared_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('signed_by', 'text', (c) => c.references('users.id'))
    .addColumn('signed_by_name', 'text')
    .addColumn('review_opinion', 'text')
    .addColumn('published_at', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disclosure_batches_version')
    .on('disclosure_batches')
    .columns(['region_code', 'kind', 'period', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('disclosure_batches_public')
    .on('disclosure_batches')
    .columns(['region_code', 'status', 'kind', 'period'])
    .execute();
  await db.schema
    .createIndex('disclosure_batches_owner')
    .on('disclosure_batches')
    .columns(['owner_unit_path', 'status', 'period'])
    .execute();
  await db.schema
    .createIndex('disclosure_batches_region')
    .on('disclosure_batches')
    .columns(['region_path', 'status', 'period'])
    .execute();

  await db.schema
    .createTable('disclosure_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('disclosure_batches.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('voucher_no', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    // income | expense
    .addColumn('direction', 'text', (c) => c.notNull())
    // As published: an organisation's name in full, a private person's masked (张*三).
    .addColumn('counterparty_shown', 'text', (c) => c.notNull())
    .addColumn('counterparty_private', 'integer', (c) => c.notNull())
    // A private person's name, sealed (null for an organisation).
    .addColumn('counterparty_enc', 'text')
    .addColumn('party_number_hash', 'text')
    .addColumn('party_number_enc', 'text')
    .addColumn('party_number_masked', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    // cash | transfer
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('account_hash', 'text')
    .addColumn('account_enc', 'text')
    .addColumn('account_masked', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('approval_path', 'text')
    .addColumn('approvers', 'text')
    // null | added | changed: against the previous version, by voucher number.
    .addColumn('change', 'text')
    .execute();
  await db.schema
    .createIndex('disclosure_lines_batch')
    .on('disclosure_lines')
    .columns(['batch_id', 'seq'])
    .unique()
    .execute();
  await db.schema.createIndex('disclosure_lines_party').on('disclosure_lines').column('party_number_hash').execute();
  await db.schema.createIndex('disclosure_lines_account').on('disclosure_lines').column('account_hash').execute();

  await db.schema
    .createTable('disclosure_schedules')
    .addColumn('region_code', 'text', (c) => c.primaryKey())
    // monthly | quarterly
    .addColumn('finance_cycle', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops the disclosure tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosure_schedules').ifExists().execute();
  await db.schema.dropTable('disclosure_lines').ifExists().execute();
  await db.schema.dropTable('disclosure_batches').ifExists().execute();
}
