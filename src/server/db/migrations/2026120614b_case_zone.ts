import { type Kysely, sql } from 'kysely';

/**
 * Handling modes after filing and the zone's three rules (issue 13 §2):
 *
 * - `case_mode_changes`: each request to change a case's handling mode (from → to, the reason of
 *   the county's list, who asked), its approval (`case.mode_change`) and its end. At most one is
 *   pending per case (partial unique index).
 * - `case_authorizations`: 一案一授权, the zone commander's authorisation of a zone case and its
 *   team (names as of that day), with the scope of authority; a later one supersedes the former.
 * - `case_briefings`: 一案一汇报, each briefing to the commander with the instructions given.
 * - `case_analyses`: 一案一剖析, one per case; `case_recommendations`: its 以案促改 measures to the
 *   unit concerned, each with an owner, a due date and open/done.
 * - `case_flag_schedules`: 挂牌督办's report schedule (every N days or weeks, the next due date);
 *   `case_flag_reports`: the reports logged. Overdue reports are read by `next_due_on`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_mode_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_mode', 'text', (c) => c.notNull())
    .addColumn('from_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('from_zone_id', 'text', (c) => c.references('zones.id'))
    .addColumn('from_co_organ', 'text')
    .addColumn('to_mode', 'text', (c) => c.notNull())
    .addColumn('to_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('to_zone_id', 'text', (c) => c.references('zones.id'))
    .addColumn('to_co_organ', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reason_note', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_by_name', 'text')
    .addColumn('opinion', 'text')
    .execute();
  await db.schema
    .createIndex('case_mode_changes_case')
    .on('case_mode_changes')
    .columns(['case_id', 'requested_at'])
    .execute();
  // One pending request per case: a second one is refused (CASE_MODE_CHANGE_PENDING), and a race loses here.
  await db.schema
    .createIndex('case_mode_changes_pending')
    .on('case_mode_changes')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('case_mode_changes_approval').on('case_mode_changes').column('approval_id').execute();

  await db.schema
    .createTable('case_authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('scope_text', 'text', (c) => c.notNull())
    .addColumn('authorized_on', 'text', (c) => c.notNull())
    .addColumn('authorizer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('authorizer_name', 'text', (c) => c.notNull())
    .addColumn('authorizer_role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema
    .createIndex('case_authorizations_case')
    .on('case_authorizations')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_briefings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('briefed_on', 'text', (c) => c.notNull())
    .addColumn('briefed_by', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_briefings_case').on('case_briefings').columns(['case_id', 'briefed_on']).execute();

  await db.schema
    .createTable('case_analyses')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('causes', 'text', (c) => c.notNull())
    .addColumn('lessons', 'text', (c) => c.notNull())
    .addColumn('weaknesses', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('written_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('case_recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('done_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_recommendations_case')
    .on('case_recommendations')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_flag_schedules')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('interval_n', 'integer', (c) => c.notNull())
    .addColumn('interval_unit', 'text', (c) => c.notNull())
    .addColumn('next_due_on', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The overdue card reads the schedules by due date.
  await db.schema.createIndex('case_flag_schedules_due').on('case_flag_schedules').column('next_due_on').execute();

  await db.schema
    .createTable('case_flag_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reported_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_flag_reports_case')
    .on('case_flag_reports')
    .columns(['case_id', 'reported_on'])
    .execute();
}

/** Drops this part's tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'case_flag_reports',
    'case_flag_schedules',
    'case_recommendations',
    'case_analyses',
    'case_briefings',
    'case_authorizations',
    'case_mode_changes',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
