import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase } from '../../src/server/test/case-factories.js';
import { makeTownshipStaff, zoneNeighbours } from '../../src/server/test/factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  fillDateTime,
  localInput,
  pickOption,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The case stage's main path across the zone (issue 13 §7), in headless Chromium: a village
 * cadre's case in township A (filed by the factories: case-filing.test.ts walks the filing in the
 * console) is handled by its zone with a team drawn from townships B and C. The zone leader forms
 * the team in the console — staff of township A are flagged as needing the principal leader's
 * approval, and are left out — and the conflict check clears B and C; the team leader from B
 * finds the case refused for work until the commander authorises it (一案一授权), the commander
 * authorises it in the 协作区 tab, and the team leader records a talk with the member from C; the
 * secretary of township A sees the ledger line and no content. The other walks cover each tab's
 * refusals in detail (case-team-evidence, case-measures, case-conclusion, case-zone).
 */

const SUBJECT = '主路径村主任';

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('a township case worked by a zone team, in headless Chromium', () => {
  let rig: ConsoleRig;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};

  /** Picks `username` in the team picker (it searches the server by name). */
  async function selectPerson(page: Page, username: string) {
    const select = page.getByTestId('case-team-person');
    await select.click();
    const input = (await select.evaluate((e) => e.tagName)) === 'INPUT' ? select : select.locator('input').first();
    await input.fill(names[username]!);
    const listId = await input.getAttribute('aria-controls');
    await page
      .locator('.ant-select-dropdown')
      .filter({ has: page.locator(`[id="${listId}"]`) })
      .locator('.ant-select-item-option')
      .filter({ hasText: `${names[username]}（` })
      .first()
      .click();
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    const [b, c] = await zoneNeighbours(rig.env, 'township1');
    if (!b || !c) throw new Error('the demo zone of township1 needs two more townships');
    await makeTownshipStaff(rig.env, b.id, 'tbstaff', '柏文清');
    await makeTownshipStaff(rig.env, c.id, 'tcstaff', '程立新');
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
  });
  afterAll(async () => rig?.close());

  it(
    'forms the team from townships B and C, is authorised by the commander, records a talk; township A sees the line',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env, {
        clueOver: { subjects: [{ name: SUBJECT, position: '村委会主任' }] },
      });

      // 1. The zone leader forms the team: township A's own staff are flagged (approval needed) and
      //    left out; 柏文清 of township B leads, 程立新 of township C is a member; both cleared.
      const zone1 = await rig.as('zone1');
      await zone1.goto(`${rig.url}/cases/${made.id}?tab=team`);
      await zone1.getByTestId('case-team-editor').waitFor({ timeout: 20000 });
      await selectPerson(zone1, 'tstaff1');
      expect(await visibleText(zone1.getByTestId('case-team-own-township'))).toContain('须经纪委监委主要负责人批准');
      await screenshot(zone1, 'case-main-1-own-township');
      await selectPerson(zone1, 'tbstaff');
      await pickOption(zone1, 'case-team-new-role', '组长');
      await zone1.getByTestId('case-team-add').click();
      await zone1.getByTestId(`case-team-unstage-${ids.tbstaff}`).waitFor();
      await selectPerson(zone1, 'tcstaff');
      await pickOption(zone1, 'case-team-new-role', '组员');
      await zone1.getByTestId('case-team-add').click();
      await zone1.getByTestId(`case-team-unstage-${ids.tcstaff}`).waitFor();
      await zone1.getByTestId('case-team-check').click();
      for (const u of ['tbstaff', 'tcstaff'])
        await expect
          .poll(() => zone1.getByTestId(`case-team-check-${ids[u]}`).innerText(), { timeout: 20000 })
          .toContain('无应当回避情形');
      await clickSubmit(zone1.getByTestId('case-team-save'), 'case-team-save');
      const team = zone1.getByTestId('case-team');
      await expect.poll(() => team.innerText(), { timeout: 20000 }).toContain(names.tcstaff!);
      expect(await team.innerText()).toContain(names.tbstaff!);
      expect(await team.innerText()).not.toContain(names.tstaff1!);
      await screenshot(zone1, 'case-main-2-team');

      // 2. The team leader from township B sees the case; work on it waits for the commander.
      const tb = await rig.as('tbstaff');
      await tb.goto(`${rig.url}/cases/${made.id}?tab=actions`);
      await tb.getByTestId('case-action-new').click({ timeout: 20000 });
      await fillDateTime(tb, 'case-action-started', localInput(rig, -3 * 3600_000));
      await fillDateTime(tb, 'case-action-ended', localInput(rig, -2 * 3600_000));
      await tb.getByTestId('case-action-place').fill('第一协作区办案点');
      await tb.getByTestId('case-action-person').fill(SUBJECT);
      await pickOption(tb, 'case-action-person-role', '被审查调查人');
      for (const u of ['tbstaff', 'tcstaff']) {
        // A multiple select stays open after a pick: closed before the next one opens it again.
        await pickOption(tb, 'case-action-officers', names[u]!);
        await tb.keyboard.press('Escape');
      }
      await tb.getByTestId('case-action-notice').fill('出示工作证件，送达《谈话通知书》');
      await tb.getByTestId('case-action-room').fill('一号谈话室');
      await tb.getByTestId('case-action-monitored').check();
      await tb.getByTestId('case-action-safety').check();
      await tb.getByTestId('case-action-recorded').check();
      await tb.getByTestId('case-action-recording').fill('LX-2026-101');
      await clickSubmit(tb.getByTestId('case-action-submit'), 'case-action-submit');
      expect(await visibleText(tb.getByTestId('case-action-error'))).toContain('一案一授权');
      await screenshot(tb, 'case-main-3-unauthorised');
      expect(
        await rig.env.ctx().db.selectFrom('case_actions').select('id').where('case_id', '=', made.id).execute(),
      ).toEqual([]);

      // 3. The commander authorises the case and its team in the 协作区 tab.
      await zone1.getByTestId('case-tab-zone').click();
      const state = zone1.getByTestId('case-authorization-state');
      await state.waitFor({ timeout: 20000 });
      expect(await visibleText(state)).toContain('未授权');
      await zone1.getByTestId('case-authorize').click();
      await zone1.getByTestId('case-authorize-form').waitFor();
      const dialog = await visibleText(zone1.locator('.ant-modal-body'));
      expect(dialog).toContain(names.tbstaff!);
      expect(dialog).toContain(names.tcstaff!);
      await zone1.getByTestId('case-authorize-scope').fill('对被审查调查人开展谈话，调取村级账目');
      await dialogDate(zone1, 'case-authorize-date', '2026-11-20');
      await clickSubmit(zone1.getByTestId('case-authorize-form-save'), 'case-authorize-form-save');
      await expect.poll(() => visibleText(state), { timeout: 20000 }).toContain('已授权');
      await screenshot(zone1, 'case-main-4-authorised');

      // 4. The same talk, submitted again: recorded with both officers, from townships B and C.
      await clickSubmit(tb.getByTestId('case-action-submit'), 'case-action-submit');
      const actions = tb.getByTestId('case-actions');
      await expect.poll(() => actions.innerText(), { timeout: 20000 }).toContain('一号谈话室');
      expect(await actions.innerText()).toContain(`${names.tbstaff}、${names.tcstaff}`);
      await screenshot(tb, 'case-main-5-talk');

      // 5. Township A's secretary: the line in the ledger, no content.
      const township = await rig.as('township1');
      await township.getByTestId('menu-cases').click();
      const table = township.getByTestId('cases-table');
      await table.getByText(made.number!).waitFor({ timeout: 20000 });
      const line = table.locator('tr').filter({ hasText: made.number! });
      expect(await line.getByTestId('case-line-only').innerText()).toContain('仅可见台账信息');
      await township.goto(`${rig.url}/cases/${made.id}?tab=actions`);
      expect(await visibleText(township.getByTestId('case-line-only-page'))).toContain('只能查看台账信息');
      await screenshot(township, 'case-main-6-township');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
