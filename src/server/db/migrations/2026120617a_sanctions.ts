import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Sanctions and their sequel (issue 14 §2, §3, §4, §6):
 *
 * - `sanctions`: one outcome for one person — a party sanction, a state sanction, an outcome
 *   short of a sanction (批评教育 …, `system` lighter) or the referral for prosecution — from a
 *   review's committee decision (or imported history, `source` import). Scope columns: the
 *   handling commission (owner) and the person's region; `reach_path` as in reviews. Its life:
 *   drafted → submitted (to the approving body) → decided (the body's collective decision, the
 *   effect period runs from `decided_on`) → the steps (announced, job/pay changes, execution
 *   reported, submitted up) → ended: `lifted_on` (state: lifted by the job at the period's end;
 *   party: the effect period over); or revoked/changed by an appeal (`superseded_by`), or
 *   withdrawn before a decision. The four form is fixed at decision by the county's mapping.
 *   `prior_id` and `stacked_days`: the old sanction whose remaining period was added.
 * - `sanction_branch_meetings`: the 支部大会 for a party sanction: the roll (JSON), the counts,
 *   quorum and majority as the engine computed them, the person's signed opinion or refusal.
 * - `sanction_appeals`: 申诉/复议/复查 (party) and 复审/复核 (state), with the deciding unit's scope
 *   columns, and `sanction_appeal_members` the team (need-to-know, with the conflict check).
 * - `sanction_notices`: who was told of a decision, a change or a lifting (a change is told to
 *   everyone told before).
 * - `sanction_four_forms`: a county's mapping of outcomes to the four forms (JSON), when it keeps
 *   its own; otherwise the national default of the code.
 * - `sanction_events`: the signed trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // case | import
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('review_id', 'text', (c) => c.references('reviews.id'))
    .addColumn('case_subject_id', 'text', (c) => c.references('case_subjects.id'))
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('case_number', 'text')
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('person_position', 'text')
    .addColumn('person_employer', 'text')
    // a CADRE_AUTHORITIES code
    .addColumn('authority', 'text', (c) => c.notNull())
    // village_cadre | other_public_duty (ZW 第二十二条, 第二十三条) or null
    .addColumn('limited_subject', 'text')
    .addColumn('party_member', 'integer', (c) => c.notNull().defaultTo(0))
    // party | state | lighter | prosecution
    .addColumn('system', 'text', (c) => c.notNull())
    // the PARTY_SANCTIONS / STATE_SANCTIONS / LIGHTER_OUTCOMES code, or `referral`
    .addColumn('kind', 'text', (c) => c.notNull())
    // the FORM_OUTCOMES key (party.warning, lighter.organisational_minor …)
    .addColumn('outcome_code', 'text', (c) => c.notNull())
    .addColumn('probation_years', 'integer')
    .addColumn('in_place_of_post_removal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('important_or_complex', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('four_form', 'integer')
    // drafted | submitted | decided | revoked | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('exemption_conclusion', 'text')
    // the body the engine requires (lowest), and the one that decided
    .addColumn('required_body', 'text')
    .addColumn('approving_body', 'text')
    .addColumn('approving_body_name', 'text')
    .addColumn('decision_ref', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    // PZ 第十四条 reason, or the branch meeting
    .addColumn('direct_reason', 'text')
    .addColumn('direct_note', 'text')
    // the defence (陈述申辩) and the kind proposed before it; a heavier one needs `new_fact`
    .addColumn('defence_heard_on', 'text')
    .addColumn('defence_summary', 'text')
    .addColumn('proposed_kind_before_defence', 'text')
    .addColumn('new_fact', 'text')
    // the effect (影响期) or sanction (处分期间) period: effect_start to effect_end, both under it
    // (it lifts the day after effect_end); stacked_days: the days carried from an earlier period
    .addColumn('effect_start', 'text')
    .addColumn('effect_end', 'text')
    .addColumn('effect_months', 'integer')
    .addColumn('prior_id', 'text')
    .addColumn('stacked_days', 'integer', (c) => c.notNull().defaultTo(0))
    // 开除党籍: no re-admission before this date
    .addColumn('readmission_after', 'text')
    // the steps
    .addColumn('delivered_on', 'text')
    .addColumn('announced_on', 'text')
    .addColumn('job_pay_on', 'text')
    .addColumn('execution_reported_on', 'text')
    .addColumn('submitted_on', 'text')
    .addColumn('submitted_up_on', 'text')
    .addColumn('lifted_on', 'text')
    // 留党察看's end: restore | extend | expel, when and by which decision
    .addColumn('probation_outcome', 'text')
    .addColumn('probation_outcome_on', 'text')
    .addColumn('probation_outcome_ref', 'text')
    .addColumn('supersedes_id', 'text')
    .addColumn('superseded_by', 'text')
    // scope: the handling commission, the person's region, the reach (as reviews)
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('reach_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('zone_id', 'text', (c) => c.references('zones.id'))
    // the case's handling mode (for the counts)
    .addColumn('handling_mode', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sanctions_case').on('sanctions').columns(['case_id']).execute();
  await db.schema.createIndex('sanctions_subject').on('sanctions').columns(['subject_id', 'decided_on']).execute();
  await db.schema.createIndex('sanctions_owner').on('sanctions').columns(['owner_unit_path', 'decided_on']).execute();
  await db.schema.createIndex('sanctions_region').on('sanctions').columns(['region_path', 'decided_on']).execute();
  await db.schema.createIndex('sanctions_reach').on('sanctions').columns(['reach_path', 'decided_on']).execute();
  await db.schema.createIndex('sanctions_effect').on('sanctions').columns(['effect_end', 'effect_start']).execute();

  await db.schema
    .createTable('sanction_branch_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sanction_id', 'text', (c) => c.notNull().references('sanctions.id'))
    .addColumn('branch_name', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    // JSON: [{ name, voting, present, vote }]
    .addColumn('roll', 'text', (c) => c.notNull())
    .addColumn('should_attend', 'integer', (c) => c.notNull())
    .addColumn('present_voting', 'integer', (c) => c.notNull())
    .addColumn('votes_for', 'integer', (c) => c.notNull())
    .addColumn('votes_against', 'integer', (c) => c.notNull())
    .addColumn('abstentions', 'integer', (c) => c.notNull())
    .addColumn('quorate', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('person_opinion', 'text')
    // signed | refused | absent
    .addColumn('person_signature', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sanction_branch_meetings_sanction')
    .on('sanction_branch_meetings')
    .columns(['sanction_id', 'held_on'])
    .execute();

  await db.schema
    .createTable('sanction_appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sanction_id', 'text', (c) => c.notNull().references('sanctions.id'))
    // complaint (申诉) | reconsideration (复议) | re_examination (复查) | state_review (复审) | state_recheck (复核)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('applicant', 'text', (c) => c.notNull())
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('received_decision_on', 'text')
    .addColumn('applied_on', 'text', (c) => c.notNull())
    // received | accepted | decided | refused
    .addColumn('status', 'text', (c) => c.notNull())
    // upheld | changed | revoked
    .addColumn('outcome', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('new_sanction_id', 'text', (c) => c.references('sanctions.id'))
    .addColumn('decided_on', 'text')
    .addColumn('decision_ref', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sanction_appeals_sanction').on('sanction_appeals').columns(['sanction_id']).execute();
  await db.schema
    .createIndex('sanction_appeals_owner')
    .on('sanction_appeals')
    .columns(['owner_unit_path', 'applied_on'])
    .execute();
  await db.schema
    .createTable('sanction_appeal_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('sanction_appeals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('sanction_appeal_members_user')
    .on('sanction_appeal_members')
    .columns(['user_id', 'appeal_id'])
    .execute();

  await db.schema
    .createTable('sanction_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sanction_id', 'text', (c) => c.notNull().references('sanctions.id'))
    // decision | change | lifting | probation
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sanction_notices_sanction').on('sanction_notices').columns(['sanction_id']).execute();

  await db.schema
    .createTable('sanction_four_forms')
    .addColumn('county_code', 'text', (c) => c.primaryKey())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sanction_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sanction_id', 'text', (c) => c.notNull().references('sanctions.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('sanction_events_sanction')
    .on('sanction_events')
    .columns(['sanction_id', 'at'])
    .execute();
}

/** Drops the sanctions tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'sanction_events',
    'sanction_four_forms',
    'sanction_notices',
    'sanction_appeal_members',
    'sanction_appeals',
    'sanction_branch_meetings',
    'sanctions',
  ])
    await db.schema.dropTable(t).execute();
}
