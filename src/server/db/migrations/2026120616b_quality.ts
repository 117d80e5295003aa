import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Case quality review (案件质量评查, issue 14 §5):
 *
 * - `quality_checklists`: a county's checklist (one row per item: code, label, severity, weight,
 *   whether it is checked automatically and by which check). A county without rows uses the
 *   national defaults of the code.
 * - `quality_reviews`: a periodic or ad hoc review, owned by the organising unit (scope columns),
 *   with the checklist as it stood when the review began (JSON), its status.
 * - `quality_review_members`: the panel (评查组), one row per member (the need-to-know predicate).
 * - `quality_review_cases`: a closed case picked for the review, the panel member examining it
 *   (and the conflict check that cleared them), its score and grade once concluded.
 * - `quality_item_results`: one checklist item's result on one case: fault or pass, automatic or
 *   recorded by the examiner with a note; `details` (JSON) names what the automatic check found.
 * - `quality_problems`: the problem list (问题清单): one fault addressed to the case's handling unit
 *   (scope columns: that unit's), with the organiser's columns beside them, the owner person, the
 *   due date, the rectification (note, when, by whom) and the panel's confirmation.
 * - `quality_problem_files`: the rectification evidence, sealed in the blob store.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('quality_checklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // minor | major | serious
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    // null: recorded by the panel; evidence_provenance | clock_missed | document_missing
    .addColumn('auto_check', 'text')
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_checklists_county')
    .on('quality_checklists')
    .columns(['county_code', 'code'])
    .unique()
    .execute();

  await db.schema
    .createTable('quality_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    // periodic | ad_hoc
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_label', 'text')
    // open | concluded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_reviews_owner')
    .on('quality_reviews')
    .columns(['owner_unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('quality_reviews_region')
    .on('quality_reviews')
    .columns(['region_path', 'created_at'])
    .execute();

  await db.schema
    .createTable('quality_review_members')
    .addColumn('review_id', 'text', (c) => c.notNull().references('quality_reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quality_review_members_pk', ['review_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('quality_review_members_user')
    .on('quality_review_members')
    .columns(['user_id', 'review_id'])
    .execute();

  await db.schema
    .createTable('quality_review_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('quality_reviews.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('case_number', 'text')
    .addColumn('case_title', 'text', (c) => c.notNull())
    .addColumn('handling_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('handling_unit_name', 'text', (c) => c.notNull())
    .addColumn('examiner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('examiner_name', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    // examining | concluded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('grade', 'text')
    .addColumn('concluded_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_review_cases_case')
    .on('quality_review_cases')
    .columns(['review_id', 'case_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('quality_item_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_case_id', 'text', (c) => c.notNull().references('quality_review_cases.id'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('automatic', 'integer', (c) => c.notNull())
    // fault | pass
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('details', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_item_results_case')
    .on('quality_item_results')
    .columns(['review_case_id', 'item_code'])
    .unique()
    .execute();

  await db.schema
    .createTable('quality_problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('quality_reviews.id'))
    .addColumn('review_case_id', 'text', (c) => c.notNull().references('quality_review_cases.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('item_label', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // the handling unit the problem is addressed to
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    // the organising unit of the review
    .addColumn('organiser_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('organiser_unit_path', pathType, (c) => c.notNull())
    .addColumn('organiser_region_path', pathType, (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('owner_user_name', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    // open | submitted | confirmed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rectification_note', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('returned_note', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
    .addColumn('confirm_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The ledger and the per-unit counts: open first by due date within the unit's range.
  await db.schema
    .createIndex('quality_problems_owner')
    .on('quality_problems')
    .columns(['owner_unit_path', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('quality_problems_organiser')
    .on('quality_problems')
    .columns(['organiser_unit_path', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('quality_problems_region')
    .on('quality_problems')
    .columns(['region_path', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('quality_problems_case')
    .on('quality_problems')
    .columns(['review_case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('quality_problem_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('quality_problems.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quality_problem_files_problem')
    .on('quality_problem_files')
    .columns(['problem_id', 'created_at'])
    .execute();
}

/** Drops the quality review's tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'quality_problem_files',
    'quality_problems',
    'quality_item_results',
    'quality_review_cases',
    'quality_review_members',
    'quality_reviews',
    'quality_checklists',
  ])
    await db.schema.dropTable(t).execute();
}
