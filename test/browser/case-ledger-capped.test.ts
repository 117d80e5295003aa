import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_SHORT_NAME_TOTAL_CAP } from '../../src/server/modules/cases/index.js';
import { makeCase } from '../../src/server/test/case-factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * The case ledger's capped total in the console: a surname searched by a township (its arms
 * counted up to CASE_SHORT_NAME_TOTAL_CAP) shows "共 ≥ 200 条", and a search within the cap its
 * exact total (docs/benchmarks.md, "Issue 13: the zone reader's totals by region").
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('case ledger capped total in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
    const db = rig.env.ctx().db;
    const made = await makeCase(rig.env, {
      drafter: 'township1',
      filing: { handling: { mode: 'self', reason: 'simple' } },
    });
    const tpl = await db.selectFrom('cases').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    // township1's own cases: 250 naming 曎 (more than the cap), 30 naming 曌.
    const base = Date.parse('2025-06-01T00:00:00Z');
    const rows = Array.from({ length: 280 }, (_, i) => {
      const at = new Date(base + i * 60_000).toISOString();
      return {
        ...tpl,
        id: `00000000-0000-4000-9400-${String(i).padStart(12, '0')}`,
        number: `渑纪案〔2025〕${900000 + i}号`,
        subject_name: `${i < 250 ? '曎' : '曌'}某${i}`,
        created_at: at,
        updated_at: at,
      };
    });
    for (let k = 0; k < rows.length; k += 100)
      await db
        .insertInto('cases')
        .values(rows.slice(k, k + 100))
        .execute();
  }, 240_000);
  afterAll(async () => rig?.close());

  it('shows a capped total as "≥ N" and an exact one as it is', async () => {
    const page = await rig.signIn('township1');
    await page.getByTestId('menu-cases').click();
    const table = page.getByTestId('cases-table');
    await table.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    const total = page.locator('.ant-pagination-total-text');

    await page.getByTestId('cases-q').fill('曎');
    await page.getByTestId('filter-search').click();
    await expect.poll(() => visibleText(total), { timeout: 15000 }).toBe(`共 ≥ ${CASE_SHORT_NAME_TOTAL_CAP} 条`);
    expect(await table.innerText()).toContain('曎某249');
    await screenshot(page, 'case-ledger-capped');

    await page.getByTestId('cases-q').fill('曌');
    await page.getByTestId('filter-search').click();
    await expect.poll(() => visibleText(total), { timeout: 15000 }).toBe('共 30 条');
    expect(rig.pageErrors).toEqual([]);
  });
});
