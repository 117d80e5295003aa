import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type MigrationDb, openMigrationDb, seedCountyCommission } from '../test/migration-db.js';
import { testDialects } from '../test/harness.js';

/**
 * Migration 2026120603_clue_ledger over clues registered before it: each keeps its number and
 * gains the new shape (source, received date, one subject row from its person, a `register`
 * event in its trail, version 1), and the ledger search finds it.
 */
describe.each(testDialects())('migration 2026120603_clue_ledger on $name', ({ name }) => {
  let m: MigrationDb | undefined;
  afterAll(async () => m?.close());

  it('brings an old clue into the new shape', async () => {
    const opened = await openMigrationDb(name, 'm');
    m = opened;
    const { db } = opened;
    await opened.migrateTo('2026120509_petition_review');
    const at = '2026-11-19T17:30:00.000Z';
    await seedCountyCommission(db, at);
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
    await opened.migrateToLatest();
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
