import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVillageClerk } from '../../src/server/test/micro-power-factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  fillHeld,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * The small-powers list and its uses in the console (issue 16 §3), in headless Chromium on the
 * server's day 2026-11-20: the county's supervision office opens the seeded list, reads the 五议
 * item and revises its plan publication to 20 days (a second version with its history); a village
 * clerk records a use against it, records its first step and closes it: the steps never recorded
 * become findings with links to their rectification items.
 */
// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('small powers in the console', () => {
  let rig: ConsoleRig;
  let village = '';
  beforeAll(async () => {
    rig = await startConsoleRig();
    village = (await makeVillageClerk(rig.env, 'walk_mp_clerk2', '走查村务专干')).regionCode;
  });
  afterAll(async () => rig?.close());

  it(
    'revises an item into a new version, records a use and closes it into findings',
    { timeout: 300_000 },
    async () => {
      const sup = await rig.as('supervisor');
      await sup.goto(`${rig.url}/micro-powers`);
      await sup.getByTestId('mp-item-1-1').click();
      const detail = sup.getByTestId('mp-item-detail');
      expect(await visibleText(detail)).toContain('随后公示不少于 15 天');
      await sup.getByTestId('mp-revise').click();
      const days = sup.getByTestId('mp-f-step-1').locator('.ant-input-number input');
      await fillHeld(days, '20');
      await fillHeld(sup.getByTestId('mp-f-change-note'), '县清单修订：方案公示不少于20日');
      await clickSubmit(sup.getByTestId('mp-item-save'), 'revise');
      await expect.poll(async () => detail.innerText(), { timeout: 15000 }).toContain('随后公示不少于 20 天');
      expect(await detail.innerText()).toContain('县清单修订：方案公示不少于20日');
      await sup.getByTestId('mp-item-save').waitFor({ state: 'detached' });
      await screenshot(sup, 'micro-powers-item');

      // The step form and the closing default to today: the browser reads the server's day.
      const clerk = await signInAtServerTime(rig, 'walk_mp_clerk2');
      await clerk.goto(`${rig.url}/micro-powers/uses`);
      await clerk.getByTestId('mp-new-use').click();
      await pickOption(clerk, 'mp-f-item', '1-1 村级重大事项决策', true);
      // The clerk records for one village: the form picks it.
      const villageName = (
        await rig.env
          .ctx()
          .db.selectFrom('regions')
          .select('name')
          .where('code', '=', village)
          .executeTakeFirstOrThrow()
      ).name;
      await expect.poll(() => clerk.getByTestId('mp-f-village').innerText()).toContain(villageName);
      await fillHeld(clerk.getByTestId('mp-f-title'), '村集体鱼塘承包方案');
      await typeDate(clerk, 'mp-f-started', '2026-11-19');
      await clickSubmit(clerk.getByTestId('mp-use-save'), 'new use');
      await clerk.getByTestId('mp-use-steps').waitFor();
      expect(await clerk.getByTestId('mp-use-facts').innerText()).toContain('第2版');
      await clerk.getByTestId('mp-record-1').click();
      await clickSubmit(clerk.getByTestId('mp-step-save'), 'step 1');
      expect(await visibleText(clerk.getByTestId('mp-recorded-1'))).toContain('2026-11-20');
      await clerk.getByTestId('mp-close').click();
      await clerk.getByTestId('mp-close-ok').click();
      const findings = clerk.getByTestId('mp-findings');
      expect(await visibleText(findings)).toContain('第2步');
      expect(await findings.locator('a').count()).toBe(4);
      await clerk.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await screenshot(clerk, 'micro-powers-use');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
