import type { Kysely } from 'kysely';

/**
 * Indexes for the intake ledger's slow filter classes, measured at 1,000,000 reports
 * (bench/ledger-list.bench.ts, docs/benchmarks.md):
 *
 * - `reports_ledger_scope` gains `region_path` as a last column, so the zone filter (the zone's
 *   member townships are region ranges) is checked inside the index while the caller's scope range
 *   is read, instead of one table lookup per row (zone: 180–300 ms → 5–30 ms on SQLite).
 * - `deadlines_open_unit` / `deadlines_open_region`: the open clocks of one scope, so the overdue
 *   filter reads only the caller's clocks (overdue: 100–300 ms → 10–25 ms on SQLite).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_ledger_scope').execute();
  await db.schema
    .createIndex('reports_ledger_scope')
    .on('reports')
    .columns(['owner_unit_path', 'in_ledger', 'received_at', 'region_path'])
    .execute();
  await db.schema
    .createIndex('deadlines_open_unit')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'owner_unit_path', 'due_on', 'resource_id'])
    .execute();
  await db.schema
    .createIndex('deadlines_open_region')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'region_path', 'due_on', 'resource_id'])
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
}
