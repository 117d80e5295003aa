import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVillageClerk } from '../../src/server/test/micro-power-factories.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { launchBrowser, screenshot, startConsoleServer, visibleText } from './browser.js';

/**
 * The village's small-powers page on a 360 px phone (issue 16 §3): the county's list with each
 * step's actor and publication, the use under publication today, and a report about it that
 * carries the use to the form.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('village small powers page in headless Chromium', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village = '';

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    village = (await makeVillageClerk(env, 'walk_mp_clerk', '走查村务专干')).regionCode;
    const clerk = await env.as('walk_mp_clerk');
    const items = (await clerk.get('/api/micro-power-items?area=homestead')).json().items as { id: string }[];
    const made = await clerk.post('/api/micro-power-uses', {
      itemId: items[0]!.id,
      villageCode: village,
      title: '第二村民小组宅基地申请审批',
      startedOn: '2026-11-18',
    });
    const id = made.json().id as string;
    await clerk.post(`/api/micro-power-uses/${id}/steps`, {
      seq: 1,
      doneOn: '2026-11-18',
      actor: '申请农户',
      documents: ['宅基地申请书'],
      version: 1,
    });
    const step = await clerk.post(`/api/micro-power-uses/${id}/steps`, {
      seq: 2,
      doneOn: '2026-11-19',
      actor: '村民小组',
      documents: ['会议记录'],
      publicationFrom: '2026-11-19',
      publicationTo: '2026-11-25',
      version: 2,
    });
    expect(step.statusCode, step.body).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows the list and the use under publication, and reports about it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/r/${village}/powers`);
    const use = page.getByTestId('powers-use');
    expect(await visibleText(use)).toContain('第二村民小组宅基地申请审批');
    expect(await use.innerText()).toContain('公示期：2026年11月19日 至 2026年11月25日');
    await expect.poll(() => page.getByTestId('powers-item').count()).toBeGreaterThan(5);
    await page.getByTestId('powers-item').first().click();
    expect(await page.getByTestId('powers-list').innerText()).toContain('随后公示不少于 15 天');
    expect(await page.getByTestId('village-tab-powers').getAttribute('aria-current')).toBe('page');
    // Nothing wider than the phone.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await screenshot(page, 'village-powers');
    await page.getByTestId('powers-report').click();
    await page.getByTestId('guide-read').click();
    expect(await visibleText(page.getByTestId('report-about'))).toContain('第二村民小组宅基地申请审批');
    expect(errors).toEqual([]);
    await context.close();
  });
});
