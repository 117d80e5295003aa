/**
 * The workbench card of open petition reviews (复核, XF 第三十六条): the organ that must answer sees
 * each open review with its 30-day due date marked 不可延期, oldest first; the township whose
 * handling was re-checked does not, nor does a county whose review went to a staffed city; an
 * answered review leaves the card and a hearing shows the clock paused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';

interface Card {
  key: string;
  count: number;
  items: { id: string; title: string; subtitle: string | null; dueOn: string | null; overdue: boolean }[];
}

describe.each(testDialects())('open reviews card on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;

  const card = async (c: Client): Promise<Card | undefined> => {
    const res = await c.get('/api/workbench');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ cards: Card[] }>().cards.find((x) => x.key === 'reports.reviews');
  };
  const version = async (c: Client, id: string) =>
    (await c.get(`/api/reports/${id}`)).json<{ version: number }>().version;
  /** A township petition, closed, re-checked by the county and answered, then a review asked for. */
  const reviewedPetition = async (subject: string) => {
    const r = await makeReport(env, village1, {
      kind: 'petition',
      subject: { name: subject },
      content: '反映低保评定不公开。',
    });
    const township = await env.as('township1');
    expect(
      (await township.post(`/api/reports/${r.id}/acceptance`, { version: await version(township, r.id) })).statusCode,
    ).toBe(200);
    const closed = await township.post(`/api/reports/${r.id}/disposal`, {
      version: await version(township, r.id),
      disposition: 'conclude',
      note: '经核实，评定程序符合规定。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const asked = await env.anon().post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '请求复查。' });
    expect(asked.statusCode, asked.body).toBe(201);
    const county = await env.as('intake');
    const answered = await county.post(`/api/reports/${r.id}/replies`, { purpose: 'recheck_answer', body: '维持。' });
    expect(answered.statusCode, answered.body).toBe(201);
    const review = await env.anon().post('/api/public/receipt-reviews', { receipt: r.receipt, reason: '请求复核。' });
    expect(review.statusCode, review.body).toBe(201);
    const number = (await county.get(`/api/reports/${r.id}`)).json<{ number: string }>().number;
    return { id: r.id, number, dueOn: review.json<{ dueOn: string }>().dueOn };
  };

  beforeAll(async () => {
    env = await startTestEnv(name);
    village1 = await villageOf(env, 'township1');
  });
  afterAll(async () => env?.close());

  it('shows the organ that answers each open review with its due date, not extendable, oldest first', async () => {
    const first = await reviewedPetition('复核卡甲');
    env.clock.advance(3600_000);
    const second = await reviewedPetition('复核卡乙');
    const county = await env.as('intake');
    const seen = (await card(county))!;
    const ids = seen.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const item = seen.items.find((i) => i.id === first.id)!;
    expect(item).toMatchObject({ title: first.number, dueOn: first.dueOn, overdue: false });
    expect(item.subtitle).toMatch(/^复核意见 30 日内答复，不可延期/);

    // The township that handled it (in scope of the report, not of the review clock), another
    // township, and an account without report.manage: not on their workbench.
    expect((await card(await env.as('township1')))?.items.map((i) => i.id) ?? []).not.toContain(first.id);
    expect((await card(await env.as('township2')))?.items.map((i) => i.id) ?? []).not.toContain(first.id);
    expect(await card(await env.as('sysadmin'))).toBeUndefined();

    // A hearing pauses the clock: no due date while it runs.
    const heard = await county.post(`/api/reports/${second.id}/review-hearing`, { state: 'started', note: '组织听证' });
    expect(heard.statusCode, heard.body).toBe(200);
    const paused = (await card(county))!.items.find((i) => i.id === second.id)!;
    expect(paused).toMatchObject({ dueOn: null, overdue: false });
    expect(paused.subtitle).toContain('听证中');

    // Answered: off the card.
    const answered = await county.post(`/api/reports/${first.id}/replies`, {
      purpose: 'review_answer',
      body: '经复核，维持。',
      reviewerRef: '三纪信核〔2026〕9号',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    const after = (await card(county))!;
    expect(after.items.map((i) => i.id)).not.toContain(first.id);
    expect(after.count).toBe(seen.count - 1);
  });

  it('shows a review the city answers to the city, not to the county that re-checked', async () => {
    const db = env.ctx().db;
    const sys = await env.as('sysadmin');
    // The city commission: the parent of the county commission that re-checks.
    const cityUnit = await db
      .selectFrom('units')
      .select('parent_id')
      .where('short_name', '=', '渑池县纪委监委')
      .executeTakeFirstOrThrow();
    expect(cityUnit.parent_id).not.toBeNull();
    const made = await sys.post('/api/users', {
      username: 'city.card',
      displayName: '市纪委信访室干部',
      unitId: cityUnit.parent_id,
      password: 'City-Initial-2026',
    });
    expect(made.statusCode, made.body).toBe(201);
    const sec = await env.as('secadmin');
    const roles = (await sec.get('/api/roles')).json<{ items: { id: string; key: string }[] }>().items;
    const granted = await sec.post('/api/role-assignments', {
      userId: made.json<{ id: string }>().id,
      roleId: roles.find((x) => x.key === 'intake_officer')!.id,
      scopeType: 'unit_subtree',
      scopeUnitId: cityUnit.parent_id,
    });
    expect(granted.statusCode, granted.body).toBe(201);
    try {
      const r = await reviewedPetition('复核卡丙');
      expect((await card(await env.as('intake')))!.items.map((i) => i.id)).not.toContain(r.id);
      const first = await env.as('city.card', 'City-Initial-2026');
      expect(
        (
          await first.post('/api/auth/password', {
            currentPassword: 'City-Initial-2026',
            newPassword: 'City-Card-2026!',
          })
        ).statusCode,
      ).toBe(200);
      const city = await env.as('city.card', 'City-Card-2026!');
      const item = (await card(city))!.items.find((i) => i.id === r.id);
      expect(item).toMatchObject({ dueOn: r.dueOn });
      expect(item!.subtitle).toContain('不可延期');
    } finally {
      await sys.patch(`/api/users/${made.json<{ id: string }>().id}`, { disabled: true });
    }
  });
});
