import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../test/harness.js';
import { arg, runCompiled } from './compiled-query.js';

describe.each(testDialects())('queries compiled once on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
    await sql`create table cq (id integer primary key, name text, n integer)`.execute(env.platform.database.db);
  });
  afterAll(async () => env?.close());
  const db = () => env.platform.database.db;

  it('reuses the SQL with new arguments, keeping the builder’s constants', async () => {
    const insert = (id: number, label: string) =>
      runCompiled(
        db(),
        'test.cq.insert',
        (d) => d.insertInto('cq' as never).values({ id: arg(0), name: arg(1), n: 7 } as never),
        [id, label],
      );
    await insert(1, 'a');
    await insert(2, 'b');
    const pick = (id: number) =>
      runCompiled<{ name: string; n: number }>(
        db(),
        'test.cq.pick',
        (d) =>
          d
            .selectFrom('cq' as never)
            .select(['name', 'n'] as never)
            .where('id' as never, '=', arg<never>(0)),
        [id],
      );
    expect((await pick(2)).rows).toEqual([{ name: 'b', n: 7 }]);
    expect((await pick(1)).rows).toEqual([{ name: 'a', n: 7 }]);
    expect((await pick(3)).rows).toEqual([]);
  });

  it('refuses a call whose arguments do not match the placeholders', async () => {
    await expect(
      runCompiled(
        db(),
        'test.cq.bad',
        (d) =>
          d
            .selectFrom('cq' as never)
            .selectAll()
            .where('id' as never, '=', arg<never>(0)),
        [],
      ),
    ).rejects.toThrow(/1 placeholders, 0 args/);
  });
});
