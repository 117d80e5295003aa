import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Recommendations (监察建议书 / 纪律检查建议书, issue 15 §2; JCF24 第七十一条, GZ 第十九条,
 * TL21 第二百零五条): `recommendations`, one per document. The scope columns are the recipient
 * unit's (主送单位: it sees the recommendation and replies); the issuer columns beside them the
 * issuing commission's (a county or township commission, or a dispatched group). The content the
 * rules require (situation, problems and causes, requirements, deadline, how to report back) may
 * be incomplete in a draft and must be complete to issue; issuing gives the number (文号, series
 * `recommendation` of the numbering module) and `reply_due_on` (timer
 * `supervision_advice_response`: the county's length, else the deadline written in it).
 * Status: draft → issued → replied (each measure of the reply is a rectification item with source
 * `supervision_recommendation` / `discipline_recommendation` and `source_id` this id) | refused.
 * A refusal keeps its reason; one without good reason (no reason, or the issuer ruled it
 * unjustified) has `accountability_flagged_at` set: recorded for accountability (问责).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // supervision (监察建议书) | discipline (纪律检查建议书)
    .addColumn('kind', 'text', (c) => c.notNull())
    // 文号, given at issue (null in a draft).
    .addColumn('number', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    // The issuing commission.
    .addColumn('issuer_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('issuer_unit_path', pathType, (c) => c.notNull())
    .addColumn('issuer_region_path', pathType, (c) => c.notNull())
    // The recipient unit (scope columns) and its principal.
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('recipient_principal', 'text')
    // The content the rules require.
    .addColumn('situation', 'text')
    .addColumn('problems', 'text')
    .addColumn('requirements', 'text')
    .addColumn('deadline', 'text')
    .addColumn('report_back', 'text')
    // case | finding | inspection, and its id (both null: none).
    .addColumn('source_kind', 'text')
    .addColumn('source_id', 'text')
    // draft | issued | replied | refused
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply_due_on', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text', (c) => c.references('users.id'))
    .addColumn('replied_at', 'text')
    .addColumn('replied_by', 'text', (c) => c.references('users.id'))
    .addColumn('reply_note', 'text')
    .addColumn('refused_at', 'text')
    .addColumn('refused_by', 'text', (c) => c.references('users.id'))
    .addColumn('refusal_reason', 'text')
    // The issuer's ruling on a refusal with a reason: 1 justified, 0 not, null not ruled.
    .addColumn('refusal_justified', 'integer')
    .addColumn('refusal_ruling_note', 'text')
    // Set when the refusal is without good reason (JCF24 第七十一条): recorded for accountability.
    .addColumn('accountability_flagged_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recommendations_owner')
    .on('recommendations')
    .columns(['owner_unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('recommendations_region')
    .on('recommendations')
    .columns(['region_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('recommendations_issuer')
    .on('recommendations')
    .columns(['issuer_unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('recommendations_due')
    .on('recommendations')
    .columns(['status', 'reply_due_on'])
    .execute();
}

/** Drops the table. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recommendations').execute();
}
