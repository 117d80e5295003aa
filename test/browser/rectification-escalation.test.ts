import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateItems } from '../../src/server/modules/rectification/index.js';
import { pdfText } from '../../src/server/test/pdf.js';
import {
  type ConsoleRig,
  dialogDate,
  fillHeld,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';
import { bytesOf, docxText, itemDialog, openItem as openItemOn, rigDay, unitOfUser } from './walk-helpers.js';

/**
 * What the rectification loop walk does not click (issue 15 §2), in headless Chromium. An item of
 * the first village's committee fell overdue; the daily job reminded, the 约谈 was recorded (by
 * the API: the loop walk clicks that dialog). The county's 党风政风监督室 (`supervisor`) records
 * the 通报 and then the 问责 in their dialogs on the item page; each record's documents are
 * downloaded from the page (PDF and DOCX) and read back, and both rungs show on the committee's
 * page. A second item, closed, has its 回头看 recorded as 问题反弹 in the dialog: a new item is
 * opened, and the two pages link to each other (the new one names the closed one, the closed one
 * lists the new one).
 */

const DAY = 24 * 3_600_000;
const LATE = '村级光伏扶贫电站收益分配不公开（督办升级）';
const RELAPSE = '村卫生室药品进销存台账缺失（回头看反弹）';

/** Downloads `testId` under `scope` on `page` and returns its text (PDF or DOCX by the id's end). */
async function download(page: Page, scope: ReturnType<Page['getByTestId']>, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), scope.getByTestId(testId).click()]);
  const bytes = await bytesOf(file);
  return testId.endsWith('-pdf') ? pdfText(bytes).replace(/\s+/g, '') : docxText(bytes);
}

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'escalation dialogs and the 回头看 relapse in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let village: { id: string; name: string };

    beforeAll(async () => {
      rig = await startConsoleRig();
      village = await unitOfUser(rig, 'vcadre1');
    });
    afterAll(async () => rig?.close());

    const today = (plus = 0) => rigDay(rig, plus);
    const item = (id: string) =>
      rig.env.ctx().db.selectFrom('rectification_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    const openItem = (page: Page, id: string) => openItemOn(rig, page, id);

    const dialog = itemDialog;

    it('records 通报 and 问责 in their dialogs, with documents read back', { timeout: 600_000 }, async () => {
      const db = rig.env.ctx().db;
      const api = await rig.env.as('supervisor');
      const opened = await api.post('/api/rectification-items', {
        source: 'audit',
        problem: LATE,
        ownerUnitId: village.id,
        dueOn: today(3),
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const id = opened.json<{ id: string }>().id;
      rig.env.clock.advance(6 * DAY);
      await escalateItems(rig.env.ctx());
      const admonition = await (
        await rig.env.as('supervisor')
      ).post(`/api/rectification-items/${id}/escalations`, {
        version: (await item(id)).version,
        rung: 'admonition',
        content: {
          principal: '王某某（村党支部书记）',
          heldAt: `${today()} 10:00`,
          place: '乡纪委谈话室',
          talkers: '党风政风监督室 张某',
          said: '指出光伏收益分配不公开的问题',
          required: '5个工作日内公开收益分配方案',
        },
      });
      expect(admonition.statusCode, admonition.body).toBe(201);

      // 1. 通报, in its dialog.
      const page = await signInAtServerTime(rig, 'supervisor');
      await openItem(page, id);
      expect(await page.getByTestId('rectification-escalate-open').innerText()).toContain('通报');
      await dialog(
        page,
        'rectification-escalate',
        async () => {
          await fillHeld(
            page.getByTestId('rectification-escalate-field-text'),
            '该村光伏扶贫电站收益分配长期不公开，经约谈仍未整改到位，现予通报。',
          );
          await fillHeld(page.getByTestId('rectification-escalate-field-audience'), '各乡镇纪委、各村（社区）');
        },
        'rectification-escalation-1-circular-dialog',
      );
      await expect.poll(async () => (await item(id)).escalation, { timeout: 20000 }).toBe('circular');
      const circular = page.getByTestId('rectification-escalations').getByTestId('escalation-circular');
      await circular.waitFor({ timeout: 20000 });
      for (const format of ['pdf', 'docx']) {
        const text = await download(page, circular, `escalation-doc-circular-${format}`);
        for (const words of ['关于整改事项落实不力情况的通报', LATE, '经约谈仍未整改到位', '各乡镇纪委、各村（社区）'])
          expect(text, `${format}: ${words}`).toContain(words);
      }

      // 2. 问责, in its dialog: the last rung; its 问责记录 downloaded and read back.
      await page.getByTestId('rectification-escalate-open').waitFor({ timeout: 20000 });
      expect(await page.getByTestId('rectification-escalate-open').innerText()).toContain('问责');
      await dialog(
        page,
        'rectification-escalate',
        async () => {
          // A fresh record: nothing of the 通报's words carried over into it.
          expect(await page.getByTestId('rectification-escalate-field-text').inputValue()).toBe('');
          await fillHeld(page.getByTestId('rectification-escalate-field-person'), '王某某（村党支部书记）');
          await fillHeld(page.getByTestId('rectification-escalate-field-form'), '诫勉谈话');
          await fillHeld(
            page.getByTestId('rectification-escalate-field-text'),
            '责令作出书面检查，年度考核不得评为优秀。',
          );
        },
        'rectification-escalation-2-accountability-dialog',
      );
      await expect.poll(async () => (await item(id)).escalation, { timeout: 20000 }).toBe('accountability');
      const rungs = await db
        .selectFrom('rectification_escalations')
        .select(['rung', 'content'])
        .where('item_id', '=', id)
        .orderBy('at')
        .execute();
      // The server's clock stands still in a walk: the rungs share an instant, so no order by time.
      expect(rungs.map((r) => r.rung).sort()).toEqual(['accountability', 'admonition', 'circular', 'reminder']);
      const last = rungs.find((r) => r.rung === 'accountability')!;
      expect(JSON.parse(last.content)).toEqual({
        person: '王某某（村党支部书记）',
        form: '诫勉谈话',
        text: '责令作出书面检查，年度考核不得评为优秀。',
      });
      const accountable = page.getByTestId('rectification-escalations').getByTestId('escalation-accountability');
      await accountable.waitFor({ timeout: 20000 });
      // No rung above 问责: the dialog is gone.
      await expect.poll(() => page.getByTestId('rectification-escalate-open').count(), { timeout: 10000 }).toBe(0);
      for (const format of ['pdf', 'docx']) {
        const text = await download(page, accountable, `escalation-doc-accountability_record-${format}`);
        for (const words of ['问责记录', '王某某', '诫勉谈话', LATE, '经督促提醒、约谈、通报后仍未完成整改'])
          expect(text, `${format}: ${words}`).toContain(words);
      }
      await screenshot(page, 'rectification-escalation-3-item');

      // 3. Both rungs on the committee's page.
      await page.goto(`${rig.url}/units/${village.id}/rectification`);
      const onUnit = page.getByTestId('unit-rectification-escalations');
      await onUnit.getByTestId('escalation-accountability').waitFor({ timeout: 20000 });
      await onUnit.getByTestId('escalation-circular').waitFor({ timeout: 20000 });
      expect(await onUnit.innerText()).toContain('诫勉谈话');
      await screenshot(page, 'rectification-escalation-4-unit');
      expect(rig.pageErrors).toEqual([]);
    });

    it('records a relapse at 回头看: a new item, the two linked both ways', { timeout: 600_000 }, async () => {
      const db = rig.env.ctx().db;
      const supervisor = await rig.env.as('supervisor');
      const contact = await rig.env.as('vcadre1');
      const opened = await supervisor.post('/api/rectification-items', {
        source: 'inspection_tour',
        problem: RELAPSE,
        ownerUnitId: village.id,
        dueOn: today(20),
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const id = opened.json<{ id: string }>().id;
      const started = await contact.post(`/api/rectification-items/${id}/start`, { version: (await item(id)).version });
      expect(started.statusCode, started.body).toBe(200);
      const submitted = await contact.post(`/api/rectification-items/${id}/submission`, {
        version: (await item(id)).version,
        evidenceNote: '已建立药品进销存台账',
        noFilesReason: '台账原件在卫生室，验收时现场查看',
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
      const accepted = await supervisor.post(`/api/rectification-items/${id}/acceptance`, {
        version: (await item(id)).version,
        note: '现场查看台账齐全，同意销号',
        followUpOn: today(1),
      });
      expect(accepted.statusCode, accepted.body).toBe(200);

      const page = await signInAtServerTime(rig, 'supervisor');
      await openItem(page, id);
      await dialog(
        page,
        'rectification-follow-up',
        async () => {
          await page.getByTestId('rectification-follow-up-result').getByText('问题反弹').click();
          await fillHeld(page.getByTestId('rectification-follow-up-note'), '回头看发现10月起台账又未登记');
          await dialogDate(page, 'rectification-follow-up-due', today(15));
        },
        'rectification-escalation-5-relapse-dialog',
      );
      await expect.poll(async () => (await item(id)).follow_up_result, { timeout: 20000 }).toBe('relapsed');
      const fresh = await db
        .selectFrom('rectification_items')
        .selectAll()
        .where('relapse_of', '=', id)
        .executeTakeFirstOrThrow();
      expect(fresh).toMatchObject({
        status: 'open',
        owner_unit_id: village.id,
        due_on: today(15),
        source_kind: 'inspection_tour',
      });
      expect((await item(id)).status).toBe('closed');

      // The closed item lists the new one; the new one names the closed one.
      const link = page.getByTestId('rectification-relapse-link');
      await link.waitFor({ timeout: 20000 });
      expect(await link.innerText()).toContain(RELAPSE);
      expect(await visibleText(page.getByTestId('rectification-follow-up-shown'))).toContain('问题反弹');
      await screenshot(page, 'rectification-escalation-6-closed-with-relapse');
      await link.click();
      await page.waitForURL(`${rig.url}/rectification/${fresh.id}`, { timeout: 20000 });
      const back = page.getByTestId('rectification-relapse-of');
      await back.waitFor({ timeout: 20000 });
      expect(await page.getByTestId('rectification-problem').innerText()).toContain(RELAPSE);
      await screenshot(page, 'rectification-escalation-7-relapse-item');
      await back.click();
      await page.waitForURL(`${rig.url}/rectification/${id}`, { timeout: 20000 });
      await page.getByTestId('rectification-relapse-link').waitFor({ timeout: 20000 });
      expect(rig.pageErrors).toEqual([]);
    });
  },
);
