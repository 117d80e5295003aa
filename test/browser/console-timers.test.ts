import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

const DAY = 86_400_000;

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('timer catalogue and clock flags in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  const shot = (page: Page, name: string, full = true) => screenshot(page, `timers-${name}`, full);

  /** Signs in (an administrator enrols its second factor the first time). */
  const signIn = (username: string): Promise<Page> => rig.signIn(username, { width: 1440, height: 900 });

  it(
    'shows the national defaults to the system administrator, who sets a county rule (never longer than the law) with history',
    { timeout: 120_000 },
    async () => {
      const page = await signIn('sysadmin');
      await page.getByTestId('menu-timers').click();
      await page.getByTestId('timer-table').waitFor();
      const handle = page.locator('tr[data-row-key="handle"]');
      await expect(visibleText(handle)).resolves.toContain('60 日');
      await expect(handle.innerText()).resolves.toContain('XF 第三十四条');
      await expect(handle.innerText()).resolves.toContain('第1次延长：不超过 30 日，纪委监委领导或乡镇纪委书记批准');
      await expect(visibleText(page.locator('tr[data-row-key="party_investigation"]'))).resolves.toContain(
        '由地方规定',
      );
      await shot(page, 'catalogue');
      await shot(page, 'catalogue-top', false);

      await page.getByTestId('timer-edit-handle').click();
      await page.getByTestId('timer-amount').waitFor();
      // Longer than the law: refused, with the reason.
      await page.getByTestId('timer-amount').fill('90');
      await page.getByTestId('timer-reason').fill('渑纪发〔2026〕2号（测试）');
      await clickSubmit(page.getByTestId('timer-save'), 'timer-save');
      await expect(visibleText(page.getByTestId('timer-error'))).resolves.toContain('期限不得超过法定的 60');
      await shot(page, 'override-refused', false);
      await page.getByTestId('timer-amount').fill('45');
      await clickSubmit(page.getByTestId('timer-save'), 'timer-save');
      await expect(visibleText(handle.getByTestId('timer-override'))).resolves.toBe('渑池县：45 日');
      await shot(page, 'catalogue-with-county-rule');

      await handle.getByRole('button', { name: /历史/ }).click();
      const history = page.getByTestId('timer-history');
      await history.waitFor();
      // The drawer slides in: shoot once it stands still.
      await page
        .locator('.ant-drawer-content-wrapper')
        .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
      await expect.poll(() => history.locator('tbody tr.ant-table-row').count()).toBe(2);
      await expect(history.innerText()).resolves.toContain('渑纪发〔2026〕2号（测试）');
      await shot(page, 'history', false);
      await page.keyboard.press('Escape');
      await history.waitFor({ state: 'hidden' });

      // Withdrawn again: the national rule applies to the clocks of the next test.
      await page.getByTestId('timer-edit-handle').click();
      await page.getByTestId('timer-reason').fill('恢复执行国家规定（测试）');
      await clickSubmit(page.getByTestId('timer-withdraw'), 'timer-withdraw');
      await expect.poll(() => handle.getByTestId('timer-override').count(), { timeout: 20000 }).toBe(0);
    },
  );

  it(
    'flags a petition clock running into 2027 on the report page and the worklist, and asks who approved an extension',
    { timeout: 120_000 },
    async () => {
      // A petition accepted on 2026-12-04: 60 days end on 2027-02-02, a year not loaded.
      rig.env.clock.advance(14 * DAY);
      const api = await rig.env.as('intake');
      const made = await api.post('/api/reports', {
        channel: 'visit',
        kind: 'petition',
        categories: ['minimum_living'],
        regionCode: '411221000000',
        subjectAuthority: 'county_managed',
        subject: { name: '县民政局' },
        content: '反映低保资格认定不公，要求重新认定。',
        reporter: { name: '郑某', phone: '13312345678' },
        visitors: 1,
        receptionPlace: '县纪委信访接待室',
      });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id as string;
      const version = (await api.get(`/api/reports/${id}`)).json().version;
      expect((await api.post(`/api/reports/${id}/acceptance`, { version })).statusCode).toBe(200);

      const page = await signIn('intake');
      await page.goto(`${rig.url}/reports/${id}`);
      const clocks = page.getByTestId('report-deadlines');
      await clocks.waitFor();
      await expect(visibleText(clocks.getByTestId('deadline-uncovered'))).resolves.toBe('2027年节假日未载入');
      await shot(page, 'report-flag');

      // The extension asks who approved it: the organ head (the county commission's leader here).
      await page.getByTestId('report-extend').click();
      await page.getByTestId('action-form').waitFor();
      // pickOption re-picks until the select shows the leader (a click on the list was lost here).
      await pickOption(page, 'extend-approver', '纪委监委领导');
      await page.getByTestId('action-note').fill('情况复杂，经主要负责人批准延长');
      await shot(page, 'extend-approver', false);
      await clickSubmit(page.getByTestId('action-submit'), 'action-submit');
      await page.getByTestId('action-form').waitFor({ state: 'detached', timeout: 40000 });
      await expect.poll(() => clocks.innerText()).toContain('2027-03-04');

      // On the worklist too, once the clock is due soon (on 2027-03-02).
      rig.env.clock.advance(88 * DAY);
      const later = await signIn('intake');
      await later.getByTestId('menu-deadlines').click();
      await later.getByTestId('worklist-table').waitFor();
      await expect(
        visibleText(later.getByTestId('worklist-table').getByTestId('deadline-uncovered').first()),
      ).resolves.toBe('2027年节假日未载入');
      await shot(later, 'worklist-flag');
      rig.env.clock.advance(-102 * DAY);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
