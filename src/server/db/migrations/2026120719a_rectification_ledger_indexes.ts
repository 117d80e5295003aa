import type { Kysely } from 'kysely';

/** What the ledger's filters, its counts by source and unit, and the pieces' exclusion read. */
const FILTER_COLUMNS = ['status', 'due_on', 'source_kind', 'escalation', 'zone_id', 'created_at'];

/**
 * The rectification ledger at a province's size (issue 15's bench,
 * `bench/rectification-ledger.bench.ts`, docs/benchmarks.md "Issue 15: the rectification ledger at
 * 1 M"). 2026120718a indexed the scope paths with `created_at` only: a county's page read and
 * sorted its 100,000 items (seconds), a reader scoped to its own unit (a village's 整改联络员:
 * `owner_unit_id in (…) or issuer_unit_id in (…)`) read the whole table, and so did the zone and
 * escalation filters. The ledger now counts its scope as disjoint pieces (`rectification.ledger.ts`:
 * addressed to my scope; issued by my side and not addressed to it) and cuts a large page by
 * walking its order's index.
 *
 * - Four covering indexes, one per scope column a piece ranges over (`owner_unit_path`,
 *   `owner_unit_id`, `issuer_unit_path`, `issuer_unit_id`), each with the owner columns the
 *   issuer piece excludes by and every column the filters and the counts read: a count, with any
 *   filter but the words of the problem, never fetches a row.
 * - `rectification_items_created (created_at, id)` and `rectification_items_due_order (due_on, id)`:
 *   the orders walked.
 * - `rectification_items_zone (zone_id, created_at)`: the zone filter, and the 述职 report's count
 *   of a zone's year (`zoneYear`: zone and creation range).
 * - `rectification_items_escalation (escalation, created_at)`: a rung's few items.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const index = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('rectification_items').columns(columns).execute();
  const owner = ['owner_unit_path', 'owner_unit_id', 'region_path'];
  await index('rectification_items_owner_ledger', [...owner, ...FILTER_COLUMNS]);
  await index('rectification_items_owner_unit_ledger', [
    'owner_unit_id',
    'owner_unit_path',
    'region_path',
    ...FILTER_COLUMNS,
  ]);
  await index('rectification_items_issuer_ledger', ['issuer_unit_path', ...owner, ...FILTER_COLUMNS]);
  await index('rectification_items_issuer_unit_ledger', ['issuer_unit_id', ...owner, ...FILTER_COLUMNS]);
  await index('rectification_items_created', ['created_at', 'id']);
  await index('rectification_items_due_order', ['due_on', 'id']);
  await index('rectification_items_zone', ['zone_id', 'created_at']);
  await index('rectification_items_escalation', ['escalation', 'created_at']);
}

/** Drops the indexes. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'rectification_items_owner_ledger',
    'rectification_items_owner_unit_ledger',
    'rectification_items_issuer_ledger',
    'rectification_items_issuer_unit_ledger',
    'rectification_items_created',
    'rectification_items_due_order',
    'rectification_items_zone',
    'rectification_items_escalation',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
}
