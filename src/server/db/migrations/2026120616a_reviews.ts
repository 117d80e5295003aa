import type { Kysely } from 'kysely';

/**
 * The review stage (审理, issue 14 §1; GZ 第五十三条 to 第五十八条; TL21 第一百九十一条 to
 * 第一百九十九条):
 *
 * - `reviews`: one review of a case (a case has at most one): its state, who reviews it (`route`:
 *   the county 案件审理室, the township's own commission or a zone's cross-review panel; the
 *   reviewing unit is the owner, the subject's region the region, so scope works as everywhere),
 *   the case's handling unit (which sees the review's line), the acceptance decision, early
 *   involvement and the pending return with their approvals.
 * - `review_members`: the 审理组 or the cross-review panel (current and former members): the
 *   review's need-to-know rows, and those who may read the case file read-only.
 * - `review_talks`: the review talks (审理谈话): reviewers present (≥ 2), the person's defence.
 * - `review_deliberations`: collective deliberations (集体审议 of the team or panel, and the
 *   纪委常委会): members present, each member's opinion and vote, the quorum and the decision.
 * - `review_reports`: the 审理报告 (one per review; JSON text and its hash, the signatures over
 *   that hash, the 起诉意见书 flag, its approval).
 * - `review_events`: the trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    // county | township | panel
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text', (c) => c.references('zones.id'))
    .addColumn('case_number', 'text')
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('handling_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('handling_unit_path', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', 'text', (c) => c.notNull())
    .addColumn('region_path', 'text', (c) => c.notNull())
    // What a scope's region arm matches: the subject's region while a township or a zone panel
    // reviews it (the zone's leader reaches it), the reviewing unit's path for a county review.
    .addColumn('reach_path', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('transferred_at', 'text')
    // The acceptance decision: accept | defer | refuse, its reason and when.
    .addColumn('acceptance', 'text')
    .addColumn('acceptance_reason', 'text')
    .addColumn('accepted_on', 'text')
    .addColumn('decided_at', 'text')
    // Early involvement (提前介入): pending | approved | rejected.
    .addColumn('early_status', 'text')
    .addColumn('early_reason', 'text')
    .addColumn('early_approval_id', 'text', (c) => c.references('approvals.id'))
    // A return (退回) waiting for its approval, or the last one approved.
    .addColumn('return_kind', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('return_approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('return_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_case').on('reviews').column('case_id').unique().execute();
  await db.schema.createIndex('reviews_owner').on('reviews').columns(['owner_unit_path', 'created_at']).execute();
  await db.schema.createIndex('reviews_region').on('reviews').columns(['region_path', 'created_at']).execute();
  await db.schema.createIndex('reviews_handling').on('reviews').columns(['handling_unit_path', 'created_at']).execute();
  await db.schema
    .createTable('review_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    // leader | member | panel_member
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('review_members_current')
    .on('review_members')
    .columns(['user_id', 'review_id', 'removed_at'])
    .execute();
  await db.schema.createIndex('review_members_review').on('review_members').columns(['review_id']).execute();
  await db.schema
    .createTable('review_talks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('subject_row_id', 'text', (c) => c.notNull().references('case_subjects.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON [{ userId, name }]
    .addColumn('reviewers', 'text', (c) => c.notNull())
    .addColumn('defence', 'text', (c) => c.notNull())
    .addColumn('record_ref', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_talks_review').on('review_talks').columns(['review_id']).execute();
  await db.schema
    .createTable('review_deliberations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    // team (审理组/交叉审理小组集体审议) | committee (纪委常委会)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('members_total', 'integer', (c) => c.notNull())
    // JSON [{ userId?, name }]
    .addColumn('present', 'text', (c) => c.notNull())
    // JSON [{ userId?, name, opinion, vote }]
    .addColumn('opinions', 'text', (c) => c.notNull())
    .addColumn('votes_for', 'integer', (c) => c.notNull())
    .addColumn('votes_against', 'integer', (c) => c.notNull())
    .addColumn('abstentions', 'integer', (c) => c.notNull())
    .addColumn('quorate', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    // JSON [{ subjectId, summary, code }] (the committee's decision per subject)
    .addColumn('outcomes', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_deliberations_review')
    .on('review_deliberations')
    .columns(['review_id', 'kind'])
    .execute();
  await db.schema
    .createTable('review_reports')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id'))
    // JSON { facts, analysis, opinion, proposedOutcomes }
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('prosecution', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON [{ userId, name, hash, signedAt }]
    .addColumn('signatures', 'text', (c) => c.notNull())
    // draft | submitted | approved | returned
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('review_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('review_events_review').on('review_events').columns(['review_id', 'at']).execute();
}

/** Drops the review stage's tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['review_events', 'review_reports', 'review_deliberations', 'review_talks', 'review_members'])
    await db.schema.dropTable(t).execute();
  await db.schema.dropTable('reviews').execute();
}
