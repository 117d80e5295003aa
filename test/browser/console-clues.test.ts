import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig } from './browser.js';

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('console clue ledger in headless Chromium', () => {
  let rig: ConsoleRig;
  let flagged = { id: '', number: '' };

  beforeAll(async () => {
    rig = await startConsoleRig();
    const casemgr = await rig.env.as('casemgr');
    const village = await villageOf(rig.env, 'township1');
    const made = await casemgr.post('/api/clues', {
      sourceKind: 'patrol',
      sourceRef: '渑巡移〔2026〕2号',
      receivedOn: '2026-11-02',
      summary: '巡察发现镇党委书记插手村级工程项目，涉嫌收受工程款回扣。',
      categories: ['integrity', 'collective_assets'],
      regionCode: village,
      amountFen: 860_000,
      subjects: [
        { name: '曌海', position: '镇党委书记', rank: 'lower_principal' },
        { name: '司马曌云', position: '村委会主任' },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    flagged = made.json();
    const other = await casemgr.post('/api/clues', {
      sourceKind: 'audit',
      summary: '审计发现村集体资金使用不规范',
      categories: ['collective_assets'],
      regionCode: village,
      subjects: [{ name: '曌林' }],
    });
    expect(other.statusCode, other.body).toBe(201);
  });
  afterAll(async () => rig?.close());

  it('lists, searches and opens a clue with its subjects, trail and clock', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('casemgr');
    await page.getByTestId('menu-clues').click();
    await page.getByTestId('clues-table').waitFor({ timeout: 15000 });
    const box = page.getByTestId('clues-q');
    expect(await box.getAttribute('placeholder')).toBe('编号或反映对象姓名的一部分，如 0001、王');
    const rows = page.getByTestId('clues-table').locator('tbody tr.ant-table-row');
    await box.fill('司马');
    await page.getByTestId('filter-search').click();
    await expect.poll(async () => (await rows.allInnerTexts()).length, { timeout: 15000 }).toBe(1);
    const row = (await rows.allInnerTexts())[0]!;
    expect(row).toContain(flagged.number);
    expect(row).toContain('曌海、司马曌云');
    expect(row).toContain('待报告');
    await page.getByTestId('clue-stats').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('clue-stats').innerText()).toContain('未处置 1');
    await screenshot(page, 'console-clues-ledger');

    await page.getByTestId('clue-link').filter({ hasText: flagged.number }).click();
    await page.getByTestId('clue-number').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('clue-subjects').innerText()).toContain('下一级党委（党组）主要负责人');
    const trail = await page.getByTestId('clue-trail').innerText();
    expect(trail).toContain('登记线索');
    expect(trail).toContain('渑巡移〔2026〕2号');
    expect(await page.getByText('线索处置意见').first().isVisible()).toBe(true);
    expect(await page.getByTestId('clue-higher').innerText()).toContain('须报告上级纪委');
    await screenshot(page, 'console-clue-detail');
  });

  it('shows the ledger line only to an officer in scope who is not on the clue', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('office1');
    await page.getByTestId('menu-clues').click();
    await page.getByTestId('clues-table').waitFor({ timeout: 15000 });
    const rows = page.getByTestId('clues-table').locator('tbody tr.ant-table-row');
    await expect
      .poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 15000 })
      .toContain(flagged.number);
    const line = (await rows.allInnerTexts()).find((t) => t.includes(flagged.number))!;
    expect(line).toContain('（无权查看）');
    expect(line).not.toContain('曌海');
    await screenshot(page, 'console-clues-line-only');
    await page.getByTestId('clue-link').filter({ hasText: flagged.number }).click();
    await page.getByText('您不是该线索的承办人员，只能查看台账信息').waitFor({ timeout: 15000 });
  });
});
