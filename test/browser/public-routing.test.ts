import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAC_RECEIPT } from '../../src/server/modules/reports/index.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, clickSubmit, launchBrowser, startConsoleServer, visibleText } from './browser.js';

/**
 * The phone form asks who the person reported is (issue 11 §1), in plain words, and the report
 * goes to the body competent for them: a township cadre to the county commission, not to the
 * township commission he oversees; a township commission's leader one level up (JK 第十五条).
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('phone form routing question in headless Chromium', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;
  let townshipUnit: string;
  let countyUnit: string;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    const db = env.platform.database.db;
    const v = await db
      .selectFrom('regions')
      .select(['code', 'parent_code'])
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    village = v.code;
    townshipUnit = (
      await db
        .selectFrom('units')
        .select('id')
        .where('kind', '=', 'township_commission')
        .where('region_code', '=', v.parent_code!)
        .executeTakeFirstOrThrow()
    ).id;
    countyUnit = (
      await db
        .selectFrom('units')
        .select('id')
        .where('kind', '=', 'commission')
        .where('region_code', '=', `${village.slice(0, 6)}000000`)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function fileReport(page: Page, subject: string, role: string, leader?: string): Promise<string> {
    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide-read').click();
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('f-subject-name').fill(subject);
    await page.getByTestId('f-content').fill('在扶贫项目验收中打招呼，让不合格的工程通过验收。');
    await page.getByTestId(`subjectRole-${role}`).check();
    if (leader) await page.getByTestId(`commissionLeader-${leader}`).check();
    await clickSubmit(page.getByTestId('submit'), 'submit');
    const code = page.getByTestId('receipt-code');
    await code.waitFor();
    return (await code.innerText()).replace(/\s/g, '');
  }

  const ownerOf = async (receipt: string) =>
    env.platform.database.db
      .selectFrom('reports')
      .select(['owner_unit_id', 'in_ledger', 'details'])
      .where('receipt_hash', '=', env.ctx().keyring.mac(MAC_RECEIPT, receipt))
      .executeTakeFirstOrThrow();

  it('asks what the person is and whether they lead a commission, and routes by the answer', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide-read').click();
    const role = page.getByTestId('subject-role');
    await role.waitFor();
    const roleText = await visibleText(role);
    for (const words of ['被反映人是', '村干部', '乡镇干部', '县直部门干部', '不清楚'])
      expect(roleText).toContain(words);
    // 不清楚 is chosen until the reporter says otherwise; "not a leader" likewise.
    expect(await page.getByTestId('subjectRole-unknown').isChecked()).toBe(true);
    expect(await page.getByTestId('commissionLeader-no').isChecked()).toBe(true);
    await expect(visibleText(page.getByTestId('commission-leader'))).resolves.toContain('被反映人是否为纪委监委负责人');
    // The choices are labelled: a tap on the words selects the answer.
    await role.getByText('乡镇干部').click();
    expect(await page.getByTestId('subjectRole-township_cadre').isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await role.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'public-subject-role.png'), fullPage: true });

    // A township cadre (the township head is county-managed): the county commission, not the township's.
    const township = await ownerOf(await fileReport(page, '乡镇某', 'township_cadre'));
    expect(township).toMatchObject({ owner_unit_id: countyUnit, in_ledger: 1 });
    expect(JSON.parse(township.details!)).toMatchObject({ subjectRole: 'township_cadre', commissionLeader: 'no' });
    // A village cadre: the township commission.
    expect(await ownerOf(await fileReport(page, '村里某', 'village_cadre'))).toMatchObject({
      owner_unit_id: townshipUnit,
    });
    // The township commission's own leader: one level up, to the county commission.
    expect(await ownerOf(await fileReport(page, '纪委某', 'township_cadre', 'township_commission'))).toMatchObject({
      owner_unit_id: countyUnit,
      in_ledger: 1,
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
