import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The clock engine (issue 10 §3): legal timers become data, clocks become repeatable, pausable
 * and extendable several times.
 *
 * - `timer_rules`: the timer catalogue. One row per version of a rule: national defaults (seeded
 *   from the code at start, reference/domain-rules.md §9), province and county overrides (edited
 *   in the console). Rows are never updated: a change appends a version, so a clock can name the
 *   rule it started under.
 * - `deadlines`: the unique key (resource_type, resource_id, kind) becomes (…, seq), so a record
 *   can carry a second clock of a kind (a second letter of inquiry, a restarted review). New
 *   columns: `seq`, `rule_id` (the rule version it started under), `starts_at` (the start
 *   instant), `legal_due_on` (the end of the legal period before a last day on a holiday moves it;
 *   extensions count from it), `due_at` (hour clocks: the due instant), `paused_at`, `end_reason`
 *   (`met` / `restarted`) and `uncovered_years` (years the computation ran into without a loaded
 *   holiday arrangement, comma-separated; null on rows written before this migration, which the
 *   code then derives). `extended` now counts extensions.
 * - `deadline_extensions`: each extension with its approver, the approver's role and the reason.
 *   The one extension an old clock could have (`extended = 1`) is carried over with the lengths
 *   the code used then (handling and re-check +30 days, an assignment +3 months).
 * - `deadline_pauses`: each pause and its resumption (the time a review waits for supplementary
 *   investigation is not counted, TL21 第一百九十六条).
 *
 * SQLite cannot drop a table's unique constraint, so there the table is rebuilt (in one
 * transaction) with the same indexes; PostgreSQL alters it in place. No index is added to
 * `deadlines`: the unique key is replaced, so opening a clock writes as many B-trees as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('timer_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    // '' for the national default; a province (two digits + zeros) or county code otherwise.
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('start_event', 'text', (c) => c.notNull())
    // null: the law sets no length (left to provinces); a clock cannot start until one is set.
    .addColumn('amount', 'integer')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('extend_over_holiday', 'integer', (c) => c.notNull())
    .addColumn('pausable', 'integer', (c) => c.notNull())
    .addColumn('repeatable', 'integer', (c) => c.notNull())
    .addColumn('max_restarts', 'integer')
    .addColumn('extensions', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('timer_rules_version', ['kind', 'level', 'region_code', 'version'])
    .execute();

  if (pg) {
    await sql`alter table deadlines
      add column seq integer not null default 1,
      add column rule_id text references timer_rules(id),
      add column starts_at text,
      add column legal_due_on text,
      add column due_at text,
      add column paused_at text,
      add column end_reason text,
      add column uncovered_years text`.execute(db);
    await sql`update deadlines set starts_at = created_at, end_reason = case when met_at is null then null else 'met' end`.execute(
      db,
    );
    await sql`alter table deadlines drop constraint deadlines_resource_kind`.execute(db);
    await sql`alter table deadlines add constraint deadlines_resource_kind_seq unique (resource_type, resource_id, kind, seq)`.execute(
      db,
    );
  } else {
    // The runner applies each migration in its own transaction (db/migrate.ts), so the table
    // rebuild needs no transaction of its own (it opened one with BEGIN IMMEDIATE before).
    {
      await db.schema
        .createTable('deadlines_next')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('met_at', 'text')
        .addColumn('reminded_stage', 'text')
        .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('owner_unit_path', pathType, (c) => c.notNull())
        .addColumn('region_path', pathType, (c) => c.notNull())
        .addColumn('county_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('rule_id', 'text', (c) => c.references('timer_rules.id'))
        .addColumn('starts_at', 'text')
        .addColumn('legal_due_on', 'text')
        .addColumn('due_at', 'text')
        .addColumn('paused_at', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('uncovered_years', 'text')
        .addUniqueConstraint('deadlines_resource_kind_seq', ['resource_type', 'resource_id', 'kind', 'seq'])
        .execute();
      await sql`insert into deadlines_next (id, resource_type, resource_id, kind, starts_on, due_on, extended,
          met_at, reminded_stage, owner_unit_id, owner_unit_path, region_path, county_code, created_at, seq,
          starts_at, end_reason)
        select id, resource_type, resource_id, kind, starts_on, due_on, extended, met_at, reminded_stage,
          owner_unit_id, owner_unit_path, region_path, county_code, created_at, 1, created_at,
          case when met_at is null then null else 'met' end
        from deadlines`.execute(db);
      await db.schema.dropTable('deadlines').execute();
      await sql`alter table deadlines_next rename to deadlines`.execute(db);
      await createDeadlineIndexes(db);
    }
  }

  await db.schema
    .createTable('deadline_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deadline_id', 'text', (c) => c.notNull().references('deadlines.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('approver_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('approver_name', 'text')
    .addColumn('approver_role', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('legal_due_before', 'text')
    .addColumn('legal_due_after', 'text')
    .addColumn('due_after', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deadline_extensions_seq', ['deadline_id', 'seq'])
    .execute();
  await db.schema
    .createTable('deadline_pauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deadline_id', 'text', (c) => c.notNull().references('deadlines.id'))
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .addColumn('resumed_at', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('paused_by', 'text', (c) => c.references('users.id'))
    .addColumn('resumed_by', 'text', (c) => c.references('users.id'))
    .addColumn('resume_note', 'text')
    .execute();
  await db.schema
    .createIndex('deadline_pauses_deadline')
    .on('deadline_pauses')
    .columns(['deadline_id', 'paused_at'])
    .execute();

  // The single extension of an old clock, with the lengths the code used for it then.
  await sql`insert into deadline_extensions (id, deadline_id, seq, amount, unit, reason, created_at)
    select 'x' || id, id, 1,
      case kind when 'assignment' then 3 else 30 end,
      case kind when 'assignment' then 'months' else 'calendar_days' end,
      '（本功能上线前的延期，批准人和理由见办理记录）', created_at
    from deadlines where extended > 0 and kind in ('handle', 'assignment', 'recheck')`.execute(db);
}

/** The secondary indexes of `deadlines`, as migrations 2026112203, 2026112204 and 2026120202 left them. */
async function createDeadlineIndexes(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('deadlines_open')
    .on('deadlines')
    .columns(['due_on', 'resource_id', 'resource_type', 'kind', 'owner_unit_path', 'region_path'])
    .where(sql.ref('met_at'), 'is', null)
    .execute();
  await db.schema.createIndex('deadlines_owner').on('deadlines').columns(['owner_unit_path', 'due_on']).execute();
  await db.schema
    .createIndex('deadlines_open_unit')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'owner_unit_path', 'due_on', 'resource_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('deadlines_open_region')
    .on('deadlines')
    .columns(['resource_type', 'met_at', 'region_path', 'due_on', 'resource_id', 'kind'])
    .execute();
}

/**
 * Drops the engine's tables and columns. Fails when a record holds two clocks of one kind (the
 * old unique key cannot hold them): end or delete the repeated clocks first.
 */
export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('deadline_pauses').execute();
  await db.schema.dropTable('deadline_extensions').execute();
  if (pg) {
    await sql`alter table deadlines drop constraint deadlines_resource_kind_seq`.execute(db);
    await sql`alter table deadlines add constraint deadlines_resource_kind unique (resource_type, resource_id, kind)`.execute(
      db,
    );
    for (const c of [
      'uncovered_years',
      'end_reason',
      'paused_at',
      'due_at',
      'legal_due_on',
      'starts_at',
      'rule_id',
      'seq',
    ])
      await db.schema.alterTable('deadlines').dropColumn(c).execute();
  } else {
    // The runner applies each migration in its own transaction (db/migrate.ts), so the table
    // rebuild needs no transaction of its own (it opened one with BEGIN IMMEDIATE before).
    {
      await db.schema
        .createTable('deadlines_prev')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('extended', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('met_at', 'text')
        .addColumn('reminded_stage', 'text')
        .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('owner_unit_path', 'text', (c) => c.notNull())
        .addColumn('region_path', 'text', (c) => c.notNull())
        .addColumn('county_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('deadlines_resource_kind', ['resource_type', 'resource_id', 'kind'])
        .execute();
      await sql`insert into deadlines_prev select id, resource_type, resource_id, kind, starts_on, due_on,
          min(extended, 1), met_at, reminded_stage, owner_unit_id, owner_unit_path, region_path, county_code, created_at
        from deadlines`.execute(db);
      await db.schema.dropTable('deadlines').execute();
      await sql`alter table deadlines_prev rename to deadlines`.execute(db);
      await createDeadlineIndexes(db);
    }
  }
  await db.schema.dropTable('timer_rules').execute();
}
