import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBatch, signBatch, submitBatch } from '../../src/server/modules/disclosure/index.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import {
  type ConsoleRig,
  SCREENSHOT_DIR,
  launchBrowser,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
} from './browser.js';

/**
 * 村务一般事项 (CWF 第三十条: at least quarterly), in headless Chromium on the server's day
 * 2026-11-20: the clerk (vclerk1) prepares 2026-Q4 with a 低保 名单 and a free entry and submits it;
 * the committee (village1) reads the 名单 masked and signs; the township (township1) sees the
 * village's general items on the calendar and sets its finance cycle; the phone page at 360 px
 * shows the quarter in its own tab with the names masked and "对这条有疑问".
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('village general items in the console and on the phone', () => {
  let rig: ConsoleRig;
  let village: string;
  beforeAll(async () => {
    rig = await startConsoleRig();
    const unit = await unitOf(rig.env, 'vclerk1');
    village = (
      await rig.env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
  });
  afterAll(async () => rig?.close());

  it('is prepared, signed, scheduled and shown masked on the phone', { timeout: 600_000 }, async () => {
    const clerk = await signInAtServerTime(rig, 'vclerk1');
    await clerk.goto(`${rig.url}/disclosure`);
    await clerk.getByTestId('disclosure-general').click();
    await clerk.getByTestId('disclosure-general-form').waitFor();
    await clerk.getByTestId('disclosure-general-period').fill('2026-Q4');
    await clerk.getByTestId('general-text-0').fill('经村民代表会议评议、乡镇审核、县民政局审批，本季度低保对象如下。');
    await clerk.getByTestId('general-roster-add-0').click();
    await clerk.getByTestId('general-roster-name-0-0').fill('王秀兰');
    await clerk.getByTestId('general-roster-amount-0-0').fill('600');
    await clerk.getByTestId('general-roster-reason-0-0').fill('一类低保 每月 200 元 × 3 个月');
    await clerk.getByTestId('general-roster-add-0').click();
    await clerk.getByTestId('general-roster-name-0-1').fill('赵德福');
    await clerk.getByTestId('general-roster-amount-0-1').fill('450');
    await clerk.getByTestId('general-roster-reason-0-1').fill('二类低保 每月 150 元 × 3 个月');
    await clerk.getByTestId('disclosure-general-add').click();
    await clerk.getByTestId('general-title-1').fill('村道硬化工程进展');
    await clerk.getByTestId('general-text-1').fill('全长 1.2 公里，已完成路基，预计 12 月底完工。');
    await screenshot(clerk, 'disclosure-general-1-clerk-dialog', false);
    await clerk.getByTestId('disclosure-general-submit').click();
    await clerk.getByTestId('disclosure-submit').waitFor({ timeout: 20000 });
    const entries = await clerk.getByTestId('disclosure-entries').innerText();
    expect(entries).toContain('王*兰');
    expect(entries).not.toContain('王秀兰');
    await clerk.getByTestId('disclosure-submit').click();
    await expect
      .poll(() => clerk.getByTestId('disclosure-summary').innerText(), { timeout: 20000 })
      .toContain('待村务监督委员会审核');
    const id = clerk.url().split('/').pop()!;

    const committee = await signInAtServerTime(rig, 'village1');
    await committee.goto(`${rig.url}/disclosure/${id}`);
    await committee.getByTestId('disclosure-entries').waitFor({ timeout: 20000 });
    await committee.getByTestId('disclosure-sign').click();
    await committee.getByTestId('disclosure-dialog-text').fill('经审核，名单与村民代表会议评议结果一致，同意公开');
    await screenshot(committee, 'disclosure-general-2-committee-signing', false);
    await committee.getByTestId('disclosure-dialog-ok').click();
    await expect
      .poll(() => committee.getByTestId('disclosure-summary').innerText(), { timeout: 20000 })
      .toContain('已公开');
    await committee.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    await screenshot(committee, 'disclosure-general-3-committee-signed');

    const township = await signInAtServerTime(rig, 'township1');
    await township.goto(`${rig.url}/disclosure/calendar`);
    const row = township.locator(`[data-row-key="${village}"]`);
    await row.waitFor({ timeout: 20000 });
    expect(await row.innerText()).toContain('2026-Q4');
    await pickOption(township, `disclosure-cycle-${village}`, '每季度公开');
    await expect
      .poll(
        async () =>
          (
            await rig.env
              .ctx()
              .db.selectFrom('disclosure_schedules')
              .select('finance_cycle')
              .where('region_code', '=', village)
              .executeTakeFirst()
          )?.finance_cycle,
        { timeout: 20000 },
      )
      .toBe('quarterly');
    await screenshot(township, 'disclosure-general-4-township-calendar');

    // A major matter too, so the phone page shows its tabs.
    const matter = await prepareBatch(await ctxAs(rig.env, 'vclerk1'), {
      regionCode: village,
      kind: 'major_matter',
      title: '村集体鱼塘发包',
      decisionRecord: '2026年11月5日村民代表会议，应到35人，实到31人，29人同意，通过公开竞价发包。',
    });
    await submitBatch(await ctxAs(rig.env, 'vclerk1'), matter.id);
    await signBatch(await ctxAs(rig.env, 'village1'), matter.id, '同意公开');

    const browser = await launchBrowser();
    try {
      const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
      await phone.goto(`${rig.url}/r/${village}/finance`);
      await phone.getByTestId('fin-select').waitFor({ timeout: 20000 });
      await phone.getByTestId('fin-tab-general').click();
      await phone.getByTestId('fin-entry').first().waitFor({ timeout: 20000 });
      const text = await phone.getByTestId('fin-period').innerText();
      expect(text).toContain('2026年第4季度村务一般事项');
      expect(text).toContain('王*兰');
      expect(text).not.toContain('王秀兰');
      expect(text).not.toContain('赵德福');
      expect(await phone.getByTestId('fin-report').count()).toBe(2);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await phone.screenshot({ path: join(SCREENSHOT_DIR, 'disclosure-general-5-phone.png'), fullPage: true });
      await phone.getByTestId('fin-report').first().click();
      await phone.getByTestId('guide-read').click();
      expect(await phone.getByTestId('report-about').innerText()).toContain('村务一般事项');

      // The hall screen: no accounts published here, so the carousel opens on the general items.
      const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      await screen.goto(`${rig.url}/r/${village}/finance/screen`);
      await screen.getByTestId('screen-general').waitFor({ timeout: 20000 });
      const shown = await screen.getByTestId('screen').innerText();
      expect(shown).toContain('2026年第4季度村务一般事项');
      expect(shown).toContain('王*兰');
      expect(shown).not.toContain('王秀兰');
      await screen.screenshot({ path: join(SCREENSHOT_DIR, 'disclosure-general-6-screen.png') });
    } finally {
      await browser.close();
    }
  });
});
