/**
 * The audit log's record filter takes what a person knows (issue 11 §5): a report number in the
 * usual spellings, an account's username, a unit's name, or the raw id, resolved on the server;
 * never a subject's or staff member's name, and a term that names nothing matches nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, makeUnit, villageOf } from '../../test/factories.js';
import { numberVariants } from './audit.resolve.js';

interface Page {
  total: number;
  items: { resourceId: string | null; resourceType: string; action: string; resourceName: string | null }[];
}

describe('numberVariants', () => {
  it('reads the usual brackets and a missing 号 as the number', () => {
    expect(numberVariants('渑纪信[2026]0012')).toContain('渑纪信〔2026〕0012号');
    expect(numberVariants('渑纪信（2026）0012号')).toContain('渑纪信〔2026〕0012号');
    expect(numberVariants(' 渑纪信【2026】 0012 ')).toContain('渑纪信〔2026〕0012号');
  });
});

describe.each(testDialects())('audit record filter on $name', ({ name }) => {
  let env: TestEnv;
  let audit: Client;
  let report: { id: string; number: string; subject: string };

  const search = async (c: Client, resource: string, path = '/api/audit-events'): Promise<Page> => {
    const res = await c.get(`${path}?pageSize=200&resource=${encodeURIComponent(resource)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    audit = await env.as('auditadmin');
    const village = await villageOf(env, 'township1');
    const subject = '审计筛选王某某';
    const made = await makeReport(env, village, { subject: { name: subject } });
    const township = await env.as('township1');
    const detail = (await township.get(`/api/reports/${made.id}`)).json<{ version: number; number: string }>();
    const accepted = await township.post(`/api/reports/${made.id}/acceptance`, { version: detail.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const number = (await township.get(`/api/reports/${made.id}`)).json<{ number: string }>().number;
    expect(number).toMatch(/〔\d{4}〕\d+号$/);
    report = { id: made.id, number, subject };
  });
  afterAll(async () => env?.close());

  it('finds a report’s events by its number, in the usual spellings, and by its id', async () => {
    const byNumber = await search(audit, report.number);
    expect(byNumber.total).toBeGreaterThan(0);
    expect(new Set(byNumber.items.map((e) => e.resourceId))).toEqual(new Set([report.id]));
    expect(byNumber.items.map((e) => e.action)).toContain('report.accept');
    const plain = report.number.replace('〔', '[').replace('〕', ']').replace(/号$/, '');
    expect((await search(audit, plain)).total).toBe(byNumber.total);
    expect((await search(audit, report.id)).total).toBe(byNumber.total);
    // The old exact-id filter still works.
    const byId = await audit.get(`/api/audit-events?pageSize=200&resourceId=${report.id}`);
    expect(byId.json<Page>().total).toBe(byNumber.total);
  });

  it('finds an account by username and a unit by name', async () => {
    const sys = await env.as('sysadmin');
    const leader = (await sys.get('/api/users?q=leader'))
      .json<{ items: { id: string; username: string }[] }>()
      .items.find((u) => u.username === 'leader')!;
    expect((await sys.post(`/api/users/${leader.id}/session-revocation`)).statusCode).toBe(200);
    const byUsername = await search(audit, 'leader');
    expect(byUsername.items.map((e) => e.resourceId)).toContain(leader.id);
    expect(byUsername.items.every((e) => e.resourceId === leader.id || e.resourceId === 'leader')).toBe(true);
    const unit = await makeUnit(env, { name: '审计筛选测试室' });
    const byUnit = await search(audit, '审计筛选测试室');
    expect(byUnit.items.map((e) => e.resourceId)).toContain(unit.id);
    expect(byUnit.items.every((e) => e.resourceId === unit.id)).toBe(true);
  });

  it('never resolves a subject’s name or a report’s content, and matches nothing for an unknown term', async () => {
    expect((await search(audit, report.subject)).total).toBe(0);
    expect((await search(audit, '危房改造补助')).total).toBe(0);
    expect((await search(audit, '渑纪信〔1999〕9999号')).total).toBe(0);
    // The security administrator's view takes the same filter, within the security events.
    const sec = await env.as('secadmin');
    const secPage = await search(sec, report.number, '/api/security-events');
    expect(secPage.items.every((e) => e.action.startsWith('security.'))).toBe(true);
    // Too long a term is a 400, not a 500.
    const long = await audit.get(`/api/audit-events?resource=${'号'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
  });
});
