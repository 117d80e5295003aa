import type { Kysely } from 'kysely';

/** The columns the ledger's filters, its sorts, the "under an effect period" test and recusal read. */
const FILTER_COLUMNS = [
  'status',
  'effect_end',
  'effect_start',
  'superseded_by',
  'system',
  'kind',
  'four_form',
  'handling_mode',
  'zone_id',
  'decided_on',
  'person_name',
  'created_at',
  'case_id',
  'id',
];

/**
 * The sanctions ledger's totals and narrow pages read from an index alone (issue 14 §7's bench,
 * docs/benchmarks.md "Issue 14: the sanctions ledger by pieces"): a reader's scope is read as
 * disjoint pieces, the units its unit paths hold (`owner_unit_id = ?`: one seek each, then, for
 * "under an effect period on D", a range on the period's end) and each region it reaches
 * (`reach_path` range). Both indexes carry every column the filters, the sorts and the recusal
 * check read, so a count never fetches a row. Before, a county's total under an effect period read
 * its ~66,000 rows from the table (148 ms at 1,000,000 records on a quiet host).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('sanctions_unit_ledger')
    .on('sanctions')
    .columns(['owner_unit_id', ...FILTER_COLUMNS])
    .execute();
  await db.schema
    .createIndex('sanctions_reach_ledger')
    .on('sanctions')
    .columns(['reach_path', ...FILTER_COLUMNS, 'owner_unit_id'])
    .execute();
}

/** Drops the indexes. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sanctions_unit_ledger').ifExists().execute();
  await db.schema.dropIndex('sanctions_reach_ledger').ifExists().execute();
}
