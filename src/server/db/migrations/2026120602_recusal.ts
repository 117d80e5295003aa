import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Recusal (回避, domain rules §8): the conflict register (`declared_relations`: relatives, former
 * posts, village of origin, interests, and one's own ID, each staff account declaring its own;
 * every change kept in `declared_relation_versions`), the conflict checks run before an
 * assignment (`conflict_checks`, with the recorded confirmations of their warnings), and the
 * recusal requests and decisions (`recusals`). ID numbers are only ever stored as keyed hashes.
 * The register is read by user (a check asks for the few people of a team), so its one hot
 * index is by user over the live rows; the recusal index serves the "not recused from" predicate
 * that every load and list of a record carries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('declared_relations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // self | relative | post | origin | interest
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('relation', 'text')
    .addColumn('name', 'text')
    // The name as matched (spaces removed), so "王 五" and "王五" are one person's name.
    .addColumn('name_key', 'text')
    .addColumn('id_hash', 'text')
    .addColumn('region_code', 'text')
    .addColumn('employer', 'text')
    .addColumn('employer_key', 'text')
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    .addColumn('from_on', 'text')
    .addColumn('to_on', 'text')
    .addColumn('note', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('declared_relations_live_user')
    .on('declared_relations')
    .columns(['user_id', 'kind'])
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('declared_relations_live_hash')
    .on('declared_relations')
    .columns(['id_hash'])
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('declared_relations_live_subject')
    .on('declared_relations')
    .columns(['subject_id'])
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('declared_relation_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('relation_id', 'text', (c) => c.notNull().references('declared_relations.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // The row as it was before the change (JSON; the ID number only as its keyed hash).
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('declared_relation_versions_relation')
    .on('declared_relation_versions')
    .columns(['relation_id', 'version'])
    .unique()
    .execute();
  await db.schema
    .createTable('conflict_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('run_by', 'text', (c) => c.references('users.id'))
    .addColumn('run_at', 'text', (c) => c.notNull())
    // JSON: { userId: { outcome, reasons: [{ code, text }] } } for every person checked.
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conflict_checks_resource')
    .on('conflict_checks')
    .columns(['resource', 'resource_id', 'run_at'])
    .execute();
  await db.schema
    .createTable('conflict_check_confirmations')
    .addColumn('check_id', 'text', (c) => c.notNull().references('conflict_checks.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conflict_check_confirmations_pk', ['check_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('recusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    // The person who steps aside.
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // self | subject | reporter | organ
    .addColumn('requested_by_kind', 'text', (c) => c.notNull())
    .addColumn('oral', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    // requested | recused | rejected | withdrawn
    .addColumn('state', 'text', (c) => c.notNull())
    // 1: the person is the organ's principal leader, so the organ above decides.
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('target_unit_path', pathType, (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One open request or decided recusal per person and record.
  await db.schema
    .createIndex('recusals_open_unique')
    .on('recusals')
    .columns(['resource', 'resource_id', 'user_id'])
    .unique()
    .where(sql.ref('state'), 'in', ['requested', 'recused'])
    .execute();
  // The "not recused from" predicate: the actor fixed, the record's id correlated (not partial:
  // a prepared statement's generic plan could not use a partial index on a bound state).
  await db.schema
    .createIndex('recusals_in_force')
    .on('recusals')
    .columns(['user_id', 'resource', 'resource_id', 'state'])
    .execute();
  await db.schema.createIndex('recusals_state_owner').on('recusals').columns(['state', 'owner_unit_path']).execute();
}

/** Drops the tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'recusals',
    'conflict_check_confirmations',
    'conflict_checks',
    'declared_relation_versions',
    'declared_relations',
  ])
    await db.schema.dropTable(t).execute();
}
