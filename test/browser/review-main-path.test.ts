import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTransferredCase } from '../../src/server/test/case-factories.js';
import { makeReviewer } from '../../src/server/test/factories.js';
import { type ConsoleRig, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * The review stage's main path (审理, issue 14 §1) in headless Chromium: a case investigated by
 * office1 and tstaff1 is transferred (the factories move it); the county's reviewer opens 案件审理,
 * finds it awaiting acceptance, accepts it with the reason (the clock starts), tries a team with
 * the investigator office1 and is refused in words (查审分离), forms the team with a second
 * reviewer, drafts the 审理报告, both sign it, and the reviewer sends it up for approval.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'a transferred case reviewed in the console, in headless Chromium',
  () => {
    let rig: ConsoleRig;
    const names: Record<string, string> = {};

    /** Picks a person in the team picker by their label (name and unit), and closes the list. */
    async function pickReviewer(page: Page, username: string) {
      await pickOption(page, 'review-team-pick', `${names[username]}（`, true);
      await page.keyboard.press('Escape');
    }

    beforeAll(async () => {
      rig = await startConsoleRig();
      await makeReviewer(rig.env, 'reviewer2', '审理室干部乙');
      for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute())
        names[u.username] = u.display_name;
    });
    afterAll(async () => rig?.close());

    it(
      'accepts, is refused an investigator on the team, forms the team, drafts, signs and submits the report',
      { timeout: 600_000 },
      async () => {
        const made = await makeTransferredCase(rig.env);
        const review = () =>
          rig.env.ctx().db.selectFrom('reviews').selectAll().where('id', '=', made.reviewId).executeTakeFirstOrThrow();

        // 1. The ledger: the menu entry 案件审理, the line awaiting acceptance, no clock yet.
        const reviewer = await rig.as('reviewer');
        await reviewer.getByTestId('menu-reviews').click();
        const table = reviewer.getByTestId('reviews-table');
        await expect.poll(() => table.innerText(), { timeout: 20000 }).toContain('待受理');
        await pickOption(reviewer, 'reviews-status', '审理中');
        await reviewer.getByTestId('filter-search').click();
        await expect.poll(() => table.innerText(), { timeout: 20000 }).not.toContain('待受理');
        await reviewer.getByTestId('filter-bar').locator('button').filter({ hasText: '重' }).click();
        await expect.poll(() => table.innerText(), { timeout: 20000 }).toContain('待受理');
        await screenshot(reviewer, 'review-main-1-ledger');
        await table.locator(`a[href="/reviews/${made.reviewId}"]`).click();

        // 2. Acceptance needs a reason; accepted, the review is under way and its clock runs.
        const acceptance = reviewer.getByTestId('review-acceptance');
        await acceptance.waitFor({ timeout: 20000 });
        expect(await visibleText(reviewer.getByTestId('review-header'))).toContain('尚未开始计时');
        await reviewer.getByTestId('review-acceptance-submit').click();
        await expect.poll(() => acceptance.innerText()).toContain('请填写理由');
        expect((await review()).status).toBe('awaiting');
        await reviewer.getByTestId('review-acceptance-reason').fill('移送材料齐全，符合受理条件');
        await reviewer.getByTestId('review-acceptance-submit').click();
        await expect
          .poll(() => reviewer.getByTestId('review-acceptance-done').innerText(), { timeout: 20000 })
          .toContain('已受理：移送材料齐全，符合受理条件');
        expect(await visibleText(reviewer.getByTestId('review-status'))).toBe('审理中');
        const row = await review();
        expect(row.status).toBe('reviewing');
        expect(await visibleText(reviewer.getByTestId('review-clock'))).toMatch(/^\d{4}-\d{2}-\d{2}/);
        expect(await reviewer.getByTestId('review-acceptance-submit').count()).toBe(0);
        await screenshot(reviewer, 'review-main-2-accepted');

        // 3. The team: the investigator office1 passes the recusal check but 查审分离 refuses him, in words.
        await reviewer.getByTestId('review-tab-team').click();
        await reviewer.getByTestId('review-team-editor').waitFor();
        await pickReviewer(reviewer, 'reviewer');
        await pickReviewer(reviewer, 'office1');
        await reviewer.getByTestId('review-team-check').click();
        await reviewer.getByTestId('review-team-check-result').waitFor({ timeout: 20000 });
        await reviewer.getByTestId('review-team-save').click();
        const error = reviewer.getByTestId('review-error');
        await error.waitFor({ timeout: 20000 });
        expect(await visibleText(error)).toContain(`${names.office1}参与了本案审查调查`);
        expect(await visibleText(error)).toContain('查审分离');
        await screenshot(reviewer, 'review-main-3-separation');
        expect(
          await rig.env
            .ctx()
            .db.selectFrom('review_members')
            .select('user_id')
            .where('review_id', '=', made.reviewId)
            .execute(),
        ).toEqual([]);

        // 4. Without him, with the second reviewer: checked and formed, the first picked leads.
        await reviewer
          .getByTestId('review-team-pick')
          .locator('.ant-select-selection-item')
          .filter({ hasText: names.office1! })
          .locator('.ant-select-selection-item-remove')
          .click();
        await pickReviewer(reviewer, 'reviewer2');
        expect(await reviewer.getByTestId('review-team-save').isDisabled()).toBe(true);
        await reviewer.getByTestId('review-team-check').click();
        await expect
          .poll(() => reviewer.getByTestId('review-team-check-result').innerText(), { timeout: 20000 })
          .toContain('回避审查已通过');
        await reviewer.getByTestId('review-team-save').click();
        const team = reviewer.getByTestId('review-team');
        await expect.poll(() => team.innerText(), { timeout: 20000 }).toContain(names.reviewer2!);
        expect(await team.innerText()).toContain('审理组组长');
        expect(await team.innerText()).not.toContain(names.office1!);
        await screenshot(reviewer, 'review-main-4-team');

        // 5. The 审理报告: drafted, signed by the reviewer; submitting before all have signed is refused.
        await reviewer.getByTestId('review-tab-report').click();
        await reviewer.getByTestId('review-report-editor').waitFor();
        await reviewer.getByTestId('review-report-facts').fill('经审理查明，该同志违规收受礼金人民币二万元。');
        await reviewer.getByTestId('review-report-analysis').fill('事实清楚，证据确凿，定性准确，程序合规。');
        await reviewer.getByTestId('review-report-opinion').fill('建议给予党内严重警告处分。');
        await reviewer.getByTestId('review-report-outcome').first().fill('党内严重警告');
        await reviewer.getByTestId('review-report-save').click();
        const signatures = reviewer.getByTestId('review-report-signatures');
        await expect.poll(() => signatures.innerText(), { timeout: 20000 }).toContain('（0/2）');
        await reviewer.getByTestId('review-report-sign').click();
        await expect.poll(() => signatures.innerText(), { timeout: 20000 }).toContain('（1/2）');
        expect(await reviewer.getByTestId('review-report-sign').count()).toBe(0);
        await reviewer.getByTestId('review-report-submit').click();
        await expect
          .poll(() => reviewer.getByTestId('review-error').innerText(), { timeout: 20000 })
          .toContain(`尚未经以下审理组成员签字：${names.reviewer2}`);
        expect((await review()).status).toBe('reviewing');
        expect(await reviewer.getByTestId('review-report-pdf').getAttribute('href')).toBe(
          `/api/reviews/${made.reviewId}/documents/review_report.pdf`,
        );
        await screenshot(reviewer, 'review-main-5-signed-once');

        // 6. The second reviewer signs on their own page; the reviewer sends the report up.
        const second = await rig.as('reviewer2');
        await second.goto(`${rig.url}/reviews/${made.reviewId}?tab=report`);
        await second.getByTestId('review-report-sign').click({ timeout: 20000 });
        await expect
          .poll(() => second.getByTestId('review-report-signatures').innerText(), { timeout: 20000 })
          .toContain('（2/2）');
        await reviewer.reload();
        await reviewer.getByTestId('review-report-submit').click({ timeout: 20000 });
        await expect
          .poll(() => reviewer.getByTestId('review-status').innerText(), { timeout: 20000 })
          .toBe('审理报告报批中');
        expect(await visibleText(reviewer.getByTestId('review-report-status'))).toBe('报批中');
        expect(await reviewer.getByTestId('review-report-submit').count()).toBe(0);
        const after = await review();
        expect(after.status).toBe('reported');
        await screenshot(reviewer, 'review-main-6-submitted');

        // The download is the report itself (the link answers a PDF).
        const pdf = await reviewer.request.get(`${rig.url}/api/reviews/${made.reviewId}/documents/review_report.pdf`);
        expect(pdf.status()).toBe(200);
        expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

        // The trail names every step.
        await reviewer.getByTestId('review-tab-trail').click();
        const trail = await visibleText(reviewer.getByTestId('review-trail'));
        for (const step of ['受理', '组成审理组']) expect(trail).toContain(step);
        await screenshot(reviewer, 'review-main-7-trail');

        // The case page (the team reads the case file) links back to its review.
        await reviewer.getByTestId('review-case-link').click();
        const onCase = reviewer.getByTestId('case-review');
        await onCase.waitFor({ timeout: 20000 });
        expect(await visibleText(onCase)).toContain('审理报告报批中');
        await screenshot(reviewer, 'review-main-8-case-link');
        await reviewer.getByTestId('case-review-link').click();
        await reviewer.getByTestId('review-header').waitFor({ timeout: 20000 });
        expect(new URL(reviewer.url()).pathname).toBe(`/reviews/${made.reviewId}`);
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
