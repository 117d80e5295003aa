import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/shared/ids.js';
import { authoriseCase, makeCase } from '../../src/server/test/case-factories.js';
import {
  type ConsoleRig,
  TINY_PNG,
  clickSubmit,
  fillDateTime,
  fillHeld,
  localInput,
  noOpenDropdown,
  pickOption,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The case page's team, 调查取证, 证据 and 涉案财物 tabs in headless Chromium (issue 13 §3, §4): on
 * a filed case (made by the factories: case-filing.test.ts walks the filing itself), the zone
 * leader forms the team from the console — a team of one refused as the server words it, a
 * person recused from the case refused in words by the conflict check and by the save, then a
 * cleared team saved; an investigative action with one officer refused, with two recorded; an
 * evidence item registered without full provenance shows as not citable with what is missing, a
 * sealed file shows its hash, completed it is citable, a custody handover; a seized sum of cash
 * with its 15-day clock and its deposit. The recusal is written to the register directly (what the
 * recusal console records); everything else goes through the pages.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the case team and evidence tabs in headless Chromium', () => {
  let rig: ConsoleRig;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};

  /** Records `username` as recused from case `caseId` (the recusal register, as a decided request). */
  async function recuse(caseId: string, username: string) {
    const row = await rig.env
      .ctx()
      .db.selectFrom('cases')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const now = new Date(rig.env.clock.nowMs()).toISOString();
    await rig.env
      .ctx()
      .db.insertInto('recusals')
      .values({
        id: newId(),
        resource: 'case',
        resource_id: caseId,
        user_id: ids[username]!,
        requested_by_kind: 'organ',
        oral: 0,
        reasons: '与被审查调查人系近亲属',
        recorded_by: ids.leader!,
        state: 'recused',
        escalated: 0,
        target_unit_path: row.owner_unit_path,
        decided_by: ids.leader!,
        decided_at: now,
        decision_note: null,
        withdrawn_at: null,
        ...row,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async function addPerson(page: Page, username: string, role: string) {
    await addPersonWith(page, username, async () => pickOption(page, 'case-team-new-role', role));
  }

  /** Picks `username` in the team picker, runs `fill` (role, exception), and adds them to the list. */
  async function addPersonWith(page: Page, username: string, fill: () => Promise<void>) {
    // The picker searches the server by name: type it, then pick the option.
    const select = page.getByTestId('case-team-person');
    await select.click();
    const input = (await select.evaluate((e) => e.tagName)) === 'INPUT' ? select : select.locator('input').first();
    await input.fill(names[username]!);
    const listId = await input.getAttribute('aria-controls');
    const option = page
      .locator('.ant-select-dropdown')
      .filter({ has: page.locator(`[id="${listId}"]`) })
      .locator('.ant-select-item-option')
      .filter({ hasText: `${names[username]}（` })
      .first();
    await option.click();
    await fill();
    await page.getByTestId('case-team-add').click();
    await page.getByTestId(`case-team-unstage-${ids[username]}`).waitFor();
  }

  /** Adds `usernames` to the multiple select `testId` (team members by name), then closes it. */
  async function pickPeople(page: Page, testId: string, usernames: string[]) {
    for (const u of usernames) await pickOption(page, testId, names[u]!);
    await page.keyboard.press('Escape');
    // Typing while the list is still closing lost the next field's text once on CI (the method
    // typed into 收集方式 never reached the form): wait until it has closed.
    await noOpenDropdown(page);
  }

  async function checkAndSave(page: Page) {
    await page.getByTestId('case-team-check').click();
    await page.getByTestId('case-team-check-result').waitFor({ timeout: 20000 });
    await clickSubmit(page.getByTestId('case-team-save'), 'case-team-save');
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
  });
  afterAll(async () => rig?.close());

  it(
    'forms the team under the conflict check, records actions with two officers, evidence with provenance and custody, property with its clock',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await recuse(made.id, 'township2');
      const zone1 = await rig.signIn('zone1', { width: 1440, height: 900 });

      // 1. The team: one person is refused as the server words it (at least 2).
      await zone1.goto(`${rig.url}/cases/${made.id}?tab=team`);
      await zone1.getByTestId('case-team-editor').waitFor({ timeout: 20000 });
      await addPerson(zone1, 'zone1', '组长');
      await checkAndSave(zone1);
      expect(await visibleText(zone1.getByTestId('case-team-error'))).toContain('审查调查组至少应有2名成员（现为1名）');

      // 2. A person recused from the case: the check refuses them in words, and so does the save.
      await addPerson(zone1, 'township2', '组员');
      await zone1.getByTestId('case-team-check').click();
      const refused = zone1.getByTestId(`case-team-check-${ids.township2}`);
      await refused.waitFor({ timeout: 20000 });
      expect(await refused.innerText()).toContain('应当回避，不能加入');
      expect(await zone1.getByTestId(`case-team-check-${ids.zone1}`).innerText()).toContain('无应当回避情形');
      await clickSubmit(zone1.getByTestId('case-team-save'), 'case-team-save');
      await expect
        .poll(() => zone1.getByTestId('case-team-error').innerText(), { timeout: 20000 })
        .toContain(`${names.township2}不能加入审查调查组`);
      expect(await zone1.getByTestId('case-team-error').innerText()).toContain('回避');
      await screenshot(zone1, 'case-team-1-refused');
      expect(
        await rig.env
          .ctx()
          .db.selectFrom('case_members')
          .select('user_id')
          .where('case_id', '=', made.id)
          .where('removed_at', 'is', null)
          .execute(),
      ).toEqual([]);

      // 3. Taken off the list, a colleague added: cleared and saved; the team shows both.
      await zone1.getByTestId(`case-team-unstage-${ids.township2}`).click();
      await addPerson(zone1, 'office1', '组员');
      await zone1.getByTestId('case-team-check').click();
      await expect
        .poll(() => zone1.getByTestId(`case-team-check-${ids.office1}`).innerText(), { timeout: 20000 })
        .toContain('无应当回避情形');
      await clickSubmit(zone1.getByTestId('case-team-save'), 'case-team-save');
      const team = zone1.getByTestId('case-team');
      await expect.poll(() => team.innerText(), { timeout: 20000 }).toContain(names.office1!);
      expect(await team.innerText()).toContain(names.zone1!);
      expect(await team.innerText()).toContain('组长');
      await screenshot(zone1, 'case-team-2-formed');
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts) before the zone case is worked.
      await authoriseCase(rig.env, made.id);
      await zone1.reload();
      await zone1.getByTestId('case-tab-actions').waitFor({ timeout: 20000 });

      // 4. 调查取证: a talk with one officer is refused in words; with two it is recorded.
      await zone1.getByTestId('case-tab-actions').click();
      await zone1.getByTestId('case-action-new').click();
      await fillDateTime(zone1, 'case-action-started', localInput(rig, -3 * 3600_000));
      await fillDateTime(zone1, 'case-action-ended', localInput(rig, -2 * 3600_000));
      await zone1.getByTestId('case-action-place').fill('第一协作区办案点');
      await zone1.getByTestId('case-action-person').fill('测试对象');
      await pickOption(zone1, 'case-action-person-role', '被审查调查人');
      await pickPeople(zone1, 'case-action-officers', ['zone1']);
      await zone1.getByTestId('case-action-notice').fill('出示工作证件，送达《谈话通知书》');
      await zone1.getByTestId('case-action-room').fill('一号谈话室');
      await zone1.getByTestId('case-action-monitored').check();
      await zone1.getByTestId('case-action-safety').check();
      await zone1.getByTestId('case-action-recorded').check();
      await zone1.getByTestId('case-action-recording').fill('LX-2026-001');
      await clickSubmit(zone1.getByTestId('case-action-submit'), 'case-action-submit');
      expect(await visibleText(zone1.getByTestId('case-action-error'))).toContain('2名以上');
      await pickPeople(zone1, 'case-action-officers', ['office1']);
      // (The refusal stays shown until the next submit; the full-page shot is taken last.)
      await screenshot(zone1, 'case-team-3-action-refused');
      await clickSubmit(zone1.getByTestId('case-action-submit'), 'case-action-submit');
      const actions = zone1.getByTestId('case-actions');
      await actions.waitFor({ timeout: 20000 });
      const line = await actions.innerText();
      expect(line).toContain('谈话');
      expect(line).toContain(`${names.zone1}、${names.office1}`);
      expect(line).toContain('一号谈话室');
      expect(line).toContain('有监控');
      await screenshot(zone1, 'case-team-4-action');

      // 5. 证据: registered with one collector and no method or signatures: not citable, gaps listed.
      await zone1.getByTestId('case-tab-evidence').click();
      await zone1.getByTestId('evidence-new').click();
      // Date-time fields show Chinese order in every browser (a native datetime-local input
      // followed the browser's language: 11/20/2026, 10:00 AM in this headless Chromium).
      expect(await zone1.getByTestId('evidence-collected-at').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await zone1.getByTestId('evidence-title').fill('村集体资金支出凭证');
      await zone1.getByTestId('evidence-source').fill('某村村委会');
      // Collected during the talk just recorded (调查取证第1项).
      await pickOption(zone1, 'evidence-action', '调查取证第1项 谈话');
      await fillDateTime(zone1, 'evidence-collected-at', localInput(rig, -2 * 3600_000));
      await zone1.getByTestId('evidence-place').fill('某村村委会财务室');
      await pickPeople(zone1, 'evidence-collectors', ['zone1']);
      await screenshot(zone1, 'case-team-5a-evidence-form', false);
      await clickSubmit(zone1.getByTestId('evidence-save'), 'evidence-save');
      const status = zone1.getByTestId('evidence-status-1');
      await status.waitFor({ timeout: 20000 });
      const gaps = await status.innerText();
      expect(gaps).toContain('来源信息不完整，不能在审查调查报告中引用');
      expect(gaps).toContain('收集人（至少2名审查调查人员）');
      expect(gaps).toContain('收集方式');
      expect(gaps).toContain('持有人、见证人签名');
      // The item names the action it was collected in, linking to the 调查取证 tab; the time typed
      // as Shanghai wall-clock time is the instant stored.
      const recorded = await rig.env
        .ctx()
        .db.selectFrom('case_evidence as e')
        .innerJoin('case_actions as a', 'a.id', 'e.action_id')
        .select(['e.collected_at', 'a.seq'])
        .where('e.case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(Number(recorded.seq)).toBe(1);
      expect(recorded.collected_at).toBe(new Date(rig.env.clock.nowMs() - 2 * 3600_000).toISOString());
      const link = zone1.getByTestId('evidence-1').getByTestId('evidence-action-link');
      expect(await link.innerText()).toMatch(/^调查取证第1项 谈话 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 测试对象$/);
      // A file sealed with its hash.
      await zone1.locator('[data-testid="evidence-upload-1"] input[type=file]').setInputFiles({
        name: '支出凭证.png',
        mimeType: 'image/png',
        buffer: TINY_PNG,
      });
      const hash = zone1.getByTestId('evidence-file-hash');
      await hash.waitFor({ timeout: 20000 });
      const stored = await rig.env
        .ctx()
        .db.selectFrom('case_files')
        .select('sha256')
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(await hash.innerText()).toContain(stored.sha256);
      await screenshot(zone1, 'case-team-5-evidence-incomplete');

      // Completed (补正): a second collector, the method, signed: citable; the action is kept.
      await zone1.getByTestId('evidence-edit-1').click();
      expect(await zone1.getByTestId('evidence-collected-at').inputValue()).toBe(localInput(rig, -2 * 3600_000));
      await pickPeople(zone1, 'evidence-collectors', ['office1']);
      await fillHeld(zone1.getByTestId('evidence-method'), '调取');
      await zone1.getByTestId('evidence-signed').check();
      await clickSubmit(zone1.getByTestId('evidence-save'), 'evidence-save');
      await expect
        .poll(() => zone1.getByTestId('evidence-status-1').innerText(), { timeout: 20000 })
        .toContain('来源信息完整，可以在审查调查报告中引用');
      expect(await zone1.getByTestId('evidence-summary').innerText()).toContain('1件来源信息完整');
      expect(await link.innerText()).toContain('调查取证第1项 谈话');

      // A handover from the collectors (the current holder, filled in) to the custody room.
      await zone1.getByTestId('evidence-custody-open-1').click();
      expect(await zone1.getByTestId('custody-from').inputValue()).toBe(`${names.zone1}、${names.office1}`);
      await zone1.getByTestId('custody-to').fill('案件监督管理室');
      await fillDateTime(zone1, 'custody-at', localInput(rig, -3600_000));
      await zone1.getByTestId('custody-reason').fill('移交保管');
      await clickSubmit(zone1.getByTestId('custody-submit'), 'custody-submit');
      const chain = zone1.getByTestId('evidence-custody-1');
      await chain.waitFor({ timeout: 20000 });
      expect(await chain.innerText()).toContain('移交 案件监督管理室：移交保管');
      await screenshot(zone1, 'case-team-6-evidence-citable');

      // 6. 涉案财物: cash seized, its 15-day clock shown with the due date the server keeps.
      await zone1.getByTestId('case-tab-property').click();
      await zone1.getByTestId('property-new').click();
      await zone1.getByTestId('property-number').fill('CW-001');
      await zone1.getByTestId('property-description').fill('现金（人民币）');
      await zone1.getByTestId('property-value').fill('12000');
      await zone1.getByTestId('property-holder').fill('测试对象');
      await fillDateTime(zone1, 'property-seized-at', localInput(rig, -2 * 3600_000));
      await zone1.getByTestId('property-place').fill('测试对象住所');
      await clickSubmit(zone1.getByTestId('property-save'), 'property-save');
      await zone1.getByTestId('property-1').waitFor({ timeout: 20000 });
      const listed = await zone1.evaluate(
        async (url) => (await (await fetch(url)).json()) as { items: { clocks: { kind: string; dueOn: string }[] }[] },
        `/api/cases/${made.id}/property`,
      );
      const clock = listed.items[0]!.clocks[0]!;
      const clockTag = zone1.getByTestId(`property-clock-1-${clock.kind}`);
      expect(await clockTag.innerText()).toContain(`${clock.dueOn} 到期`);
      expect(await zone1.getByTestId('property-value-1').innerText()).toBe('12,000.00 元');
      await zone1.locator('[data-testid="property-photo-upload-1"] input[type=file]').setInputFiles({
        name: '现金照片.png',
        mimeType: 'image/png',
        buffer: TINY_PNG,
      });
      await zone1.locator('[data-testid^="property-photo-"] img, img[data-testid^="property-photo-"]').first().waitFor({
        timeout: 20000,
      });
      await screenshot(zone1, 'case-team-7-property');
      // Deposited into the dedicated account: the clock is met, the status follows.
      expect(await zone1.getByTestId('property-step').innerText()).toContain('存入专用账户');
      await fillDateTime(zone1, 'property-step-at', localInput(rig, -3600_000));
      await zone1.getByTestId('property-step-note').fill('存入县纪委监委涉案款专用账户，凭证号 ZY-001');
      await clickSubmit(zone1.getByTestId('property-step-submit'), 'property-step-submit');
      await expect
        .poll(() => zone1.getByTestId('property-status-1').innerText(), { timeout: 20000 })
        .toBe('已存入专用账户');
      expect(await clockTag.innerText()).toContain('已完成');
      expect(await zone1.getByTestId('property-steps-1').innerText()).toContain('凭证号 ZY-001');
      // Deposited cash may next be found unrelated, not deposited again.
      expect(await zone1.getByTestId('property-step').innerText()).toContain('查明与案件无关');
      await screenshot(zone1, 'case-team-8-property-deposited');

      // 7. Staff of the subject's own township join only with the principal leader's approval and a
      //    note; a member leaves with the reason written.
      await zone1.getByTestId('case-tab-team').click();
      await addPersonWith(zone1, 'tstaff1', async () => {
        expect(await visibleText(zone1.getByTestId('case-team-own-township'))).toContain('须经纪委监委主要负责人批准');
        await pickOption(zone1, 'case-team-approver', names.leader!);
        await zone1.getByTestId('case-team-exception-note').fill('熟悉当地财务账目，仅负责调取账目');
      });
      await checkAndSave(zone1);
      await expect
        .poll(() => zone1.getByTestId('case-team').innerText(), { timeout: 20000 })
        .toContain(`主要负责人${names.leader}批准`);
      expect(await zone1.getByTestId('case-team').innerText()).toContain('熟悉当地财务账目');
      await screenshot(zone1, 'case-team-9-exception');
      await zone1.getByTestId(`case-team-unstage-${ids.tstaff1}`).click();
      await zone1.getByTestId('case-team-reason').fill('账目调取完毕，工作调整');
      await checkAndSave(zone1);
      const former = zone1.getByTestId('case-former-members');
      await expect.poll(() => former.innerText(), { timeout: 20000 }).toContain('账目调取完毕，工作调整');
      expect(await former.innerText()).toContain(names.tstaff1!);
      await screenshot(zone1, 'case-team-10-removed');
    },
  );
});
