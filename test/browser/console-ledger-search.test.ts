import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig } from './browser.js';

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('console ledger search in headless Chromium', () => {
  let rig: ConsoleRig;
  let number = '';

  beforeAll(async () => {
    rig = await startConsoleRig();
    const village = await villageOf(rig.env, 'township1');
    for (const name of ['曌青松', '曌海', '李曌明']) await makeReport(rig.env, village, { subject: { name } });
    const row = await rig.env
      .ctx()
      .db.selectFrom('reports')
      .select('number')
      .where('subject_name', '=', '李曌明')
      .executeTakeFirstOrThrow();
    number = row.number!;
  });
  afterAll(async () => rig?.close());

  it('finds a part of a number and a surname typed in the search box', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('township1');
    await page.getByTestId('menu-reports').click();
    await page.getByTestId('reports-table').waitFor({ timeout: 15000 });
    const box = page.getByTestId('reports-q');
    // The placeholder says what the box finds.
    expect(await box.getAttribute('placeholder')).toBe('编号或被反映人姓名的一部分，如 0001、王');
    const rows = page.getByTestId('reports-table').locator('tbody tr.ant-table-row');
    const names = async () => (await rows.allInnerTexts()).map((t) => /曌\S*|李曌明/.exec(t)?.[0] ?? t);

    // A surname alone: the two reports whose name starts with it, not the one with it inside.
    await box.fill('曌');
    await page.getByTestId('filter-search').click();
    await expect.poll(async () => (await names()).sort(), { timeout: 15000 }).toEqual(['曌海', '曌青松']);
    await screenshot(page, 'console-ledger-search-surname');

    // A part of the number: its sequence digits, as one remembers them (0001).
    const part = /(\d+)号$/.exec(number)![1]!;
    await box.fill(part);
    await page.getByTestId('filter-search').click();
    await page.getByTestId('report-link').filter({ hasText: number }).waitFor({ timeout: 15000 });
    for (const t of await rows.allInnerTexts()) expect(t).toContain(part);
    expect((await rows.allInnerTexts()).some((t) => t.includes('李曌明'))).toBe(true);
    await screenshot(page, 'console-ledger-search-number');
  });
});
