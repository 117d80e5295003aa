import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

// The list pages built on useListPage (server paging, filters, export of exactly the filtered
// rows), and a service's precise validation message reaching the user in a form.
describe.skipIf(process.env.TEST_SQLITE === '0')('console list pages in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  /** Rows of the workbook the page's export link downloads (header row excluded). */
  async function exportedRows(page: Page): Promise<number> {
    const href = await page.getByTestId('export-excel').getAttribute('href');
    expect(href).toBeTruthy();
    const base64 = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    }, href!);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
    return book.worksheets[0]!.actualRowCount - 1;
  }

  /** The total the table's pagination shows ("共 N 条"). */
  async function shownTotal(page: Page): Promise<number> {
    const text = await visibleText(page.locator('.ant-pagination-total-text'));
    return Number(/\d+/.exec(text)?.[0]);
  }

  it('staff: pages on the server, filters by name and exports exactly the filtered rows', async () => {
    const page = await rig.signIn('orgadmin');
    await page.getByTestId('menu-staff').click();
    await page.getByTestId('staff-table').locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    const all = await shownTotal(page);
    expect(all).toBeGreaterThan(1);
    expect(await exportedRows(page)).toBe(all);
    await screenshot(page, 'console-staff');

    const first = await page.getByTestId('staff-table').locator('.ant-table-row td').first().innerText();
    await page.getByTestId('filter-q').fill(first.slice(0, 1));
    await page.getByTestId('filter-search').click();
    await expect.poll(() => page.getByTestId('export-excel').getAttribute('href')).toContain('q=');
    const filtered = await shownTotal(page);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThanOrEqual(all);
    expect(await exportedRows(page)).toBe(filtered);
    await screenshot(page, 'console-staff-filtered');
  });

  it('subjects: filters by cadre authority and exports exactly the filtered rows', async () => {
    const page = await rig.signIn('orgadmin');
    await page.getByTestId('menu-subjects').click();
    await page.getByTestId('subjects-table').locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    const all = await shownTotal(page);
    expect(await exportedRows(page)).toBe(all);
    await screenshot(page, 'console-subjects');

    await page.getByTestId('filter-cadre-authority').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="村干部"]').click();
    await page.getByTestId('filter-search').click();
    await expect
      .poll(() => page.getByTestId('export-excel').getAttribute('href'))
      .toContain('cadreAuthority=village_cadre');
    const filtered = await shownTotal(page);
    expect(filtered).toBeLessThanOrEqual(all);
    expect(await exportedRows(page)).toBe(filtered);
  });

  it("shows a service's precise validation message in the subject form", async () => {
    const page = await rig.signIn('orgadmin');
    await page.getByTestId('menu-subjects').click();
    await page.getByTestId('subject-create').click();
    await page.getByTestId('subject-name').fill('李验证');
    await page.getByTestId('subject-employer').fill('某局');
    await page.getByTestId('subject-position').fill('科员');
    // A city has no county commission: nobody is competent by cadre authority (people.service).
    const city = await page.evaluate(
      async () => ((await (await fetch('/api/regions?level=city')).json()) as { items: { name: string }[] }).items[0]!,
    );
    await page.getByTestId('subject-region').click();
    await page.keyboard.type(city.name);
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title*="${city.name}"]`).first().click();
    await clickSubmit(page.getByTestId('subject-save'), 'subject-save');
    const alert = page.locator('.ant-drawer .ant-alert-error');
    expect(await visibleText(alert)).toContain('找不到有管辖权的单位，请指定归属单位');
    await screenshot(page, 'console-subject-validation', false);
  });
});
