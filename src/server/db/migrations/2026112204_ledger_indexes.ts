import type { Kysely } from 'kysely';

/**
 * Indexes for the intake ledger's slow filter classes, measured at 1,000,000 reports
 * (bench/ledger-list.bench.ts, docs/benchmarks.md):
 *
 * - `reports_ledger_scope` gains `region_path` as a last column, so the zone filter (the zone's
 *   member townships are region ranges) is checked inside the index while the caller's scope range
 *   is read, instead of one table lookup per row (zone: 180–300 ms → 5–30 ms on SQLite).
 * - `deadlines_open_unit` / `deadlines_open_region`: the open clocks of one scope, so the overdue
 *   filter reads only the caller's clocks (overdue: 100–300 ms → 10–25 ms on SQLite); `kind` is in
 *   them so the query never reads the table (a transfer record's only open clock is transfer_up).
 * - `reports_channel` gains the scope path and `in_ledger`, so a channel + date filter counts a
 *   township's rows inside the index instead of looking up every row of the county's date range
 *   (5 M reports: 116–175 ms for a township).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_ledger_scope').execute();
  await db.schema
    .createIndex('reports_ledger_scope')
    .on('reports')
    .columns(['owner_unit_path', 'in_ledger', 'received_at', 'region_path'])
    .execute();
  await db.schema.dropIndex('reports_channel').execute();
  await db.schema
    .createIndex('reports_channel')
    .on('reports')
    .columns(['channel', 'received_at', 'owner_unit_path', 'in_ledger'])
    .execute();
  await db.schema
    .createIndex('deadlines_open_unit')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'owner_unit_path', 'due_on', 'resource_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('deadlines_open_region')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'region_path', 'due_on', 'resource_id', 'kind'])
    .execute();
}

/** Restores the indexes of 2026112203_reports. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deadlines_open_region').execute();
  await db.schema.dropIndex('deadlines_open_unit').execute();
  await db.schema.dropIndex('reports_ledger_scope').execute();
  await db.schema
    .createIndex('reports_ledger_scope')
    .on('reports')
    .columns(['owner_unit_path', 'in_ledger', 'received_at'])
    .execute();
  await db.schema.dropIndex('reports_channel').execute();
  await db.schema.createIndex('reports_channel').on('reports').columns(['channel', 'received_at']).execute();
}
