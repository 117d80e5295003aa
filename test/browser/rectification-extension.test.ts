import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleRig,
  approveInConsole,
  dialogDate,
  fillHeld,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';
import { itemDialog, openItem as openItemOn, rigDay, unitOfUser } from './walk-helpers.js';

/**
 * An extension of a rectification item through the approvals chain (申请延期 → 呈批 → 审批, issue
 * 15 §2 "approved like any extension") in headless Chromium. Township 1's commission has opened an
 * item for the first village's committee; the committee's contact (`vcadre1`), on a phone, asks to
 * move the due date; the commission (`township1`) sees 呈批 and 不予延期 (no 批准 of its own),
 * submits it with its opinion, and the page shows the approval's state with a link to it; the
 * chain's holder signs on the approvals page; the contact's page shows the new due date and the
 * request approved. Every step is checked in the database too.
 */

const PHONE = { width: 390, height: 844 };
const REASON = '需待村民代表会议审议整改方案，会议定于下月召开';
const OPINION = '所述情况属实，拟同意延期至申请日期';

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'an extension through the approvals chain in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let village: { id: string; name: string };

    beforeAll(async () => {
      rig = await startConsoleRig();
      village = await unitOfUser(rig, 'vcadre1');
    });
    afterAll(async () => rig?.close());

    const today = (plus = 0) => rigDay(rig, plus);
    const extensions = (id: string) =>
      rig.env.ctx().db.selectFrom('rectification_extensions').selectAll().where('item_id', '=', id).execute();

    const openItem = (page: Page, id: string) => openItemOn(rig, page, id);

    const dialog = itemDialog;

    it(
      'requested on a phone, submitted by the commission, signed on the approvals page: the due date moves',
      {
        timeout: 600_000,
      },
      async () => {
        const db = rig.env.ctx().db;
        // The township's commission has opened the item (the ledger's own walk opens one by hand).
        const opened = await (
          await rig.env.as('township1')
        ).post('/api/rectification-items', {
          source: 'audit',
          sourceDocument: '审计报告（县审〔2026〕15号）',
          problem: '村集体资金大额支出未经村民代表会议决议（延期申请）',
          ownerUnitId: village.id,
          dueOn: today(20),
        });
        expect(opened.statusCode, opened.body).toBe(201);
        const id = opened.json<{ id: string }>().id;

        // 1. The village contact, on a phone, asks to move the due date.
        const phone = await rig.signIn('vcadre1', PHONE);
        await openItem(phone, id);
        await dialog(
          phone,
          'rectification-extension',
          async () => {
            await dialogDate(phone, 'rectification-extension-due', today(50));
            await fillHeld(phone.getByTestId('rectification-extension-reason'), REASON);
          },
          'rectification-extension-1-phone-request',
        );
        await expect
          .poll(async () => (await extensions(id)).map((x) => x.status), { timeout: 20000 })
          .toEqual(['pending']);
        // The contact cannot ask twice while it waits, and has nothing to decide.
        await phone.getByTestId('rectification-extension-pending').waitFor({ timeout: 20000 });
        expect(await phone.getByTestId('rectification-extension-open').count()).toBe(0);
        expect(await phone.getByTestId('rectification-extension-submission-open').count()).toBe(0);

        // 2. The commission sees 呈批 and 不予延期 — no 批准 of its own — and submits it with its opinion.
        const township = await rig.as('township1');
        await openItem(township, id);
        await township.getByTestId('rectification-extension-submission-open').waitFor({ timeout: 20000 });
        expect(await township.getByTestId('rectification-extension-refusal-open').count()).toBe(1);
        expect(await township.getByTestId('rectification-extension-decision-open').count()).toBe(0);
        await screenshot(township, 'rectification-extension-2-issuer');
        await dialog(
          township,
          'rectification-extension-submission',
          () => fillHeld(township.getByTestId('rectification-extension-opinion'), OPINION),
          'rectification-extension-3-submit',
        );
        await expect.poll(async () => (await extensions(id))[0]?.status, { timeout: 20000 }).toBe('in_approval');
        const [ext] = await extensions(id);
        expect(ext).toMatchObject({ submit_opinion: OPINION, requested_due_on: today(50) });
        const approval = await db
          .selectFrom('approvals')
          .select(['action', 'status', 'title'])
          .where('id', '=', ext!.approval_id!)
          .executeTakeFirstOrThrow();
        expect(approval).toMatchObject({ action: 'rectification.extension', status: 'pending' });
        // The page shows the request in the chain, with its approval linked; the buttons are gone.
        await township.getByTestId('rectification-extension-in_approval').waitFor({ timeout: 20000 });
        expect(await visibleText(township.getByTestId('rectification-extension-in_approval'))).toContain('审批中');
        expect(await township.getByTestId('rectification-extension-approval-link').getAttribute('href')).toBe(
          `/approvals/${ext!.approval_id}`,
        );
        expect(await township.getByTestId('rectification-extension-submission-open').count()).toBe(0);
        expect(await visibleText(township.getByTestId('rectification-due'))).toContain(today(20));
        await screenshot(township, 'rectification-extension-4-in-approval');

        // 3. The chain's holder (the township's 主要负责人) signs on the approvals page, reached from the link.
        await township.getByTestId('rectification-extension-approval-link').click();
        await township.waitForURL(new RegExp(`/approvals/${ext!.approval_id}$`), { timeout: 20000 });
        await township.getByTestId('approval-decision').waitFor({ timeout: 20000 });
        await screenshot(township, 'rectification-extension-5-approval');
        const signers = await approveInConsole(rig.env, rig.url, ext!.approval_id!, rig.as);
        expect(signers).toEqual(['township1']);
        await expect.poll(async () => (await extensions(id))[0]?.status, { timeout: 20000 }).toBe('approved');
        const moved = await db
          .selectFrom('rectification_items')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(moved).toMatchObject({ due_on: today(50), original_due_on: today(20) });

        // 4. The contact's page shows the new due date and the request approved.
        await openItem(phone, id);
        expect(await visibleText(phone.getByTestId('rectification-due'))).toContain(today(50));
        await phone.getByTestId('rectification-extension-approved').waitFor({ timeout: 20000 });
        expect(await visibleText(phone.getByTestId('rectification-extension-approved'))).toContain('已批准');
        // The unit sees the approval's state; the approval itself is the commission's, linked for it only.
        expect(await phone.getByTestId('rectification-extension-approval-link').count()).toBe(0);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await screenshot(phone, 'rectification-extension-6-phone-approved');
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
