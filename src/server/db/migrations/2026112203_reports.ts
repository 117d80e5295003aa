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
    .addColumn('ack_due_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_owner_path').on('reports').columns(['owner_unit_path', 'received_at']).execute();
  await db.schema.createIndex('reports_region_path').on('reports').columns(['region_path', 'received_at']).execute();
  await db.schema.createIndex('reports_received').on('reports').column('received_at').execute();

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
  await db.schema.dropTable('report_messages').ifExists().execute();
  await db.schema.dropTable('reports').ifExists().execute();
}
