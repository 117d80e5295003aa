import type { Kysely } from 'kysely';

/**
 * The case ledger's totals for a reader whose scope names regions (a zone: its townships):
 * each region is counted on its own range of `cases_region_filters`, which holds the columns
 * the ledger's filters and its short-name search read (status, mode, the subjects' names) and
 * the recusal check reads (id), so a count reads the index alone (docs/benchmarks.md,
 * "Issue 13: the zone reader's totals by region"). Before, the total walked the county's
 * newest-first index until 10,000 of the zone's cases matched (a filtered zone total read
 * ~150,000 entries: 40–55 ms raw at 500,000 cases).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('cases_region_filters')
    .on('cases')
    .columns(['region_path', 'status', 'mode', 'subject_name', 'created_at', 'id'])
    .execute();
}

/** Drops the index. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_region_filters').ifExists().execute();
}
