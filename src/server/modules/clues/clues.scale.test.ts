import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs, makeClue } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { CLUE_STREAM_BATCH, grantClueExport, streamClueLines } from './clues.export.js';
import { CLUE_TOTAL_CAP } from './clues.ledger.js';

/**
 * The ledger's counts and export past the sizes where a capped or in-memory answer shows: more
 * clues than the ledger's total cap (the counts stay exact), an export over several stream
 * batches (exactly the filtered rows, each named once in the audit event).
 */
describe.each(testDialects())('clue counts and export at size on $name', ({ name }) => {
  let env: TestEnv;
  const MANY = CLUE_TOTAL_CAP + 37;
  /** What the bulk rows are, to compare the answers with. */
  const expected = { byDisposal: new Map<string | null, number>(), byMonth: new Map<string, number>() };
  const DISPOSALS = [null, 'verification', 'inquiry', 'shelved', 'concluded'] as const;

  beforeAll(async () => {
    env = await startTestEnv(name);
    // One real clue of 案管's commission; its row is the template of the bulk rows.
    const made = await makeClue(env, 'casemgr', { subjects: [{ name: '曌模板', position: '村委会主任' }] });
    const db = env.ctx().db;
    const template = await db.selectFrom('clues').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    const base = Date.parse('2025-01-01T00:00:00Z');
    const rows = [];
    for (let i = 0; i < MANY; i++) {
      // Spread over 2025 every ~47 minutes; some fall after 16:00 UTC, i.e. the next day (and month) in Shanghai.
      const at = new Date(base + i * 2_837_000 + (i % 7 === 0 ? 16.5 * 3600_000 : 0));
      const on = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const disposal = DISPOSALS[i % DISPOSALS.length]!;
      rows.push({
        ...template,
        id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        number: `渑纪线〔2025〕${100000 + i}号`,
        received_at: at.toISOString(),
        received_on: on,
        disposal,
        subject_name: i % 40 === 0 ? `曌批量${i}` : `批量对象${i}`,
      });
      expected.byDisposal.set(disposal, (expected.byDisposal.get(disposal) ?? 0) + 1);
      expected.byMonth.set(on.slice(0, 7), (expected.byMonth.get(on.slice(0, 7)) ?? 0) + 1);
    }
    for (let i = 0; i < rows.length; i += 250)
      await db
        .insertInto('clues')
        .values(rows.slice(i, i + 250))
        .execute();
  }, 240_000);
  afterAll(async () => env?.close());

  it('counts by disposal and month exactly, beyond the ledger’s total cap', async () => {
    const casemgr = await env.as('casemgr');
    const query = 'from=2025-01-01&to=2025-12-31';
    const page = await casemgr.get(`/api/clues?${query}&pageSize=10`);
    expect(page.json()).toMatchObject({ total: CLUE_TOTAL_CAP, totalCapped: true });
    const res = await casemgr.get(`/api/clues/stats?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json<{
      byDisposal: { disposal: string | null; count: number }[];
      byMonth: { month: string; count: number }[];
    }>();
    const inRange = [...expected.byMonth].filter(([m]) => m <= '2025-12');
    expect(stats.byMonth).toEqual(
      inRange.sort(([a], [b]) => a.localeCompare(b)).map(([month, count]) => ({ month, count })),
    );
    const total = stats.byMonth.reduce((n, m) => n + m.count, 0);
    expect(total).toBeGreaterThan(CLUE_TOTAL_CAP);
    expect(stats.byDisposal.reduce((n, d) => n + d.count, 0)).toBe(total);
    // Without the date filter every bulk row (and the template) is counted by disposal.
    const all = (await casemgr.get('/api/clues/stats')).json<typeof stats>();
    const count = (d: string | null) => all.byDisposal.find((x) => x.disposal === d)?.count ?? 0;
    for (const d of DISPOSALS) expect(count(d)).toBe(expected.byDisposal.get(d)! + (d === null ? 1 : 0));
  });

  it('exports exactly the filtered rows over several stream batches, each named once in the audit event', async () => {
    const casemgr = await env.as('casemgr');
    const res = await casemgr.get('/api/clues/export.xlsx?q=曌批量');
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const numbers: string[] = [];
    wb.worksheets[0]!.eachRow((row, i) => {
      if (i > 1) numbers.push(row.getCell(1).text);
    });
    const want = Math.ceil(MANY / 40);
    expect(want).toBeGreaterThan(CLUE_STREAM_BATCH);
    expect(numbers).toHaveLength(want);
    expect(new Set(numbers).size).toBe(want);
    expect(numbers.every((n) => /^渑纪线〔2025〕1\d{5}号$/.test(n))).toBe(true);
    const event = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('action', '=', 'clue.export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const named = (JSON.parse(event.changes!) as { clues: [null, [string, string][]] }).clues[1].map((c) => c[1]);
    expect(named.sort()).toEqual([...numbers].sort());
  });

  it('writes only the clues the grant named: one registered after the audit is left out', async () => {
    const ctx = await ctxAs(env, 'casemgr');
    const q = { q: '曌迟到' };
    const granted = await grantClueExport(ctx, q);
    expect(granted.size).toBe(0);
    await makeClue(env, 'casemgr', { subjects: [{ name: '曌迟到', position: '村会计' }] });
    const lines = [];
    for await (const line of streamClueLines(ctx, q, granted, 2)) lines.push(line);
    expect(lines).toEqual([]);
    const regranted = await grantClueExport(ctx, q);
    const again = [];
    for await (const line of streamClueLines(ctx, q, regranted, 2)) again.push(line.subjectNames);
    expect(again).toEqual(['曌迟到']);
  });
});
