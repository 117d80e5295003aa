import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { trendWeekEnds } from './rectification.trend.js';

const DAY = 24 * 3600_000;

interface Trend {
  weeks: { weekEnd: string; overdue: number }[];
}

describe('trendWeekEnds', () => {
  it('ends on today and the Sundays before it, 12 points a week apart', () => {
    // 2026-12-09 is a Wednesday.
    const ends = trendWeekEnds('2026-12-09');
    expect(ends).toHaveLength(12);
    expect(ends.at(-1)).toBe('2026-12-09');
    expect(ends.at(-2)).toBe('2026-12-06');
    expect(ends[0]).toBe('2026-09-27');
    for (const d of ends.slice(0, -1)) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(0);
    // On a Sunday the last point is that Sunday, the one before it a week earlier.
    const sunday = trendWeekEnds('2026-12-06');
    expect(sunday.at(-1)).toBe('2026-12-06');
    expect(sunday.at(-2)).toBe('2026-11-29');
    expect(sunday[0]).toBe('2026-09-20');
  });
});

describe.each(testDialects())('rectification overdue trend and township counts on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  const units: Record<string, string> = {};
  const WORDS = '趋势测试';

  beforeAll(async () => {
    env = await startTestEnv(name);
    const users = await env.ctx().db.selectFrom('users').select(['username', 'unit_id']).execute();
    for (const u of users) units[u.username] = u.unit_id ?? '';
  });
  afterAll(async () => env?.close());

  async function signIn() {
    for (const u of ['supervisor', 'vcadre1', 'township2']) c[u] = await env.as(u);
  }
  const plusDays = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());

  async function open(problem: string, dueIn: number): Promise<string> {
    const res = await c.supervisor!.post('/api/rectification-items', {
      source: 'audit',
      problem: `${problem}（${WORDS}）`,
      ownerUnitId: units.vcadre1,
      dueOn: plusDays(dueIn),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function version(id: string): Promise<number> {
    return (await c.supervisor!.get(`/api/rectification-items/${id}`)).json<{ version: number }>().version;
  }

  async function trend(as: string, query = ''): Promise<Trend> {
    const res = await c[as]!.get(`/api/rectification-items/overdue-trend?q=${encodeURIComponent(WORDS)}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Trend>();
  }

  it('counts at each week end the items then overdue (opened, past due, not yet closed), scoped like the ledger', async () => {
    await signIn();
    const opened = plusDays(0);
    const due = plusDays(3);
    await open('村务公开栏长期未更新', 3);
    const closedLater = await open('集体资产台账登记不全', 3);
    // Opened and not yet due: zero everywhere.
    expect((await trend('supervisor')).weeks.every((w) => w.overdue === 0)).toBe(true);

    // 20 days on, the second item is closed (销号).
    env.clock.advance(20 * DAY);
    await signIn();
    const closedOn = plusDays(0);
    let v = await version(closedLater);
    const started = await c.vcadre1!.post(`/api/rectification-items/${closedLater}/start`, { version: v });
    expect(started.statusCode, started.body).toBe(200);
    const submitted = await c.vcadre1!.post(`/api/rectification-items/${closedLater}/submission`, {
      version: started.json<{ version: number }>().version,
      evidenceNote: '已补登全部集体资产',
      noFilesReason: '台账在乡镇三资平台可查',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    v = submitted.json<{ version: number }>().version;
    const accepted = await c.supervisor!.post(`/api/rectification-items/${closedLater}/acceptance`, {
      version: v,
      note: '经核查已整改到位',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);

    // 30 days after they were opened: the week ends before the due date count none, those between
    // the due date and the closing two, those from the closing on one.
    env.clock.advance(10 * DAY);
    await signIn();
    const t = await trend('supervisor');
    expect(t.weeks).toHaveLength(12);
    expect(t.weeks.at(-1)!.weekEnd).toBe(plusDays(0));
    const expected = (d: string) => (d <= due ? 0 : d < closedOn ? 2 : 1);
    expect(t.weeks.map((w) => w.overdue)).toEqual(t.weeks.map((w) => expected(w.weekEnd)));
    // Each kind of point is present, so the assertion above says something.
    expect(t.weeks.some((w) => w.overdue === 2)).toBe(true);
    expect(t.weeks.at(-1)!.overdue).toBe(1);
    expect(t.weeks.some((w) => w.weekEnd < opened && w.overdue === 0)).toBe(true);

    // The responsible unit's contact sees the same; another township sees none of them.
    expect((await trend('vcadre1')).weeks.map((w) => w.overdue)).toEqual(t.weeks.map((w) => w.overdue));
    expect((await trend('township2')).weeks.every((w) => w.overdue === 0)).toBe(true);
    // The ledger's filters apply: another source selects nothing.
    expect((await trend('supervisor', '&source=assessment')).weeks.every((w) => w.overdue === 0)).toBe(true);
    // Filters that speak of today are refused, not ignored.
    const bad = await c.supervisor!.get('/api/rectification-items/overdue-trend?overdue=true');
    expect(bad.statusCode).toBe(400);
  });

  it("counts the filtered ledger by the responsible unit's township", async () => {
    await signIn();
    const res = await c.supervisor!.get(`/api/rectification-items/counts?q=${encodeURIComponent(WORDS)}`);
    expect(res.statusCode, res.body).toBe(200);
    const counts = res.json<{
      byTownship: { regionCode: string; name: string; outstanding: number; overdue: number; closed: number }[];
    }>();
    const unit = await env
      .ctx()
      .db.selectFrom('units')
      .select('region_code')
      .where('id', '=', units.vcadre1!)
      .executeTakeFirstOrThrow();
    const township = await env
      .ctx()
      .db.selectFrom('regions')
      .select(['code', 'name'])
      .where('code', '=', `${unit.region_code.slice(0, 9)}000`)
      .executeTakeFirstOrThrow();
    expect(counts.byTownship).toEqual([
      { regionCode: township.code, name: township.name, outstanding: 1, overdue: 1, closed: 1 },
    ]);
    const other = await c.township2!.get(`/api/rectification-items/counts?q=${encodeURIComponent(WORDS)}`);
    expect(other.json<{ byTownship: unknown[] }>().byTownship).toEqual([]);
  });
});
