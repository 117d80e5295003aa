import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Intake of petitions and reports (信访举报): the reports themselves and the messages of the
 * receipt page. Reporter identity is sealed (reporter_enc); the receipt exists only as a keyed
 * hash (receipt_hash) plus a sealed copy used solely to answer idempotent replays (receipt_enc).
 * No column holds an IP address, a user agent or a cookie.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  const bigint = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('source_body', 'text')
    .addColumn('source_ref', 'text')
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('subject_authority', 'text')
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('subject_position', 'text')
    .addColumn('subject_employer', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('place', 'text')
    .addColumn('amount_fen', bigint)
    .addColumn('reporter_enc', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
    .addColumn('receipt_enc', 'text')
    .addColumn('idempotency_hash', 'text', (c) => c.unique())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('in_ledger', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('assigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('details', 'text')
    .addColumn('ack_due_on', 'text')
    .addColumn('acked_at', 'text')
    .addColumn('repeat_of', 'text', (c) => c.references('reports.id'))
    .addColumn('transferred_to', 'text')
    .addColumn('transfer_from_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('disposition', 'text')
    .addColumn('disposition_note', 'text')
    .addColumn('clue_id', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rating', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('recheck_requested_at', 'text')
    .addColumn('recheck_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The ledger: scope (a path range) within the ledger rows, newest first; the capped count reads it alone.
  await db.schema
    .createIndex('reports_ledger_scope')
    .on('reports')
    .columns(['owner_unit_path', 'in_ledger', 'received_at'])
    .execute();
  await db.schema.createIndex('reports_region_path').on('reports').columns(['region_path', 'received_at']).execute();
  // Newest first (in_ledger second: an index led by a two-valued column lures SQLite's planner).
  await db.schema.createIndex('reports_ledger_received').on('reports').columns(['received_at', 'in_ledger']).execute();
  await db.schema
    .createIndex('reports_repeat_key')
    .on('reports')
    .columns(['owner_unit_id', 'subject_name', 'received_at'])
    .execute();
  await db.schema
    .createIndex('reports_status')
    .on('reports')
    .columns(['status', 'owner_unit_path', 'in_ledger', 'received_at'])
    .execute();
  // Ledger filters that select few rows each get an index in received_at order, so a page is an
  // index range read and the capped count stops early.
  await db.schema.createIndex('reports_owner_unit').on('reports').columns(['owner_unit_id', 'received_at']).execute();
  await db.schema.createIndex('reports_channel').on('reports').columns(['channel', 'received_at']).execute();
  await db.schema.createIndex('reports_subject_name').on('reports').columns(['subject_name', 'received_at']).execute();

  // The clock of every time limit, one row per clock; the worklist reads this table only.
  await db.schema
    .createTable('deadlines')
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
    .addUniqueConstraint('deadlines_resource_kind', ['resource_type', 'resource_id', 'kind'])
    .execute();
  await db.schema.createIndex('deadlines_open').on('deadlines').columns(['met_at', 'due_on']).execute();
  await db.schema.createIndex('deadlines_owner').on('deadlines').columns(['owner_unit_path', 'due_on']).execute();

  // What the reporter sees on the receipt page, oldest first (public = 1), plus staff-only steps.
  await db.schema
    .createTable('report_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_events_report')
    .on('report_events')
    .columns(['report_id', 'created_at'])
    .execute();

  // Files of a report: bytes live sealed in the blob store; the name is sealed too.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull().unique())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_report').on('attachments').columns(['report_id', 'created_at']).execute();

  // Clue records (线索) registered from reports; the clue workflow itself is the next capability.
  await db.schema
    .createTable('clues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('report_id', 'text', (c) => c.references('reports.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clues_owner_path').on('clues').columns(['owner_unit_path', 'created_at']).execute();

  // Numbering: a pattern per commission and series, and a counter per year.
  await db.schema
    .createTable('numbering_patterns')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('numbering_patterns_pk', ['unit_id', 'series'])
    .execute();
  await db.schema
    .createTable('number_counters')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['unit_id', 'series', 'year'])
    .execute();

  // In-app notifications (reminders of time limits, new reports transferred in).
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('resource_id', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('report_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_messages_report')
    .on('report_messages')
    .columns(['report_id', 'created_at'])
    .execute();
}

/** Drops the intake tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'notifications',
    'number_counters',
    'numbering_patterns',
    'clues',
    'attachments',
    'report_events',
    'deadlines',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropTable('report_messages').ifExists().execute();
  await db.schema.dropTable('reports').ifExists().execute();
}
