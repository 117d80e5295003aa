import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../src/server/test/harness.js';
import { totpCode } from '../../src/server/shared/totp.js';
import { TOTP_QR_OPTIONS } from '../../web/console/src/lib/totp-qr.js';
import { type ConsoleRig, SCREENSHOT_DIR, clickSubmit, screenshot, startConsoleRig } from './browser.js';

// Issue 11 §4 and §5 in the console: administrators enrolling a second factor see a QR code of
// the otpauth:// URL (and still the secret); the organisation tree opens at the user's county;
// role codes and the calendar's import button speak Chinese on zh-CN pages.

/** Role codes (of every role in the database) that must not show as text on a zh-CN page. */
let ROLE_CODES: string[] = [];

describe.skipIf(process.env.TEST_SQLITE === '0')('console sign-in and zh-CN pages in headless Chromium', () => {
  let rig: ConsoleRig;
  let secadmin: Page;
  beforeAll(async () => {
    rig = await startConsoleRig();
    // A code that is also a demo user name (`reviewer`) is shown as that user's name: not counted.
    const db = rig.env.ctx().db;
    const usernames = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username));
    ROLE_CODES = (await db.selectFrom('roles').select('key').execute())
      .map((r) => r.key)
      .filter((k) => !usernames.has(k));
    expect(ROLE_CODES).toContain('commission_leader');
  });
  afterAll(async () => rig?.close());

  /** Signs an administrator in for the first time: the enrolment page, its QR code, activation. */
  async function enrolAdministrator(username: string): Promise<{ page: Page; otpauthUrl: string; qrSrc: string }> {
    const page = await rig.newPage({ width: 1366, height: 900 }, username);
    await page.goto(`${rig.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await clickSubmit(page.getByTestId('login-submit'), 'login-submit');
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="totp-qr"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    const otpauthUrl = await page.getByTestId('totp-otpauth-url').innerText();
    const qrSrc = (await qr.getAttribute('src')) ?? '';
    await page.screenshot({ path: join(SCREENSHOT_DIR, `totp-enrolment-${username}.png`) });
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    rig.env.clock.advance(30_000);
    await page.getByTestId('totp-code').fill(totpCode(secret, rig.env.clock.nowMs()));
    await clickSubmit(page.getByTestId('totp-submit'), 'totp-submit');
    await page.getByTestId('menu-account').waitFor({ timeout: 15000 });
    return { page, otpauthUrl, qrSrc };
  }

  it('shows administrators a QR code of the otpauth URL to scan, and the secret still', async () => {
    const { page, otpauthUrl, qrSrc } = await enrolAdministrator('secadmin');
    secadmin = page;
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(qrSrc).toMatch(/^data:image\/svg\+xml/);
    // The image is the QR code of exactly that URL (the same encoder draws it here).
    const svg = decodeURIComponent(qrSrc.slice(qrSrc.indexOf(',') + 1));
    expect(svg).toBe(await QRCode.toString(otpauthUrl, TOTP_QR_OPTIONS));
    expect(svg).toContain('<path');
  });

  it('shows role names, not role codes, on the zh-CN roles and assignments pages', async () => {
    const sec = secadmin;
    await sec.getByTestId('menu-roles').click();
    await sec.getByTestId('roles-table').waitFor();
    await sec.getByText('纪委监委领导').first().waitFor();
    const roles = await sec.locator('main').innerText();
    for (const code of ROLE_CODES) expect(roles, code).not.toContain(code);
    await sec.getByRole('tab', { name: /授权|分配/ }).click();
    await sec.waitForLoadState('networkidle');
    await screenshot(sec, 'roles-assignments-zh');
    const assignments = await sec.locator('main').innerText();
    expect(assignments).toContain('纪委监委领导');
    for (const code of ROLE_CODES) expect(assignments, code).not.toContain(code);
  });

  it('opens the organisation tree at the user’s own county, expanded and selected', async () => {
    const db = rig.env.ctx().db;
    const leader = await db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.region_code')
      .where('u.username', '=', 'leader')
      .executeTakeFirstOrThrow();
    const countyCode = `${leader.region_code.slice(0, 6)}000000`;
    const county = await db
      .selectFrom('regions')
      .select('name')
      .where('code', '=', countyCode)
      .executeTakeFirstOrThrow();
    const township = await db
      .selectFrom('regions')
      .select('name')
      .where('parent_code', '=', countyCode)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const page = await rig.signIn('leader');
    await page.getByTestId('menu-org').click();
    const tree = page.getByTestId('region-tree');
    const selected = tree.locator('.ant-tree-node-selected');
    await selected.waitFor({ timeout: 15000 });
    expect(await selected.innerText()).toContain(county.name);
    // Expanded: its townships are listed without a click.
    await tree.getByText(township.name, { exact: true }).waitFor({ timeout: 15000 });
    await screenshot(page, 'org-tree-opens-at-county');
  });

  it('tells a user who failed five times how long to wait, in Chinese', async () => {
    const page = await rig.newPage({ width: 1366, height: 900 }, 'throttled');
    await page.goto(`${rig.url}/login`);
    await page.getByTestId('login-username').fill('casemgr');
    const error = page.getByTestId('login-error');
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('login-password').fill(`Wrong-Password-${i}`);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
        page.getByTestId('login-submit').click(),
      ]);
      await error.waitFor();
    }
    expect(await error.innerText()).toBe('登录失败次数过多，请 1 秒后再试');
    await screenshot(page, 'login-throttled', false);
    rig.env.clock.advance(1000);
  });

  it('names the calendar import button in Chinese', async () => {
    const { page } = await enrolAdministrator('sysadmin');
    await page.getByTestId('menu-calendar').click();
    const button = page.getByTestId('calendar-import');
    await button.waitFor({ timeout: 15000 });
    const text = (await button.innerText()).trim();
    expect(text).toBe('导入节假日安排');
    expect(text).not.toMatch(/[A-Za-z]/);
    await button.click();
    const dialog = page.locator('.ant-modal-title');
    await dialog.waitFor();
    expect(await dialog.innerText()).not.toMatch(/JSON/);
    await screenshot(page, 'calendar-import-zh', false);
    // Accounts: role names in Chinese on the users page too.
    await page.goto(`${rig.url}/users`);
    await page.getByTestId('users-table').waitFor();
    await page.getByText('纪委监委领导').first().waitFor();
    const users = await page.locator('main').innerText();
    for (const code of ROLE_CODES) expect(users, code).not.toContain(code);
    expect(rig.pageErrors).toEqual([]);
  });
});
