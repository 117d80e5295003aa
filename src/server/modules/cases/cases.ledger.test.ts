import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { makeCase } from '../../test/case-factories.js';
import { ctxAs } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { addCaseMember, readCaseLedgerPage } from './index.js';

describe.each(testDialects())('the case ledger (narrow arms, wide walk) on $name', ({ name }) => {
  let env: TestEnv;
  const made: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    // Six zone cases about township1's village, one escalated, and one 自办 by township1.
    for (let i = 0; i < 6; i++) made.push((await makeCase(env)).id);
    made.push((await makeCase(env, { filing: { handling: { mode: 'escalated', reason: 'major_case' } } })).id);
    made.push(
      (await makeCase(env, { drafter: 'township1', filing: { handling: { mode: 'self', reason: 'simple' } } })).id,
    );
  });
  afterAll(async () => env?.close());

  async function pages(username: string, extra: Record<string, unknown> = {}) {
    const ctx = await ctxAs(env, username);
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; page <= 5; page++) {
      const r = await readCaseLedgerPage(ctx, { page, pageSize: 3, ...extra });
      total = r.total;
      seen.push(...r.items.map((i) => i.id));
      if (r.items.length < 3) break;
    }
    return { seen, total };
  }

  it('pages a narrow reader (township1) through its arms without repeats, newest first, lines for the zone cases', async () => {
    const { seen, total } = await pages('township1');
    expect(total).toBe(made.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
    const first = await readCaseLedgerPage(await ctxAs(env, 'township1'), { page: 1, pageSize: 50 });
    const created = first.items.map((i) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const own = first.items.find((i) => i.id === made.at(-1));
    expect(own?.visibility).toBe('full');
    expect(first.items.filter((i) => i.visibility === 'line').length).toBe(made.length - 1);
  });

  it('pages a wide reader (案管, the county) the same way', async () => {
    const { seen, total } = await pages('casemgr');
    expect(total).toBe(made.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
  });

  it("opens a case to a team member out of scope (township2's officer): the member arm and `mine`", async () => {
    const before = await pages('township2');
    expect(before.total).toBe(0);
    const t2 = await ctxAs(env, 'township2');
    await inTransaction(await ctxAs(env, 'zone1'), (tx) =>
      addCaseMember(tx, made[0]!, { userId: t2.actor!.userId, name: '乡镇书记', unitName: '乡镇纪委' }, 'member'),
    );
    const after = await readCaseLedgerPage(t2, { page: 1, pageSize: 50 });
    expect(after.items.map((i) => [i.id, i.visibility])).toEqual([[made[0], 'full']]);
    const mine = await readCaseLedgerPage(t2, { page: 1, pageSize: 50, mine: true });
    expect(mine.total).toBe(1);
    const filtered = await readCaseLedgerPage(await ctxAs(env, 'township1'), {
      page: 1,
      pageSize: 50,
      mode: 'self',
    });
    expect(filtered.items.map((i) => i.id)).toEqual([made.at(-1)]);
  });
});
