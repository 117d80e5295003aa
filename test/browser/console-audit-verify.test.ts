import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR_KEY_LABEL, parseAnchors } from '../../src/server/modules/audit/index.js';
import { deriveKey } from '../../src/server/shared/crypto.js';
import { totpCode } from '../../src/server/shared/totp.js';
import { TEST_PASSWORD } from '../../src/server/test/harness.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig } from './browser.js';

// The audit administrator's verification page: the chain checked against its anchors, and the
// anchor file exported to be kept elsewhere (read back and its MACs checked).
describe.skipIf(process.env.TEST_SQLITE === '0')('audit verification page in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('verifies against the anchors and exports the anchor file', async () => {
    const page = await rig.newPage({ width: 1366, height: 900 }, 'auditadmin');
    await page.goto(`${rig.url}/login`);
    await page.getByTestId('login-username').fill('auditadmin');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await clickSubmit(page.getByTestId('login-submit'), 'login-submit');
    // Administrators enrol a second factor at their first login.
    const enrol = page.getByTestId('totp-secret');
    await enrol.waitFor({ timeout: 15000 });
    const secret = (await enrol.innerText()).replace(/\s+/g, '');
    rig.env.clock.advance(30_000);
    await page.getByTestId('totp-code').fill(totpCode(secret, rig.env.clock.nowMs()));
    await clickSubmit(page.getByTestId('totp-submit'), 'totp-submit');
    await page.getByTestId('menu-account').waitFor({ timeout: 15000 });
    await page.getByTestId('menu-audit').click();

    const button = page.getByTestId('audit-anchors-export');
    await button.waitFor({ timeout: 15000 });
    expect(await button.innerText()).toContain('导出锚点文件');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-anchors-\d{4}-\d{2}-\d{2}\.log$/);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    const parsed = parseAnchors(text, deriveKey(rig.env.platform.masterKey, ANCHOR_KEY_LABEL));
    expect(parsed.bad).toBeNull();
    expect(parsed.anchors.length).toBeGreaterThanOrEqual(1);

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verification');
    await result.waitFor({ timeout: 30000 });
    const shown = await result.innerText();
    expect(shown).toContain('日志链完整');
    expect(shown).toContain('核对的锚点');
    expect(shown).toMatch(new RegExp(`核对的锚点\\s*${parsed.anchors.length}`));
    await screenshot(page, 'console-audit-verify', false);
    expect(rig.pageErrors).toEqual([]);
  });
});
