import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBatch, signBatch, submitBatch } from '../../src/server/modules/disclosure/index.js';
import { demoLines } from '../../src/server/seed/demo-disclosure.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, launchBrowser, startConsoleServer } from './browser.js';

/**
 * 村务公开 on a 360 px phone (issue 16 §1): the village's published month with private names and
 * ID numbers masked, a corrected line marked with its date, the earlier version on request, and
 * "对这笔有疑问" opening the reporting guide then the form about that line; the display screen's
 * carousel in large type.
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('village disclosure phone page and display screen', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    const unit = await unitOf(env, 'vclerk1');
    village = (
      await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
    const clerk = await ctxAs(env, 'vclerk1');
    const committee = await ctxAs(env, 'village1');
    const lines = demoLines('2026-10');
    const net = lines.reduce((s, l) => s + (l.direction === 'income' ? l.amount : -l.amount), 0);
    const body = {
      regionCode: village,
      kind: 'finance' as const,
      period: '2026-10',
      openingBalance: 5_000_000,
      closingBalance: 5_000_000 + net,
      lines,
    };
    const v1 = await prepareBatch(clerk, body);
    await submitBatch(clerk, v1.id);
    await signBatch(committee, v1.id, '同意公开');
    env.clock.advance(60_000);
    const v2 = await prepareBatch(clerk, {
      ...body,
      correctionReason: '第 2 笔用途漏写月份',
      lines: lines.map((l, i) => (i === 1 ? { ...l, purpose: '保洁工资（10 月）' } : l)),
    });
    await submitBatch(clerk, v2.id);
    await signBatch(committee, v2.id, '更正属实');
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows the month masked, the correction dated, and reports about a line', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await page.goto(`${url}/r/${village}/finance`);
    await page.getByTestId('fin-line').first().waitFor();
    const text = await page.getByTestId('fin-period').innerText();
    expect(text).toContain('2026年10月财务收支');
    expect(text).toContain('张*国');
    expect(text).not.toContain('张建国');
    expect(text).toMatch(/4112\*{8}\d{3}[\dX]/);
    expect(text).toContain('本期已于');
    await expect(page.getByTestId('fin-corrected').count()).resolves.toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disclosure-phone.png'), fullPage: true });
    await page.locator('.fin-history summary').click();
    await page.locator('.fin-history button').last().click();
    await page.getByTestId('fin-old').waitFor();
    expect(await page.getByTestId('fin-report').count()).toBe(0);
    await page.getByTestId('fin-old').getByRole('button').click();
    await page.getByTestId('fin-report').first().waitFor();
    await page.getByTestId('fin-report').nth(1).click();
    await page.getByTestId('guide-read').click();
    expect(await page.getByTestId('report-about').innerText()).toContain('保洁工资（10 月）');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disclosure-report-about.png'), fullPage: true });
  });

  it('turns the display screen in large type', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await page.goto(`${url}/r/${village}/finance/screen`);
    await page.getByTestId('screen-summary').waitFor();
    expect(await page.getByTestId('screen').innerText()).toContain('2026年10月财务收支公开');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disclosure-screen.png') });
  });
});
