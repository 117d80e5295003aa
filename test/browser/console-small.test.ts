import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_AFTER_FAILURES } from '../../src/server/modules/auth/index.js';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

// Issue 11's small console items: the unit tree opens at the user's own unit; the audit log's
// record filter takes a report number (what a person knows); the system administrator unlocks an
// account without a second factor with a reason, which the security administrator is shown.
describe.skipIf(process.env.TEST_SQLITE === '0')('issue 11 small console items in headless Chromium', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('opens the unit tree at the user’s own unit, the units above it expanded', async () => {
    const db = rig.env.ctx().db;
    const own = await db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['n.id', 'n.name', 'n.parent_id'])
      .where('u.username', '=', 'intake')
      .executeTakeFirstOrThrow();
    // The intake office sits below the county commission: the tree must climb to reach it.
    expect(own.parent_id).not.toBeNull();
    const page = await rig.signIn('intake');
    await page.getByTestId('menu-org').click();
    const tree = page.getByTestId('unit-tree');
    const selected = tree.locator('.ant-tree-node-selected');
    await selected.waitFor({ timeout: 15000 });
    expect(await selected.innerText()).toContain(own.name);
    // Its parent is expanded (the office is listed without a click) and the region tree still
    // opens at the county.
    const parentNode = tree.locator('.ant-tree-treenode-switcher-open');
    expect(await parentNode.count()).toBeGreaterThan(0);
    await page.getByTestId('region-tree').locator('.ant-tree-node-selected').waitFor({ timeout: 15000 });
    await screenshot(page, 'org-unit-tree-opens-at-own-unit');
    expect(rig.pageErrors).toEqual([]);
  });

  it('filters the audit log by a report number, in a bracket spelling people type', async () => {
    const made = await makeReport(rig.env, await villageOf(rig.env, 'township1'));
    const { number } = await rig.env
      .ctx()
      .db.selectFrom('reports')
      .select('number')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect((await (await rig.env.as('intake')).get(`/api/reports/${made.id}`)).statusCode).toBe(200);
    const page = await rig.signIn('auditadmin', { width: 1440, height: 900 });
    await page.getByTestId('menu-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    const typed = number!.replace('〔', '[').replace('〕', ']').replace(/号$/, '');
    await page.getByTestId('filter-resource').fill(typed);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/audit-events?') && r.url().includes('resource=')),
      page.getByTestId('filter-search').click(),
    ]);
    await expect
      .poll(async () => {
        const rows = await table.locator('.ant-table-row').allInnerTexts();
        return rows.length > 0 && rows.every((r) => r.includes(number!));
      })
      .toBe(true);
    const text = await visibleText(table);
    expect(text).toContain('查看信访举报');
    expect(text).not.toContain(made.id);
    await screenshot(page, 'audit-filter-by-number');
  });

  it('shows the organ that answers a review (复核) its due date, marked not extendable, on the workbench', async () => {
    const r = await makeReport(rig.env, await villageOf(rig.env, 'township1'), {
      kind: 'petition',
      subject: { name: '复核卡片' },
    });
    const township = await rig.env.as('township1');
    const version = async () => (await township.get(`/api/reports/${r.id}`)).json<{ version: number }>().version;
    expect((await township.post(`/api/reports/${r.id}/acceptance`, { version: await version() })).statusCode).toBe(200);
    const closed = await township.post(`/api/reports/${r.id}/disposal`, {
      version: await version(),
      disposition: 'conclude',
      note: '经核实，符合规定。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const anon = rig.env.anon();
    expect(
      (await anon.post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '请求复查。' })).statusCode,
    ).toBe(201);
    const county = await rig.env.as('intake');
    expect(
      (await county.post(`/api/reports/${r.id}/replies`, { purpose: 'recheck_answer', body: '维持。' })).statusCode,
    ).toBe(201);
    const review = await anon.post('/api/public/receipt-reviews', { receipt: r.receipt, reason: '请求复核。' });
    expect(review.statusCode, review.body).toBe(201);
    const { dueOn } = review.json<{ dueOn: string }>();
    const { number } = (await county.get(`/api/reports/${r.id}`)).json<{ number: string }>();

    const page = await rig.signIn('intake');
    const card = page.getByTestId('card-reports.reviews');
    await card.waitFor({ timeout: 15000 });
    const item = card.locator('.ant-list-item', { hasText: number });
    await item.waitFor();
    const text = await item.innerText();
    // The due date and, beside it, that it cannot be extended.
    expect(text).toContain(`到期 ${dueOn}`);
    expect(text).toContain('复核意见 30 日内答复，不可延期');
    expect(await card.innerText()).toContain('待答复的复核申请');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'workbench-open-reviews');
  });

  it('unlocks an account without a second factor with a reason, and shows the security administrator', async () => {
    // `leader` has no second factor: lock it by failing LOCK_AFTER_FAILURES times, waiting out the delays.
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      await rig.env.anon().post('/api/auth/login', { username: 'leader', password: `Wrong-${i}` });
      rig.env.clock.advance(901_000);
    }
    const db = rig.env.ctx().db;
    const locked = await db
      .selectFrom('users')
      .select(['locked_at'])
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    expect(locked.locked_at).not.toBeNull();

    const page = await rig.signIn('sysadmin', { width: 1440, height: 900 });
    await page.getByTestId('menu-users').click();
    await page.getByTestId('filter-q').fill('leader');
    await page.getByTestId('filter-search').click();
    const row = page.getByTestId('users-table').locator('.ant-table-row', { hasText: 'leader' }).first();
    await row.getByText('已锁定').waitFor({ timeout: 15000 });
    await page.getByTestId('user-more-leader').click();
    await page.getByTestId('user-unlock-leader').click();
    const reason = page.getByTestId('user-unlock-reason');
    await reason.waitFor();
    expect(await page.locator('.ant-modal').innerText()).toContain('未绑定动态验证码');
    // No reason: the form says so and nothing is sent.
    await page.getByTestId('user-unlock-submit').click();
    await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
    expect(
      (await db.selectFrom('users').select('locked_at').where('username', '=', 'leader').executeTakeFirstOrThrow())
        .locked_at,
    ).not.toBeNull();
    await reason.fill('本人到信访室当面核实身份');
    await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await screenshot(page, 'users-unlock-reason', false);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/unlock') && r.status() === 200),
      page.getByTestId('user-unlock-submit').click(),
    ]);
    await expect.poll(async () => (await row.innerText()).includes('已锁定')).toBe(false);
    expect(
      (await db.selectFrom('users').select('locked_at').where('username', '=', 'leader').executeTakeFirstOrThrow())
        .locked_at,
    ).toBeNull();

    // The security administrator's workbench shows who unlocked which account and why.
    const sec = await rig.signIn('secadmin', { width: 1440, height: 900 });
    const card = sec.locator('[data-testid="card-audit.admin_unlocks"]');
    await card.waitFor({ timeout: 15000 });
    const text = await card.innerText();
    expect(text).toContain('系统管理员解锁的账号');
    expect(text).toContain('（leader）');
    expect(text).toContain('由 sysadmin 解锁：本人到信访室当面核实身份');
    await card.scrollIntoViewIfNeeded();
    await screenshot(sec, 'workbench-admin-unlocks');
    expect(rig.pageErrors).toEqual([]);
  });
});
