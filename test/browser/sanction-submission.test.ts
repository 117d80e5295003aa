import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedReviewCase, passingRoll, sanctionVersion } from '../../src/server/test/sanction-factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * A township-managed cadre's 撤销党内职务 in headless Chromium (issue 14, gaps 1 and 2): the draft's
 * edit form records that the person holds a party post (the position said nothing); the branch
 * meeting is recorded with the server factories; the township party committee's decision is
 * refused in words before the commission has submitted it; the commission submits it (报送党委审批,
 * the record shows 已报批); then the township party committee decides it.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'a 撤销党内职务 submitted to the township party committee in the console, in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let id: string;

    beforeAll(async () => {
      rig = await startConsoleRig();
      const made = await decidedReviewCase(rig.env, ['party.post_removal'], {
        authority: 'township_managed',
        position: '村委会主任',
      });
      id = made.sanctionIds[0]!;
      const meeting = await made.reviewer.post(`/api/sanctions/${id}/branch-meetings`, {
        version: await sanctionVersion(rig.env, id),
        branchName: '前进村党支部',
        heldOn: '2026-11-20',
        roll: passingRoll(),
        resolution: '同意给予撤销党内职务处分',
        personSignature: 'signed',
      });
      expect(meeting.statusCode, meeting.body).toBe(201);
    });
    afterAll(async () => rig?.close());

    it(
      'records the party post on the draft, refuses the committee before the submission, submits, then decides',
      { timeout: 600_000 },
      async () => {
        const page = await signInAtServerTime(rig, 'reviewer');
        const row = () =>
          rig.env.ctx().db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect((await row()).holds_party_post).toBeNull();

        // 1. The edit form: the party post, not recorded until now.
        await page.goto(`${rig.url}/sanctions/${id}`);
        await page.getByTestId('sanction-actions').waitFor({ timeout: 30000 });
        expect(await visibleText(page.getByTestId('sanction-status'))).toBe('待报批');
        await page.getByTestId('sanction-edit-open').click();
        await expect
          .poll(() => page.getByTestId('sanction-edit-form').innerText(), { timeout: 20000 })
          .toContain('尚未记录');
        await pickOption(page, 'sanction-edit-party-post', '担任党内职务');
        await noOpenDropdown(page);
        await screenshot(page, 'sanction-submission-1-party-post', false);
        await clickSubmit(page, page.getByTestId('sanction-edit-save'), 'edit');
        await expect.poll(async () => (await row()).holds_party_post, { timeout: 20000 }).toBe(1);

        // 2. The township party committee cannot decide before the commission submits it.
        await page.getByTestId('sanction-decide-open').click();
        await pickOption(page, 'sanction-decide-body', '乡镇（街道）党委（党工委）');
        await noOpenDropdown(page);
        await page.getByTestId('sanction-decide-body-name').fill('中共某乡委员会');
        await page.getByTestId('sanction-decide-ref').fill('某党〔2026〕1号');
        await dialogDate(page, 'sanction-decide-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-decide-save'), 'early decision');
        await expect
          .poll(() => visibleText(page.getByTestId('sanction-decide-error')), { timeout: 20000 })
          .toContain('请先报送党委审批');
        await screenshot(page, 'sanction-submission-2-refused', false);
        expect((await row()).status).toBe('drafted');
        await page.keyboard.press('Escape');

        // 3. The commission submits it: 已报批.
        await page.getByTestId('sanction-submit-open').click();
        await expect
          .poll(() => page.locator('.ant-modal-body').last().innerText(), { timeout: 20000 })
          .toContain('报送乡镇（街道）党委（党工委）审批');
        await dialogDate(page, 'sanction-submit-on', '2026-11-20');
        await page.getByTestId('sanction-submit-note').fill('经纪委常委会审议');
        await clickSubmit(page, page.getByTestId('sanction-submit-save'), 'submission');
        await expect.poll(() => visibleText(page.getByTestId('sanction-status')), { timeout: 20000 }).toBe('已报批');
        expect(await page.getByTestId('sanction-submit-open').count()).toBe(0);
        expect(await page.getByTestId('sanction-edit-open').count()).toBe(0);
        expect((await row()).submitted_on).toBe('2026-11-20');
        await screenshot(page, 'sanction-submission-3-submitted');

        // 4. The township party committee decides.
        await page.getByTestId('sanction-decide-open').click();
        await pickOption(page, 'sanction-decide-body', '乡镇（街道）党委（党工委）');
        await noOpenDropdown(page);
        await page.getByTestId('sanction-decide-body-name').fill('中共某乡委员会');
        await page.getByTestId('sanction-decide-ref').fill('某党〔2026〕1号');
        await dialogDate(page, 'sanction-decide-on', '2026-11-20');
        await clickSubmit(page, page.getByTestId('sanction-decide-save'), 'decision');
        await expect.poll(() => visibleText(page.getByTestId('sanction-status')), { timeout: 20000 }).toBe('已决定');
        expect((await row()).approving_body).toBe('township_party_committee');
        await screenshot(page, 'sanction-submission-4-decided');
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
