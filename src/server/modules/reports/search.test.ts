import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';
import * as ledgerSearch from '../../db/migrations/2026120508_ledger_search.js';
import * as searchPending from '../../db/migrations/2026120604_search_pending.js';

/** The ledger rows of `client` for search `q` (numbers and names). */
async function search(client: Client, q: string): Promise<{ number: string; subjectName: string }[]> {
  const res = await client.get(`/api/reports?pageSize=200&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { number: string; subjectName: string }[] }>().items;
}

// 曌 is a rare surname character: the demo county's own reports never carry it.
describe.each(testDialects())('ledger search on $name', ({ name }) => {
  let env: TestEnv;
  let township1: Client;
  let township2: Client;
  let leader: Client;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    township1 = await env.as('township1');
    township2 = await env.as('township2');
    leader = await env.as('leader');
    const village = await villageOf(env, 'township1');
    for (const subject of ['曌青松', '曌海', '司马曌云', '李四']) {
      const { id } = await makeReport(env, village, { subject: { name: subject } });
      const row = await env
        .ctx()
        .db.selectFrom('reports')
        .select('number')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      numbers[subject] = row.number!;
    }
  });
  afterAll(async () => env?.close());

  it('finds a one-character surname at the start of the name', async () => {
    const names = (await search(township1, '曌')).map((r) => r.subjectName).sort();
    expect(names).toEqual(['曌海', '曌青松']);
    expect((await search(township1, '曌青')).map((r) => r.subjectName)).toEqual(['曌青松']);
  });

  it('finds three characters or more anywhere in the name', async () => {
    expect((await search(township1, '马曌云')).map((r) => r.subjectName)).toEqual(['司马曌云']);
    expect((await search(township1, '司马曌云')).map((r) => r.subjectName)).toEqual(['司马曌云']);
    // Two characters inside a name have no trigram and are not the name's start.
    expect((await search(township1, '马曌')).map((r) => r.subjectName)).toEqual([]);
    expect((await search(leader, '曌青松')).map((r) => r.subjectName)).toEqual(['曌青松']);
  });

  it('finds a part of the number (the sequence digits) and the whole number', async () => {
    const number = numbers['李四']!;
    const digits = /(\d{3,})号$/.exec(number)![1]!;
    const found = await search(township1, digits);
    expect(found.map((r) => r.number)).toContain(number);
    for (const r of found) expect(`${r.number}|${r.subjectName}`).toContain(digits);
    const middle = number.slice(2, 9);
    expect((await search(township1, middle)).map((r) => r.number)).toContain(number);
    expect((await search(township1, number)).map((r) => r.number)).toEqual([number]);
  });

  it('keeps the scope: another township finds none of them', async () => {
    expect(await search(township2, '曌')).toEqual([]);
    expect(await search(township2, numbers['司马曌云']!)).toEqual([]);
  });

  it('treats wildcards and query syntax as text', async () => {
    expect(await search(township1, '曌%')).toEqual([]);
    expect(await search(township1, '_')).toEqual([]);
    expect(await search(township1, '%%%')).toEqual([]);
    expect(await search(township1, '"曌" OR 李')).toEqual([]);
    expect(await search(township1, 'a"b*c')).toEqual([]);
  });

  it('follows a change of the name (the search index is kept in step)', async () => {
    await sql`update reports set subject_name = ${'曌改名'} where number = ${numbers['曌海']!}`.execute(env.ctx().db);
    expect((await search(township1, '曌')).map((r) => r.subjectName).sort()).toEqual(['曌改名', '曌青松']);
    expect((await search(township1, '曌改名')).map((r) => r.number)).toEqual([numbers['曌海']]);
    expect(await search(township1, '曌海')).toEqual([]);
  });

  it('indexes the reports already filed when the migration runs', async () => {
    const db = env.ctx().db;
    await searchPending.down(db);
    await ledgerSearch.down(db);
    await ledgerSearch.up(db);
    await searchPending.up(db);
    expect((await search(township1, '马曌云')).map((r) => r.subjectName)).toEqual(['司马曌云']);
    expect((await search(township1, numbers['李四']!.slice(2, 9))).map((r) => r.number)).toContain(numbers['李四']);
  });
});

// A surname shared by thousands of reports: the search reads the caller's scope newest-first.
describe.each(testDialects())('dense ledger search on $name', ({ name }) => {
  let env: TestEnv;
  const COPIES = 2_100;

  beforeAll(async () => {
    env = await startTestEnv(name);
    const { id } = await makeReport(env, await villageOf(env, 'township1'), { subject: { name: '曌原件' } });
    const db = env.ctx().db;
    const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const copies = Array.from({ length: COPIES }, (_, i) => {
      const n = String(i).padStart(5, '0');
      const at = new Date(Date.parse(row.received_at) - (i + 1) * 60_000).toISOString();
      return {
        ...row,
        id: `${row.id.slice(0, -5)}${n}`,
        number: `曌测〔2026〕${n}号`,
        receipt_hash: `${row.receipt_hash}-${n}`,
        idempotency_hash: null,
        subject_name: `曌${n}`,
        received_at: at,
        created_at: at,
      };
    });
    for (let i = 0; i < copies.length; i += 100)
      await db
        .insertInto('reports')
        .values(copies.slice(i, i + 100))
        .execute();
  });
  afterAll(async () => env?.close());

  it('counts to the search cap, pages newest first and keeps the scope', async () => {
    const township1 = await env.as('township1');
    const res = (await township1.get('/api/reports?pageSize=50&q=曌')).json();
    expect(res.total).toBe(1_000);
    expect(res.totalCapped).toBe(true);
    expect(res.items).toHaveLength(50);
    expect(res.items[0].subjectName).toBe('曌原件');
    expect(res.items[1].subjectName).toBe('曌00000');
    const next = (
      await township1.get(`/api/reports?pageSize=50&q=曌&after=${encodeURIComponent(res.nextCursor)}`)
    ).json();
    expect(next.items[0].subjectName).toBe('曌00049');
    const township2 = await env.as('township2');
    expect((await township2.get('/api/reports?q=曌')).json().total).toBe(0);
    // A part of the copies' numbers (three characters or more): ten of them, newest first.
    const part = (await township1.get(`/api/reports?pageSize=50&q=${encodeURIComponent('〔2026〕0002')}`)).json();
    expect(part.items.map((r: { number: string }) => r.number)).toEqual(
      Array.from({ length: 10 }, (_, i) => `曌测〔2026〕000${20 + i}号`),
    );
  });
});
