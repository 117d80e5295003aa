import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

// The audit log page: actions and record kinds in words, filters as selects, each event naming
// its record (a report's number), and the security administrator's view of refused attempts.
describe.skipIf(process.env.TEST_SQLITE === '0')('the audit log page in headless Chromium', () => {
  let rig: ConsoleRig;
  let number: string;
  let reportId: string;

  beforeAll(async () => {
    rig = await startConsoleRig();
    const made = await makeReport(rig.env, await villageOf(rig.env, 'township1'));
    reportId = made.id;
    const row = await rig.env
      .ctx()
      .db.selectFrom('reports')
      .select('number')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    number = row.number!;
    // Intake reads it (audited); another township tries to (out of scope: a security event).
    expect((await (await rig.env.as('intake')).get(`/api/reports/${made.id}`)).statusCode).toBe(200);
    expect((await (await rig.env.as('township2')).get(`/api/reports/${made.id}`)).statusCode).toBe(404);
  });
  afterAll(async () => rig?.close());

  /** Signs in (an administrator enrols its second factor the first time). */
  const signIn = (username: string): Promise<Page> => rig.signIn(username, { width: 1440, height: 900 });

  /** Picks the option whose text contains `text` in the select `testId`. */
  async function pick(page: Page, testId: string, text: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }

  it('shows the audit administrator actions in words, selects as filters, and the report by its number', async () => {
    const page = await signIn('auditadmin');
    await page.getByTestId('menu-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    // Every action shown is a word, never a `resource.action` code.
    const actions = await table.getByTestId('audit-action').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => /^[a-z_]+\.[a-z_]+$/.test(a))).toEqual([]);

    await pick(page, 'filter-action', '查看信访举报');
    await page.getByTestId('filter-search').click();
    await expect
      .poll(async () => (await table.getByTestId('audit-action').allInnerTexts()).join('|'))
      .toMatch(/^查看信访举报(\|查看信访举报)*$/);
    const row = table.locator('.ant-table-row', { hasText: number });
    await row.first().waitFor({ timeout: 10000 });
    expect(await visibleText(row.first())).toContain('信访举报');
    expect(await visibleText(table)).not.toContain(reportId);
    await screenshot(page, 'audit-report-read');

    // The security category (as the workbench card links to it): the refused attempt, by number.
    await page.goto(`${rig.url}/audit?category=security`);
    await table.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    expect(await visibleText(page.getByTestId('filter-category'))).toContain('安全事件');
    await expect
      .poll(async () => (await table.getByTestId('audit-action').allInnerTexts()).join('|'))
      .toBe('越权访问被拒绝');
    expect(await visibleText(table)).toContain(number);
    await screenshot(page, 'audit-security-category');
  });

  it('shows the security administrator the refused attempts, as a page of their own and a workbench card', async () => {
    const page = await signIn('secadmin');
    await page.getByText('越权访问尝试').first().waitFor({ timeout: 15000 });
    await page.getByTestId('menu-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    expect(await table.getByTestId('audit-action').allInnerTexts()).toEqual(['越权访问被拒绝']);
    const text = await visibleText(table);
    expect(text).toContain('township2');
    expect(text).toContain(number);
    await screenshot(page, 'audit-secadmin');
    expect(rig.pageErrors).toEqual([]);
  });
});
