import type { Kysely } from 'kysely';

/**
 * A unit's own escalation records (issue 15 §2), beside the frozen 2026120718b:
 * `rectification_unit_escalations` holds a rung reached by a unit for something that is not one of
 * its ledger items — today the refusal of a recommendation without good reason (JCF24 第七十一条:
 * ordered to correct, the unit criticised, the people responsible dealt with), recorded as a 问责
 * (accountability) record in the refusal's (or the ruling's) transaction.
 *
 * Why not `rectification_escalations`: its `item_id` is NOT NULL, references an item and is
 * unique with the rung (one record per item and rung); a refused recommendation has no item (the
 * refusal is precisely the absence of measures), and loosening a landed table's column would mean
 * rebuilding it on SQLite. This table carries the recipient unit's scope columns (read by the same
 * predicates as the ledger's items: the unit's side and the issuer side), the issuing side's, the
 * source (`source_kind` `recommendation_refusal`, `source_id` the recommendation: one record per
 * source), the rung, why, the record's content (JSON) and who recorded it when — what the unit's
 * page and, later, its assessment read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectification_unit_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', 'text', (c) => c.notNull())
    .addColumn('region_path', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('issuer_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('issuer_unit_path', 'text', (c) => c.notNull())
    .addColumn('issuer_region_path', 'text', (c) => c.notNull())
    // recommendation_refusal
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    // A RECTIFICATION_ESCALATIONS code (accountability for a refusal).
    .addColumn('rung', 'text', (c) => c.notNull())
    // refused_without_reason | refusal_ruled_unjustified
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON: the record (for a refusal: the recommendation's kind, number, subject, dates, the
    // reason given and the ruling).
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_by_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // One record per source: a refusal is recorded once.
  await db.schema
    .createIndex('rectification_unit_escalations_source')
    .on('rectification_unit_escalations')
    .columns(['source_kind', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rectification_unit_escalations_owner')
    .on('rectification_unit_escalations')
    .columns(['owner_unit_path', 'at'])
    .execute();
  await db.schema
    .createIndex('rectification_unit_escalations_issuer')
    .on('rectification_unit_escalations')
    .columns(['issuer_unit_path', 'at'])
    .execute();
}

/** Drops what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_unit_escalations').execute();
}
