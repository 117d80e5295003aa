import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDisclosure } from '../../seed/demo-disclosure.js';
import { unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

/** A quarter's general items: a free entry, and a 低保 名单 whose names must never be public. */
function quarter(regionCode: string, period: string) {
  return {
    regionCode,
    kind: 'general',
    period,
    entries: [
      {
        topic: 'subsistence',
        title: '本季度低保对象名单和标准',
        text: '经村民代表会议评议、乡镇审核、县民政局审批。',
        roster: [
          { name: '王秀兰', amount: 60_000, reason: '一类低保 每月 200 元 × 3' },
          { name: '赵德福', amount: 45_000, reason: '二类低保 每月 150 元 × 3' },
        ],
      },
      {
        topic: 'project_progress',
        title: '村道硬化工程进展',
        text: '全长 1.2 公里，已完成路基，预计 12 月底完工。',
      },
    ],
  };
}

describe.each(testDialects())('general items of village affairs on $name', ({ name }) => {
  let env: TestEnv;
  let village: string;
  let clerk: Client;
  let committee: Client;

  const userId = async (username: string) =>
    (await env.ctx().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const submitAndSign = async (id: string) => {
    expect((await clerk.post(`/api/disclosure/batches/${id}/submission`, {})).statusCode).toBe(200);
    const signed = await committee.post(`/api/disclosure/batches/${id}/signature`, { opinion: '经审核，同意公开' });
    expect(signed.statusCode, signed.body).toBe(200);
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    const unit = await unitOf(env, 'vclerk1');
    village = (
      await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
    clerk = await env.as('vclerk1');
    committee = await env.as('village1');
  });
  afterAll(async () => env?.close());

  it('shows the village overdue on its general items before any quarter is published', async () => {
    const township = await env.as('township1');
    const items = (await township.get('/api/disclosure/calendar')).json().items as {
      regionCode: string;
      overdue: boolean;
      generalOverdue: boolean;
    }[];
    // 2026-11-20: Q3 was due by 2026-10-10 and nothing of the general items is published.
    expect(items.find((c) => c.regionCode === village)).toMatchObject({
      generalDuePeriod: '2026-Q3',
      generalDueOn: '2026-10-10',
      generalLastPublished: null,
      generalOverdue: true,
      overdue: true,
    });
    // Overdue villages first.
    const firstOnTime = items.findIndex((c) => !c.overdue);
    expect(firstOnTime === -1 || items.slice(firstOnTime).every((c) => !c.overdue)).toBe(true);
  });

  it('refuses a bad body with a 4xx code and stores nothing', async () => {
    const count = async () =>
      (await env.ctx().db.selectFrom('disclosure_general_entries').select('id').execute()).length;
    const before = await count();
    const wrongTopic = await clerk.post('/api/disclosure/batches', {
      ...quarter(village, '2026-Q4'),
      entries: [{ topic: 'gossip', title: 'x', text: 'y' }],
    });
    expect(wrongTopic.statusCode).toBe(400);
    expect(wrongTopic.json().error.code).toBe('VALIDATION_FAILED');
    const monthly = await clerk.post('/api/disclosure/batches', { ...quarter(village, '2026-11') });
    expect(monthly.statusCode).toBe(422);
    expect(monthly.json().error.code).toBe('DISCLOSURE_GENERAL_REJECTED');
    const future = await clerk.post('/api/disclosure/batches', { ...quarter(village, '2027-Q1') });
    expect(future.json().error.code).toBe('DISCLOSURE_GENERAL_REJECTED');
    const empty = await clerk.post('/api/disclosure/batches', {
      ...quarter(village, '2026-Q4'),
      entries: [{ topic: 'other', title: '空条目', text: ' ' }],
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.details.rows).toContainEqual(expect.objectContaining({ row: 1, field: '内容' }));
    const none = await clerk.post('/api/disclosure/batches', { ...quarter(village, '2026-Q4'), entries: [] });
    expect(none.statusCode).toBe(422);
    expect(await count()).toBe(before);
  });

  it('is prepared by the clerk, refused to the preparer, signed by the committee, masked in public', async () => {
    const made = await clerk.post('/api/disclosure/batches', quarter(village, '2026-Q4'));
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ version: 1, lineCount: 2 });
    const id = made.json().id as string;
    // The names are sealed: only the masked form is in clear.
    const rows = await env
      .ctx()
      .db.selectFrom('disclosure_general_roster')
      .selectAll()
      .where('batch_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.name_shown)).toEqual(['王*兰', '赵*福']);
    expect(JSON.stringify(rows)).not.toContain('王秀兰');
    expect(env.ctx().keyring.openText(rows[0]!.name_enc, `disclosure_general_roster.name_enc:${rows[0]!.id}`)).toBe(
      '王秀兰',
    );
    expect((await clerk.post(`/api/disclosure/batches/${id}/submission`, {})).statusCode).toBe(200);
    // The clerk holds no review permission; and a committee member who prepared may not sign it.
    expect((await clerk.post(`/api/disclosure/batches/${id}/signature`, { opinion: '同意' })).statusCode).toBe(403);
    await env
      .ctx()
      .db.updateTable('disclosure_batches')
      .set({ prepared_by: await userId('village1') })
      .where('id', '=', id)
      .execute();
    const own = await committee.post(`/api/disclosure/batches/${id}/signature`, { opinion: '同意' });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('DISCLOSURE_STATE');
    expect((await committee.get(`/api/disclosure/batches/${id}`)).json().abilities.review).toBe(false);
    await env
      .ctx()
      .db.updateTable('disclosure_batches')
      .set({ prepared_by: await userId('vclerk1') })
      .where('id', '=', id)
      .execute();
    const staff = (await committee.get(`/api/disclosure/batches/${id}`)).json();
    expect(staff.abilities.review).toBe(true);
    expect(staff.entries[0].roster[0]).toMatchObject({ name: '王*兰', amount: 60_000 });
    const signed = await committee.post(`/api/disclosure/batches/${id}/signature`, { opinion: '经审核，同意公开' });
    expect(signed.statusCode, signed.body).toBe(200);

    const index = (await env.anon().get(`/api/public/villages/${village}/disclosure`)).json();
    expect(index.publications).toContainEqual(
      expect.objectContaining({ kind: 'general', period: '2026-Q4', label: '2026年第4季度', lineCount: 2 }),
    );
    const page = await env.anon().get(`/api/public/villages/${village}/disclosure/general/2026-Q4`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).not.toContain('王秀兰');
    expect(page.body).not.toContain('赵德福');
    expect(page.json().entries.map((e: { title: string }) => e.title)).toEqual([
      '本季度低保对象名单和标准',
      '村道硬化工程进展',
    ]);
    expect(page.json().entries[0]).toMatchObject({ topicLabel: '低保及特困供养名单和标准', rosterTotal: 105_000 });

    // A report about an entry of the version public now.
    const report = await env.anon().post('/api/public/reports', {
      regionCode: village,
      named: false,
      subject: { name: '王某某', position: '村委会主任' },
      content: '名单里有不符合条件的人。',
      about: { kind: 'disclosure_general', id: page.json().entries[0].id },
    });
    expect(report.statusCode, report.body).toBe(201);
    const stored = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['about_kind', 'details'])
      .where('about_id', '=', page.json().entries[0].id)
      .executeTakeFirstOrThrow();
    expect(stored.about_kind).toBe('disclosure_general');
    expect(String(stored.details)).toContain(
      '2026年第4季度 村务一般事项：本季度低保对象名单和标准（2人，合计 1,050.00元）',
    );
  });

  it('is corrected as a new version with its reason, the old one kept and reproducible', async () => {
    const again = await clerk.post('/api/disclosure/batches', quarter(village, '2026-Q4'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISCLOSURE_ALREADY_PUBLISHED');
    const v1 = await env
      .ctx()
      .db.selectFrom('disclosure_batches')
      .select(['id', 'published_at'])
      .where('region_code', '=', village)
      .where('kind', '=', 'general')
      .where('period', '=', '2026-Q4')
      .executeTakeFirstOrThrow();
    env.clock.advance(60_000);
    const body = quarter(village, '2026-Q4');
    body.entries[0]!.roster = body.entries[0]!.roster!.slice(0, 1);
    const fixed = await clerk.post('/api/disclosure/batches', { ...body, correctionReason: '赵德福已于十月退出低保' });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json().version).toBe(2);
    await submitAndSign(fixed.json().id);
    const now = (await env.anon().get(`/api/public/villages/${village}/disclosure/general/2026-Q4`)).json();
    expect(now).toMatchObject({ version: 2, current: true, correctionReason: '赵德福已于十月退出低保' });
    expect(now.entries[0].roster).toHaveLength(1);
    expect(now.history).toHaveLength(2);
    const then = (
      await env
        .anon()
        .get(`/api/public/villages/${village}/disclosure/general/2026-Q4?asOf=${encodeURIComponent(v1.published_at!)}`)
    ).json();
    expect(then).toMatchObject({ version: 1, current: false });
    expect(then.entries[0].roster).toHaveLength(2);
    // A report about an entry no longer public is refused.
    const stale = await env.anon().post('/api/public/reports', {
      regionCode: village,
      named: false,
      subject: { name: '王某某', position: '村委会主任' },
      content: '这份名单和村里实际情况不一致。',
      about: { kind: 'disclosure_general', id: then.entries[0].id },
    });
    expect(stale.json().error.code).toBe('REPORT_ABOUT_UNKNOWN');
  });

  it('puts a village overdue on its general items on the calendar and the workbench until it publishes', async () => {
    const township = await env.as('township1');
    type Line = {
      regionCode: string;
      overdue: boolean;
      financeOverdue: boolean;
      generalOverdue: boolean;
      generalDuePeriod: string;
      generalDueOn: string;
      majorCount90: number;
      lastMajorTitle: string | null;
    };
    const calendar = async () => (await township.get('/api/disclosure/calendar')).json().items as Line[];
    // Q4 published (within the quarter after Q3's): published at least quarterly, no longer overdue.
    const after = (await calendar()).find((c) => c.regionCode === village)!;
    expect(after).toMatchObject({ generalOverdue: false, generalLastPublished: '2026-Q4' });
    // Finances are still overdue (nothing published for October here): the village stays overdue on them alone.
    expect(after.overdue).toBe(after.financeOverdue);
    const wb = JSON.stringify((await township.get('/api/workbench')).json());
    expect(wb).toContain('村务公开逾期');

    // Major matters: no due date, the newest and the count of 90 days.
    const matter = await clerk.post('/api/disclosure/batches', {
      regionCode: village,
      kind: 'major_matter',
      title: '村集体林地流转',
      decisionRecord: '2026年11月10日村民代表会议，应到30人，实到28人，25人同意。',
    });
    expect(matter.statusCode, matter.body).toBe(201);
    await submitAndSign(matter.json().id);
    expect((await calendar()).find((c) => c.regionCode === village)).toMatchObject({
      lastMajorTitle: '村集体林地流转',
      majorCount90: 1,
    });
    const xlsx = await township.get('/api/disclosure/calendar/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
  });

  it('seeds the demo village with the last quarter of general items, its 名单 masked', async () => {
    const { db, dialect } = env.platform.database;
    await seedDemoDisclosure(db, dialect, env.clock, env.platform.masterKey);
    // 2026-11-20: the last quarter is 2026-Q3.
    const page = await env.anon().get(`/api/public/villages/${village}/disclosure/general/2026-Q3`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().entries[0].roster.map((r: { name: string }) => r.name)).toEqual(['王*兰', '赵*福', '孙*芝']);
    expect(page.body).not.toContain('王秀兰');
  });

  it('lets the township set the cycle of its villages, not the committee, not another township', async () => {
    const township = await env.as('township1');
    const set = await township.put(`/api/disclosure/schedules/${village}`, { financeCycle: 'quarterly' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ regionCode: village, financeCycle: 'quarterly' });
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'resource_id'])
      .where('action', '=', 'disclosure.schedule')
      .where('resource_id', '=', village)
      .execute();
    expect(audit).toHaveLength(1);
    const cal = (await township.get('/api/disclosure/calendar')).json().items as {
      regionCode: string;
      financeCycle: string;
    }[];
    expect(cal.find((c) => c.regionCode === village)!.financeCycle).toBe('quarterly');
    expect((await committee.put(`/api/disclosure/schedules/${village}`, { financeCycle: 'monthly' })).statusCode).toBe(
      403,
    );
    const other = await env.as('township2');
    expect((await other.put(`/api/disclosure/schedules/${village}`, { financeCycle: 'monthly' })).statusCode).toBe(404);
    const bad = await township.put(`/api/disclosure/schedules/${village}`, { financeCycle: 'weekly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
