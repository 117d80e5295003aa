import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '../../src/server/test/harness.js';
import { villageOf } from '../../src/server/test/factories.js';
import { SCREENSHOT_DIR, clickSubmit, launchBrowser, startConsoleServer } from './browser.js';

/**
 * The phone pages for elderly villagers, in headless Chromium at 360 px, at the phone's normal
 * text size and at double (the browser's default font size, which the phone's text-size setting
 * sets): axe-core finds nothing, and the points axe does not check are asserted one by one
 * (text scales, the receipt code fits, a title and focused heading per step, contrast ratios,
 * required fields, the date in 年 月 日 order). Also the console's first load, measured as
 * transferred bytes.
 */

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Relative luminance of a CSS `rgb(…)` colour (WCAG 2). */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map(Number) as [number, number, number];
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
/** WCAG contrast ratio of two CSS colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe.skipIf(process.env.TEST_SQLITE === '0')('phone pages for elderly villagers (axe-core, 360 px)', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    village = await villageOf(env, 'township1');
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A 360 px phone whose text-size setting is `scale` × normal (16 px root font size). */
  async function phone(scale: number): Promise<Page> {
    // axe is injected as a script tag; the pages' CSP would refuse it.
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 360, height: 740 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    // The phone's text-size setting is the browser's default font size, the root font size
    // that rem units follow (px sizes ignore it).
    await context.addInitScript(
      (size: string) => {
        document.addEventListener('DOMContentLoaded', () => {
          document.documentElement.style.fontSize = size;
        });
      },
      `${16 * scale}px`,
    );
    return page;
  }

  async function axe(page: Page, step: string): Promise<void> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return (r.violations as { id: string; nodes: { target: string[] }[] }[]).map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    });
    expect(result, `axe on ${step}`).toEqual([]);
  }

  /** Title, focus and sideways scrolling of a step; a screenshot to look at. */
  async function step(page: Page, name: string, heading: string, scale: number): Promise<void> {
    await expect.poll(() => page.title()).toBe(`${heading} · 清风`);
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      text: document.activeElement?.textContent,
    }));
    expect(focused, `${name}: focus on the step's heading`).toEqual({ tag: 'H1', text: heading });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `a11y-${name}-${scale * 100}.png`), fullPage: true });
    await axe(page, `${name} at ${scale * 100}%`);
  }

  const px = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

  for (const scale of [1, 2]) {
    it(`walks guide → form → receipt → look-up at ${scale * 100}% text size`, { timeout: 60_000 }, async () => {
      const page = await phone(scale);
      await page.goto(`${url}/r/${village}`);
      await page.getByTestId('guide').waitFor();
      await step(page, 'guide', '检举控告明白卡', scale);
      // Text follows the phone's text size (rem, not px).
      expect(await px(page, 'body')).toBeCloseTo(17 * scale, 0);
      expect(await px(page, '.bar h1')).toBeCloseTo(20 * scale, 0);
      expect(await px(page, '.guide li')).toBeCloseTo(17 * scale, 0);
      // The place the QR code belongs to, by name.
      await expect.poll(() => page.getByTestId('place').innerText()).toMatch(/^反映地点：\S+ \S+/);

      await page.getByTestId('guide-read').click();
      await page.getByTestId('report-form').waitFor();
      await step(page, 'form', '检举控告', scale);
      expect(await px(page, '.opt')).toBeCloseTo(15 * scale, 0);
      // Required fields say so, visibly and to assistive technology.
      for (const id of ['f-subject-name', 'f-content']) {
        const input = page.getByTestId(id);
        expect(await input.getAttribute('aria-required'), id).toBe('true');
        expect(await input.evaluate((el: HTMLInputElement) => el.required), id).toBe(true);
        expect(await page.locator(`label[for="${id}"]`).innerText(), id).toContain('必填');
      }
      expect(await page.getByTestId('f-place').getAttribute('aria-required')).toBeNull();
      // 发生时间 in Chinese order: 年, 月, 日.
      const order = await page
        .getByTestId('f-occurredOn')
        .evaluate((el) => [...el.children].map((c) => c.getAttribute('aria-label') ?? c.textContent));
      expect(order).toEqual(['年', '年', '月', '月', '日', '日']);
      // Contrast: input borders and the focus ring 3:1 on white, grey text 4.5:1 on the grey boxes.
      const subject = page.getByTestId('f-subject-name');
      expect(
        contrast(await subject.evaluate((el) => getComputedStyle(el).borderTopColor), 'rgb(255, 255, 255)'),
      ).toBeGreaterThanOrEqual(3);
      await subject.focus();
      expect(
        contrast(await subject.evaluate((el) => getComputedStyle(el).outlineColor), 'rgb(255, 255, 255)'),
      ).toBeGreaterThanOrEqual(3);
      const grey = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const muted = await page
        .locator('.opt')
        .first()
        .evaluate((el) => getComputedStyle(el).color);
      expect(contrast(muted, grey)).toBeGreaterThanOrEqual(4.5);

      await subject.fill('张某某');
      await page.getByTestId('f-content').fill('村里修路的补偿款没有按公示的标准发放，部分农户少领了钱。');
      await page.getByTestId('f-occurredOn-year').selectOption('2026');
      await page.getByTestId('f-occurredOn-month').selectOption('03');
      await page.getByTestId('f-occurredOn-day').selectOption('15');
      await clickSubmit(page.getByTestId('submit'), 'submit');
      const code = page.getByTestId('receipt-code');
      await code.waitFor();
      await step(page, 'receipt', '提交成功', scale);
      // The receipt code: larger than the body text, in two groups of 8 that never overflow.
      expect(await px(page, '.receipt .code')).toBeGreaterThan(await px(page, 'body'));
      const box = await code.evaluate((el) => {
        const groups = [...el.querySelectorAll('.group')].map((g) => g.getBoundingClientRect());
        const card = el.parentElement!.getBoundingClientRect();
        return {
          texts: [...el.querySelectorAll('.group')].map((g) => g.textContent),
          overflow: el.scrollWidth > el.clientWidth,
          inside: groups.every((g) => g.left >= card.left && g.right <= card.right),
          lines: new Set(groups.map((g) => Math.round(g.top))).size,
        };
      });
      expect(box.texts.map((t) => t.length)).toEqual([8, 8]);
      expect(box.overflow).toBe(false);
      expect(box.inside).toBe(true);
      expect(box.lines).toBe(scale === 1 ? 1 : 2);
      const receipt = box.texts.join('');

      await page.goto(`${url}/r/receipt`);
      await page.getByTestId('lookup-receipt').waitFor();
      await step(page, 'lookup', '查询办理情况', scale);
      await page.getByTestId('lookup-receipt').fill(receipt);
      await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
      await page.getByTestId('timeline').locator('li').first().waitFor();
      const boxGrey = await page
        .locator('.messages li')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      const time = await page
        .locator('.timeline .muted')
        .first()
        .evaluate((el) => getComputedStyle(el).color);
      expect(contrast(time, boxGrey)).toBeGreaterThanOrEqual(4.5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `a11y-status-${scale * 100}.png`), fullPage: true });
      await axe(page, `status at ${scale * 100}%`);
      // Only small regions are live: the page itself is not one.
      expect(await page.locator('#app').getAttribute('aria-live')).toBeNull();
      await page.context().close();
    });
  }

  it('loads the console (sign-in page) with ~500 KB on the wire, not 1.5 MB', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let wire = 0;
    let body = 0;
    const sizes = new Map<string, number>();
    cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => {
      sizes.set(e.requestId, (sizes.get(e.requestId) ?? 0) + e.dataLength);
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      wire += e.encodedDataLength;
      body += sizes.get(e.requestId) ?? 0;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByTestId('login-username').waitFor();
    console.log(
      `console first load: ${(wire / 1024).toFixed(0)} KB transferred, ${(body / 1024).toFixed(0)} KB decoded`,
    );
    expect(wire).toBeLessThan(body / 2);
    expect(wire).toBeLessThan(700 * 1024);
    await context.close();
  });
});
