import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, makeReport, villageOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

interface Card {
  key: string;
  kind: string;
  count: number;
  items: { id: string; title: string; href: string | null }[];
  message?: string | null;
  chart?: { categories: string[]; series: { name: string; data: number[] }[] } | null;
}

/** Every demo account (one per role). */
const ACCOUNTS = DEMO_ACCOUNTS;

describe.each(testDialects())('workbench on $name', ({ name }) => {
  let env: TestEnv;
  let report1: string;
  beforeAll(async () => {
    env = await startTestEnv(name);
    report1 = (await makeReport(env, await villageOf(env, 'township1'))).id;
  });
  afterAll(async () => env?.close());

  async function cards(username: string): Promise<Map<string, Card>> {
    const c = await env.as(username);
    const res = await c.get('/api/workbench');
    expect(res.statusCode, res.body).toBe(200);
    return new Map(res.json<{ cards: Card[] }>().cards.map((x) => [x.key, x]));
  }

  it('answers every role, and only anonymous callers are refused', async () => {
    for (const username of ACCOUNTS) await cards(username);
    expect((await env.anon().get('/api/workbench')).statusCode).toBe(401);
  });

  it("shows a township's new report to its handlers as a to-do, and not to another township", async () => {
    const t1 = await cards('township1');
    expect(t1.get('reports.to_accept')?.items.map((i) => i.id)).toContain(report1);
    expect(t1.get('reports.new')?.items.map((i) => i.id)).toContain(report1);
    expect(t1.get('reports.to_accept')?.items[0]?.href).toMatch(/^\/reports\//);
    const t2 = await cards('township2');
    expect(t2.get('reports.to_accept')?.items.map((i) => i.id) ?? []).not.toContain(report1);
    expect(t2.get('reports.new')?.items.map((i) => i.id) ?? []).not.toContain(report1);
    // No reading permission on reports, no report card at all.
    const admin = await cards('sysadmin');
    expect([...admin.keys()].filter((k) => k.startsWith('reports.'))).toEqual([]);
  });

  it('counts new reports from when the person last looked', async () => {
    const c = await env.as('township1');
    const before = (await cards('township1')).get('reports.new')!.count;
    expect(before).toBeGreaterThan(0);
    const seen = await c.put('/api/workbench/seen/reports.new', {});
    expect(seen.statusCode, seen.body).toBe(200);
    expect((await cards('township1')).get('reports.new')!.count).toBe(0);
    env.clock.advance(60_000);
    const next = await makeReport(env, await villageOf(env, 'township1'));
    const after = (await cards('township1')).get('reports.new')!;
    expect(after.count).toBe(1);
    expect(after.items.map((i) => i.id)).toEqual([next.id]);
    // Another person's marker is their own.
    expect((await cards('tstaff1')).get('reports.new')!.count).toBeGreaterThan(1);
  });

  it('refuses to mark a card the person cannot see, or one that does not exist', async () => {
    const c = await env.as('township1');
    expect((await c.put('/api/workbench/seen/auth.locked_accounts', {})).statusCode).toBe(404);
    expect((await c.put('/api/workbench/seen/nope.nothing', {})).statusCode).toBe(404);
    expect((await c.put('/api/workbench/seen/bad key', {})).statusCode).toBe(400);
  });

  it('gives each administrator their own to-dos: the missing holiday year, accounts without a role, the audit chain', async () => {
    // The demo ships arrangements up to 2026; from October the next year is due.
    env.clock.advance(Date.parse('2026-12-04T02:00:00Z') - env.clock.nowMs());
    const sys = await cards('sysadmin');
    expect(sys.get('calendar.missing_years')?.items.map((i) => i.title)).toEqual(['2027 年节假日安排']);
    const sec = await cards('secadmin');
    expect(sec.has('access.unassigned_accounts')).toBe(true);
    const audit = await cards('auditadmin');
    expect(audit.get('audit.chain')?.message).toContain('尚未校验');
    const verify = await (await env.as('auditadmin')).post('/api/audit-events/verification', {});
    expect(verify.statusCode, verify.body).toBe(200);
    expect((await cards('auditadmin')).get('audit.chain')?.message).toContain('结果完整');
  });

  it("charts a leader's reports by Shanghai month", async () => {
    const leader = await cards('leader');
    const chart = leader.get('reports.monthly')?.chart;
    expect(chart?.categories).toHaveLength(12);
    const total = chart!.series.flatMap((s) => s.data).reduce((a, b) => a + b, 0);
    expect(total).toBe(leader.get('reports.monthly')!.count);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(leader.get('reports.monthly')!.message).toContain(`近 12 个月共 ${total} 件`);
  });
});
