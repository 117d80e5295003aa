import { Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { ctxAs, makeReport, villageOf } from '../../test/factories.js';
import * as ledgerSearch from '../../db/migrations/2026120508_ledger_search.js';
import * as searchPending from '../../db/migrations/2026120604_search_pending.js';
import { searchMode, searchPredicate } from './reports.search.js';
import { readLedgerPage } from './reports.ledger.js';

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

  it('reads the reports not yet folded from the pending table, not by scanning every report (SQLite)', async () => {
    if (name !== 'sqlite') return; // PostgreSQL has no pending table: its trigram indexes are in step.
    const ctx = env.ctx();
    const { rows } = await sql<{ detail: string }>`explain query plan
      select r.rowid from reports r where ${searchPredicate(ctx, '马曌云', true)}`.execute(ctx.db);
    const plan = rows.map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SCAN p\b/);
    expect(plan).not.toMatch(/SCAN x\b/);
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

  it('decides how to read a search by the size of its match set, on both engines', async () => {
    const ctx = env.ctx();
    expect(await searchMode(ctx, '曌')).toBe('dense');
    expect(await searchMode(ctx, '曌0')).toBe('dense');
    expect(await searchMode(ctx, '曌原')).toBe(name === 'sqlite' ? 'sparse' : 'dense');
    expect(await searchMode(ctx, '曌00')).toBe('sparse');
    expect(await searchMode(ctx, '曌原件')).toBe('sparse');
    expect(await searchMode(ctx, '〔2026〕0002')).toBe('sparse');
    expect(await searchMode(ctx, '曌测〔2026〕00020号')).toBe('number');
  });

  it('reads a sparse search whose total is capped from its matches, newest first', async () => {
    // 1,100 more reports, older than the copies, matching 稀测〔: fewer than the probe, more than the cap.
    const db = env.ctx().db;
    const row = await db
      .selectFrom('reports')
      .selectAll()
      .where('subject_name', '=', '曌原件')
      .executeTakeFirstOrThrow();
    const rare = Array.from({ length: 1_100 }, (_, i) => {
      const n = String(i).padStart(5, '0');
      const at = new Date(Date.parse(row.received_at) - (COPIES + 1 + i) * 60_000).toISOString();
      return {
        ...row,
        id: `${row.id.slice(0, -6)}x${n}`,
        number: `稀测〔2019〕${n}号`,
        receipt_hash: `${row.receipt_hash}-x${n}`,
        idempotency_hash: null,
        subject_name: `稀${n}`,
        received_at: at,
        created_at: at,
      };
    });
    for (let i = 0; i < rare.length; i += 100)
      await db
        .insertInto('reports')
        .values(rare.slice(i, i + 100))
        .execute();
    expect(await searchMode(env.ctx(), '稀测〔')).toBe('sparse');
    const township1 = await env.as('township1');
    const res = (await township1.get(`/api/reports?pageSize=50&q=${encodeURIComponent('稀测〔')}`)).json();
    expect(res.total).toBe(1_000);
    expect(res.totalCapped).toBe(true);
    expect(res.items.map((r: { number: string }) => r.number)).toEqual(
      Array.from({ length: 50 }, (_, i) => `稀测〔2019〕${String(i).padStart(5, '0')}号`),
    );
    const next = (
      await township1.get(`/api/reports?pageSize=50&q=${encodeURIComponent('稀测〔')}&after=${res.nextCursor}`)
    ).json();
    expect(next.items[0].number).toBe('稀测〔2019〕00050号');
    expect((await (await env.as('township2')).get(`/api/reports?q=${encodeURIComponent('稀测〔')}`)).json().total).toBe(
      0,
    );
  });

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

  it('on PostgreSQL, counts a term dense in the scope by walking the scope, bitmaps off for that statement', async () => {
    if (name !== 'postgres') return; // SQLite has no bitmap scans: its count plans are chosen in the query text
    const db = env.ctx().db;
    // With statistics the planner knows 曌 starts two thousand names in township1's scope.
    await sql`analyze reports`.execute(db);
    const statements: string[] = [];
    const logging = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: env.config.databaseUrl,
          max: 1,
          options: `-c search_path=${env.config.pgSchema}`,
        }),
      }),
      log: (e: LogEvent) => {
        if (e.level === 'query') statements.push(e.query.sql);
      },
    });
    try {
      const ctx = { ...(await ctxAs(env, 'township1')), db: logging };
      const page = await readLedgerPage(ctx, { q: '曌', page: 1, pageSize: 50 });
      expect(page.total).toBe(1_000);
      expect(page.totalCapped).toBe(true);
      expect(page.items[1]!.subjectName).toBe('曌00000');
      // The count ran with bitmap scans off, and switched them back on inside the same transaction.
      expect(statements).toContain('set local enable_bitmapscan = off');
      expect(statements).toContain('set local enable_bitmapscan = on');
      // A term less dense in the scope (1,100 稀 names, under 2,000) keeps the planner's own choice.
      statements.length = 0;
      const fewer = await readLedgerPage(ctx, { q: '稀', page: 1, pageSize: 50 });
      expect(fewer.total).toBe(1_000);
      expect(fewer.items[0]!.subjectName).toBe('稀00000');
      expect(statements.some((q) => q.startsWith('explain'))).toBe(true);
      expect(statements).not.toContain('set local enable_bitmapscan = off');
    } finally {
      await logging.destroy();
    }
  });
});
