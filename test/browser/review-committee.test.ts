import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeReady } from '../../src/server/test/sanction-factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  noOpenDropdown,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
} from './browser.js';

/**
 * The standing committee's decision in the console (issue 14 §1 → §2): the review prepared to
 * `deliberation` with the server factories; the county's reviewer records the decision with, for
 * the subject, a 党内警告 and a 政务警告 picked from the outcome codes; the review is decided, the
 * case closed, and the two outcomes are drafted as sanction records to decide.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'the committee decision drafts sanctions, in headless Chromium',
  () => {
    let rig: ConsoleRig;
    beforeAll(async () => {
      rig = await startConsoleRig();
    });
    afterAll(async () => rig?.close());

    it(
      'records the decision with outcome codes; each code becomes a drafted sanction',
      { timeout: 600_000 },
      async () => {
        const ready = await committeeReady(rig.env, { authority: 'village_cadre' });
        const page = await signInAtServerTime(rig, 'reviewer');
        await page.goto(`${rig.url}/reviews/${ready.reviewId}?tab=committee`);
        const form = page.getByTestId('review-committee-form');
        await form.waitFor({ timeout: 30000 });
        await page.getByTestId('review-committee-total').fill('7');
        await page.getByTestId('review-committee-present').fill('甲\n乙\n丙\n丁\n戊');
        await page.getByTestId('review-committee-text').fill('给予党内警告、政务警告处分');
        const codes = page.getByTestId(`review-committee-codes-${ready.caseSubjectId}`);
        for (const label of ['党内警告', '政务警告']) {
          await codes.click();
          await codes.locator('input').first().fill(label);
          await page.locator('.ant-select-item-option').filter({ hasText: label }).first().click();
        }
        await page.keyboard.press('Escape');
        await noOpenDropdown(page);
        await screenshot(page, 'review-committee-codes');
        await clickSubmit(page, page.getByTestId('review-committee-save'), 'record the committee decision');
        const db = rig.env.ctx().db;
        await expect
          .poll(
            async () =>
              (
                await db
                  .selectFrom('sanctions')
                  .select(['outcome_code', 'status'])
                  .where('case_id', '=', ready.caseId)
                  .orderBy('outcome_code')
                  .execute()
              ).map((r) => `${r.outcome_code}:${r.status}`),
            { timeout: 30000 },
          )
          .toEqual(['party.warning:drafted', 'state.warning:drafted']);
        const review = await db
          .selectFrom('reviews')
          .select('status')
          .where('id', '=', ready.reviewId)
          .executeTakeFirstOrThrow();
        expect(review.status).toBe('decided');
        // The case's 处理结果 tab lists both for the reviewer.
        await page.goto(`${rig.url}/cases/${ready.caseId}?tab=sanctions`);
        const outcomes = page.getByTestId('case-sanctions-table');
        await expect.poll(() => outcomes.innerText(), { timeout: 30000 }).toContain('党内警告');
        expect(await outcomes.innerText()).toContain('政务警告');
        await screenshot(page, 'review-committee-outcomes');
      },
    );
  },
);
