import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedReviewCase } from '../../src/server/test/sanction-factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  fillHeld,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The forms of a drafted sanction besides the branch meeting (issue 14 §2, §3), clicked in
 * headless Chromium: the standing committee's decision drafts a 党内警告 and a 政务警告 for a
 * village cadre (server factories). The county's reviewer edits the party one (the outcome
 * becomes 党内严重警告, the summary changes, both show), withdraws the state one with a reason
 * (已撤回, the reason on the trail, no action left), then has the party one decided by a county
 * body without the branch meeting (PZ 第十四条): a township body is refused in words with
 * nothing written, the county commission with its reason is recorded, and the decision by the
 * county commission starts the period. Last, a notice to the village committee is sent and listed.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'a drafted sanction edited, withdrawn, decided directly by a county body and noticed, in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let made: { party: string; state: string };

    beforeAll(async () => {
      rig = await startConsoleRig();
      const decided = await decidedReviewCase(rig.env, ['party.warning', 'state.warning'], {
        authority: 'village_cadre',
      });
      const [party, state] = decided.sanctionIds;
      if (!party || !state) throw new Error('the committee drafted fewer than two sanctions');
      made = { party, state };
    });
    afterAll(async () => rig?.close());

    it('edits, withdraws, decides directly with the reason and sends a notice', { timeout: 600_000 }, async () => {
      const page = await signInAtServerTime(rig, 'reviewer');
      const db = rig.env.ctx().db;
      const row = (id: string) => db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const events = async (id: string) =>
        (await db.selectFrom('sanction_events').select('action').where('sanction_id', '=', id).execute()).map(
          (e) => e.action,
        );

      // 1. Edit the party warning: the outcome and the summary change, and show.
      await page.goto(`${rig.url}/sanctions/${made.party}`);
      await page.getByTestId('sanction-actions').waitFor({ timeout: 30000 });
      expect(await visibleText(page.getByTestId('sanction-status'))).toBe('待报批');
      await page.getByTestId('sanction-edit-open').click();
      await page.getByTestId('sanction-edit-form').waitFor({ timeout: 20000 });
      await pickOption(page, 'sanction-edit-kind', '党内严重警告');
      await noOpenDropdown(page);
      await fillHeld(page.getByTestId('sanction-edit-summary'), '擅自支出村集体资金3万元，情节较重');
      await screenshot(page, 'sanction-after-1-edit', false);
      await clickSubmit(page.getByTestId('sanction-edit-save'), 'edit');
      await page.getByTestId('sanction-edit-form').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => page.getByTestId('sanction-title').innerText(), { timeout: 20000 })
        .toContain('党内严重警告');
      await expect
        .poll(() => page.getByTestId('sanction-header').innerText(), { timeout: 20000 })
        .toContain('擅自支出村集体资金3万元，情节较重');
      const edited = await row(made.party);
      expect(edited.kind).toBe('serious_warning');
      expect(edited.summary).toBe('擅自支出村集体资金3万元，情节较重');
      expect(edited.status).toBe('drafted');
      await expect
        .poll(() => page.getByTestId('sanction-trail').innerText(), { timeout: 20000 })
        .toContain('修改拟定处理');

      // 2. Withdraw the state warning with a reason: 已撤回, the reason on the trail, no actions left.
      await page.goto(`${rig.url}/sanctions/${made.state}`);
      await page.getByTestId('sanction-actions').waitFor({ timeout: 30000 });
      await page.getByTestId('sanction-withdraw-open').click();
      await fillHeld(page.getByTestId('sanction-withdraw-reason'), '经研究，不再给予政务处分，由所在单位批评教育');
      await clickSubmit(page.getByTestId('sanction-withdraw-save'), 'withdraw');
      await expect.poll(() => visibleText(page.getByTestId('sanction-status')), { timeout: 20000 }).toBe('已撤回');
      await expect
        .poll(() => page.getByTestId('sanction-trail').innerText(), { timeout: 20000 })
        .toContain('不再给予政务处分');
      expect(await page.getByTestId('sanction-no-actions').isVisible()).toBe(true);
      expect((await row(made.state)).status).toBe('withdrawn');
      await screenshot(page, 'sanction-after-2-withdrawn');

      // 3. The party one decided directly (PZ 第十四条): a township body is refused in words, nothing written.
      await page.goto(`${rig.url}/sanctions/${made.party}`);
      await page.getByTestId('sanction-actions').waitFor({ timeout: 30000 });
      const before = await row(made.party);
      await page.getByTestId('sanction-direct-open').click();
      await pickOption(page, 'sanction-direct-body', '乡镇（街道）纪委（纪工委）');
      await noOpenDropdown(page);
      await pickOption(page, 'sanction-direct-reason', '案情涉密、敏感');
      await noOpenDropdown(page);
      await clickSubmit(page.getByTestId('sanction-direct-save'), 'direct decision (township)');
      await expect
        .poll(() => visibleText(page.getByTestId('sanction-direct-error')), { timeout: 20000 })
        .toContain('县级以上党委或者纪委');
      const refused = await row(made.party);
      expect(refused.version).toBe(before.version);
      expect(refused.direct_reason).toBeNull();
      await screenshot(page, 'sanction-after-3-direct-refused', false);
      await pickOption(page, 'sanction-direct-body', '县级纪委');
      await noOpenDropdown(page);
      await fillHeld(page.getByTestId('sanction-direct-note'), '涉及村集体资金审计事项，暂不宜在支部公开');
      await clickSubmit(page.getByTestId('sanction-direct-save'), 'direct decision (county)');
      await page.getByTestId('sanction-direct-form').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => page.getByTestId('sanction-branch-done').innerText(), { timeout: 20000 })
        .toContain('案情涉密、敏感');
      expect(await page.getByTestId('sanction-branch-done').innerText()).toContain('暂不宜在支部公开');
      const direct = await row(made.party);
      expect(direct.direct_reason).toBe('secret_or_sensitive');
      expect(direct.direct_note).toBe('涉及村集体资金审计事项，暂不宜在支部公开');
      expect(await events(made.party)).toContain('direct_decision');

      // 4. The decision by the county commission: decided, the period runs from the decision.
      await page.getByTestId('sanction-decide-open').click();
      await pickOption(page, 'sanction-decide-body', '县级纪委');
      await noOpenDropdown(page);
      await fillHeld(page.getByTestId('sanction-decide-body-name'), '某县纪委');
      await fillHeld(page.getByTestId('sanction-decide-ref'), '某纪处〔2026〕7号');
      await dialogDate(page, 'sanction-decide-on', '2026-11-20');
      await clickSubmit(page.getByTestId('sanction-decide-save'), 'decision');
      // A refusal shown in the dialog is reported in the failure rather than a bare status.
      const decideError = page.getByTestId('sanction-decide-error');
      await expect
        .poll(
          async () =>
            (await decideError.count()) > 0
              ? `refused: ${await decideError.innerText()}`
              : visibleText(page.getByTestId('sanction-status')),
          { timeout: 20000 },
        )
        .toBe('已决定');
      expect(await page.getByTestId('sanction-effect-start').innerText()).toBe('2026-11-20');
      expect(await page.getByTestId('sanction-decision-ref').innerText()).toBe('某纪处〔2026〕7号');
      const decided = await row(made.party);
      expect(decided.status).toBe('decided');
      expect(decided.approving_body).toBe('county_commission');
      expect(await page.getByTestId('sanction-effect-end').innerText()).toBe(decided.effect_end);
      await screenshot(page, 'sanction-after-4-decided');

      // 5. A notice to the village committee, listed on the page and in the database.
      await page.getByTestId('sanction-notice-open').click();
      await fillHeld(page.getByTestId('sanction-notice-recipient'), '前进村村民委员会');
      await clickSubmit(page.getByTestId('sanction-notice-save'), 'notice');
      await page.getByTestId('sanction-notice-form').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(
          () =>
            page
              .getByTestId('sanction-notices')
              .innerText()
              .catch(() => ''),
          { timeout: 20000 },
        )
        .toContain('前进村村民委员会');
      expect(await page.getByTestId('sanction-notices').innerText()).toContain('处分决定');
      const notices = await db
        .selectFrom('sanction_notices')
        .selectAll()
        .where('sanction_id', '=', made.party)
        .execute();
      expect(notices.map((n) => [n.kind, n.recipient, n.sent_on])).toEqual([
        ['decision', '前进村村民委员会', '2026-11-20'],
      ]);
      await screenshot(page, 'sanction-after-5-notice');
      expect(rig.pageErrors).toEqual([]);
    });
  },
);
