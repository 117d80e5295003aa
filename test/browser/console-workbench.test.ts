import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

// The workbench (工作台) in a real browser: what each kind of person finds there after signing in.
describe.skipIf(process.env.TEST_SQLITE === '0')('console workbench', () => {
  let rig: ConsoleRig;
  let reportId = '';
  beforeAll(async () => {
    rig = await startConsoleRig();
    reportId = (await makeReport(rig.env, await villageOf(rig.env, 'township1'))).id;
  });
  afterAll(async () => rig?.close());

  it('shows a township secretary the new report as a to-do and opens it', { timeout: 90_000 }, async () => {
    const page = await rig.signIn('township1');
    const card = page.getByTestId('card-reports.to_accept');
    await card.waitFor({ timeout: 15000 });
    expect(await visibleText(card)).toContain('待受理的信访举报');
    await screenshot(page, 'workbench-township1');
    await card.locator(`a[href="/reports/${reportId}"]`).click();
    await page.waitForURL(new RegExp(`/reports/${reportId}$`));
    // "查看全部" opens the ledger filtered on the card's status.
    await page.getByTestId('menu-workbench').click();
    await page.getByTestId('card-reports.to_accept').getByText('查看全部').click();
    await page.waitForURL(/\/reports\?status=received$/);
    await page.getByTestId('reports-table').waitFor({ timeout: 15000 });
    expect(await visibleText(page.locator('.ant-select-selection-item').first())).toContain('待受理');
  });

  it('marks new arrivals seen', { timeout: 60_000 }, async () => {
    const page = await rig.signIn('tstaff1');
    const card = page.getByTestId('card-reports.new');
    await card.waitFor({ timeout: 15000 });
    await card.getByText('标为已阅').click();
    await card.getByText('暂无新内容').waitFor({ timeout: 15000 });
  });

  it(
    "charts a leader's reports, and tells a village supervisor there is nothing to do",
    { timeout: 60_000 },
    async () => {
      const leader = await rig.signIn('leader');
      await leader.getByTestId('chart-reports.monthly').locator('canvas').waitFor({ timeout: 15000 });
      await screenshot(leader, 'workbench-leader');
      const village = await rig.signIn('village1');
      await village.getByTestId('workbench-empty').waitFor({ timeout: 15000 });
      await screenshot(village, 'workbench-village1');
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it('warns the system administrator that no backup has succeeded yet', { timeout: 90_000 }, async () => {
    const page = await rig.signIn('sysadmin');
    const card = page.getByTestId('card-ops.backup_stale');
    await card.waitFor({ timeout: 15000 });
    expect(await visibleText(card)).toContain('尚无成功备份');
    await screenshot(page, 'workbench-sysadmin-backup');
    expect(rig.pageErrors).toEqual([]);
  });
});
