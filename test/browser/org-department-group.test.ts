import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * The dispatched group supervising a department on the console's org page (issue 16 §2), in
 * headless Chromium: the organisation officer opens 县民政局 (seeded without a group), links it to
 * 派驻县卫健委纪检监察组 (a 综合派驻 group may cover several departments), sees it shown, and clears it.
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('department dispatched group in the console', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  const linked = async () =>
    (
      await rig.env
        .ctx()
        .db.selectFrom('department_groups as dg')
        .innerJoin('units as d', 'd.id', 'dg.department_unit_id')
        .innerJoin('units as g', 'g.id', 'dg.group_unit_id')
        .select('g.name')
        .where('d.name', '=', '县民政局')
        .executeTakeFirst()
    )?.name ?? null;

  it('links 县民政局 to a dispatched group and clears it', { timeout: 300_000 }, async () => {
    const page = await rig.signIn('orgadmin', { width: 1440, height: 900 });
    await page.goto(`${rig.url}/org`);
    const box = page.getByTestId('unit-search');
    const search = (await box.evaluate((e) => e.tagName)) === 'INPUT' ? box : box.locator('input').first();
    await search.fill('县民政局');
    await search.press('Enter');
    await page.getByTestId('unit-tree').getByText('县民政局', { exact: true }).click();
    const current = page.getByTestId('unit-dispatched-group-current');
    await expect.poll(() => visibleText(current), { timeout: 20_000 }).toContain('未指定');
    await pickOption(page, 'unit-dispatched-group-select', '派驻县卫健委纪检监察组');
    await clickSubmit(page.getByTestId('unit-dispatched-group-set'), 'link group');
    await expect.poll(() => visibleText(current), { timeout: 20_000 }).toBe('派驻县卫健委纪检监察组');
    await expect.poll(linked, { timeout: 20_000 }).toBe('派驻县卫健委纪检监察组');
    await page.keyboard.press('Escape');
    await screenshot(page, 'org-department-group');
    await clickSubmit(page.getByTestId('unit-dispatched-group-clear'), 'clear group');
    await expect.poll(() => visibleText(current), { timeout: 20_000 }).toContain('未指定');
    await expect.poll(linked, { timeout: 20_000 }).toBeNull();
  });
});
