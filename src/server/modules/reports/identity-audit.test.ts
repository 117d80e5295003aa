import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { readXlsx } from '../../test/xlsx.js';
import { SECURITY_EVENTS_PER_WINDOW, resetSecurityLimiterForTest } from '../audit/index.js';

interface Event {
  action: string;
  resourceType: string;
  resourceId: string | null;
  resourceName: string | null;
  actorUsername: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

describe.each(testDialects())('who saw a report, and refused attempts, on $name', ({ name }) => {
  let env: TestEnv;
  let intake: Client;
  let leader: Client;
  let township2: Client;
  let audit: Client;
  let sec: Client;
  let village1: string;
  let named: { id: string; number: string };
  const PHONE = '13912345678';

  /** The events of `action` written since `afterSeq`, newest first. */
  async function events(action: string): Promise<Event[]> {
    const res = await audit.get(`/api/audit-events?action=${encodeURIComponent(action)}&pageSize=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Event[] }>().items;
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    intake = await env.as('intake');
    leader = await env.as('leader');
    township2 = await env.as('township2');
    audit = await env.as('auditadmin');
    sec = await env.as('secadmin');
    village1 = await villageOf(env, 'township1');
    const made = await makeReport(env, village1, {
      named: true,
      reporter: { name: '赵实名', phone: PHONE },
      content: '身份导出测试：村干部虚报冒领补助资金。',
    });
    await makeReport(env, village1);
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['id', 'number'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    named = { id: row.id, number: row.number! };
  });
  afterAll(async () => env?.close());

  it('exports no identity by default, and audits the export naming every report in the file', async () => {
    const res = await intake.get('/api/reports/export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const { header, rows } = await readXlsx(res.rawPayload);
    expect(header).not.toContain('联系电话');
    expect(res.rawPayload.toString('latin1')).not.toContain(PHONE);
    const numbers = rows.map((r) => r[0]);
    expect(numbers).toContain(named.number);

    const [ev] = await events('report.export');
    expect(ev!.actorUsername).toBe('intake');
    const listed = ev!.changes!.reports![1] as [string, string][];
    expect(listed.map(([, n]) => n).sort()).toEqual([...numbers].sort());
    expect(listed.map(([id]) => id)).toContain(named.id);
  });

  it('exports identities only with report.identity and a stated reason, in one audit event naming them', async () => {
    // A reason without the permission: refused, and nothing is audited as an identity export.
    expectStatus(await leader.get('/api/reports/export.xlsx?identityReason=核查举报人反映情况需要联系'), 403);
    // A reason too short to be one.
    expectStatus(await intake.get('/api/reports/export.xlsx?identityReason=看看'), 400);
    expect(await events('report.identity_export')).toHaveLength(0);

    const reason = '核实线索需要联系实名举报人';
    const res = await intake.get(`/api/reports/export.xlsx?identityReason=${encodeURIComponent(reason)}`);
    expect(res.statusCode, res.body).toBe(200);
    const { header, rows } = await readXlsx(res.rawPayload);
    const phoneCol = header.indexOf('联系电话');
    expect(phoneCol).toBeGreaterThan(0);
    const line = rows.find((r) => r[0] === named.number)!;
    expect(line[phoneCol]).toBe(PHONE);
    expect(line[header.indexOf('举报人')]).toBe('赵实名');

    const written = await events('report.identity_export');
    expect(written).toHaveLength(1);
    const ev = written[0]!;
    expect(ev.changes!.reason).toEqual([null, reason]);
    const revealed = ev.changes!.identities![1] as [string, string][];
    // Exactly the reports whose identity is in the file: the named ones.
    const withPhone = rows.filter((r) => r[phoneCol] !== '').map((r) => r[0]);
    expect(revealed.map(([, n]) => n).sort()).toEqual(withPhone.sort());
    expect(revealed).toContainEqual([named.id, named.number]);

    // The audit administrator's workbench lists it among the new sensitive actions, with who did it.
    type Card = { key: string; count: number; items: { title: string; subtitle: string | null; href: string }[] };
    const wb = (await audit.get('/api/workbench')).json<{ cards: Card[] }>();
    const sensitive = wb.cards.find((c) => c.key === 'audit.sensitive');
    expect(sensitive?.count).toBeGreaterThanOrEqual(1);
    expect(sensitive?.items[0]).toMatchObject({
      title: '导出台账（含举报人身份）',
      subtitle: expect.stringMatching(/^操作人：/),
      href: '/audit',
    });
  });

  it('records one event per ledger page naming the reports shown, none for an empty page', async () => {
    const before = (await events('report.list')).length;
    const page = await intake.get('/api/reports?pageSize=5');
    expect(page.statusCode, page.body).toBe(200);
    const shown = page.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(shown.length).toBeGreaterThan(0);
    const after = await events('report.list');
    expect(after).toHaveLength(before + 1);
    expect(after[0]!.actorUsername).toBe('intake');
    expect(after[0]!.changes!.reports).toEqual([null, shown]);

    const empty = await intake.get('/api/reports?from=2001-01-01&to=2001-01-02');
    expect(empty.json<{ total: number }>().total).toBe(0);
    expect(await events('report.list')).toHaveLength(before + 1);
  });

  it('logs a cross-scope read as a security event the security administrator sees, named by number', async () => {
    resetSecurityLimiterForTest();
    // Out of township2's scope: 404, as before, and now a security event in its own transaction.
    expectStatus(await township2.get(`/api/reports/${named.id}`), 404);
    // A route the account may not use at all: 403, logged too.
    expectStatus(await township2.get('/api/audit-events'), 403);
    // An id that names nothing is no attempt on anyone's record.
    expectStatus(await township2.get('/api/reports/01890000-0000-7000-8000-000000000000'), 404);

    const res = await sec.get('/api/security-events?pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Event[] }>().items.filter((e) => e.actorUsername === 'township2');
    expect(items).toHaveLength(2);
    const [forbidden, outOfScope] = items;
    expect(outOfScope).toMatchObject({
      action: 'security.access_denied',
      resourceType: 'report',
      resourceId: named.id,
      resourceName: named.number,
    });
    expect(outOfScope!.changes).toMatchObject({
      status: [null, 404],
      attempted: [null, 'report.read'],
      route: [null, 'GET /api/reports/:id'],
    });
    expect(forbidden!.changes).toMatchObject({ status: [null, 403], attempted: [null, 'audit.read'] });
    // The audit administrator finds them under the security category; others are not in it.
    const cat = (await audit.get('/api/audit-events?category=security&pageSize=200')).json<{ items: Event[] }>();
    expect(cat.items.every((e) => e.action.startsWith('security.'))).toBe(true);
    expect(cat.items.map((e) => e.resourceId)).toContain(named.id);
    // The security administrator's workbench card counts them.
    const wb = (await sec.get('/api/workbench')).json<{ cards: { key: string; count: number }[] }>();
    expect(wb.cards.find((c) => c.key === 'audit.security')?.count).toBeGreaterThanOrEqual(2);
    // Not for the audit administrator's own reading of the chain: secadmin reads no other event.
    expectStatus(await sec.get('/api/audit-events'), 403);
  });

  it('bounds what a scanner writes: a burst event, then counts only, carried on the next window', async () => {
    resetSecurityLimiterForTest();
    const count = async () =>
      (await sec.get('/api/security-events?actor=township2&pageSize=1')).json<{ total: number }>().total;
    const start = await count();
    for (let i = 0; i < SECURITY_EVENTS_PER_WINDOW + 15; i++)
      expectStatus(await township2.get(`/api/reports/${named.id}`), 404);
    // The limit one by one, then one burst event; the other 14 are counted, not written.
    expect((await count()) - start).toBe(SECURITY_EVENTS_PER_WINDOW + 1);
    const burst = (await sec.get('/api/security-events?actor=township2&pageSize=1')).json<{ items: Event[] }>()
      .items[0]!;
    expect(burst.action).toBe('security.access_denied_burst');

    env.clock.advance(11 * 60_000);
    expectStatus(await township2.get(`/api/reports/${named.id}`), 404);
    const next = (await sec.get('/api/security-events?actor=township2&pageSize=1')).json<{ items: Event[] }>()
      .items[0]!;
    expect(next.action).toBe('security.access_denied');
    expect(next.changes!.suppressedBefore).toEqual([null, 14]);
  });
});

function expectStatus(res: { statusCode: number; body: string }, status: number): void {
  expect(res.statusCode, res.body).toBe(status);
}
