import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../test/harness.js';
import { insertRow } from './insert-row.js';

describe.each(testDialects())('insertRow on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
  });
  afterAll(async () => env?.close());

  it('stores the row exactly as Kysely would, on the first call and on the cached path', async () => {
    const db = env.platform.database.db;
    for (let i = 0; i < 3; i++)
      await insertRow(db, 'settings', { key: `insert-row.${i}`, value: `值 ${i}`, updated_at: '2026-11-22T00:00:00Z' });
    // Another column order is another shape, and still right.
    await insertRow(db, 'settings', { updated_at: '2026-11-22T00:00:01Z', value: '另一顺序', key: 'insert-row.x' });
    const rows = await db
      .selectFrom('settings')
      .selectAll()
      .where('key', 'like', 'insert-row.%')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'insert-row.0', value: '值 0', updated_at: '2026-11-22T00:00:00Z' },
      { key: 'insert-row.1', value: '值 1', updated_at: '2026-11-22T00:00:00Z' },
      { key: 'insert-row.2', value: '值 2', updated_at: '2026-11-22T00:00:00Z' },
      { key: 'insert-row.x', value: '另一顺序', updated_at: '2026-11-22T00:00:01Z' },
    ]);
  });

  it('takes part in the caller transaction and fails like a normal insert', async () => {
    const db = env.platform.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRow(trx, 'settings', { key: 'insert-row.tx', value: 'a', updated_at: 'x' });
        // Duplicate key: the same error as Kysely's own insert.
        await insertRow(trx, 'settings', { key: 'insert-row.tx', value: 'b', updated_at: 'x' });
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    const n = await sql<{ n: number }>`select count(*) as n from settings where key = 'insert-row.tx'`.execute(db);
    expect(Number(n.rows[0]!.n)).toBe(0);
  });
});
