import { afterAll, describe, expect, it } from 'vitest';
import { type MigrationDb, openMigrationDb, seedCountyCommission } from '../test/migration-db.js';
import { testDialects } from '../test/harness.js';

/**
 * Migration 2026120401_clock_engine over clocks written before it: rows kept, the one extension
 * an old clock could have carried over with the length the code used, and the unique key that now
 * lets a record hold a second clock of a kind. SQLite rebuilds the table; PostgreSQL alters it.
 */
describe.each(testDialects())('migration 2026120401_clock_engine on $name', ({ name }) => {
  let m: MigrationDb | undefined;
  afterAll(async () => m?.close());

  it('keeps old clocks, carries their extension over and allows a second clock of a kind', async () => {
    const opened = await openMigrationDb(name, 'm');
    m = opened;
    const { db } = opened;
    await opened.migrateTo('2026120204_ledger_received_scope');
    const at = '2026-11-20T02:00:00.000Z';
    await seedCountyCommission(db, at);
    const old = (id: string, kind: string, due: string, extended: number, met: string | null) => ({
      id,
      resource_type: 'report',
      resource_id: 'r1',
      kind,
      starts_on: '2026-11-20',
      due_on: due,
      extended,
      met_at: met,
      reminded_stage: null,
      owner_unit_id: 'u1',
      owner_unit_path: '/u1/',
      region_path: '/411221000000/',
      county_code: '411221000000',
      created_at: at,
    });
    await db
      .insertInto('deadlines')
      .values([old('d1', 'handle', '2027-02-18', 1, null), old('d2', 'register', '2026-12-07', 0, at)] as never)
      .execute();

    await opened.migrateToLatest();
    const rows = await db.selectFrom('deadlines').selectAll().orderBy('id').execute();
    expect(
      rows.map((r) => [r.id, r.seq, r.due_on, r.legal_due_on, r.starts_at, r.end_reason, r.uncovered_years]),
    ).toEqual([
      ['d1', 1, '2027-02-18', null, at, null, null],
      ['d2', 1, '2026-12-07', null, at, 'met', null],
    ]);
    const ext = await db.selectFrom('deadline_extensions').selectAll().execute();
    expect(ext.map((e) => [e.deadline_id, e.seq, e.amount, e.unit, e.approver_user_id])).toEqual([
      ['d1', 1, 30, 'calendar_days', null],
    ]);
    // A second handling clock on the same record is now possible (seq 2); a duplicate seq is not.
    await db
      .insertInto('deadlines')
      .values({ ...old('d3', 'handle', '2027-03-01', 0, null), seq: 2 })
      .execute();
    await expect(
      db
        .insertInto('deadlines')
        .values({ ...old('d4', 'handle', '2027-03-01', 0, null), seq: 2 })
        .execute(),
    ).rejects.toThrow();
    // The indexes the ledger and the worklist read are still there.
    const indexes =
      name === 'sqlite'
        ? (
            await db
              .selectFrom('sqlite_master' as never)
              .select('name' as never)
              .where('tbl_name' as never, '=', 'deadlines' as never)
              .execute()
          ).map((r) => (r as { name: string }).name)
        : (
            await db
              .selectFrom('pg_indexes' as never)
              .select('indexname' as never)
              .where('tablename' as never, '=', 'deadlines' as never)
              .where('schemaname' as never, '=', opened.schema as never)
              .execute()
          ).map((r) => (r as { indexname: string }).indexname);
    expect(indexes).toEqual(
      expect.arrayContaining(['deadlines_open', 'deadlines_owner', 'deadlines_open_unit', 'deadlines_open_region']),
    );
  });
});
