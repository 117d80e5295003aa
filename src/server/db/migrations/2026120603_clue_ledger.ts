import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The columns the clue ledger adds to `clues`, with their SQL type and default. */
const CLUE_COLUMNS: readonly [string, 'text' | 'integer', string | number | null][] = [
  // Where the clue came from (GZ 第二十条): report, inspection, audit, patrol, data_alert,
  // higher_assignment, self_found (a department's own, filed with 案管: 备案), manual.
  ['source_kind', 'text', 'manual'],
  // The origin in words: the report number, or the inspection / audit document number.
  ['source_ref', 'text', null],
  // When the clue was received (timer 1 runs from it) and its Shanghai date (month counts).
  ['received_at', 'text', ''],
  ['received_on', 'text', ''],
  // One of inquiry / verification / shelved / concluded once decided (GZ 第二十一条).
  ['disposal', 'text', null],
  ['keeper_id', 'text', null],
  ['handling_unit_id', 'text', null],
  ['zone_id', 'text', null],
  ['region_code', 'text', null],
  ['amount_fen', 'integer', null],
  // JSON array of category codes (the intake's list).
  ['categories', 'text', '[]'],
  ['version', 'integer', 1],
  // The department that filed it (备案) when it found the clue in its own remit.
  ['filed_by_unit_id', 'text', null],
  // GZ 第二十二条: a subject of a reportable rank makes the clue reportable to the higher organ;
  // the report itself is recorded (date, reference, by whom).
  ['higher_report_required', 'integer', 0],
  ['higher_reported_on', 'text', null],
  ['higher_report_ref', 'text', null],
  ['higher_reported_by', 'text', null],
  ['higher_reported_by_name', 'text', null],
  ['updated_by', 'text', null],
];

/**
 * The clue ledger (问题线索台账, issue 12 §1) and clue-review meetings (线索研判会, §2):
 *
 * - `clues` gains its source, received date, disposal, keeper, handling unit and zone (the
 *   later pool), region code, amount, categories, version and the GZ 第二十二条 report record.
 *   `subject_name` now holds every subject's name joined by 、 (the ledger searches it).
 * - `clue_subjects`: the people a clue concerns, with their cadre authority and the 第二十二条 rank.
 * - `clue_events`: the trail: every person who handles the clue signs (who, what, when, note).
 * - `clue_members`: who is on the clue (keeper, handler, team member, approver, registrar): the
 *   need-to-know team; `removed_at` ends a membership without erasing it.
 * - `clue_meetings`, `clue_meeting_attendees`, `clue_meeting_items`: a meeting's record, who
 *   attended, and each clue discussed with its decision in words.
 *
 * Existing clues (registered from reports) get one subject row from their report, source
 * `report` with the report's number, the received date and categories of the report, and a
 * `register` event. Search: FTS5 trigram (SQLite) / pg_trgm (PostgreSQL) over number and the
 * subjects' names, as the intake ledger does; never any reporter identity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [name, type, def] of CLUE_COLUMNS)
    await db.schema
      .alterTable('clues')
      .addColumn(name, type, (c) => (def === null ? c : c.notNull().defaultTo(def)))
      .execute();

  await db.schema
    .createTable('clue_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('employer', 'text')
    .addColumn('authority', 'text')
    .addColumn('region_code', 'text')
    // GZ 第二十二条 rank: party_committee_member / standing_member / unit_principal / lower_principal.
    .addColumn('rank', 'text')
    .execute();
  await db.schema.createIndex('clue_subjects_clue').on('clue_subjects').columns(['clue_id', 'seq']).execute();
  await db.schema.createIndex('clue_subjects_subject').on('clue_subjects').columns(['subject_id', 'clue_id']).execute();

  await db.schema
    .createTable('clue_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('meeting_id', 'text')
    .execute();
  await db.schema.createIndex('clue_events_clue').on('clue_events').columns(['clue_id', 'at']).execute();

  await db.schema
    .createTable('clue_members')
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('removed_at', 'text')
    .addPrimaryKeyConstraint('clue_members_pk', ['clue_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('clue_members_user').on('clue_members').columns(['user_id', 'clue_id']).execute();

  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('clue_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('clue_meetings_scope')
    .on('clue_meetings')
    .columns(['owner_unit_path', 'held_on'])
    .execute();
  await db.schema
    .createTable('clue_meeting_attendees')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('clue_meetings.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clue_meeting_attendees_pk', ['meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('clue_meeting_items')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('clue_meetings.id'))
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clue_meeting_items_pk', ['meeting_id', 'clue_id'])
    .execute();
  await db.schema.createIndex('clue_meeting_items_clue').on('clue_meeting_items').columns(['clue_id']).execute();

  await migrateExistingClues(db);

  // The ledger reads newest first inside a scope; each filter leads with its own index. The scope
  // columns (and the subjects' names) end each index, so scope and a surname are checked inside
  // the index, never by a table seek per row (the count reads up to 10,001 matches).
  const idx = (name: string, columns: string[]) => db.schema.createIndex(name).on('clues').columns(columns).execute();
  const scope = ['owner_unit_path', 'region_path'];
  await idx('clues_ledger_received', ['received_at', ...scope, 'subject_name']);
  await idx('clues_scope_received', ['owner_unit_path', 'received_at', 'subject_name']);
  await idx('clues_region_received', ['region_path', 'received_at', 'subject_name']);
  await idx('clues_status_received', ['status', 'received_at', ...scope]);
  await idx('clues_source_received', ['source_kind', 'received_at', ...scope]);
  await idx('clues_disposal_received', ['disposal', 'received_at', ...scope]);
  await idx('clues_keeper_received', ['keeper_id', 'received_at', ...scope]);
  await idx('clues_handling_received', ['handling_unit_id', 'received_at', ...scope]);
  await idx('clues_zone_received', ['zone_id', 'received_at', ...scope]);
  await idx('clues_higher_report', ['higher_report_required', 'higher_reported_on']);

  if (pg) {
    await sql`select pg_advisory_xact_lock(2026120508)`.execute(db);
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema
      from pg_extension where extname = 'pg_trgm'`.execute(db);
    const ops = sql.raw(`${rows[0]!.schema}.gin_trgm_ops`);
    await sql`create index clues_number_trgm on clues using gin (number ${ops})`.execute(db);
    await sql`create index clues_subject_name_trgm on clues using gin (subject_name ${ops})`.execute(db);
    return;
  }
  await sql`create virtual table clues_search using fts5(number, subject_name,
    content = 'clues', content_rowid = 'rowid', tokenize = 'trigram')`.execute(db);
  await sql`insert into clues_search (clues_search) values ('rebuild')`.execute(db);
  await sql`create trigger clues_search_insert after insert on clues begin
    insert into clues_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
  await sql`create trigger clues_search_delete after delete on clues begin
    insert into clues_search (clues_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
  end`.execute(db);
  await sql`create trigger clues_search_update after update of number, subject_name on clues begin
    insert into clues_search (clues_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
    insert into clues_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
}

/**
 * Brings clues registered before this migration into the new shape: source `report` (the
 * report's number as reference), received when registered, the report's categories, region
 * code and amount; one subject row from the report's person; and a `register` event in the trail.
 */
async function migrateExistingClues(db: Kysely<any>): Promise<void> {
  await sql`UPDATE clues SET
      received_at = created_at,
      received_on = substr(created_at, 1, 10),
      source_kind = CASE WHEN report_id IS NULL THEN 'manual' ELSE 'report' END,
      source_ref = (SELECT r.number FROM reports r WHERE r.id = clues.report_id),
      categories = coalesce((SELECT r.categories FROM reports r WHERE r.id = clues.report_id), '[]'),
      region_code = (SELECT r.region_code FROM reports r WHERE r.id = clues.report_id),
      amount_fen = (SELECT r.amount_fen FROM reports r WHERE r.id = clues.report_id)`.execute(db);
  // Shanghai date of the registration instant (UTC+8, no daylight saving).
  const rows = await db.selectFrom('clues').select(['id', 'created_at', 'created_by']).execute();
  for (const r of rows as { id: string; created_at: string; created_by: string | null }[]) {
    const on = new Date(Date.parse(r.created_at) + 8 * 3600_000).toISOString().slice(0, 10);
    await db.updateTable('clues').set({ received_on: on }).where('id', '=', r.id).execute();
  }
  await sql`INSERT INTO clue_subjects (id, clue_id, seq, subject_id, name, position, employer, authority, region_code, rank)
    SELECT c.id || ':s1', c.id, 1, c.subject_id, c.subject_name, r.subject_position, r.subject_employer,
           r.subject_authority, r.region_code, NULL
    FROM clues c LEFT JOIN reports r ON r.id = c.report_id`.execute(db);
  await sql`INSERT INTO clue_events (id, clue_id, at, actor_user_id, actor_name, action, label, note, meeting_id)
    SELECT c.id || ':e1', c.id, c.created_at, c.created_by,
           coalesce((SELECT u.display_name FROM users u WHERE u.id = c.created_by), '系统'),
           'register', '登记线索', NULL, NULL
    FROM clues c`.execute(db);
  await sql`INSERT INTO clue_members (clue_id, user_id, role, added_at, added_by, removed_at)
    SELECT c.id, c.created_by, 'registrar', c.created_at, c.created_by, NULL FROM clues c
    WHERE c.created_by IS NOT NULL`.execute(db);
}

/** Drops the ledger's tables, indexes and columns. */
export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`drop index if exists clues_subject_name_trgm`.execute(db);
    await sql`drop index if exists clues_number_trgm`.execute(db);
  } else {
    await sql`drop trigger if exists clues_search_update`.execute(db);
    await sql`drop trigger if exists clues_search_delete`.execute(db);
    await sql`drop trigger if exists clues_search_insert`.execute(db);
    await sql`drop table if exists clues_search`.execute(db);
  }
  for (const name of [
    'clues_ledger_received',
    'clues_scope_received',
    'clues_region_received',
    'clues_status_received',
    'clues_source_received',
    'clues_disposal_received',
    'clues_keeper_received',
    'clues_handling_received',
    'clues_zone_received',
    'clues_higher_report',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
  for (const t of [
    'clue_meeting_items',
    'clue_meeting_attendees',
    'clue_meetings',
    'clue_members',
    'clue_events',
    'clue_subjects',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  for (const [name] of [...CLUE_COLUMNS].reverse()) await db.schema.alterTable('clues').dropColumn(name).execute();
}
