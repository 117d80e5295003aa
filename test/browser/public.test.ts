import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, launchBrowser, startConsoleServer, visibleText } from './browser.js';

const PUBLIC_DIR = resolve('dist/public');

/** JS and CSS files the built index.html loads. */
function bundleFiles(): string[] {
  const html = readFileSync(join(PUBLIC_DIR, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/r\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => join(PUBLIC_DIR, m[1]!));
}

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
    await page.getByTestId('f-occurredOn').fill('2026-03-15');
    await page.getByTestId('f-place').fill('村委会');
    await page.getByTestId('f-amountFen').fill('12000.5');
    await shot(page, 'form');

    // A double tap files exactly one report.
    await page.getByTestId('submit').dblclick();
    const code = page.getByTestId('receipt-code');
    await code.waitFor();
    const shown = await code.innerText();
    expect(shown).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
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
    await page.getByTestId('lookup-submit').click();
    await expect(visibleText(page.getByTestId('receipt-status'))).resolves.toBe('已收到');
    await page.getByTestId('message-body').fill('补充：发放名单在村务公开栏贴过一周。');
    await page.getByTestId('message-submit').click();
    await page.getByTestId('messages').getByText('补充：发放名单在村务公开栏贴过一周。').waitFor();
    await shot(page, 'lookup');

    // A wrong receipt.
    const wrong = receipt.endsWith('0') ? `${receipt.slice(0, 15)}1` : `${receipt.slice(0, 15)}0`;
    await page.getByTestId('lookup-receipt').fill(wrong);
    await page.getByTestId('lookup-submit').click();
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
    await page.getByTestId('submit').click();
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
    await page.getByTestId('submit').click();
    await expect(visibleText(page.getByTestId('form-error'))).resolves.toBe('行政区划代码不正确');
    expect(await page.getByTestId('submit').isEnabled()).toBe(true);
    await shot(page, 'unknown-region');
    await context.close();
  });
});
