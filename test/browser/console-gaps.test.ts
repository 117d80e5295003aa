import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

// Issue 12 in a real browser: 回避申请 (a staff member files their own request on a report, the
// commission leader decides it), 呈批岗位 (set a post holder by account, then an off-platform
// holder by name), 回避审查设置 (the county's workplace window with its history), and the
// approvals menu entry shown only to accounts that take part in approvals.
describe.skipIf(process.env.TEST_SQLITE === '0')('console recusal requests, approval posts, recusal settings', () => {
  let rig: ConsoleRig;
  const SUBJECT = '回避页测试对象';
  beforeAll(async () => {
    rig = await startConsoleRig();
    await makeReport(rig.env, await villageOf(rig.env, 'township1'), { subject: { name: SUBJECT } });
  });
  afterAll(async () => rig?.close());

  it('files a recusal request from the list and the leader decides it', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('tstaff1');
    await page.getByTestId('menu-recusals').click();
    await page.waitForURL(/\/recusals$/);
    await page.getByTestId('recusals-table').waitFor({ timeout: 15000 });
    await page.getByTestId('recusal-file').click();
    await page.getByTestId('recusal-file-form').waitFor();
    await page.getByTestId('recusal-file-record').click();
    await page.keyboard.type('回避页');
    await page.locator('.ant-select-item-option').filter({ hasText: SUBJECT }).first().click();
    await page.getByTestId('recusal-file-reasons').fill('被反映人是本人配偶的堂兄，申请回避。');
    await screenshot(page, 'recusal-file-form', false);
    const filed = page.waitForResponse((r) => r.url().endsWith('/api/recusals') && r.request().method() === 'POST');
    await clickSubmit(page.getByTestId('recusal-file-submit'), 'recusal-file-submit');
    expect((await filed).status()).toBe(201);
    const mine = page.getByTestId('recusals-table');
    await mine.getByText('被反映人是本人配偶的堂兄').waitFor({ timeout: 15000 });
    expect(await visibleText(mine)).toContain('待决定');
    await screenshot(page, 'recusal-list-filed');

    const leader = await rig.signIn('leader');
    await leader.getByTestId('menu-recusals').click();
    const table = leader.getByTestId('recusals-table');
    const row = table.locator('tr').filter({ hasText: '被反映人是本人配偶的堂兄' });
    await row.waitFor({ timeout: 15000 });
    // antd spaces two-character button labels (决 定): the button is found by its test id.
    await row.locator('[data-testid^="recusal-decide-"]').click();
    await leader.getByRole('dialog').getByText('决定回避').click();
    const decided = leader.waitForResponse((r) => r.url().includes('/decision') && r.request().method() === 'POST');
    await leader
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    expect((await decided).status()).toBe(200);
    await row.getByText('决定回避').waitFor({ timeout: 15000 });
    expect(await visibleText(row)).toContain(await visibleText(leader.getByTestId('header-display-name')));
    await screenshot(leader, 'recusal-list-decided');
    expect(rig.pageErrors).toEqual([]);
  });

  it('sets a post holder by account and an off-platform holder by name', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('orgadmin');
    await page.getByTestId('menu-approvalPosts').click();
    await page.waitForURL(/\/approval-posts$/);
    const posts = page.getByTestId('approval-posts');
    await posts.locator('tbody tr').first().waitFor({ timeout: 15000 });
    const set = async (unit: string, post: string, fill: { username?: string; holderName?: string }) => {
      await page.getByTestId('approval-post-set').click();
      await page.getByTestId('approval-post-form').waitFor();
      await page.getByTestId('approval-post-unit').click();
      await page.keyboard.type(unit);
      await page.locator('.ant-select-item-option').filter({ hasText: unit }).first().click();
      await pickOption(page, 'approval-post-post', post);
      if (fill.username) await page.getByTestId('approval-post-username').fill(fill.username);
      if (fill.holderName) await page.getByTestId('approval-post-holder-name').fill(fill.holderName);
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/approval-posts') && r.request().method() === 'PUT',
      );
      await clickSubmit(page.getByTestId('approval-post-submit'), 'approval-post-submit');
      return (await saved).status();
    };
    expect(await set('案件监督管理室', '承办部门负责人', { username: 'office1' })).toBe(200);
    const officeRow = posts.locator('tr').filter({ hasText: '案件监督管理室' }).filter({ hasText: '承办部门负责人' });
    const office1 = await rig.env
      .ctx()
      .db.selectFrom('users')
      .select('display_name')
      .where('username', '=', 'office1')
      .executeTakeFirstOrThrow();
    await officeRow.getByText(office1.display_name).waitFor({ timeout: 15000 });

    const county = await rig.env
      .ctx()
      .db.selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.name')
      .where('u.username', '=', 'leader')
      .executeTakeFirstOrThrow();
    expect(await set(county.name, '同级党委主要负责人', { holderName: '王书记' })).toBe(200);
    const offline = posts.locator('tr').filter({ hasText: '王书记' });
    await offline.waitFor({ timeout: 15000 });
    expect(await visibleText(offline)).toContain('平台外');
    await page.getByTestId('approval-post-form').waitFor({ state: 'detached' });
    await screenshot(page, 'approval-posts-set');
    expect(rig.pageErrors).toEqual([]);
  });

  it(
    'sets the county workplace window and shows its history; the approvals entry only for staff',
    { timeout: 120_000 },
    async () => {
      const page = await rig.signIn('sysadmin');
      expect(await page.getByTestId('menu-approvalPosts').isVisible()).toBe(true);
      expect(await page.getByTestId('menu-approvals').count()).toBe(0);
      await page.getByTestId('menu-recusalSettings').click();
      await page.waitForURL(/\/recusal-settings$/);
      const years = page.getByTestId('workplace-years');
      await page.getByTestId('workplace-window').getByText('默认').waitFor({ timeout: 15000 });
      await years.fill('8');
      const saved = page.waitForResponse(
        (r) => r.url().includes('/api/recusal-settings/') && r.request().method() === 'PUT',
      );
      await clickSubmit(page.getByTestId('workplace-years-save'), 'workplace-years-save');
      expect((await saved).status()).toBe(200);
      const history = page.getByTestId('workplace-history');
      await history.getByText('8年').waitFor({ timeout: 15000 });
      expect(await visibleText(history)).toContain('默认（5年）');
      await screenshot(page, 'recusal-settings');

      const leader = await rig.signIn('leader');
      expect(await leader.getByTestId('menu-approvals').isVisible()).toBe(true);
      expect(await leader.getByTestId('menu-recusalSettings').count()).toBe(0);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
