import type { Kysely } from 'kysely';

/**
 * The zone filter for a caller with a few units (a township's secretary, say): `reports_owner_unit
 * (owner_unit_id, received_at)` gives way to `reports_owner_region (owner_unit_path, region_path,
 * in_ledger)`, so "this unit's reports about this township" is one index range.
 *
 * Before, a township asking for a zone it does not belong to read all of its own ledger (350,000
 * index entries at 5 M reports: 65–90 ms) to find that none lay in the zone's townships. Now the
 * count reads, per unit and member township, exactly the matching entries (none: microseconds).
 * The unit filter (`unitId`) compares the unit's path instead, which `reports_ledger_scope`
 * (owner_unit_path, in_ledger, received_at, …) serves in list order. Same number of B-trees on
 * `reports`, so a submission costs what it did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_owner_unit').execute();
  await db.schema
    .createIndex('reports_owner_region')
    .on('reports')
    .columns(['owner_unit_path', 'region_path', 'in_ledger'])
    .execute();
}

/** Restores `reports_owner_unit`. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_owner_region').execute();
  await db.schema.createIndex('reports_owner_unit').on('reports').columns(['owner_unit_id', 'received_at']).execute();
}
