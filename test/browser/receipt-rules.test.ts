import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, clickSubmit, launchBrowser, startConsoleServer, visibleText } from './browser.js';

// The reporter's side of intake's rules (issue 11 §1): a named petition's acknowledgement date and
// an extension on the receipt page, the petition re-check offered to petitions only (an accusation
// gets the objection hint), and the 实名 promise on the form as the rules give it per kind.
describe.skipIf(process.env.TEST_SQLITE === '0')('receipt page and intake rules', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;
  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    village = await villageOf(env, 'township1');
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const phone = async (): Promise<Page> =>
    (await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 780 } })).newPage();
  const open = async (page: Page, receipt: string) => {
    await page.goto(`${url}/r/receipt`);
    await page.getByTestId('lookup-receipt').fill(receipt);
    await clickSubmit(page.getByTestId('lookup-submit'), 'lookup-submit');
    await page.getByTestId('timeline').waitFor();
  };
  const version = async (id: string) =>
    (await env.ctx().db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const userId = async (username: string) =>
    (await env.ctx().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it(
    'shows a named petition its acknowledgement date, then the extension and new due date, not the reason',
    {
      timeout: 60_000,
    },
    async () => {
      const { id, receipt } = await makeReport(env, village, {
        kind: 'petition',
        named: true,
        reporter: { name: '孙某', phone: '13800004444' },
        subject: { name: '郑某' },
        content: '反映村里低保评定不公开，要求重新评定。',
      });
      const page = await phone();
      await open(page, receipt);
      // 15 days from 2026-11-20 end on a Saturday: the period runs to Monday 12-07 (XF 第二十三条).
      expect(await visibleText(page.getByTestId('ack-due'))).toBe('我们将于 2026年12月7日 前告知您是否受理。');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'receipt-petition-ack.png'), fullPage: true });

      const township = await env.as('township1');
      expect((await township.post(`/api/reports/${id}/acceptance`, { version: await version(id) })).statusCode).toBe(
        200,
      );
      const ext = await township.post(`/api/reports/${id}/deadline-extensions`, {
        kind: 'handle',
        reason: '涉及多个部门，情况复杂',
        approverId: await userId('township1'),
      });
      expect(ext.statusCode, ext.body).toBe(200);
      const [y, m, d] = (ext.json().dueOn as string).split('-').map(Number);
      await open(page, receipt);
      const timeline = await visibleText(page.getByTestId('timeline'));
      expect(timeline).toContain('办理期限延长');
      expect(timeline).toContain(`办理期限延长至${y}年${m}月${d}日`);
      expect(await page.locator('body').innerText()).not.toContain('情况复杂');
      // Accepted: the acknowledgement was given, no date is promised any more.
      expect(await page.getByTestId('ack-due').isVisible()).toBe(false);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'receipt-petition-extended.png'), fullPage: true });
      await page.context().close();
    },
  );

  it(
    'offers a closed petition the re-check with its last day, and a closed accusation the objection instead',
    {
      timeout: 60_000,
    },
    async () => {
      const township = await env.as('township1');
      const close = async (r: { id: string }) => {
        expect(
          (await township.post(`/api/reports/${r.id}/acceptance`, { version: await version(r.id) })).statusCode,
        ).toBe(200);
        const done = await township.post(`/api/reports/${r.id}/disposal`, {
          version: await version(r.id),
          disposition: 'conclude',
          note: '经核实，已依规处理。',
        });
        expect(done.statusCode, done.body).toBe(200);
      };
      const petition = await makeReport(env, village, { kind: 'petition', subject: { name: '卫某' } });
      const accusation = await makeReport(env, village, { subject: { name: '蒋某' } });
      await close(petition);
      await close(accusation);

      const page = await phone();
      await open(page, petition.receipt);
      expect(await visibleText(page.getByTestId('recheck-label'))).toBe(
        '对办理结果有异议？可在 2026年12月20日 前申请复查一次，由渑池县纪委监委复查',
      );
      expect(await page.getByTestId('objection-hint').isVisible()).toBe(false);

      await open(page, accusation.receipt);
      expect(await visibleText(page.getByTestId('objection-hint'))).toContain('我们将记录并向您作出解释');
      expect(await page.getByTestId('recheck-submit').isVisible()).toBe(false);
      expect(await page.locator('body').innerText()).not.toContain('申请复查');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'receipt-accusation-objection.png'), fullPage: true });
      await page.context().close();
    },
  );

  it('promises a named reporter what the rules give for the kind chosen', { timeout: 60_000 }, async () => {
    const page = await phone();
    await page.goto(`${url}/r/${village}`);
    await page.getByTestId('guide-read').click();
    await page.getByTestId('report-form').waitFor();
    const promise = page.getByTestId('named-promise');
    expect(await visibleText(promise)).toContain('15 个工作日内告知是否受理');
    await page.getByTestId('kind-petition').check();
    expect((await visibleText(promise)).trim()).toBe('15 日内告知是否受理，办结后书面答复');
    await page.context().close();
  });
});
