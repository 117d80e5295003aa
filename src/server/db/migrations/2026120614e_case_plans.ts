import type { Kysely } from 'kysely';

/**
 * Plans, the end of the investigation and closing (issue 13 §1, §6; GZ 第三十九条, 第五十一条,
 * 第五十二条; TL21 第二百零六条):
 *
 * - `case_plans`: a 审查调查方案, 谈话方案 or 外查方案 of a case, with the working text (`content`,
 *   JSON) the team follows and the revision it comes from. A change replaces the working text only
 *   when its approval ends approved.
 * - `case_plan_revisions`: every version of a plan: the original and each change, with its reason,
 *   its approval and, for a serious case's 审查调查方案, the 专题会议 (JSON: date, chair, present,
 *   decision).
 * - `case_facts_showings`: the facts material shown to the person (事实材料见面): when, by whom,
 *   the person's signed opinion or the refusal noted.
 * - `case_discussions`: the team's collective discussion (集体讨论): who was present, who was
 *   absent and why, the conclusion.
 * - `case_reports` / `case_report_signatures`: the 审查调查报告 (one per case, JSON parts and the
 *   hash of its exact text) and the members' signatures over a hash (a change voids them).
 * - `case_closings`: the closing (结案) and its filing with the higher organ (date, document number).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // investigation | talk | inquiry
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('serious', 'integer', (c) => c.notNull().defaultTo(0))
    // pending | approved | returned | rejected (of the original)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_plans_case').on('case_plans').columns(['case_id', 'kind', 'created_at']).execute();
  await db.schema
    .createTable('case_plan_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('case_plans.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    // original | change
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('meeting', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text', (c) => c.notNull().references('approvals.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('case_plan_revisions_plan')
    .on('case_plan_revisions')
    .columns(['plan_id', 'revision'])
    .execute();
  await db.schema
    .createIndex('case_plan_revisions_approval')
    .on('case_plan_revisions')
    .column('approval_id')
    .unique()
    .execute();
  await db.schema
    .createTable('case_facts_showings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('subject_row_id', 'text', (c) => c.notNull().references('case_subjects.id'))
    .addColumn('shown_on', 'text', (c) => c.notNull())
    // JSON [{ userId, name }]
    .addColumn('shown_by', 'text', (c) => c.notNull())
    .addColumn('material_ref', 'text')
    .addColumn('signed', 'integer', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('refused', 'integer', (c) => c.notNull())
    .addColumn('refusal_note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_facts_showings_case')
    .on('case_facts_showings')
    .columns(['case_id', 'shown_on'])
    .execute();
  await db.schema
    .createTable('case_discussions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    // JSON [{ userId, name }] and [{ userId, name, reason }]
    .addColumn('present', 'text', (c) => c.notNull())
    .addColumn('absent', 'text', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_discussions_case')
    .on('case_discussions')
    .columns(['case_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('case_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // draft | pending | returned | approved
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text')
    .addColumn('discussion_id', 'text', (c) => c.references('case_discussions.id'))
    .addColumn('approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('case_reports_case').on('case_reports').column('case_id').unique().execute();
  await db.schema.createIndex('case_reports_approval').on('case_reports').column('approval_id').execute();
  await db.schema
    .createTable('case_report_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('case_reports.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .execute();
  await db.schema
    .createIndex('case_report_signatures_report')
    .on('case_report_signatures')
    .columns(['report_id', 'content_hash'])
    .execute();
  await db.schema
    .createTable('case_closings')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('higher_filed_on', 'text')
    .addColumn('higher_document_number', 'text')
    .addColumn('higher_due_on', 'text')
    .addColumn('higher_late', 'integer')
    .addColumn('higher_recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('higher_recorded_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

/** Drops the tables of plans, the end of the investigation and closing. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'case_closings',
    'case_report_signatures',
    'case_reports',
    'case_discussions',
    'case_facts_showings',
    'case_plan_revisions',
    'case_plans',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
