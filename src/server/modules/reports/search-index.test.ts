import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../../bootstrap.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';
import { FOLD_SEARCH_JOB, reportJobs } from './reports.jobs.js';
import { FOLD_BATCH, foldSearchIndex } from './reports.search.js';

/** The names of the ledger rows `client` finds for search `q`. */
async function names(client: Client, q: string): Promise<string[]> {
  const res = await client.get(`/api/reports?pageSize=200&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res
    .json<{ items: { subjectName: string }[] }>()
    .items.map((r) => r.subjectName)
    .sort();
}

// 燊 is a rare character: the demo county's own reports never carry it. On SQLite the search
// index lags the submissions (migration 2026120604): a report is pending until folded, and a
// search reads both. These tests check both states and that the FTS5 table stays consistent.
describe.each(testDialects())('ledger search index kept off the submission path on $name', ({ name }) => {
  let env: TestEnv;
  let township1: Client;
  let village: string;
  const sqlite = name === 'sqlite';

  /** Reports pending a fold (always 0 on PostgreSQL, which has no such table). */
  async function pending(): Promise<number> {
    if (!sqlite) return 0;
    const { rows } = await sql<{ n: number }>`select count(*) as n from reports_search_pending`.execute(env.ctx().db);
    return Number(rows[0]!.n);
  }

  /**
   * FTS5's own check of the trigram table against `reports` (throws when they disagree). Only
   * once nothing is pending: a pending report is in `reports` and not yet in the index.
   */
  async function integrity(): Promise<void> {
    if (!sqlite) return;
    expect(await pending()).toBe(0);
    await sql`insert into reports_search (reports_search, rank) values ('integrity-check', 1)`.execute(env.ctx().db);
  }

  /** The rowids the FTS5 table itself finds for `term` (not the pending rows). */
  async function indexed(term: string): Promise<number> {
    if (!sqlite) return 0;
    const { rows } = await sql<{ n: number }>`select count(*) as n from reports_search
      where reports_search match ${`"${term}"`}`.execute(env.ctx().db);
    return Number(rows[0]!.n);
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    township1 = await env.as('township1');
    village = await villageOf(env, 'township1');
    // The demo seed's reports are folded, as the worker would have done.
    await foldSearchIndex(env.ctx().db, env.dialect);
  });
  afterAll(async () => env?.close());

  it('finds a report by a part of its name and number the moment it is submitted', async () => {
    const { id } = await makeReport(env, village, { subject: { name: '欧阳燊林' } });
    const { number } = await env
      .ctx()
      .db.selectFrom('reports')
      .select('number')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (sqlite) {
      // Not in the FTS5 table yet: found through the pending rows.
      expect(await pending()).toBe(1);
      expect(await indexed('阳燊林')).toBe(0);
    }
    expect(await names(township1, '阳燊林')).toEqual(['欧阳燊林']);
    expect(await names(township1, '欧阳')).toEqual(['欧阳燊林']);
    const part = number!.slice(3, 12);
    const found = await township1.get(`/api/reports?pageSize=200&q=${encodeURIComponent(part)}`);
    expect(found.json<{ items: { number: string }[] }>().items.map((r) => r.number)).toContain(number);
    // Another township does not find it, pending or not.
    expect(await names(await env.as('township2'), '阳燊林')).toEqual([]);

    expect(await foldSearchIndex(env.ctx().db, env.dialect)).toBe(sqlite ? 1 : 0);
    expect(await pending()).toBe(0);
    if (sqlite) expect(await indexed('阳燊林')).toBe(1);
    expect(await names(township1, '阳燊林')).toEqual(['欧阳燊林']);
    await integrity();
  });

  it('keeps the index right when a pending or an indexed report is renamed or deleted', async () => {
    const db = env.ctx().db;
    const a = await makeReport(env, village, { subject: { name: '燊甲一' } });
    const b = await makeReport(env, village, { subject: { name: '燊乙二' } });
    await foldSearchIndex(db, env.dialect); // a and b indexed
    const c = await makeReport(env, village, { subject: { name: '燊丙三' } });
    const d = await makeReport(env, village, { subject: { name: '燊丁四' } });
    expect(await pending()).toBe(sqlite ? 2 : 0); // c and d pending
    // Renamed: a indexed, c pending.
    await db.updateTable('reports').set({ subject_name: '燊甲改' }).where('id', '=', a.id).execute();
    await db.updateTable('reports').set({ subject_name: '燊丙改' }).where('id', '=', c.id).execute();
    // Deleted: b indexed, d pending (with the rows that point at them).
    for (const id of [b.id, d.id]) {
      await db.deleteFrom('report_events').where('report_id', '=', id).execute();
      await db.deleteFrom('report_messages').where('report_id', '=', id).execute();
      await db.deleteFrom('deadlines').where('resource_id', '=', id).execute();
      await db.deleteFrom('reports').where('id', '=', id).execute();
    }
    expect(await pending()).toBe(sqlite ? 1 : 0); // c only
    const check = async () => {
      expect(await names(township1, '燊甲改')).toEqual(['燊甲改']);
      expect(await names(township1, '燊丙改')).toEqual(['燊丙改']);
      for (const gone of ['燊甲一', '燊乙二', '燊丙三', '燊丁四']) expect(await names(township1, gone)).toEqual([]);
      expect(await names(township1, '燊')).toEqual(['燊丙改', '燊甲改']);
    };
    await check();
    await foldSearchIndex(db, env.dialect);
    expect(await pending()).toBe(0);
    await integrity();
    await check();
  });

  it('finds every one of many reports filed at once, folding the backlog in batches', async () => {
    const db = env.ctx().db;
    const { id } = await makeReport(env, village, { subject: { name: '燊批量原件' } });
    const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const COPIES = 2_600; // more than a search lets pile up before it folds, and several batches
    const copies = Array.from({ length: COPIES }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return {
        ...row,
        id: `${row.id.slice(0, -5)}${n}`,
        number: `燊批〔2026〕${n}号`,
        receipt_hash: `${row.receipt_hash}-${n}`,
        idempotency_hash: null,
        subject_name: `燊批${n}`,
      };
    });
    for (let i = 0; i < copies.length; i += 200)
      await db
        .insertInto('reports')
        .values(copies.slice(i, i + 200))
        .execute();
    expect(await pending()).toBe(sqlite ? COPIES + 1 : 0);
    // A search with this backlog folds it first (every row, in batches), then reads the index.
    const res = (await township1.get(`/api/reports?pageSize=50&q=${encodeURIComponent('燊批0123')}`)).json<{
      items: { subjectName: string }[];
    }>();
    expect(res.items.map((r) => r.subjectName).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `燊批0123${i}`));
    expect(await pending()).toBe(0);
    if (sqlite) expect(await indexed('燊批0')).toBe(COPIES);
    expect(COPIES).toBeGreaterThan(FOLD_BATCH * 2);
    await integrity();
    // Every copy is found by a part of its number.
    for (const i of [0, 1, 999, 2_599]) {
      const n = String(i).padStart(5, '0');
      const found = await township1.get(`/api/reports?q=${encodeURIComponent(`〔2026〕${n}`)}`);
      expect(found.json<{ items: { subjectName: string }[] }>().items.map((r) => r.subjectName)).toContain(`燊批${n}`);
    }
  });

  it('is folded by the worker: after a public submission, and by the hourly job', async () => {
    await makeReport(env, village, { subject: { name: '燊工作者' } });
    expect(await pending()).toBe(sqlite ? 1 : 0);
    const worker = createWorker(env.platform, env.clock);
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
    expect(await pending()).toBe(0);
    if (sqlite) expect(await indexed('燊工作者')).toBe(1);
    // A report entered without a public notice (a bulk import, staff intake) waits for the hourly job.
    const db = env.ctx().db;
    const row = await db
      .selectFrom('reports')
      .selectAll()
      .where('subject_name', '=', '燊工作者')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('reports')
      .values({
        ...row,
        id: `${row.id.slice(0, -3)}zzz`,
        number: '燊时〔2026〕1号',
        receipt_hash: 'h-燊时',
        idempotency_hash: null,
        subject_name: '燊每小时',
      })
      .execute();
    expect(await pending()).toBe(sqlite ? 1 : 0);
    const job = reportJobs.find((j) => j.kind === FOLD_SEARCH_JOB)!;
    expect(job.every).toBe('hour');
    await job.run({}, {} as never, {
      db,
      dialect: env.ctx().dialect,
      clock: env.clock,
      dataDir: env.config.dataDir,
      log: env.ctx().log,
    });
    expect(await pending()).toBe(0);
    expect(await names(township1, '燊每小时')).toEqual(['燊每小时']);
    await integrity();
  });
});
