import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, makeClue, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { DENSE_NAME_TOTAL_CAP, denseNameTerm } from './clues.ledger-search.js';
import { readClueLedgerPage } from './clues.ledger.js';

/**
 * A name common in the whole ledger (more than 2,000 clues) is searched through the reader's
 * scope, not through its matches (`denseNameTerm`): the answers must be the ones the term's
 * matches give — many in scope (capped total, newest first), or few in scope though many in the
 * county (exact total, cursor paging), and never a clue outside the reader's scope.
 */
describe.each(testDialects())('clue ledger search for a name common in the ledger on $name', ({ name }) => {
  let env: TestEnv;
  /** township1's clues naming 曌众名 and 曌稀名, newest first. */
  const mine = { many: [] as string[], few: [] as string[] };
  /** Every clue naming 曌众名 (both townships), newest first: what the county reads. */
  const county: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    const template = async (username: string) => {
      const made = await makeClue(env, username, {
        regionCode: await villageOf(env, username),
        subjects: [{ name: '曌模板' }],
      });
      return db.selectFrom('clues').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    };
    const own = await template('township1');
    const other = await template('township2');
    const base = Date.parse('2025-03-01T00:00:00Z');
    const rows: (typeof own)[] = [];
    // 1,200 of township1 name 曌众名 (more than the dense name's cap), 900 of township2 too; 2,050 of
    // township2 name 曌稀名 and 5 of township1. Every 7th row names two subjects.
    const plan: [typeof own, string, number][] = [
      [own, '曌众名', 1_200],
      [other, '曌众名', 900],
      [other, '曌稀名', 2_050],
      [own, '曌稀名', 5],
    ];
    let i = 0;
    for (const [tpl, subject, n] of plan)
      for (let k = 0; k < n; k++, i++) {
        const id = `00000000-0000-4000-9100-${String(i).padStart(12, '0')}`;
        const at = new Date(base + ((i * 7919) % 4001) * 600_000 + i).toISOString();
        rows.push({
          ...tpl,
          id,
          number: `渑纪线〔2025〕${300000 + i}号`,
          received_at: at,
          received_on: at.slice(0, 10),
          subject_name: i % 7 === 0 ? `张三、${subject}` : subject,
        });
        if (tpl === own) (subject === '曌众名' ? mine.many : mine.few).push(id);
        if (subject === '曌众名') county.push(id);
      }
    for (let k = 0; k < rows.length; k += 250)
      await db
        .insertInto('clues')
        .values(rows.slice(k, k + 250))
        .execute();
    const order = (ids: string[]) => {
      const at = new Map(rows.map((r) => [r.id, r.received_at]));
      return ids.sort((a, b) => (at.get(b)! < at.get(a)! ? -1 : at.get(b)! > at.get(a)! ? 1 : b < a ? -1 : 1));
    };
    order(mine.many);
    order(mine.few);
    order(county);
  }, 240_000);
  afterAll(async () => env?.close());

  it('takes the name as dense only when more than 2,000 clues hold it and no number does', async () => {
    const ctx = env.ctx();
    expect(await denseNameTerm(ctx, '曌众名')).toBe(true);
    expect(await denseNameTerm(ctx, '曌稀名')).toBe(true);
    expect(await denseNameTerm(ctx, '曌模板')).toBe(false);
    // In every number ("渑纪线〔2025〕…"): a number search, never a name one.
    expect(await denseNameTerm(ctx, '纪线〔')).toBe(false);
  });

  it('lists a dense name’s matches in scope newest first with the capped total', async () => {
    const ctx = await ctxAs(env, 'township1');
    const first = await readClueLedgerPage(ctx, { q: '曌众名', page: 1, pageSize: 50 });
    expect(first.totalCapped).toBe(true);
    expect(first.total).toBe(DENSE_NAME_TOTAL_CAP);
    expect(first.items.map((r) => r.id)).toEqual(mine.many.slice(0, 50));
    const second = await readClueLedgerPage(ctx, { q: '曌众名', page: 2, pageSize: 50, after: first.nextCursor! });
    expect(second.items.map((r) => r.id)).toEqual(mine.many.slice(50, 100));
  });

  it('lists a dense name newest first for the whole county too, with the search cap', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const first = await readClueLedgerPage(ctx, { q: '曌众名', page: 1, pageSize: 50 });
    expect(first.totalCapped).toBe(true);
    expect(first.items.map((r) => r.id)).toEqual(county.slice(0, 50));
    const second = await readClueLedgerPage(ctx, { q: '曌众名', page: 2, pageSize: 50, after: first.nextCursor! });
    expect(second.items.map((r) => r.id)).toEqual(county.slice(50, 100));
  });

  it('finds the few matches in scope of a name common elsewhere, exactly, and pages them by cursor', async () => {
    const ctx = await ctxAs(env, 'township1');
    const all = await readClueLedgerPage(ctx, { q: '曌稀名', page: 1, pageSize: 50 });
    expect(all.totalCapped).toBe(false);
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.id)).toEqual(mine.few);
    const p1 = await readClueLedgerPage(ctx, { q: '曌稀名', page: 1, pageSize: 2 });
    const p2 = await readClueLedgerPage(ctx, { q: '曌稀名', page: 2, pageSize: 2, after: p1.nextCursor! });
    const p3 = await readClueLedgerPage(ctx, { q: '曌稀名', page: 3, pageSize: 2, after: p2.nextCursor! });
    expect([...p1.items, ...p2.items, ...p3.items].map((r) => r.id)).toEqual(mine.few);
    expect(p3.nextCursor).toBeNull();
  });
});
