import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

// 我的回避申报 in a real browser: a staff member declares a relative with an ID number and sees
// it listed, the number itself nowhere on the page (only "已申报").
describe.skipIf(process.env.TEST_SQLITE === '0')('console recusal declarations', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('declares a relative and lists it without the ID number', { timeout: 90_000 }, async () => {
    const page = await rig.signIn('tstaff1');
    await page.getByTestId('menu-declarations').click();
    await page.waitForURL(/\/declarations$/);
    await page.getByTestId('declarations-table').waitFor({ timeout: 15000 });
    await page.getByTestId('declaration-add').click();
    await page.getByTestId('declaration-form').waitFor();
    await page.getByTestId('declaration-relation').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '配偶' }).first().click();
    await page.getByTestId('declaration-name').fill('李秀兰');
    await page.getByTestId('declaration-id-number').fill('41122119800101123X');
    await page.getByTestId('declaration-employer').fill('渑池县某村村民委员会');
    await screenshot(page, 'recusal-declaration-form', false);
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/declared-relations') && r.request().method() === 'POST',
    );
    await clickSubmit(page, page.getByTestId('declaration-submit'), 'declare a relative');
    expect((await saved).status()).toBe(201);
    const table = page.getByTestId('declarations-table');
    await table.getByText('李秀兰').waitFor({ timeout: 15000 });
    const text = await visibleText(table);
    expect(text).toContain('配偶');
    expect(text).toContain('已申报');
    expect(text).toContain('渑池县某村村民委员会');
    expect(await page.content()).not.toContain('41122119800101123X');
    await screenshot(page, 'recusal-declarations');
    expect(rig.pageErrors).toEqual([]);
  });
});
