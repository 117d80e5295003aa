import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, TINY_PNG, act, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * The whole intake loop as its two people live it: a villager scans the QR link, reports with a
 * photo and keeps the receipt; the township officer finds the report in the console, accepts
 * it, registers a clue, concludes and replies; the villager reads the reply and rates.
 */

const SUBJECT = '端到端对象';
const REPLY = '您反映的补贴问题经核查属实，已责令退还并依纪处理，感谢您的监督。';

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('intake end to end in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  const shot = (page: Page, name: string) => screenshot(page, `e2e-${name}`);

  it(
    'scan → report with a photo → receipt → officer accepts, registers a clue, replies → reporter reads and rates',
    { timeout: 120_000 },
    async () => {
      const db = rig.env.ctx().db;
      const town = await db
        .selectFrom('users as u')
        .innerJoin('units as n', 'n.id', 'u.unit_id')
        .select('n.region_code')
        .where('u.username', '=', 'township1')
        .executeTakeFirstOrThrow();
      const village = await db
        .selectFrom('regions')
        .select('code')
        .where('parent_code', '=', town.region_code)
        .where('level', '=', 'village')
        .orderBy('code')
        .executeTakeFirstOrThrow();

      // 1. The villager scans the poster's QR code: the link carries the village's region code.
      const phone = await rig.newPage({ width: 360, height: 800 });
      await phone.goto(`${rig.url}/r/${village.code}`);
      await phone.getByTestId('guide-read').click();
      await phone.getByTestId('report-form').waitFor();
      await phone.getByTestId('f-subject-name').fill(SUBJECT);
      await phone.getByTestId('f-content').fill('村干部在发放危房改造补贴时收取好处费，照片是收款记录。');
      // A village cadre: the report goes to the township commission, whose officer works it below.
      await phone.getByTestId('subjectRole-village_cadre').check();
      await phone
        .getByTestId('file-input')
        .setInputFiles({ name: '收款记录.png', mimeType: 'image/png', buffer: TINY_PNG });
      await clickSubmit(phone.getByTestId('submit'), 'submit');
      const code = phone.getByTestId('receipt-code');
      await code.waitFor({ timeout: 15000 });
      const receipt = (await code.innerText()).replace(/\s/g, '');
      expect(receipt).toMatch(/^\d{16}$/);
      expect(await visibleText(phone.getByTestId('upload-summary'))).toContain('已上传附件 1 个');
      await shot(phone, 'receipt');
      await phone.getByTestId('receipt-saved').check();
      await phone.getByTestId('receipt-done').click();
      await phone.getByTestId('finished').waitFor();

      // 2. The township officer works it in the console.
      const desk = await rig.signIn('township1', { width: 1366, height: 800 });
      await desk.getByTestId('menu-reports').click();
      await desk.getByTestId('reports-q').fill(SUBJECT);
      await desk.getByTestId('filter-search').click();
      const link = desk.getByTestId('reports-table').getByTestId('report-link').first();
      await desk.getByTestId('reports-table').getByText(SUBJECT).waitFor({ timeout: 15000 });
      await link.click();
      await desk.getByTestId('report-number').waitFor();
      await desk.getByTestId('report-attachments').getByText('收款记录.png').waitFor();
      await act(desk, 'report-accept', '属于本级管辖，予以受理', '已受理');
      await act(desk, 'report-dispose', '反映村干部收取危房改造补贴好处费，作为问题线索办理', '办理中');
      await desk.getByTestId('report-clue').waitFor();
      await act(desk, 'report-conclude', '经核查属实，已责令退还并给予党内警告处分', '已办结');
      await desk.getByTestId('reply-body').fill(REPLY);
      await clickSubmit(desk.getByTestId('reply-submit'), 'reply-submit');
      await desk.getByTestId('report-messages').getByText('感谢您的监督').waitFor({ timeout: 15000 });
      await shot(desk, 'officer');

      // 3. The villager reads the reply on the receipt page and rates the result.
      await phone.goto(`${rig.url}/r/receipt`);
      await phone.getByTestId('lookup-receipt').fill(receipt);
      await clickSubmit(phone.getByTestId('lookup-submit'), 'lookup-submit');
      expect(await visibleText(phone.getByTestId('receipt-status'))).toBe('已办结');
      expect(await visibleText(phone.getByTestId('messages'))).toContain(REPLY);
      expect(await visibleText(phone.getByTestId('attachment-count'))).toBe('1 个');
      // The reporter sees the steps, not the officers' internal notes on them.
      const steps = await visibleText(phone.getByTestId('timeline'));
      expect(steps).toContain('已受理');
      expect(steps).not.toContain('属于本级管辖');
      await phone.getByTestId('rate-satisfied').click();
      expect(await visibleText(phone.getByTestId('rating-done'))).toBe('您的评价：满意');
      await shot(phone, 'rated');

      // What the database holds agrees with what both people saw.
      const row = await db
        .selectFrom('reports')
        .select(['status', 'rating', 'clue_id', 'anonymous'])
        .where('subject_name', '=', SUBJECT)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'concluded', rating: 'satisfied', anonymous: 1 });
      expect(row.clue_id).not.toBeNull();
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
