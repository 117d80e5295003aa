import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftDueSanctions } from '../../src/server/modules/sanctions/index.js';
import { decidedReviewCase } from '../../src/server/test/sanction-factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The path for sanctions (issue 14 §2, §3) in headless Chromium: a zone-handled village
 * cadre's case reviewed by the county is prepared up to the standing committee's decision with
 * the server factories (a 党内警告 and a 政务警告 drafted). The county's reviewer opens the case's
 * 处理结果 tab, then the party warning: the branch meeting's roll with exactly half voting yes
 * shows "赞成票未过半" before sending and the server refuses it in words; one more yes passes it;
 * the decision by the township commission starts the effect period and the clocks; the decision
 * is announced and the execution reported. The state warning: the decision is refused until the
 * defence is heard, then decided, delivered; the server's clock moves past its six months, the
 * daily job lifts it and the page says so.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
/**
 * Waits until the record shows 已决定 after a decision was sent; on a loaded machine the decision
 * (its clocks and period) can take a while, and when the server refused it the dialog's words are
 * what the failure should show, not only the old status.
 */
async function decided(page: Page): Promise<void> {
  const status = page.getByTestId('sanction-status');
  const refusal = page.getByTestId('sanction-decide-error');
  await expect
    .poll(
      async () => {
        if ((await visibleText(status)) === '已决定') return '已决定';
        return (await refusal.count()) > 0 ? `refused: ${await refusal.innerText()}` : 'waiting';
      },
      { timeout: 60000 },
    )
    .toBe('已决定');
}

describe.skipIf(process.env.TEST_SQLITE === '0')(
  'a village cadre sanctioned in the console, in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let made: { caseId: string; party: string; state: string; manager: string };

    beforeAll(async () => {
      rig = await startConsoleRig();
      // The case reviewed by the county up to the standing committee's decision, which drafts a
      // 党内警告 and a 政务警告 for the village cadre; the county's reviewer manages them.
      // The village's township secretary investigated on the zone's team (he reads its file).
      const decided = await decidedReviewCase(rig.env, ['party.warning', 'state.warning'], {
        authority: 'village_cadre',
        kase: { team: ['office1', 'tstaff1', 'township1'] },
      });
      const [party, state] = decided.sanctionIds;
      if (!party || !state) throw new Error('the committee drafted fewer than two sanctions');
      made = { caseId: decided.caseId, party, state, manager: 'reviewer' };
    });
    afterAll(async () => rig?.close());

    it(
      'decides a party warning after the branch meeting and a state warning after the defence; the state one lifts',
      { timeout: 600_000 },
      async () => {
        const page = await signInAtServerTime(rig, made.manager);
        const row = (id: string) =>
          rig.env.ctx().db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

        // 1. The case's outcomes: both drafted, each linked.
        await page.goto(`${rig.url}/cases/${made.caseId}?tab=sanctions`);
        const outcomes = page.getByTestId('case-sanctions-table');
        await expect.poll(() => outcomes.innerText(), { timeout: 30000 }).toContain('党内警告');
        expect(await outcomes.innerText()).toContain('政务警告');
        await screenshot(page, 'sanction-main-1-case-outcomes');
        // The person's own township commission reads them too, though the zone's workroom handled
        // the case (owner) and his scope holds no region (reach): the person's township rule.
        const township = await signInAtServerTime(rig, 'township1');
        await township.goto(`${rig.url}/cases/${made.caseId}?tab=sanctions`);
        const theirs = township.getByTestId('case-sanctions-table');
        await expect.poll(() => theirs.innerText(), { timeout: 30000 }).toContain('党内警告');
        expect(await theirs.innerText()).toContain('政务警告');
        await screenshot(township, 'sanction-main-1b-township-outcomes');
        await township.close();

        // 2. The party warning: the branch meeting with exactly half for is refused before and by the server.
        await outcomes.locator(`a[href="/sanctions/${made.party}"]`).click();
        await page.getByTestId('sanction-actions').waitFor({ timeout: 30000 });
        expect(await visibleText(page.getByTestId('sanction-status'))).toBe('待报批');
        await page.getByTestId('sanction-branch-open').click();
        await page.getByTestId('branch-name').fill('前进村党支部');
        const names = ['张一', '王二', '李三', '赵四'];
        for (let i = 3; i < names.length; i++) await page.getByTestId('branch-roll-add').click();
        for (const [i, name] of names.entries()) {
          await page.getByTestId(`branch-roll-name-${i}`).fill(name);
          await page.getByTestId(`branch-roll-present-${i}`).check();
        }
        await pickOption(page, 'branch-roll-vote-0', '赞成');
        await pickOption(page, 'branch-roll-vote-1', '赞成');
        await pickOption(page, 'branch-roll-vote-2', '反对');
        await pickOption(page, 'branch-roll-vote-3', '弃权');
        await expect.poll(() => page.getByTestId('branch-quorum').innerText()).toBe('到会人数过半');
        expect(await page.getByTestId('branch-majority').innerText()).toBe('赞成票未过半');
        await page.getByTestId('branch-resolution').fill('同意给予党内警告处分');
        await screenshot(page, 'sanction-main-2-branch-half', false);
        await clickSubmit(page, page.getByTestId('sanction-branch-save'), 'branch meeting');
        await expect
          .poll(() => visibleText(page.getByTestId('sanction-branch-error')), { timeout: 20000 })
          .toMatch(/过半|半数/);
        expect((await row(made.party)).status).toBe('drafted');
        await pickOption(page, 'branch-roll-vote-3', '赞成');
        await expect.poll(() => page.getByTestId('branch-majority').innerText()).toBe('赞成票过半');
        await clickSubmit(page, page.getByTestId('sanction-branch-save'), 'branch meeting');
        await expect
          .poll(() => page.getByTestId('sanction-branch-done').innerText(), { timeout: 20000 })
          .toContain('已形成决议');

        // 3. The decision by the township commission: period and clocks.
        await page.getByTestId('sanction-decide-open').click();
        await pickOption(page, 'sanction-decide-body', '乡镇（街道）纪委（纪工委）');
        await page.getByTestId('sanction-decide-body-name').fill('某乡纪委');
        await page.getByTestId('sanction-decide-ref').fill('某纪处〔2026〕1号');
        await dialogDate(page, 'sanction-decide-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-decide-save'), 'decision');
        await decided(page);
        expect(await page.getByTestId('sanction-effect-end').innerText()).toBe('2027-11-20');
        await expect.poll(() => page.getByTestId('sanction-clocks').innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
        await screenshot(page, 'sanction-main-3-decided');

        // 4. Announced and the execution reported.
        for (const step of ['announced', 'execution_reported'] as const) {
          await page.getByTestId(`sanction-step-${step}-open`).click();
          await dialogDate(page, `sanction-step-${step}-on`, '2026-11-20');
          await clickSubmit(page, page.getByTestId(`sanction-step-${step}-save`), step);
          await expect
            .poll(() => page.getByTestId(`sanction-step-${step}-done`).innerText(), { timeout: 20000 })
            .toBe('2026-11-20');
        }
        const party = await row(made.party);
        expect(party.announced_on).toBe('2026-11-20');
        expect(party.execution_reported_on).toBe('2026-11-20');
        await screenshot(page, 'sanction-main-4-executed');

        // 4b. A browser whose clock is half a year ahead counts what remains from the server's date
        // (2026-11-20 to 2027-11-20, both days counted), on the record's page and the case's tab.
        const skewed = await rig.signIn(made.manager, { width: 1440, height: 900 });
        await skewed.clock.setFixedTime(new Date('2027-05-20T04:00:00Z'));
        await skewed.goto(`${rig.url}/sanctions/${made.party}`);
        await expect
          .poll(() => skewed.getByTestId('sanction-remaining').innerText(), { timeout: 30000 })
          .toBe('剩余 366 天');
        await screenshot(skewed, 'sanction-main-4b-wrong-browser-clock');
        await skewed.goto(`${rig.url}/cases/${made.caseId}?tab=sanctions`);
        await expect
          .poll(() => skewed.getByTestId('case-sanctions-table').innerText(), { timeout: 30000 })
          .toContain('剩余 366 天');
        await skewed.close();

        // 5. The state warning: refused before the defence, in words; decided after it, delivered.
        await page.goto(`${rig.url}/sanctions/${made.state}`);
        await page.getByTestId('sanction-decide-open').click();
        await pickOption(page, 'sanction-decide-body', '乡镇（街道）纪委（纪工委）');
        await page.getByTestId('sanction-decide-body-name').fill('某乡人民政府');
        await page.getByTestId('sanction-decide-ref').fill('某政处〔2026〕1号');
        await dialogDate(page, 'sanction-decide-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-decide-save'), 'state decision');
        await expect
          .poll(() => visibleText(page.getByTestId('sanction-decide-error')), { timeout: 20000 })
          .toContain('申辩');
        expect((await row(made.state)).status).toBe('drafted');
        await page.keyboard.press('Escape');
        await page.getByTestId('sanction-defence-open').click();
        await page.getByTestId('sanction-defence-summary').fill('本人对事实无异议，请求从轻处理');
        await clickSubmit(page, page.getByTestId('sanction-defence-save'), 'defence');
        await expect
          .poll(() => page.getByTestId('sanction-defence-done').innerText(), { timeout: 20000 })
          .toContain('本人对事实无异议');
        await page.getByTestId('sanction-decide-open').click();
        await pickOption(page, 'sanction-decide-body', '乡镇（街道）纪委（纪工委）');
        await page.getByTestId('sanction-decide-body-name').fill('某乡人民政府');
        await page.getByTestId('sanction-decide-ref').fill('某政处〔2026〕1号');
        await dialogDate(page, 'sanction-decide-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-decide-save'), 'state decision');
        await decided(page);
        await page.getByTestId('sanction-step-delivered-open').click();
        await dialogDate(page, 'sanction-step-delivered-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-step-delivered-save'), 'delivered');
        await expect
          .poll(() => page.getByTestId('sanction-step-delivered-done').innerText(), { timeout: 20000 })
          .toBe('2026-11-20');
        const end = (await row(made.state)).effect_end!;
        await screenshot(page, 'sanction-main-5-state-decided');

        // 6. Six months on, the daily job lifts the state warning; the page says so.
        rig.env.clock.advance(Date.parse(`${end}T04:00:00Z`) + 2 * 86_400_000 - rig.env.clock.nowMs());
        const run = await liftDueSanctions(rig.env.ctx().db, rig.env.ctx().dialect, rig.env.clock);
        expect(run.lifted).toContain(made.state);
        const later = await signInAtServerTime(rig, made.manager);
        await later.goto(`${rig.url}/sanctions/${made.state}`);
        await expect
          .poll(() => later.getByTestId('sanction-effect-card').innerText(), { timeout: 30000 })
          .toMatch(/期满解除|已期满/);
        await expect.poll(() => later.getByTestId('sanction-trail').innerText()).toContain('处分期满解除');
        await screenshot(later, 'sanction-main-6-lifted');
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
