import type { Kysely } from 'kysely';

/**
 * Indexes of the sanctions ledger (issue 14 §6, §7's bench): a wide reader's page (the county:
 * a tenth of a province's million records) is read by walking the sort's index newest first (or
 * by the period's end for "under an effect period on D", or by name) and checking the scope on
 * each row, rather than reading the whole scope and sorting it; the id breaks ties in the index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sanctions_decided_order').on('sanctions').columns(['decided_on', 'id']).execute();
  await db.schema.createIndex('sanctions_effect_order').on('sanctions').columns(['effect_end', 'id']).execute();
  await db.schema.createIndex('sanctions_name_order').on('sanctions').columns(['person_name', 'id']).execute();
  await db.schema.createIndex('sanctions_created_order').on('sanctions').columns(['created_at', 'id']).execute();
}

/** Drops the ledger's indexes. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const i of [
    'sanctions_decided_order',
    'sanctions_effect_order',
    'sanctions_name_order',
    'sanctions_created_order',
  ])
    await db.schema.dropIndex(i).execute();
}
