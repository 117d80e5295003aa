import type { Kysely } from 'kysely';

/**
 * General items of village affairs (村务一般事项, CWF 第三十条: at least quarterly), the third kind
 * of `disclosure_batches` (`kind` general, `period` 2026-Q4): a quarter's publication is a list of
 * entries, signed and corrected like the accounts (a correction is a new version; entries belong
 * to their version and are never changed).
 *
 * - `disclosure_general_entries`: the ordered entries of a version: a topic (低保及特困供养,
 *   计划生育, 土地征收补偿款发放, 工程项目进展, 救灾救济款物发放, other), a title and a text.
 * - `disclosure_general_roster`: the rows of an entry's 名单 (a list of persons: name, amount,
 *   reason). The name is sealed (`name_enc`) and only its masked form (`name_shown`, 张*三) is kept
 *   in clear, like a finance line's private counterparty.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disclosure_general_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('disclosure_batches.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // subsistence | family_planning | land_compensation | project_progress | relief | other
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('roster_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Fen: the sum of the roster's amounts (0 without a roster).
    .addColumn('roster_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('disclosure_general_entries_batch')
    .on('disclosure_general_entries')
    .columns(['batch_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createTable('disclosure_general_roster')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('disclosure_general_entries.id'))
    .addColumn('batch_id', 'text', (c) => c.notNull().references('disclosure_batches.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // As published: masked (张*三).
    .addColumn('name_shown', 'text', (c) => c.notNull())
    // The name, sealed (context disclosure_general_roster.name_enc:<id>).
    .addColumn('name_enc', 'text', (c) => c.notNull())
    // Fen, or null when the row carries no amount (a list of households, say).
    .addColumn('amount', 'bigint')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('disclosure_general_roster_entry')
    .on('disclosure_general_roster')
    .columns(['entry_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('disclosure_general_roster_batch')
    .on('disclosure_general_roster')
    .column('batch_id')
    .execute();
}

/** Drops the general items' tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosure_general_roster').ifExists().execute();
  await db.schema.dropTable('disclosure_general_entries').ifExists().execute();
}
