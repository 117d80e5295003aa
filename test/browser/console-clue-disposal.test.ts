import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClueMember, setClueState } from '../../src/server/modules/clues/index.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { ctxAs, makeClue } from '../../src/server/test/factories.js';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { pdfText } from '../../src/server/test/pdf.js';
import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

/** Clicks the download link `testId` and returns the file's bytes. */
async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync(await file.path());
}

// The disposal opinion in a real browser: 案管, keeper of an assigned clue, proposes 予以了结 with
// a closing reason on the clue's page; the commission leader approves it in the approvals page;
// the clue's page then shows it concluded, the opinion approved and the 了结函 links.
describe.skipIf(process.env.TEST_SQLITE === '0')('console clue disposal', () => {
  let rig: ConsoleRig;
  let clueId = '';
  beforeAll(async () => {
    rig = await startConsoleRig();
    const env = rig.env;
    const made = await makeClue(env, 'casemgr', {
      subjects: [{ name: '曌处置', position: '村委会主任', employer: '中共曌村支部委员会' }],
    });
    const ctx = await ctxAs(env, 'casemgr');
    await inTransaction(ctx, async (tx) => {
      await addClueMember(tx, made.id, ctx.actor!.userId, 'keeper');
      await setClueState(tx, made.id, made.version, { status: 'assigned', keeperId: ctx.actor!.userId });
    });
    clueId = made.id;
  });
  afterAll(async () => rig?.close());

  it('proposes 予以了结, the leader approves it, and the clue shows concluded', { timeout: 180_000 }, async () => {
    const page = await rig.signIn('casemgr');
    await page.goto(`${rig.url}/clues/${clueId}`);
    const form = page.getByTestId('disposal-form');
    await form.waitFor({ timeout: 20000 });
    await form.locator('label.ant-radio-button-wrapper').filter({ hasText: '予以了结' }).click();
    await page.getByTestId('disposal-reason').click();
    await page.locator('.ant-select-item-option').getByText('反映问题不存在或者缺乏证据证实').click();
    await page.getByTestId('disposal-reasons').fill('经了解，反映问题缺乏证据证实。');
    await page.getByTestId('disposal-plan').fill('予以了结，归档。');
    await page.getByTestId('disposal-no-meeting').fill('事实清楚，经室务会研究');
    await screenshot(page, 'clue-disposal-form');
    await clickSubmit(page.getByTestId('disposal-submit'), 'disposal-submit');
    await page.getByTestId('disposal-status').getByText('审批中').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('disposal-latest'))).toContain('待 县纪委监委领导 审批');
    expect(await page.getByTestId('disposal-form').count()).toBe(0);

    const leader = await rig.signIn('leader');
    await leader.goto(`${rig.url}/approvals`);
    const link = leader.locator('[data-testid^="approval-link-"]').first();
    await link.waitFor({ timeout: 20000 });
    await link.click();
    await leader.getByTestId('approval-decision').waitFor({ timeout: 20000 });
    await leader.getByTestId('approval-opinion').fill('同意了结');
    await clickSubmit(leader.getByTestId('approval-approve'), 'approval-approve');
    await leader.getByTestId('approval-status').getByText('已批准').waitFor({ timeout: 20000 });

    await page.reload();
    await page.getByTestId('disposal-status').getByText('已批准').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('clue-disposal'))).toContain('反映问题不存在或者缺乏证据证实');
    expect(await page.locator('.ant-tag').getByText('已了结').count()).toBeGreaterThan(0);
    expect(await visibleText(page.getByTestId('clue-trail'))).toContain('予以了结');
    await page.getByTestId('conclusion-letter').waitFor({ timeout: 10000 });
    // The addressee is offered from the clue: the subject first, then the unit recorded for them.
    await expect.poll(() => visibleText(page.getByTestId('letter-addressee'))).toContain('曌处置同志');
    await pickOption(page, 'letter-addressee', '中共曌村支部委员会');
    await screenshot(page, 'clue-disposal-concluded');
    const pdf = await download(page, 'letter-pdf');
    expect(pdfText(pdf)).toContain('中共曌村支部委员会：');
    // Another addressee, typed: the DOCX carries it.
    await pickOption(page, 'letter-addressee', '其他收件人');
    expect(await page.getByTestId('letter-pdf').isDisabled()).toBe(true);
    await page.getByTestId('letter-recipient').fill('中共某某乡纪律检查委员会');
    await screenshot(page, 'clue-disposal-letter-typed', false);
    const docx = await JSZip.loadAsync(await download(page, 'letter-docx'));
    const xml = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('中共某某乡纪律检查委员会：');
    expect(rig.pageErrors).toEqual([]);
  });

  it('lets the system administrator set the review period of parked clues', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('sysadmin', { width: 1440, height: 900 });
    await page.getByTestId('menu-timers').click();
    const card = page.getByTestId('shelved-settings');
    await expect(visibleText(card)).resolves.toContain('暂存线索复查期限');
    const months = card.locator('input.ant-input-number-input');
    await expect.poll(() => months.inputValue()).toBe('3');
    await months.fill('6');
    await clickSubmit(page.getByTestId('shelved-settings-save'), 'shelved-settings-save');
    await expect
      .poll(
        async () =>
          (
            await rig.env
              .ctx()
              .db.selectFrom('settings')
              .select('value')
              .where('key', 'like', 'clue.shelved_review_months:%')
              .executeTakeFirst()
          )?.value,
        { timeout: 15000 },
      )
      .toBe('6');
    expect(rig.pageErrors).toEqual([]);
  });
});
