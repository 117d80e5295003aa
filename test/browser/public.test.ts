import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAC_RECEIPT } from '../../src/server/modules/reports/index.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, clickSubmit, launchBrowser, startConsoleServer, visibleText } from './browser.js';

const PUBLIC_DIR = resolve('dist/public');

/** JS and CSS files the built index.html loads. */
function bundleFiles(): string[] {
  const html = readFileSync(join(PUBLIC_DIR, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/r\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => join(PUBLIC_DIR, m[1]!));
}

/** A 2×2 RGB PNG, built here (signature, IHDR, IDAT, IEND). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 200, 0, 0, 0, 160, 80, 0, 0, 0, 200, 240, 240, 240]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
/** A Windows executable renamed to look like a photo. */
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(300, 0x90)]);
const pngFile = (name: string) => ({ name, mimeType: 'image/png', buffer: png() });

describe('public pages bundle', () => {
  it('loads at most 60 KB of gzipped JS and CSS', () => {
    const files = bundleFiles();
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    const total = files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });

  it('names no other host: every request stays on the server', () => {
    for (const file of [join(PUBLIC_DIR, 'index.html'), ...bundleFiles()]) {
      const urls = readFileSync(file, 'utf8').match(/https?:\/\/[^\s"'`)]+/g) ?? [];
      expect(urls, file).toEqual([]);
    }
  });
});

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('public report pages in headless Chromium at 360 px', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    const row = await env.platform.database.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    village = row.code;
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function reportCount(): Promise<number> {
    const row = await env.platform.database.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A wrong receipt is a 404 answer, which Chromium logs as a failed resource.
      if (m.type() === 'error' && !m.text().includes('favicon') && !m.text().includes('404')) errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) errors.push(`third-party request: ${r.url()}`);
    });
    return { context, page, errors };
  }

  async function shot(page: Page, name: string): Promise<void> {
    // Nothing may scroll sideways on a 360 px phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `public-${name}.png`), fullPage: true });
  }

  /** The stored report behind a receipt. */
  async function reportByReceipt(receipt: string) {
    return env.platform.database.db
      .selectFrom('reports')
      .select(['id', 'kind', 'version', 'status'])
      .where('receipt_hash', '=', env.ctx().keyring.mac(MAC_RECEIPT, receipt))
      .executeTakeFirstOrThrow();
  }

  async function attachmentCount(reportId: string): Promise<number> {
    const row = await env.platform.database.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('report_id', '=', reportId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function fillReport(page: Page): Promise<void> {
    await page.getByTestId('f-subject-name').fill('刘某');
    await page.getByTestId('f-content').fill('村集体土地流转收入没有公开，账目不清，群众多次询问无人答复。');
  }

  async function readReceipt(page: Page): Promise<string> {
    const code = page.getByTestId('receipt-code');
    await code.waitFor();
    return (await code.innerText()).replace(/\s/g, '');
  }

  async function lookUp(page: Page, receipt: string): Promise<void> {
    await page.goto(`${url}/r/receipt`);
    await page.getByTestId('lookup-receipt').fill(receipt);
    await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
    await page.getByTestId('timeline').locator('li').first().waitFor();
  }

  async function openForm(page: Page): Promise<void> {
    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide').waitFor();
    await expect(visibleText(page.getByTestId('guide'))).resolves.toContain('诬告陷害');
    await page.getByTestId('guide-read').click();
    await page.getByTestId('report-form').waitFor();
  }

  it('files an anonymous report once, shows the receipt once, and the receipt page finds it', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide').waitFor();
    await shot(page, 'guide');
    await page.getByTestId('guide-read').click();
    await page.getByTestId('report-form').waitFor();

    // An empty submit explains what is missing, in Chinese, without sending anything.
    const before = await reportCount();
    await page.getByTestId('submit').click();
    await expect(visibleText(page.getByTestId('form-error'))).resolves.toContain('请按提示修改');
    await expect(visibleText(page.locator('#f-subject-name-error'))).resolves.toContain('被反映人姓名');
    await shot(page, 'form-errors');

    await page.getByTestId('f-subject-name').fill('张某某');
    await page.getByTestId('f-subject-position').fill('村委会主任');
    await page.getByTestId('f-subject-employer').fill('某某村村民委员会');
    await page.getByTestId('f-content').fill('村里修路的补偿款没有按公示的标准发放，部分农户少领了钱。');
    await expect(visibleText(page.getByTestId('content-counter'))).resolves.toMatch(/^\d+ \/ 5000 字$/);
    // 发生时间 in Chinese order: 年, then 月, then 日.
    await page.getByTestId('f-occurredOn-year').selectOption('2026');
    await page.getByTestId('f-occurredOn-month').selectOption('03');
    await page.getByTestId('f-occurredOn-day').selectOption('15');
    await page.getByTestId('f-place').fill('村委会');
    await page.getByTestId('f-amountFen').fill('12000.5');
    await shot(page, 'form');

    // A double tap files exactly one report.
    await page.getByTestId('submit').dblclick();
    const code = page.getByTestId('receipt-code');
    await code.waitFor();
    const shown = await code.innerText();
    expect(shown).toMatch(/^\d{8}\s\d{8}$/);
    const receipt = shown.replace(/\s/g, '');
    expect(await reportCount()).toBe(before + 1);
    const stored = await env.platform.database.db
      .selectFrom('reports')
      .select(['amount_fen', 'anonymous', 'subject_name'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ amount_fen: 1200050, anonymous: 1, subject_name: '张某某' });
    expect(await page.getByTestId('ack-due').count()).toBe(0);

    // 完成 waits for the confirmation that the receipt was kept.
    const done = page.getByTestId('receipt-done');
    expect(await done.isDisabled()).toBe(true);
    await shot(page, 'receipt');
    await page.getByTestId('receipt-saved').check();
    expect(await done.isEnabled()).toBe(true);
    await done.click();
    await page.getByTestId('finished').waitFor();
    expect(await page.getByTestId('receipt-code').count()).toBe(0);

    // The receipt page: status, then a message that appears in the list.
    await page.goto(`${url}/r/receipt`);
    await page.getByTestId('lookup-receipt').fill(`${receipt.slice(0, 8)} ${receipt.slice(8)}`);
    await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
    await expect(visibleText(page.getByTestId('receipt-status'))).resolves.toBe('已收到');
    await page.getByTestId('message-body').fill('补充：发放名单在村务公开栏贴过一周。');
    await clickSubmit(page.getByTestId('message-submit'), 'message-submit');
    await page.getByTestId('messages').getByText('补充：发放名单在村务公开栏贴过一周。').waitFor();
    await shot(page, 'lookup');

    // A wrong receipt.
    const wrong = receipt.endsWith('0') ? `${receipt.slice(0, 15)}1` : `${receipt.slice(0, 15)}0`;
    await page.getByTestId('lookup-receipt').fill(wrong);
    await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
    await expect(visibleText(page.getByTestId('lookup-error'))).resolves.toBe('回执码不正确');
    await shot(page, 'lookup-wrong');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a named report shows the acknowledgement date', async () => {
    const { context, page, errors } = await phone();
    await openForm(page);
    await page.getByTestId('mode-named').check();
    await page.getByTestId('f-reporter-name').fill('李四');
    await page.getByTestId('f-reporter-phone').fill('13800000000');
    await page.getByTestId('f-subject-name').fill('王某');
    await page.getByTestId('f-content').fill('低保评定时优亲厚友，把不符合条件的亲属纳入了低保。');
    await shot(page, 'form-named');
    await clickSubmit(page.getByTestId('submit'), 'submit');
    await expect(visibleText(page.getByTestId('ack-due'))).resolves.toMatch(
      /\d{4}年\d{1,2}月\d{1,2}日 前告知您是否受理/,
    );
    await shot(page, 'receipt-named');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an invalid region code in the link shows an error page; an unknown one the server message', async () => {
    const { context, page } = await phone();
    await page.goto(`${url}/r/12345`);
    await page.getByTestId('invalid-link').waitFor();
    expect(await page.getByTestId('report-form').count()).toBe(0);
    await shot(page, 'invalid-link');

    await page.goto(`${url}/r/999999999999`);
    await page.getByTestId('guide-read').click();
    await page.getByTestId('f-subject-name').fill('赵某');
    await page.getByTestId('f-content').fill('这是一段足够长的问题描述内容。');
    await clickSubmit(page.getByTestId('submit'), 'submit');
    await expect(visibleText(page.getByTestId('form-error'))).resolves.toBe('行政区划代码不正确');
    expect(await page.getByTestId('submit').isEnabled()).toBe(true);
    await shot(page, 'unknown-region');
    await context.close();
  });

  it('files a report with two attachments and the receipt page counts them, shows the timeline and takes more', async () => {
    const { context, page, errors } = await phone();
    await openForm(page);
    expect(await page.getByTestId('guide-download').count()).toBe(0);
    await fillReport(page);
    await page
      .getByTestId('file-input')
      .setInputFiles([pngFile('现场照片.png'), { name: '公示名单.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    const items = page.getByTestId('file-list').locator('li');
    await expect.poll(() => items.count()).toBe(2);
    await expect(items.nth(0).innerText()).resolves.toMatch(/现场照片\.png\s+1 KB/);
    await expect(items.nth(1).innerText()).resolves.toContain('公示名单.pdf');
    expect(await page.getByTestId('file-error').isHidden()).toBe(true);
    await page.getByTestId('file-list').scrollIntoViewIfNeeded();
    await shot(page, 'form-files');

    await clickSubmit(page.getByTestId('submit'), 'submit');
    const receipt = await readReceipt(page);
    await expect(visibleText(page.getByTestId('upload-summary'))).resolves.toContain('已上传附件 2 个');
    expect(await page.getByTestId('upload-failed').count()).toBe(0);
    const stored = await reportByReceipt(receipt);
    expect(stored.kind).toBe('accusation');
    expect(await attachmentCount(stored.id)).toBe(2);
    await shot(page, 'receipt-files');
    await page.getByTestId('receipt-saved').check();
    await page.getByTestId('receipt-done').click();
    await page.getByTestId('finished').waitFor();

    await lookUp(page, receipt);
    await expect(visibleText(page.getByTestId('attachment-count'))).resolves.toBe('2 个');
    const timeline = await visibleText(page.getByTestId('timeline'));
    expect(timeline).toContain('收到反映');
    // The photos sent with the report are its own, not a later supplement.
    expect(timeline).toContain('随反映一并提交的附件（2 个）');
    expect(timeline).not.toContain('补充');
    expect(timeline).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    // Nothing to rate before the report is closed.
    expect(await page.getByTestId('rate-satisfied').isVisible()).toBe(false);

    // A file added later (an hour on), from the receipt page: that one is a supplement.
    env.clock.advance(60 * 60 * 1000);
    await page.getByTestId('add-file-submit').click();
    await expect(visibleText(page.getByTestId('add-file-error'))).resolves.toBe('请先选择要上传的文件');
    await page
      .getByTestId('add-file-input')
      .setInputFiles([{ name: '补充说明.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await expect.poll(() => page.getByTestId('add-file-list').locator('li').count()).toBe(1);
    await clickSubmit(page.getByTestId('add-file-submit'), 'add-file-submit');
    await expect(visibleText(page.getByTestId('add-file-done'))).resolves.toBe('已上传 1 个附件。');
    await expect.poll(() => page.getByTestId('attachment-count').innerText()).toBe('3 个');
    await expect(visibleText(page.getByTestId('timeline'))).resolves.toContain('您补充了附件（1 个）');
    await expect(visibleText(page.getByTestId('timeline'))).resolves.toContain('随反映一并提交的附件（2 个）');
    await shot(page, 'lookup-files');

    // The reporting guide, as a PDF from this server.
    const href = await page.getByTestId('guide-download').getAttribute('href');
    expect(href).toBe('/api/public/documents/reporting_guide.pdf');
    const pdf = await context.request.get(`${url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a disguised executable and a sixth file on the phone; a failed upload keeps the receipt', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${url}/r/${village}`);
    const guideHref = await page.getByTestId('guide-download').getAttribute('href');
    expect(guideHref).toBe(`/api/public/documents/reporting_guide.pdf?regionCode=${village}`);
    await page.getByTestId('guide-read').click();
    await page.getByTestId('kind-petition').check();
    await fillReport(page);

    // An .exe renamed .jpg: refused from its first bytes, and the form keeps what was typed.
    await page.getByTestId('file-input').setInputFiles([{ name: '照片.jpg', mimeType: 'image/jpeg', buffer: EXE }]);
    await expect(visibleText(page.getByTestId('file-error'))).resolves.toBe(
      '「照片.jpg」不是图片、PDF 或音频文件，无法上传',
    );
    expect(await page.getByTestId('file-list').locator('li').count()).toBe(0);
    expect(await page.getByTestId('f-subject-name').inputValue()).toBe('刘某');
    await shot(page, 'file-refused');

    // Six files at once: five are kept, the sixth is refused before anything is sent.
    await page.getByTestId('file-input').setInputFiles([1, 2, 3, 4, 5, 6].map((i) => pngFile(`图${i}.png`)));
    await page.getByTestId('file-error').getByText('「图6.png」未添加：附件最多 5 个').waitFor();
    await expect(visibleText(page.getByTestId('file-error'))).resolves.toBe('「图6.png」未添加：附件最多 5 个');
    const items = page.getByTestId('file-list').locator('li');
    expect(await items.count()).toBe(5);
    await page.getByTestId('file-list').scrollIntoViewIfNeeded();
    await shot(page, 'files-six');
    await page.getByTestId('file-remove').nth(4).click();
    expect(await items.count()).toBe(4);
    expect(await page.getByTestId('file-error').isHidden()).toBe(true);

    // The second upload loses the network, the third is refused by the server: the receipt stays.
    let calls = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/public/receipt-attachments', async (route) => {
      calls += 1;
      if (calls === 2) {
        await held;
        await route.abort('internetdisconnected');
      } else if (calls === 3) {
        await route.fulfill({
          status: 415,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'FILE_TYPE_NOT_ALLOWED', message: '只能上传图片、PDF 或音频文件' } }),
        });
      } else await route.continue();
    });
    await clickSubmit(page.getByTestId('submit'), 'submit');
    await page.getByTestId('upload-progress').getByText('正在上传 2/4：图2.png').waitFor();
    expect(await page.getByTestId('upload-skip').isVisible()).toBe(true);
    await shot(page, 'uploading');
    release();
    const receipt = await readReceipt(page);
    const failed = await visibleText(page.getByTestId('upload-failed'));
    expect(failed).toContain('以下 2 个附件未能上传');
    expect(failed).toContain('「图2.png」：网络连接失败');
    expect(failed).toContain('「图3.png」：只能上传图片、PDF 或音频文件');
    expect(failed).toContain('补充上传');
    await expect(visibleText(page.getByTestId('upload-summary'))).resolves.toContain('已上传附件 2 个');
    const stored = await reportByReceipt(receipt);
    expect(stored.kind).toBe('petition');
    expect(await attachmentCount(stored.id)).toBe(2);
    await shot(page, 'upload-failed');
    expect(errors.filter((e) => !e.includes('415') && !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  it('a closed petition is rated 基本满意 and a re-check requested, once each', async () => {
    const anon = env.anon();
    // A petition: the re-check (复查) is the petitions' remedy (XF 第三十五条), not an accusation's.
    const made = await anon.post('/api/public/reports', {
      regionCode: village,
      kind: 'petition',
      named: false,
      subject: { name: '陈某' },
      content: '村里危房改造补助发放不公，有不符合条件的户领取了补助。',
    });
    expect(made.statusCode, made.body).toBe(201);
    const receipt = made.json<{ receipt: string }>().receipt;
    const { id } = await reportByReceipt(receipt);
    const intake = await env.as('intake');
    const accepted = await intake.post(`/api/reports/${id}/acceptance`, {
      version: (await reportByReceipt(receipt)).version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const disposed = await intake.post(`/api/reports/${id}/disposal`, {
      version: (await reportByReceipt(receipt)).version,
      disposition: 'conclude',
      note: '经核实，补助按规定发放，反映问题不属实。',
    });
    expect(disposed.statusCode, disposed.body).toBe(200);
    const replied = await intake.post(`/api/reports/${id}/replies`, {
      body: '经核实，补助按规定发放。如有异议，可申请复查。',
      purpose: 'feedback',
    });
    expect(replied.statusCode, replied.body).toBe(201);

    const { context, page, errors } = await phone();
    await lookUp(page, receipt);
    await expect(visibleText(page.getByTestId('receipt-status'))).resolves.toBe('已办结');
    const timeline = await visibleText(page.getByTestId('timeline'));
    expect(timeline).toContain('已受理');
    expect(timeline).toContain('已办结');
    await expect(visibleText(page.getByTestId('messages'))).resolves.toContain('办理机关回复');
    await page.getByTestId('rate-satisfied').waitFor();
    expect(await page.getByTestId('rating-done').isVisible()).toBe(false);
    // The form names the organ that re-checks (XF 第三十五条): the township handled the report, so
    // the county commission above it, as the server assigns the re-check; and the last day to ask.
    await expect(visibleText(page.getByTestId('recheck-label'))).resolves.toMatch(
      /^对办理结果有异议？可在 \d{4}年\d{1,2}月\d{1,2}日 前申请复查一次，由渑池县纪委监委复查$/,
    );
    await shot(page, 'lookup-closed');

    await page.getByTestId('rate-basically_satisfied').click();
    await expect(visibleText(page.getByTestId('rating-done'))).resolves.toBe('您的评价：基本满意');
    expect(await page.getByTestId('rate-satisfied').isVisible()).toBe(false);

    await page.getByTestId('recheck-submit').click();
    await expect(visibleText(page.getByTestId('recheck-error'))).resolves.toContain('至少 5 个字');
    await page.getByTestId('recheck-reason').fill('补助名单中有两户家中已有楼房，核查时没有入户查看。');
    await clickSubmit(page.getByTestId('recheck-submit'), 'recheck-submit');
    await expect(visibleText(page.getByTestId('recheck-done'))).resolves.toMatch(
      /^您已于 .+ 申请复查，由渑池县纪委监委办理，我们将于 \d{4}年\d{1,2}月\d{1,2}日 前答复。$/,
    );
    expect(await page.getByTestId('recheck-reason').isVisible()).toBe(false);
    await shot(page, 'lookup-rated');

    // After a reload (the receipt typed again): both are done and offered no more.
    await page.reload();
    await lookUp(page, receipt);
    await expect(visibleText(page.getByTestId('rating-done'))).resolves.toBe('您的评价：基本满意');
    // The answer's due date (the re-check clock) is still shown after the reload.
    const due = await env.platform.database.db
      .selectFrom('deadlines')
      .select('due_on')
      .where('resource_id', '=', id)
      .where('kind', '=', 'recheck')
      .executeTakeFirstOrThrow();
    const [y, m, d] = due.due_on.split('-').map(Number);
    await expect(visibleText(page.getByTestId('recheck-done'))).resolves.toMatch(
      new RegExp(`^您已于 .+ 申请复查，由渑池县纪委监委办理，我们将于 ${y}年${m}月${d}日 前答复。$`),
    );
    expect(await page.getByTestId('rate-basically_satisfied').isVisible()).toBe(false);
    expect(await page.getByTestId('recheck-submit').isVisible()).toBe(false);
    const after = await visibleText(page.getByTestId('timeline'));
    expect(after).toContain('您已评价');
    expect(after).toContain('您已申请复查');
    const row = await env.platform.database.db
      .selectFrom('reports')
      .select(['rating', 'recheck_requested_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.rating).toBe('basically_satisfied');
    expect(row.recheck_requested_at).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
