import type { Kysely } from 'kysely';

/**
 * The indexes this migration adds: name and columns (all on `clues`). Each ends with `id`: the
 * recusal rule (`c.id not in (…recused…)`) is checked on every row a count or page reads, and
 * without the id inside the index that is one table read per row (10,001 for a capped count).
 */
const INDEXES: readonly [string, string[]][] = [
  // An equality filter counted per unit of the reader's scope (written as `owner_unit_id in
  // (…)`): one seek per unit, only the matches read. A township holds ~7 % of the county:
  // through the filter's own index a keeper's 10,001 matches cost 133,000 entries.
  ['clues_unit_status', ['owner_unit_id', 'status', 'received_at', 'id']],
  ['clues_unit_disposal', ['owner_unit_id', 'disposal', 'received_at', 'id']],
  ['clues_unit_source', ['owner_unit_id', 'source_kind', 'received_at', 'id']],
  ['clues_unit_keeper', ['owner_unit_id', 'keeper_id', 'received_at', 'id']],
  // The scope's range (and the zone filter's arms: an owning unit, a member township's region
  // range, zone_id keeping the arms disjoint) with the subjects' names: a count and a short name
  // search read it alone. Names come in region order, not sorted: `(owner_unit_path,
  // subject_name)` put a surname's matches behind every name sorting before it (84,000 entries
  // read for 1,001 on PostgreSQL).
  ['clues_owner_region', ['owner_unit_path', 'region_path', 'zone_id', 'subject_name', 'id']],
  ['clues_region_names', ['region_path', 'owner_unit_path', 'subject_name', 'id']],
  // The zone's first arm, the clues assigned to it, with the reader's units checked inside.
  ['clues_zone_units', ['zone_id', 'owner_unit_path', 'id']],
  // A dense page, newest first: scope and every equality filter are checked inside the index, so
  // only the page's rows are read from the table.
  [
    'clues_ledger_newest',
    [
      'received_at',
      'owner_unit_path',
      'region_path',
      'status',
      'disposal',
      'source_kind',
      'keeper_id',
      'zone_id',
      'subject_name',
      'id',
    ],
  ],
];

/**
 * The indexes of 2026120603 this migration replaces, with their columns: `clues_ledger_received`
 * is a prefix of `clues_ledger_newest`; in the other two received_at came second, which let
 * SQLite's skip-scan serve a date range (one seek per owning unit) and then sort 165,000 rows for
 * a dense page (1.6 s at 2 M).
 */
const REPLACED: readonly [string, string[]][] = [
  ['clues_ledger_received', ['received_at', 'owner_unit_path', 'region_path', 'subject_name']],
  ['clues_scope_received', ['owner_unit_path', 'received_at', 'subject_name']],
  ['clues_region_received', ['region_path', 'received_at', 'subject_name']],
];

/**
 * The clue ledger's plans at 2,000,000 clues (issue 12 §6, docs/benchmarks.md "Issue 12: clue
 * ledger at 2 M and the recusal check"): the indexes above replace three of 2026120603's.
 * Both engines, same definitions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('clues').columns(columns).execute();
  for (const [name] of REPLACED) await db.schema.dropIndex(name).ifExists().execute();
}

/** Restores the replaced indexes and drops this migration's. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of REPLACED) await db.schema.createIndex(name).on('clues').columns(columns).execute();
  for (const [name] of [...INDEXES].reverse()) await db.schema.dropIndex(name).ifExists().execute();
}
