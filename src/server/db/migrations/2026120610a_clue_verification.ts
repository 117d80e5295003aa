import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * 初步核实 (preliminary verification, issue 12 §3; GZ 第三十二条 to 第三十五条):
 *
 * - `clue_verifications`: one verification of a clue: the work plan (objectives, GZ 第三十四条
 *   measures, schedule phases), its approval, the report (the six parts of 第三十五条 as JSON,
 *   with the SHA-256 of its canonical text), the report's approval and the approved outcome.
 *   `status`: plan_pending → active (plan approved) → report_pending → done; plan_returned /
 *   plan_rejected end a plan that was sent back (a new plan is a new row), report_returned
 *   lets the team revise.
 * - `clue_verification_members`: the 核查组 (at least two, one leader), with the conflict check
 *   that cleared each of them.
 * - `clue_verification_signatures`: each member's signature over one content hash; a change of
 *   the text voids (never deletes) the signatures over the old hash.
 * - `clue_handovers`: what one stage hands to the next (here: the filing request, 立案呈批, for
 *   the case stage), with the clue's scope columns so the 案管 workbench reads it in scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('clue_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('objectives', 'text', (c) => c.notNull())
    // JSON array of measure codes (VERIFICATION_MEASURES) and JSON array of { period, work }.
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('plan_approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('plan_approved_at', 'text')
    // JSON of the report's parts, or null before the first draft; its canonical hash.
    .addColumn('report', 'text')
    .addColumn('report_hash', 'text')
    .addColumn('report_approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('clue_verifications_clue')
    .on('clue_verifications')
    .columns(['clue_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('clue_verification_members')
    .addColumn('verification_id', 'text', (c) => c.notNull().references('clue_verifications.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // leader | member
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clue_verification_members_pk', ['verification_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('clue_verification_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('verification_id', 'text', (c) => c.notNull().references('clue_verifications.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .execute();
  // One live signature per member and text: a second click answers CONFLICT, never a duplicate.
  await db.schema
    .createIndex('clue_verification_signatures_live')
    .on('clue_verification_signatures')
    .columns(['verification_id', 'user_id', 'content_hash'])
    .unique()
    .where(sql.ref('voided_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('clue_handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    // filing_request (立案呈批, for the case stage)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('note', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // When the next stage took it over (null: waiting).
    .addColumn('taken_at', 'text')
    .execute();
  await db.schema
    .createIndex('clue_handovers_open')
    .on('clue_handovers')
    .columns(['kind', 'owner_unit_path', 'created_at'])
    .execute();
  await db.schema.createIndex('clue_handovers_clue').on('clue_handovers').columns(['clue_id']).execute();
}

/** Drops the verification tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clue_handovers').ifExists().execute();
  await db.schema.dropTable('clue_verification_signatures').ifExists().execute();
  await db.schema.dropTable('clue_verification_members').ifExists().execute();
  await db.schema.dropTable('clue_verifications').ifExists().execute();
}
