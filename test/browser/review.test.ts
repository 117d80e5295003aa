import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

// The petition review (复核, XF 第三十六条, issue 11 §1): the petitioner asks for it on the receipt
// page after the re-check answer, with its last day; the county, which re-checked and keeps the
// forwarded review's clock, records the city's opinion in the console; the petitioner reads it.
describe.skipIf(process.env.TEST_SQLITE === '0')('petition review in headless Chromium', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  const chineseDay = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  };
  const open = async (page: Page, receipt: string) => {
    await page.goto(`${rig.url}/r/receipt`);
    await page.getByTestId('lookup-receipt').fill(receipt);
    await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
    await page.getByTestId('timeline').waitFor();
  };

  it('takes the review on the receipt page and the answer in the console', { timeout: 120_000 }, async () => {
    const { env } = rig;
    const village = await villageOf(env, 'township1');
    const r = await makeReport(env, village, {
      kind: 'petition',
      subject: { name: '复核某' },
      content: '反映村里危房改造补助名单不公开。',
    });
    const township = await env.as('township1');
    const version = async () =>
      (await env.ctx().db.selectFrom('reports').select('version').where('id', '=', r.id).executeTakeFirstOrThrow())
        .version;
    expect((await township.post(`/api/reports/${r.id}/acceptance`, { version: await version() })).statusCode).toBe(200);
    const closed = await township.post(`/api/reports/${r.id}/disposal`, {
      version: await version(),
      disposition: 'conclude',
      note: '经核实，补助名单已公示。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const asked = await env
      .anon()
      .post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: '名单没有在村务公开栏公示。' });
    expect(asked.statusCode, asked.body).toBe(201);
    const county = await env.as('intake');
    const rechecked = await county.post(`/api/reports/${r.id}/replies`, {
      purpose: 'recheck_answer',
      body: '经复查，维持原处理意见。',
    });
    expect(rechecked.statusCode, rechecked.body).toBe(201);
    const before = (await env.anon().post('/api/public/receipt-lookups', { receipt: r.receipt })).json();

    // The phone: the form names the organ and the last day; a short reason is refused on the page.
    const phone = await rig.newPage({ width: 360, height: 780 }, 'phone');
    await open(phone, r.receipt);
    expect(await visibleText(phone.getByTestId('review-label'))).toBe(
      `对复查意见不服？可在 ${chineseDay(before.reviewApplyBy)} 前向三门峡市纪委监委申请复核一次`,
    );
    await phone.getByTestId('review-submit').click();
    await expect(visibleText(phone.getByTestId('review-error'))).resolves.toContain('至少 5 个字');
    await phone.getByTestId('review-reason').fill('复查时没有听取村民代表的意见。');
    await clickSubmit(phone.getByTestId('review-submit'), 'review-submit');
    // clickSubmit returns once the request is sent: the answer shows when it is stored.
    await phone.getByTestId('review-done').waitFor({ timeout: 15000 });
    const after = (await env.anon().post('/api/public/receipt-lookups', { receipt: r.receipt })).json();
    await expect
      .poll(() => visibleText(phone.getByTestId('review-done')))
      .toContain(`申请复核，由三门峡市纪委监委办理，将于 ${chineseDay(after.reviewDueOn)} 前作出复核意见。`);
    expect(await phone.getByTestId('review-form').isVisible()).toBe(false);
    expect(await phone.locator('h2', { hasText: '评价、复查与复核' }).count()).toBe(1);
    expect(await visibleText(phone.getByTestId('timeline'))).toContain('复核申请已转送上级机关');
    await screenshot(phone, 'receipt-review-requested');

    // The console: the county keeps the forwarded review and records the city's opinion.
    const page = await rig.signIn('intake');
    await page.goto(`${rig.url}/reports/${r.id}`);
    await page.getByTestId('report-number').waitFor({ timeout: 15000 });
    await expect(visibleText(page.getByTestId('review-route'))).resolves.toContain(
      '应由三门峡市纪委监委复核。平台上没有该机关的办理人员',
    );
    expect(await visibleText(page.getByTestId('review-due'))).toContain(after.reviewDueOn);
    expect(await visibleText(page.getByTestId('review-panel'))).toContain('复查时没有听取村民代表的意见。');
    // A hearing pauses the clock and ending it resumes it (its time is not counted).
    await page.getByTestId('hearing-note').fill('定于本周五在镇政府组织听证');
    await clickSubmit(page.getByTestId('hearing-submit'), 'hearing-submit');
    await page.getByTestId('review-paused').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('review-due').count()).toBe(0);
    await page.getByTestId('hearing-note').fill('听证已结束');
    await clickSubmit(page.getByTestId('hearing-submit'), 'hearing-submit');
    await page.getByTestId('review-due').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('review-paused').count()).toBe(0);
    expect(await visibleText(page.getByTestId('report-timeline'))).toContain('复核听证结束（期限恢复）');
    await expect.poll(() => page.getByTestId('reply-purpose').innerText()).toContain('复核答复');
    await page.getByTestId('reviewer-ref').waitFor();
    await page.getByTestId('reviewer-ref').fill('三纪信核〔2026〕5号');
    await page.getByTestId('reply-body').fill('经复核，复查意见正确，予以维持。');
    await clickSubmit(page.getByTestId('reply-submit'), 'reply-submit');
    await page
      .getByTestId('report-messages')
      .getByText('三门峡市纪委监委复核意见 三纪信核〔2026〕5号')
      .waitFor({ timeout: 15000 });
    await expect(visibleText(page.getByTestId('review-route'))).resolves.toBe(
      '复核已答复（复核机关：三门峡市纪委监委）。',
    );
    await expect.poll(() => page.getByTestId('reply-purpose').innerText()).not.toContain('复核答复');
    // The review's clock is named in the deadlines table, not by its key.
    const body = await page.locator('body').innerText();
    expect(body).toContain('复核意见');
    expect(body).not.toContain('petition_review');
    await screenshot(page, 'console-review-answered');

    // The petitioner reads the opinion.
    await open(phone, r.receipt);
    expect(await visibleText(phone.getByTestId('messages'))).toContain('经复核，复查意见正确，予以维持。');
    expect(await visibleText(phone.getByTestId('review-done'))).toContain('复核意见见上方“办理机关回复”');
    expect(await visibleText(phone.getByTestId('timeline'))).toContain('复核已答复');
    expect(rig.pageErrors).toEqual([]);
  });
});
