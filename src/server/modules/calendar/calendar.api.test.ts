import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

describe.each(testDialects())('calendar service on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  it('ships the official arrangements and computes a deadline across Spring Festival 2026', async () => {
    const c = await env.as('intake');
    const years = (await c.get('/api/calendar/years'))
      .json<{ items: { year: number; source: string }[] }>()
      .items.map((y) => y.year);
    expect(years).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    // 15 working days from 2026-02-12: the holiday 02-15..02-23 is skipped, the make-up
    // Saturdays 02-14 and 02-28 count as working days.
    const res = await c.get('/api/calendar/deadline?start=2026-02-12&amount=15&unit=working_days');
    expect(res.json()).toMatchObject({ due: '2026-03-11', uncoveredYears: [] });
    const later = await c.get('/api/calendar/deadline?start=2027-12-20&amount=15&unit=working_days');
    expect(later.json().uncoveredYears).toContain(2027);
    const bad = await c.get('/api/calendar/deadline?start=2026-02-30&amount=15&unit=working_days');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lets the system administrator import a year, validated and audited', async () => {
    const sys = await env.as('sysadmin');
    const invalid = await sys.put('/api/calendar/years/2027', {
      source: '测试',
      days: [{ date: '2027-01-06', kind: 'workday', name: '调休' }],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('CALENDAR_INVALID');
    const outside = await sys.put('/api/calendar/years/2027', {
      source: '测试',
      days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }],
    });
    expect(outside.json().error.code).toBe('CALENDAR_INVALID');
    const ok = await sys.put('/api/calendar/years/2027', {
      source: '国办发明电〔2026〕（测试数据）',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const c = await env.as('intake');
    const due = await c.get('/api/calendar/deadline?start=2026-12-31&amount=1&unit=working_days');
    expect(due.json()).toMatchObject({ due: '2027-01-04', uncoveredYears: [] });
    const ev = await env.platform.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'calendar.update')
      .executeTakeFirst();
    expect(ev?.actor_username).toBe('sysadmin');
    expect((await c.put('/api/calendar/years/2027', { source: 'x', days: [] })).statusCode).toBe(403);
  });
});
