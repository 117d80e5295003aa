import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The case stage (立案审查调查, issue 13; GZ 第三十七条 to 第五十二条):
 *
 * - `cases`: one case from its filing request (立案审查调查呈批报告) on. Its scope columns are
 *   the handling unit's (`owner_unit_*`, which the handling mode decides) and the first subject's
 *   region; `subject_unit_id` / `subject_unit_path` name the commission of the subject's own
 *   township, which sees the ledger line only. `number` is issued per filing commission and year
 *   when the filing is approved. `mode` with its reason and who decided it; `conditions` is the
 *   JSON list of GZ 第三十七条 conditions stated; `clue_id` / `handover_id` link the clue stage.
 * - `case_subjects`: the people (or the unit) a case is filed on.
 * - `case_members`: the case team (审查调查组), need-to-know: a member who leaves is kept with
 *   `removed_at` and loses access; the conflict check that cleared each assignment.
 * - `case_events`: the signed trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // person | unit | event (TL21 第一百八十一条)
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('direct_reason', 'text')
    .addColumn('clue_id', 'text', (c) => c.references('clues.id'))
    .addColumn('handover_id', 'text', (c) => c.references('clue_handovers.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('mode_reason', 'text', (c) => c.notNull())
    .addColumn('mode_reason_note', 'text')
    .addColumn('mode_decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('mode_decided_by_name', 'text')
    .addColumn('mode_decided_at', 'text')
    .addColumn('filing_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('handling_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('zone_id', 'text', (c) => c.references('zones.id'))
    .addColumn('co_organ', 'text')
    .addColumn('subject_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('subject_unit_path', pathType)
    .addColumn('target_level', 'text', (c) => c.notNull())
    .addColumn('filing_approval_id', 'text', (c) => c.references('approvals.id'))
    .addColumn('filed_at', 'text')
    .addColumn('filed_on', 'text')
    .addColumn('announced_on', 'text')
    .addColumn('notified_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cases_number')
    .on('cases')
    .column('number')
    .unique()
    .where(sql.ref('number'), 'is not', null)
    .execute();
  // The ledger's reads (cases.ledger.ts): a narrow scope reads its arms by range, newest first
  // (owner, subject township), each index carrying the columns the filters and the other arm read;
  // a wide scope walks the newest-first index, which carries every column of the visibility.
  const filters = ['status', 'mode', 'zone_id'];
  await db.schema
    .createIndex('cases_owner')
    .on('cases')
    .columns(['owner_unit_path', 'created_at', 'id', ...filters, 'subject_name'])
    .execute();
  await db.schema
    .createIndex('cases_subject_unit')
    .on('cases')
    .columns(['subject_unit_path', 'created_at', 'id', 'owner_unit_path', 'owner_unit_id', ...filters, 'subject_name'])
    .execute();
  await db.schema.createIndex('cases_region').on('cases').columns(['region_path', 'created_at']).execute();
  await db.schema
    .createIndex('cases_newest')
    .on('cases')
    .columns([
      'created_at',
      'id',
      'owner_unit_path',
      'owner_unit_id',
      'region_path',
      'subject_unit_path',
      'subject_unit_id',
      ...filters,
      'subject_name',
    ])
    .execute();
  await db.schema.createIndex('cases_zone').on('cases').columns(['zone_id', 'status']).execute();
  await db.schema.createIndex('cases_clue').on('cases').column('clue_id').execute();
  await db.schema
    .createTable('case_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('employer', 'text')
    .addColumn('authority', 'text')
    .addColumn('region_code', 'text')
    .addColumn('rank', 'text')
    // 1: a party member (party discipline applies); 1: a 监察对象 (the state-side period runs).
    .addColumn('party_member', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('supervised', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('case_subjects_case').on('case_subjects').columns(['case_id', 'seq']).execute();
  await db.schema
    .createTable('case_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // leader | deputy | member
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    // Staff of the subject's own township admitted by an approval (the zone's rule), else null.
    .addColumn('exception_note', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text', (c) => c.references('users.id'))
    .addColumn('removal_reason', 'text')
    .execute();
  // One current membership per person and case; the need-to-know probe reads (user, case).
  await db.schema
    .createIndex('case_members_current')
    .on('case_members')
    .columns(['user_id', 'case_id'])
    .unique()
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('case_members_case').on('case_members').columns(['case_id', 'added_at']).execute();
  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();
}

/** Drops the case tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_events').ifExists().execute();
  await db.schema.dropTable('case_members').ifExists().execute();
  await db.schema.dropTable('case_subjects').ifExists().execute();
  await db.schema.dropTable('cases').ifExists().execute();
}
