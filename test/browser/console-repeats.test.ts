import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

// Repeats in the console (issue 11 §1): the county's repeat window set by the system
// administrator, and the earlier reports offered to the officer, who confirms one.
describe.skipIf(process.env.TEST_SQLITE === '0')('repeats in the console, in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  /** Signs in (an administrator enrols its second factor the first time). */
  const signIn = (username: string): Promise<Page> => rig.signIn(username, { width: 1440, height: 900 });

  it('lets the system administrator set the county repeat window', { timeout: 120_000 }, async () => {
    const page = await signIn('sysadmin');
    await page.getByTestId('menu-timers').click();
    const card = page.getByTestId('repeat-window');
    await expect(visibleText(card)).resolves.toContain('重复件认定期限');
    const days = card.locator('input.ant-input-number-input');
    await expect.poll(() => days.inputValue()).toBe('90');
    await days.fill('60');
    await clickSubmit(page.getByTestId('repeat-window-save'), 'repeat-window-save');
    // The administrator enrolled a second factor in the browser: read the stored setting directly.
    await expect
      .poll(
        async () =>
          (
            await rig.env
              .ctx()
              .db.selectFrom('settings')
              .select('value')
              .where('key', '=', 'reports.repeat_window_days:411221000000')
              .executeTakeFirst()
          )?.value,
      )
      .toBe('60');
    await screenshot(page, 'repeats-window', false);
    await page.close();
  });

  it(
    'offers the officer an earlier report on the same person, and records the confirmation',
    { timeout: 120_000 },
    async () => {
      const village = await villageOf(rig.env, 'township1');
      await makeReport(rig.env, village, {
        subject: { name: '严某' },
        content: '反映严某挪用村集体资金修建自家院墙。',
      });
      const later = await makeReport(rig.env, village, {
        subject: { name: '严某' },
        content: '再次反映严某挪用村集体资金的问题。',
      });
      const page = await signIn('township1');
      await page.goto(`${rig.url}/reports/${later.id}`);
      const card = page.getByTestId('report-repeats');
      await expect(visibleText(card)).resolves.toContain('反映严某挪用村集体资金修建自家院墙。');
      await screenshot(page, 'repeats-offered', false);
      await clickSubmit(page.getByTestId('repeat-confirm'), 'repeat-confirm');
      await expect.poll(() => card.innerText()).toContain('已认定为重复件。');
      await expect.poll(() => page.getByTestId('report-timeline').innerText()).toContain('重复件认定');
      const row = await rig.env
        .ctx()
        .db.selectFrom('reports')
        .select(['repeat_of', 'repeat_decided_at'])
        .where('id', '=', later.id)
        .executeTakeFirstOrThrow();
      expect(row.repeat_of).not.toBeNull();
      expect(row.repeat_decided_at).not.toBeNull();
      await page.close();
    },
  );
});
