import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * After the scope column: the status a filter seeks and the counts group by with the source (in
 * this order, so a count by unit, status and source streams from the index), then what the other
 * filters and the orders read.
 */
const PIECE_COLUMNS = [
  'status',
  'source_kind',
  'due_on',
  'zone_id',
  'escalation',
  'created_at',
  'follow_up_on',
  'followed_up_at',
];

/**
 * The rectification ledger read by unit pieces (`rectification.ledger-pieces.ts`; docs/benchmarks.md
 * "Issue 15: the rectification ledger by unit pieces"). 2026120719a's pieces were ranges of the
 * scope's paths: an index range cannot seek a status or a due date inside it, so a county's count
 * read all of its 133,000 entries for any filter, and its counts by unit grouped them twice.
 * A scope's units are now listed (a county holds ~150) and each piece is `owner_unit_id in (…)`
 * (one seek per unit, per (unit, status) for a status or "overdue") or `issuer_unit_id in (…)`
 * with the responsible unit's path outside the scope's paths (one seek per unit and gap between
 * the paths: the county's issuer piece, empty, read 33,000 entries to find so).
 *
 * - `rectification_items_owner_pieces (owner_unit_id, status, source_kind, due_on, …, id)` and
 *   `rectification_items_issuer_pieces (issuer_unit_id, owner_unit_path, status, source_kind, …,
 *   owner_unit_id, region_path, id)`: every column a filter, an order, the counts and the issuer
 *   piece's "not addressed to my scope" read, and the id the page is cut by. They replace
 *   2026120719a's `rectification_items_owner_unit_ledger` and
 *   `rectification_items_issuer_unit_ledger`.
 * - `rectification_items_issuer_region (issuer_region_path, created_at)`: a zone reader's issuer
 *   side (its regions), which no index served.
 *
 * The path-led indexes of 2026120719a stay: the overdue trend and the export read the scope's paths.
 * On SQLite the table's statistics are gathered again (a bounded sample): without rows in
 * `sqlite_stat1` for the new indexes the planner took `rectification_items_source` for a source
 * filter and sorted 150,000 rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const index = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('rectification_items').columns(columns).execute();
  await db.schema.dropIndex('rectification_items_owner_unit_ledger').ifExists().execute();
  await db.schema.dropIndex('rectification_items_issuer_unit_ledger').ifExists().execute();
  await index('rectification_items_owner_pieces', ['owner_unit_id', ...PIECE_COLUMNS, 'id']);
  await index('rectification_items_issuer_pieces', [
    'issuer_unit_id',
    'owner_unit_path',
    ...PIECE_COLUMNS,
    'owner_unit_id',
    'region_path',
    'id',
  ]);
  await index('rectification_items_issuer_region', ['issuer_region_path', 'created_at']);
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze rectification_items`.execute(db);
  }
}

/** Drops the pieces' indexes and puts 2026120719a's unit-led indexes back. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'rectification_items_owner_pieces',
    'rectification_items_issuer_pieces',
    'rectification_items_issuer_region',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
  const filters = ['status', 'due_on', 'source_kind', 'escalation', 'zone_id', 'created_at'];
  const owner = ['owner_unit_path', 'owner_unit_id', 'region_path'];
  await db.schema
    .createIndex('rectification_items_owner_unit_ledger')
    .on('rectification_items')
    .columns(['owner_unit_id', 'owner_unit_path', 'region_path', ...filters])
    .execute();
  await db.schema
    .createIndex('rectification_items_issuer_unit_ledger')
    .on('rectification_items')
    .columns(['issuer_unit_id', ...owner, ...filters])
    .execute();
}
