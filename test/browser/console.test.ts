import { DEMO_ACCOUNTS } from '../../src/server/test/factories.js';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, launchBrowser, signInOn, startConsoleServer } from './browser.js';
import { ALL_PERMISSIONS, PERMISSIONS } from '../../src/server/shared/access.codes.js';

/** Menu keys of the console and the permission that shows each (web/console/src/auth/menu.tsx). */
const MENU: [string, string | string[] | null][] = [
  ['workbench', null],
  ['org', 'org.read'],
  ['zones', 'zone.read'],
  ['staff', 'staff.read'],
  ['subjects', 'subject.read'],
  ['users', 'user.manage'],
  ['roles', 'role.read'],
  // The security administrator sees the page limited to the security events.
  ['audit', ['audit.read', 'security_event.read']],
  ['calendar', 'calendar.read'],
  ['timers', 'timer.read'],
  ['approvalPosts', 'org.read'],
  ['recusalSettings', 'setting.manage'],
  // 措施台账: the ledger for case readers, the approver levels for the county's system administrator.
  ['caseMeasures', ['case.read', 'setting.manage']],
  // 呈批审批: business staff only (any business permission); never the three administrators.
  ['approvals', ALL_PERMISSIONS.filter((p) => PERMISSIONS[p].class === 'business')],
  ['account', null],
];

/** Every demo account (one per role). */
const ROLES = DEMO_ACCOUNTS;

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('console in headless Chromium', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const signIn = (page: Page, username: string): Promise<void> => signInOn(page, env, url, username);

  it.each(ROLES)('%s signs in and sees exactly the menu items of their abilities', async (username) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text());
    });
    try {
      await signIn(page, username);
      // Every role lands on its workbench (工作台).
      await page.getByTestId('workbench').waitFor({ timeout: 15000 });
      const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
      const abilities = new Set<string>(me.abilities);
      expect(abilities.size).toBeGreaterThan(0);
      for (const [key, perm] of MENU) {
        const visible = await page.getByTestId(`menu-${key}`).isVisible();
        expect({ key, visible }).toEqual({
          key,
          visible: perm === null || [perm].flat().some((p) => abilities.has(p)),
        });
      }
      await page.waitForLoadState('networkidle');
      await page
        .locator('.ant-spin-spinning')
        .first()
        .waitFor({ state: 'detached', timeout: 10000 })
        .catch(() => undefined);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `menu-${username}.png`) });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('renders Chinese with a real CJK font, and shows the zones of the demo county', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'leader');
      await page.getByTestId('menu-zones').click();
      await page.getByText('渑池县纪检监察第一协作区').first().waitFor({ timeout: 15000 });
      // Without a CJK font every ideograph is drawn as the same missing-glyph box: draw a few
      // characters and check that their pixels differ from one another.
      const glyphs = await page.evaluate(() =>
        [...'纪检监察协作区'].map((c) => {
          const canvas = document.createElement('canvas');
          canvas.width = 32;
          canvas.height = 32;
          const ctx = canvas.getContext('2d')!;
          ctx.font = '24px sans-serif';
          ctx.fillText(c, 2, 26);
          return Array.from(ctx.getImageData(0, 0, 32, 32).data.filter((_, i) => i % 4 === 3)).join(',');
        }),
      );
      expect(new Set(glyphs).size).toBe(glyphs.length);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'zones-leader.png'), fullPage: true });
      const text = await page.locator('body').innerText();
      expect(text).toContain('协作区');
    } finally {
      await context.close();
    }
  });

  it('keeps a signed-out visitor on the login page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${url}/staff`);
      await page.getByTestId('login-username').waitFor({ timeout: 15000 });
      expect(await page.getByTestId('menu-staff').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
