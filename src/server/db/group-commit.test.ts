import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../test/harness.js';
import { GroupCommit } from './group-commit.js';

describe.each(testDialects())('group commit on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
    const db = env.platform.database.db;
    await sql`create table gc_parent (id integer primary key)`.execute(db);
    // A deferred foreign key is checked at COMMIT: the way to make a commit itself fail.
    await sql`create table gc_child (id integer primary key, parent integer references gc_parent (id) deferrable initially deferred)`.execute(
      db,
    );
  });
  afterAll(async () => env?.close());
  const db = () => env.platform.database.db;
  const ids = async (table: 'gc_parent' | 'gc_child') =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(db())).rows.map((r) =>
      Number(r.id),
    );
  const insertParent = (id: number) => (trx: Parameters<Parameters<GroupCommit['run']>[0]>[0]) =>
    sql`insert into gc_parent (id) values (${id})`.execute(trx).then(() => id);

  it('runs concurrent units in one transaction; a failing unit is rolled back alone', async () => {
    const gc = new GroupCommit(db());
    let seenByThird = -1;
    const results = await Promise.allSettled([
      gc.run(insertParent(1)),
      gc.run(async (trx) => {
        await sql`insert into gc_parent (id) values (2)`.execute(trx);
        throw new Error('unit two fails after writing');
      }),
      gc.run(async (trx) => {
        // Units run in order inside the shared transaction and see the writes before them.
        const r = await sql<{ n: number }>`select count(*) as n from gc_parent where id = 1`.execute(trx);
        seenByThird = Number(r.rows[0]!.n);
        return insertParent(3)(trx);
      }),
      gc.run(insertParent(1)), // duplicate key: fails alone
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('unit two fails after writing');
    expect(seenByThird).toBe(1);
    expect(await ids('gc_parent')).toEqual([1, 3]);
  });

  it('answers nobody before the commit, and fails the whole batch when the commit fails', async () => {
    const gc = new GroupCommit(db());
    const settled: string[] = [];
    const good = gc.run(insertParent(10)).then(
      () => settled.push('good'),
      () => settled.push('good rejected'),
    );
    // The orphan row passes its own statement (the key is deferred) and breaks the COMMIT.
    const orphan = gc
      .run((trx) => sql`insert into gc_child (id, parent) values (1, 999)`.execute(trx).then(() => 'orphan'))
      .then(
        () => settled.push('orphan'),
        () => settled.push('orphan rejected'),
      );
    await Promise.all([good, orphan]);
    expect(settled.sort()).toEqual(['good rejected', 'orphan rejected']);
    expect(await ids('gc_parent')).not.toContain(10);
    expect(await ids('gc_child')).toEqual([]);
    // The committer keeps working after a failed batch.
    await expect(gc.run(insertParent(11))).resolves.toBe(11);
    expect(await ids('gc_parent')).toContain(11);
  });

  it('splits a burst larger than its batch size into several commits, losing nothing', async () => {
    const gc = new GroupCommit(db(), 8);
    const n = 50;
    const out = await Promise.all(Array.from({ length: n }, (_, i) => gc.run(insertParent(100 + i))));
    expect(out).toEqual(Array.from({ length: n }, (_, i) => 100 + i));
    expect((await ids('gc_parent')).filter((id) => id >= 100)).toHaveLength(n);
  });
});
