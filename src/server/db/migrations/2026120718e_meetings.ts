import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The zones' meetings (会议, issue 15 §3):
 *
 * - `meetings`: one meeting of a zone (季度研判会, 半年推进会, 年度述职会, 室组地联席会议, other).
 *   Scope columns: the zone's workroom (region: its central township), or the county commission
 *   for a 述职会 (region: the county). `period_key` (`2026-Q3`, `2026-H2`, `2026`) is set by the
 *   daily scheduling job: unique per zone and kind, so a second run adds nothing. The chair is a
 *   staff record from the zone's roles (never null). `agenda_snapshot` freezes the proposed agenda
 *   when the minutes are recorded. Status: scheduled → held → minutes_recorded → closed, or
 *   cancelled.
 * - `meeting_attendees`: invited from the zone's roles (or added), present or absent with a reason.
 * - `meeting_agenda_items`: the agenda items added by hand (the proposed ones are computed).
 * - `meeting_decisions`: the decisions (议定事项) in words.
 * - `meeting_actions`: action items, each landing in the rectification ledger
 *   (`rectification_item_id`) in the transaction that records it.
 * - `meeting_gaps`: a zone's meeting the job could not schedule (no holder of the chair role),
 *   shown on the workbench until a later run schedules it (`resolved_at`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    // A `MEETING_KINDS` code.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text')
    .addColumn('period_label', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    // YYYY-MM-DD (Shanghai), a working day; HH:MM.
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('chair_staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('chair_name', 'text', (c) => c.notNull())
    // The zone leader who reports at a 述职会 (null for other kinds).
    .addColumn('reporter_staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('reporter_name', 'text')
    // The date the materials are due to the members (述职会: 10 days before, timer 41).
    .addColumn('materials_due_on', 'text')
    // scheduled | held | minutes_recorded | closed | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('agenda_snapshot', 'text')
    .addColumn('cancel_reason', 'text')
    // 1: scheduled by the daily job.
    .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_on', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meetings_period')
    .on('meetings')
    .columns(['zone_id', 'kind', 'period_key'])
    .unique()
    .execute();
  await db.schema.createIndex('meetings_zone_date').on('meetings').columns(['zone_id', 'held_on']).execute();
  await db.schema.createIndex('meetings_owner').on('meetings').columns(['owner_unit_path', 'held_on']).execute();
  await db.schema.createIndex('meetings_region').on('meetings').columns(['region_path', 'held_on']).execute();
  await db.schema.createIndex('meetings_status').on('meetings').columns(['status', 'held_on']).execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The zone role they were invited as (null: added by hand).
    .addColumn('zone_role', 'text')
    // invited | present | absent
    .addColumn('presence', 'text', (c) => c.notNull())
    .addColumn('absence_reason', 'text')
    .execute();
  await db.schema
    .createIndex('meeting_attendees_meeting')
    .on('meeting_attendees')
    .columns(['meeting_id', 'name'])
    .execute();
  await db.schema.createIndex('meeting_attendees_staff').on('meeting_attendees').columns(['staff_id']).execute();

  await db.schema
    .createTable('meeting_agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('meeting_agenda_items_meeting')
    .on('meeting_agenda_items')
    .columns(['meeting_id', 'seq'])
    .execute();

  await db.schema
    .createTable('meeting_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_decisions_meeting')
    .on('meeting_decisions')
    .columns(['meeting_id', 'seq'])
    .execute();

  await db.schema
    .createTable('meeting_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('measures', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_name', 'text', (c) => c.notNull())
    .addColumn('responsible_person', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('rectification_item_id', 'text', (c) => c.notNull().references('rectification_items.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_actions_meeting').on('meeting_actions').columns(['meeting_id', 'seq']).execute();

  await db.schema
    .createTable('meeting_gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_label', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    // no_chair: no current holder of the kind's chair role.
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('meeting_gaps_period')
    .on('meeting_gaps')
    .columns(['zone_id', 'kind', 'period_key'])
    .unique()
    .execute();
}

/** Drops the tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['meeting_gaps', 'meeting_actions', 'meeting_decisions', 'meeting_agenda_items', 'meeting_attendees'])
    await db.schema.dropTable(t).execute();
  await db.schema.dropTable('meetings').execute();
}
