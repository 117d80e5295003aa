import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/server/shared/context.js';
import { setClueState } from '../../src/server/modules/clues/index.js';
import { ctxAs, makeClue } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, pickDate, screenshot, startConsoleRig } from './browser.js';

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('console 谈话函询 panel in headless Chromium', () => {
  let rig: ConsoleRig;
  let clueId = '';
  let officer = '';

  beforeAll(async () => {
    rig = await startConsoleRig();
    const made = await makeClue(rig.env, 'casemgr', { subjects: [{ name: '函询丁', position: '村委会主任' }] });
    clueId = made.id;
    await inTransaction(await ctxAs(rig.env, 'casemgr'), async (tx) => {
      let v = made.version;
      for (const status of ['assigned', 'disposal_proposed', 'inquiry'] as const)
        v = (await setClueState(tx, clueId, v, { status })).version;
    });
    const row = await rig.env
      .ctx()
      .db.selectFrom('users')
      .select('display_name')
      .where('username', '=', 'office1')
      .executeTakeFirstOrThrow();
    officer = row.display_name;
  });
  afterAll(async () => rig?.close());

  /** Approves every pending step of an approval as the leader, through the API. */
  async function approve(approvalId: string): Promise<void> {
    const leader = await rig.env.as('leader');
    const detail = (await leader.get(`/api/approvals/${approvalId}`)).json();
    const ok = await leader.post(`/api/approvals/${approvalId}/decision`, {
      decision: 'approve',
      opinion: '同意',
      version: detail.version,
    });
    expect(ok.statusCode, ok.body).toBe(200);
  }

  async function round(): Promise<{ requestApprovalId: string; reportApprovalId: string | null; status: string }> {
    const casemgr = await rig.env.as('casemgr');
    return (await casemgr.get(`/api/clues/${clueId}/inquiries`)).json().items.at(-1);
  }

  it('requests a letter, records its receipt and the reply, and reports 采信了结', { timeout: 180_000 }, async () => {
    const page = await rig.signIn('casemgr');
    await page.goto(`${rig.url}/clues/${clueId}`);
    const panel = page.getByTestId('inquiry-panel');
    await panel.waitFor({ timeout: 15000 });
    await page.getByTestId('inquiry-mode-letter').click();
    await page.getByTestId('inquiry-reason').fill('反映问题较为笼统，可查性不强');
    await page.getByTestId('inquiry-officers').click();
    await page.getByTestId('inquiry-officers').locator('input').fill(officer);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: officer }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('inquiry-matters').fill('请说明村集体资金使用情况');
    await page.getByTestId('inquiry-copy-to').fill('中共坡头乡委员会');
    await page.getByTestId('inquiry-principal-leader').fill('中共坡头乡委员会书记');
    await page.getByTestId('inquiry-contact-person').fill('王某');
    await page.getByTestId('inquiry-contact-phone').fill('0398-1234567');
    await screenshot(page, 'console-inquiry-request');
    await clickSubmit(page.getByTestId('inquiry-request-submit'), 'inquiry-request-submit');
    await expect.poll(async () => page.getByTestId('inquiry-round').count(), { timeout: 15000 }).toBe(1);
    expect(await page.getByTestId('inquiry-round').innerText()).toContain('报批中');

    await approve((await round()).requestApprovalId);
    await page.reload();
    await page.getByTestId('inquiry-receipt').waitFor({ timeout: 15000 });
    await pickDate(page, 'inquiry-receipt-on', '2026-09-28');
    await clickSubmit(page.getByTestId('inquiry-receipt-submit'), 'inquiry-receipt-submit');
    await page.getByTestId('inquiry-reply').waitFor({ timeout: 15000 });
    // The letter's clock shows on the clue: 15 working days over the National Day holiday.
    await expect.poll(async () => page.getByText('2026-10-23').count(), { timeout: 15000 }).toBeGreaterThan(0);

    // Without the principal leader's signed opinion the reply is refused in words.
    await pickDate(page, 'inquiry-replied-on', '2026-10-20');
    await clickSubmit(page.getByTestId('inquiry-reply-submit'), 'inquiry-reply-submit');
    await expect
      .poll(async () => page.getByTestId('inquiry-reply').innerText(), { timeout: 15000 })
      .toContain('主要负责人签署的意见');
    await page.getByTestId('inquiry-leader-name').fill('孙书记');
    await page.getByTestId('inquiry-leader-opinion').fill('情况属实');
    await clickSubmit(page.getByTestId('inquiry-reply-submit'), 'inquiry-reply-submit');
    await page.getByTestId('inquiry-report').waitFor({ timeout: 15000 });

    await page.getByTestId('inquiry-summary').fill('经函询，反映问题缺乏证据证实。');
    await page.getByTestId('inquiry-outcome').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '采信了结' }).first().click();
    await clickSubmit(page.getByTestId('inquiry-report-submit'), 'inquiry-report-submit');
    await expect
      .poll(async () => page.getByTestId('inquiry-round').innerText(), { timeout: 15000 })
      .toContain('情况报告报批中');
    await approve((await round()).reportApprovalId!);
    await page.reload();
    await page.getByTestId('inquiry-doc-conclusion_letter').waitFor({ timeout: 15000 });
    expect(await page.getByTestId('inquiry-round').innerText()).toContain('采信了结');
    expect(await page.getByTestId('clue-trail').innerText()).toContain('谈话函询了结');
    await screenshot(page, 'console-inquiry-concluded');
    expect(rig.pageErrors).toEqual([]);
  });
});
