import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The approval chain (呈批): `approval_posts` is the posts register (who holds 承办部门负责人 and
 * 分管领导 of a department, 主要负责人 and 同级党委主要负责人 of a commission; `user_id` null with
 * `holder_name` for a holder off the platform); `approvals` one document going up a chain, its
 * content as canonical JSON with its SHA-256 (`content_hash`), scoped like the record it is
 * about; `approval_steps` the chain of each round (a return and resubmission starts a new round),
 * one row per post with its holder, or the reason it was skipped, and the decision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('approval_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('holder_name', 'text')
    .addColumn('set_by', 'text', (c) => c.references('users.id'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('approval_posts_unit_post', ['unit_id', 'post'])
    .execute();
  await db.schema.createIndex('approval_posts_user').on('approval_posts').column('user_id').execute();

  await db.schema
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_level', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('current_step_id', 'text')
    .addColumn('current_holder_id', 'text', (c) => c.references('users.id'))
    .addColumn('drafter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('drafting_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('approvals_resource').on('approvals').columns(['resource_type', 'resource_id']).execute();
  await db.schema
    .createIndex('approvals_current_holder')
    .on('approvals')
    .columns(['current_holder_id', 'submitted_at'])
    .execute();
  await db.schema.createIndex('approvals_drafter').on('approvals').columns(['drafter_id', 'status']).execute();
  await db.schema
    .createIndex('approvals_owner_path')
    .on('approvals')
    .columns(['owner_unit_path', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('approval_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('approval_id', 'text', (c) => c.notNull().references('approvals.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('holder_id', 'text', (c) => c.references('users.id'))
    .addColumn('holder_name', 'text')
    .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('opinion', 'text')
    .addColumn('signed_on', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addUniqueConstraint('approval_steps_order', ['approval_id', 'round', 'seq'])
    .execute();
  await db.schema.createIndex('approval_steps_holder').on('approval_steps').columns(['holder_id', 'status']).execute();
}

/** Drops the tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('approval_steps').execute();
  await db.schema.dropTable('approvals').execute();
  await db.schema.dropTable('approval_posts').execute();
}
