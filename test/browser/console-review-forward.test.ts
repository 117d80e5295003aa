import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { pdfText } from '../../src/server/test/pdf.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

// A petition review (复核, XF 第三十六条) goes to the organ above the one that re-checked; when
// nobody there is on the platform the county keeps the clock and sends the request up: the report
// page offers the forwarding letter (复核申请转送函), which the officer downloads and prints.
describe.skipIf(process.env.TEST_SQLITE === '0')('forwarded review letter in headless Chromium', () => {
  let rig: ConsoleRig;
  let id = '';

  beforeAll(async () => {
    rig = await startConsoleRig();
    const { env } = rig;
    // A township petition, closed by the township, re-checked and answered by the county, then
    // reviewed: the city commission is not on the platform, so the review is forwarded.
    const made = await makeReport(env, await villageOf(env, 'township1'), {
      kind: 'petition',
      named: true,
      reporter: { name: '韩复核', phone: '13600002222' },
      subject: { name: '复核浏览器某' },
      content: '反映村里低保评定不公开，复核浏览器测试。',
    });
    id = made.id;
    const township = await env.as('township1');
    const version = async () => (await township.get(`/api/reports/${id}`)).json<{ version: number }>().version;
    expect((await township.post(`/api/reports/${id}/acceptance`, { version: await version() })).statusCode).toBe(200);
    const closed = await township.post(`/api/reports/${id}/disposal`, {
      version: await version(),
      disposition: 'conclude',
      note: '经核实，低保评定程序符合规定。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const recheck = await env
      .anon()
      .post('/api/public/receipt-rechecks', { receipt: made.receipt, reason: '处理不当，请求复查。' });
    expect(recheck.statusCode, recheck.body).toBe(201);
    const answered = await (
      await env.as('intake')
    ).post(`/api/reports/${id}/replies`, { purpose: 'recheck_answer', body: '经复查，维持原处理意见。' });
    expect(answered.statusCode, answered.body).toBe(201);
    const review = await env
      .anon()
      .post('/api/public/receipt-reviews', { receipt: made.receipt, reason: '复查没有听取我的意见，请求复核。' });
    expect(review.statusCode, review.body).toBe(201);
  });
  afterAll(async () => rig?.close());

  it('offers the 复核申请转送函 on the report page and downloads it as a PDF with the city and the re-check answer', async () => {
    const page = await rig.signIn('intake');
    await page.goto(`${rig.url}/reports/${id}`);
    await page.getByTestId('report-number').waitFor({ timeout: 15000 });
    const item = page.getByTestId('doc-review_forward_letter');
    await item.waitFor({ timeout: 15000 });
    expect(await visibleText(item)).toContain('复核申请转送函');
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-review-forward-letter', false);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30000 }),
      item.getByText('PDF').click(),
    ]);
    expect(download.suggestedFilename()).toBe('复核申请转送函.pdf');
    const text = pdfText(readFileSync(await download.path()));
    for (const s of ['复核申请转送函', '中共三门峡市纪律检查委员会', '经复查，维持原处理意见。', '韩复核'])
      expect(text).toContain(s);
  }, 120_000);
});
