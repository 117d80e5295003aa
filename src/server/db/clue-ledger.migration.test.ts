import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './database.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import { testDialects } from '../test/harness.js';

/**
 * Migration 2026120603_clue_ledger over clues registered before it: each keeps its number and
 * gains the new shape (source, received date, one subject row from its person, a `register`
 * event in its trail, version 1), and the ledger search finds it.
 */
// The harness's advisory lock: Kysely's migrator introspects every schema of the database, so
// schema creation, migration and drops are serialized with the other test files.
const SCHEMA_LOCK = 7_274_201;

/** Runs `fn` holding the schema lock (PostgreSQL only). */
async function locked<T>(fn: () => Promise<T>, isPg: boolean): Promise<T> {
  if (!isPg) return fn();
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await admin.connect();
  await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
  try {
    return await fn();
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
    await admin.end();
  }
}

describe.each(testDialects())('migration 2026120603_clue_ledger on $name', ({ name }) => {
  let database: Db;
  let schema: string | undefined;
  afterAll(async () => {
    await database?.close();
    if (schema)
      await locked(async () => {
        const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }, true);
  });

  it('brings an old clue into the new shape', async () => {
    if (name === 'postgres') {
      schema = `m_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      database = openDatabase(process.env.TEST_PG_URL!, { pgSchema: schema });
    } else database = openDatabase(':memory:');
    const { db } = database;
    await locked(() => migrateTo(db, '2026120509_petition_review', schema), name === 'postgres');
    const at = '2026-11-19T17:30:00.000Z';
    await db
      .insertInto('regions')
      .values({
        code: '411221000000',
        parent_code: null,
        level: 'county',
        name: '渑池县',
        path: '/411221000000/',
        county_code: '411221000000',
        sort: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('units')
      .values({
        id: 'u1',
        parent_id: null,
        kind: 'commission',
        name: '县纪委监委',
        short_name: null,
        region_code: '411221000000',
        path: '/u1/',
        region_path: '/411221000000/',
        county_code: '411221000000',
        zone_id: null,
        sort: 0,
        active: 1,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('clues')
      .values({
        id: 'c1',
        number: '渑纪线〔2026〕0001号',
        report_id: null,
        status: 'registered',
        subject_name: '曌旧线索',
        subject_id: null,
        summary: '迁移前登记的线索',
        owner_unit_id: 'u1',
        owner_unit_path: '/u1/',
        region_path: '/411221000000/',
        county_code: '411221000000',
        created_by: null,
        created_at: at,
        updated_at: at,
      } as never)
      .execute();
    await locked(() => migrateToLatest(db, schema), name === 'postgres');
    const clue = await db.selectFrom('clues').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
    // 17:30 UTC is 01:30 the next day in Shanghai.
    expect(clue).toMatchObject({
      number: '渑纪线〔2026〕0001号',
      source_kind: 'manual',
      received_at: at,
      received_on: '2026-11-20',
      categories: '[]',
      higher_report_required: 0,
    });
    expect(Number(clue.version)).toBe(1);
    const subjects = await db.selectFrom('clue_subjects').selectAll().where('clue_id', '=', 'c1').execute();
    expect(subjects.map((s) => [s.seq, s.name])).toEqual([[1, '曌旧线索']]);
    const trail = await db.selectFrom('clue_events').selectAll().where('clue_id', '=', 'c1').execute();
    expect(trail.map((e) => [e.action, e.actor_name])).toEqual([['register', '系统']]);
    // The search index holds the migrated row (FTS5 rebuilt on SQLite; pg_trgm indexes on PostgreSQL).
    const found =
      name === 'postgres'
        ? await db.selectFrom('clues').select('id').where('subject_name', 'ilike', '%旧线索%').execute()
        : await db
            .selectFrom('clues')
            .select('id')
            .where(sql<boolean>`rowid in (select rowid from clues_search where clues_search match '"旧线索"')`)
            .execute();
    expect(found.map((r) => r.id)).toEqual(['c1']);
  });
});
