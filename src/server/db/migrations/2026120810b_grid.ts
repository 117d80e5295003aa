import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Grid supervision (网格监督 / 廉情前哨站, issue 16 §4):
 *
 * - `grid_outposts`: one per village (`region_code`), its head and deputies (the village supervision
 *   committee's chair and members) sealed. Owned by the township commission (scope columns).
 * - `grid_informants`: 1–3 per villager group (`group_code`); name and phone sealed, the ID number as
 *   the platform-wide keyed hash (`personal-keys.ts`); term, trainings, duty statement; the PIN as an
 *   argon2id PHC string; the phone bound by the keyed hash of a device credential; failed PINs and
 *   the lock; revocation by the township.
 * - `grid_invitations`: one-time sign-in links (keyed hash of the token, 7 days).
 * - `grid_sessions`: informants' sessions (keyed hash of the cookie token; idle and absolute expiry).
 * - `grid_tasks`: tasks pushed by the township, done by the informant, confirmed by the township.
 * - `grid_score_rules`: a county's points per event; `grid_score_events`: points per source event
 *   (unique per source: the scoring job is idempotent).
 * - `reports.informant_id`: the informant who reported (channel informant), never shown to the handler.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  const scoped = <T extends { addColumn: (...a: any[]) => T }>(t: T): T =>
    t
      .addColumn('owner_unit_id', 'text', (c: any) => c.notNull().references('units.id'))
      .addColumn('owner_unit_path', pathType, (c: any) => c.notNull())
      .addColumn('region_path', pathType, (c: any) => c.notNull())
      .addColumn('county_code', 'text');
  await scoped(
    db.schema
      .createTable('grid_outposts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('region_code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('head_enc', 'text', (c) => c.notNull())
      .addColumn('deputies_enc', 'text', (c) => c.notNull()),
  )
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grid_outposts_owner').on('grid_outposts').columns(['owner_unit_path']).execute();

  await scoped(
    db.schema
      .createTable('grid_informants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('outpost_id', 'text', (c) => c.notNull().references('grid_outposts.id'))
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('group_code', 'text', (c) => c.notNull())
      .addColumn('name_enc', 'text', (c) => c.notNull())
      .addColumn('name_masked', 'text', (c) => c.notNull())
      .addColumn('phone_enc', 'text', (c) => c.notNull())
      .addColumn('person_hash', 'text', (c) => c.notNull())
      .addColumn('term_start', 'text', (c) => c.notNull())
      .addColumn('term_end', 'text', (c) => c.notNull())
      .addColumn('trainings', 'text', (c) => c.notNull())
      .addColumn('duty_signed_on', 'text')
      // active | revoked
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('pin_hash', 'text')
      .addColumn('device_hash', 'text')
      .addColumn('pin_failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_at', 'text')
      .addColumn('revoked_at', 'text'),
  )
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grid_informants_group')
    .on('grid_informants')
    .columns(['group_code', 'status'])
    .execute();
  await db.schema.createIndex('grid_informants_owner').on('grid_informants').columns(['owner_unit_path']).execute();
  await db.schema.createIndex('grid_informants_device').on('grid_informants').columns(['device_hash']).execute();
  await db.schema.createIndex('grid_informants_person').on('grid_informants').columns(['person_hash']).execute();

  await db.schema
    .createTable('grid_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('informant_id', 'text', (c) => c.notNull().references('grid_informants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('grid_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('informant_id', 'text', (c) => c.notNull().references('grid_informants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('grid_sessions_informant').on('grid_sessions').columns(['informant_id']).execute();

  await scoped(
    db.schema
      .createTable('grid_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('informant_id', 'text', (c) => c.notNull().references('grid_informants.id'))
      .addColumn('region_code', 'text', (c) => c.notNull())
      // subsidy_list | villagers_meeting | other
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text')
      // open | done | confirmed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done_note', 'text')
      .addColumn('done_at', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('confirmed_by', 'text', (c) => c.references('users.id')),
  )
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grid_tasks_informant').on('grid_tasks').columns(['informant_id', 'status']).execute();

  await db.schema
    .createTable('grid_score_rules')
    .addColumn('county_code', 'text', (c) => c.primaryKey())
    .addColumn('clue_points', 'integer', (c) => c.notNull())
    .addColumn('case_points', 'integer', (c) => c.notNull())
    .addColumn('false_report_points', 'integer', (c) => c.notNull())
    .addColumn('task_points', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await scoped(
    db.schema
      .createTable('grid_score_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('informant_id', 'text', (c) => c.notNull().references('grid_informants.id'))
      .addColumn('region_code', 'text', (c) => c.notNull())
      // report_clue | clue_case | false_report | task
      .addColumn('source_kind', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      // 2026-Q4 (Shanghai time of scoring)
      .addColumn('quarter', 'text', (c) => c.notNull()),
  )
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('grid_score_events_source')
    .on('grid_score_events')
    .columns(['source_kind', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('grid_score_events_quarter')
    .on('grid_score_events')
    .columns(['quarter', 'owner_unit_path', 'informant_id', 'points'])
    .execute();

  await db.schema.alterTable('reports').addColumn('informant_id', 'text').execute();
  await db.schema.createIndex('reports_informant').on('reports').columns(['informant_id']).execute();
}

/** Drops the grid's tables and the reports' informant column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_informant').execute();
  await db.schema.alterTable('reports').dropColumn('informant_id').execute();
  for (const t of [
    'grid_score_events',
    'grid_score_rules',
    'grid_tasks',
    'grid_sessions',
    'grid_invitations',
    'grid_informants',
    'grid_outposts',
  ])
    await db.schema.dropTable(t).execute();
}
