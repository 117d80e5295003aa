import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateItems } from '../../src/server/modules/rectification/index.js';
import { pdfText } from '../../src/server/test/pdf.js';
import { PHONE_METADATA, phoneJpeg } from '../../src/server/test/sample-files.js';
import {
  type ConsoleRig,
  dialogDate,
  fillHeld,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';
import { bytesOf, docxText, itemDialog, openItem as openItemOn, rigDay, unitOfUser } from './walk-helpers.js';

/**
 * The rectification loop of issue 15 in headless Chromium. The county's 党风政风监督室
 * (`supervisor`) opens an item for the first village's committee on the ledger; the committee's
 * contact (`vcadre1`), on a phone, starts it, photographs the evidence and submits; the issuer
 * rejects it once with a reason, which the contact reads in red and answers by submitting again;
 * the issuer accepts (销号) and records the 回头看 (holds). A second item goes overdue, the daily
 * job sends the reminder, 5 working days later 约谈 is due and the supervisor records it; the
 * 约谈 shows on the committee's page (reached from the ledger's unit column) with its record
 * downloadable and read back. Every step is checked in the database too.
 */

const DAY = 24 * 3_600_000;
const PHONE = { width: 390, height: 844 };
const PROBLEM = '村集体资金支出凭证不全，报销未经村务监督委员会审核（整改闭环）';
const REASON = '凭证照片不清晰，缺少村务监督委员会审核意见';

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the rectification loop in headless Chromium', () => {
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
  const status = async (id: string) => (await item(id)).status;

  const openItem = (page: Page, id: string) => openItemOn(rig, page, id);

  const dialog = itemDialog;

  it('runs an item from 交办 to 回头看 and escalates an overdue one to 约谈', { timeout: 600_000 }, async () => {
    const db = rig.env.ctx().db;

    // 1. The supervisor opens the item on the ledger for the village committee.
    const supervisor = await signInAtServerTime(rig, 'supervisor');
    await supervisor.goto(`${rig.url}/rectification`);
    await supervisor.getByTestId('rectification-table').waitFor({ timeout: 30000 });
    await dialog(
      supervisor,
      'rectification-create',
      async () => {
        await fillHeld(supervisor.getByTestId('rectification-create-document'), '审计报告（县审〔2026〕12号）');
        await fillHeld(supervisor.getByTestId('rectification-create-problem'), PROBLEM);
        await pickOption(supervisor, 'rectification-create-unit', village.name, true);
        await dialogDate(supervisor, 'rectification-create-due', today(30));
      },
      'rectification-loop-1-create',
    );
    await supervisor.waitForURL(/\/rectification\/[0-9a-f-]{36}$/, { timeout: 20000 });
    const id = supervisor.url().split('/').pop()!;
    const opened = await item(id);
    expect(opened).toMatchObject({ owner_unit_id: village.id, status: 'open', due_on: today(30), problem: PROBLEM });
    await supervisor.getByTestId('rectification-detail').waitFor({ timeout: 20000 });
    await screenshot(supervisor, 'rectification-loop-2-item-issuer');

    // 2. The village contact, on a phone: starts, photographs the evidence, submits.
    const phone = await rig.signIn('vcadre1', PHONE);
    await openItem(phone, id);
    await phone.getByTestId('rectification-start').click();
    await expect.poll(() => status(id), { timeout: 20000 }).toBe('in_progress');
    await phone.getByTestId('rectification-upload-button').waitFor({ timeout: 20000 });
    await phone.locator('[data-testid="rectification-upload"] input[type=file]').setInputFiles({
      name: '凭证照片.jpg',
      mimeType: 'image/jpeg',
      buffer: await phoneJpeg(),
    });
    await expect.poll(() => phone.getByTestId('rectification-file').count(), { timeout: 30000 }).toBe(1);
    const files = await db.selectFrom('rectification_files').selectAll().where('item_id', '=', id).execute();
    expect(files).toHaveLength(1);
    // The phone's own words about itself did not reach the stored photo.
    const photo = await (await rig.env.as('supervisor')).get(`/api/rectification-items/${id}/files/${files[0]!.id}`);
    expect(photo.rawPayload.includes(Buffer.from(PHONE_METADATA.model))).toBe(false);
    // One column, nothing wider than the phone.
    const box = await phone.getByTestId('rectification-upload-button').boundingBox();
    expect(box!.width).toBeGreaterThan(PHONE.width * 0.5);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The menu folds away entirely on a phone (the page has the whole width); its tab opens it.
    const menuTab = phone.locator('.ant-layout-sider-zero-width-trigger');
    const menuWidth = async () => (await phone.locator('.qf-sider').boundingBox())?.width ?? -1;
    expect(await menuTab.isVisible()).toBe(true);
    expect(await menuWidth()).toBe(0);
    await menuTab.click();
    await expect.poll(menuWidth, { timeout: 10000 }).toBe(200);
    await phone.getByTestId('menu-rectification').waitFor({ state: 'visible', timeout: 10000 });
    await screenshot(phone, 'rectification-loop-3a-phone-menu', false);
    await menuTab.click();
    await expect.poll(menuWidth, { timeout: 10000 }).toBe(0);
    await screenshot(phone, 'rectification-loop-3-phone-evidence');
    await dialog(phone, 'rectification-submit', () =>
      fillHeld(phone.getByTestId('rectification-submit-note'), '已补齐全部支出凭证'),
    );
    await expect.poll(() => status(id), { timeout: 20000 }).toBe('submitted');

    // 3. The supervisor rejects it once, with the reason.
    await openItem(supervisor, id);
    await dialog(
      supervisor,
      'rectification-reject',
      () => fillHeld(supervisor.getByTestId('rectification-reject-reason'), REASON),
      'rectification-loop-4-reject',
    );
    await expect.poll(async () => (await item(id)).rejections, { timeout: 20000 }).toBe(1);
    expect(await item(id)).toMatchObject({ status: 'in_progress', last_rejection: REASON });

    // 4. The contact reads the reason in red on the phone and submits again.
    await openItem(phone, id);
    expect(await visibleText(phone.getByTestId('rectification-rejection'))).toContain(REASON);
    await screenshot(phone, 'rectification-loop-5-phone-rejected');
    await dialog(phone, 'rectification-submit', () =>
      fillHeld(phone.getByTestId('rectification-submit-note'), '已补充村务监督委员会审核意见'),
    );
    await expect.poll(() => status(id), { timeout: 20000 }).toBe('submitted');

    // 5. The supervisor accepts (销号), then records the 回头看: it holds.
    await openItem(supervisor, id);
    await dialog(supervisor, 'rectification-accept', () =>
      fillHeld(supervisor.getByTestId('rectification-accept-note'), '经核查，整改到位，同意销号'),
    );
    await expect.poll(() => status(id), { timeout: 20000 }).toBe('closed');
    await dialog(
      supervisor,
      'rectification-follow-up',
      () => fillHeld(supervisor.getByTestId('rectification-follow-up-note'), '回头看：凭证管理制度已执行，未见反弹'),
      'rectification-loop-6-follow-up',
    );
    await expect.poll(async () => (await item(id)).follow_up_result, { timeout: 20000 }).toBe('holds');
    const closed = await item(id);
    expect(closed.followed_up_at).not.toBeNull();
    expect(closed.acceptance_note).toBe('经核查，整改到位，同意销号');
    expect(await db.selectFrom('rectification_items').select('id').where('relapse_of', '=', id).execute()).toEqual([]);
    const events = (
      await db.selectFrom('rectification_events').select('kind').where('item_id', '=', id).orderBy('at').execute()
    ).map((e) => e.kind);
    expect(events.filter((k) => k === 'submitted')).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining(['created', 'started', 'file_added', 'rejected', 'accepted', 'followed_up']),
    );
    await expect
      .poll(() => supervisor.getByTestId('rectification-follow-up-shown').innerText())
      .toContain('整改成效巩固');
    const [acceptance] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.getByTestId('rectification-doc-acceptance-pdf').click(),
    ]);
    const acceptanceText = pdfText(await bytesOf(acceptance)).replace(/\s+/g, '');
    expect(acceptanceText).toContain('经核查，整改到位，同意销号');
    await screenshot(supervisor, 'rectification-loop-7-closed');

    // 6. A second item falls overdue: the job reminds, 约谈 comes due 5 working days later.
    const api = await rig.env.as('supervisor');
    const second = await api.post('/api/rectification-items', {
      source: 'audit',
      problem: '扶贫项目资金拨付滞后（整改闭环）',
      ownerUnitId: village.id,
      dueOn: today(3),
    });
    expect(second.statusCode, second.body).toBe(201);
    const late = second.json<{ id: string }>().id;
    rig.env.clock.advance(6 * DAY);
    await escalateItems(rig.env.ctx());
    expect(await item(late)).toMatchObject({ escalation: 'reminder', next_escalation: 'admonition' });
    rig.env.clock.advance(8 * DAY);
    await escalateItems(rig.env.ctx());

    const issuer = await signInAtServerTime(rig, 'supervisor');
    await openItem(issuer, late);
    expect(await visibleText(issuer.getByTestId('rectification-escalation-due'))).toContain('约谈');
    await dialog(
      issuer,
      'rectification-escalate',
      async () => {
        await fillHeld(
          issuer.getByTestId('rectification-escalate-field-principal'),
          '李某某（村党支部书记、村委会主任）',
        );
        await fillHeld(issuer.getByTestId('rectification-escalate-field-heldAt'), `${today()} 09:30`);
        await fillHeld(issuer.getByTestId('rectification-escalate-field-place'), '县纪委监委谈话室');
        await fillHeld(issuer.getByTestId('rectification-escalate-field-talkers'), '党风政风监督室 张某');
        await fillHeld(
          issuer.getByTestId('rectification-escalate-field-said'),
          '指出扶贫项目资金拨付滞后的问题及其危害',
        );
        await fillHeld(
          issuer.getByTestId('rectification-escalate-field-required'),
          '10个工作日内完成拨付并报送整改材料',
        );
      },
      'rectification-loop-8-admonition',
    );
    await expect.poll(async () => (await item(late)).escalation, { timeout: 20000 }).toBe('admonition');
    const rungs = await db
      .selectFrom('rectification_escalations')
      .select(['rung', 'reason', 'content', 'recorded_by_name'])
      .where('item_id', '=', late)
      .orderBy('at')
      .execute();
    expect(rungs.map((r) => r.rung)).toEqual(['reminder', 'admonition']);
    expect(rungs[1]!.reason).toBe('overdue');
    expect(JSON.parse(rungs[1]!.content)).toMatchObject({ principal: '李某某（村党支部书记、村委会主任）' });

    // 7. The ledger: overdue filter, charts; the unit column opens the committee's page with the 约谈.
    await issuer.goto(`${rig.url}/rectification?overdue=true`);
    const row = issuer
      .getByTestId('rectification-table')
      .locator('tr', { hasText: '扶贫项目资金拨付滞后（整改闭环）' });
    await row.waitFor({ timeout: 30000 });
    expect(await issuer.getByTestId('rectification-table').innerText()).not.toContain(PROBLEM);
    await issuer.getByTestId('rectification-trend-chart').locator('canvas').waitFor({ timeout: 20000 });
    await screenshot(issuer, 'rectification-loop-9-ledger');
    await row.getByTestId('rectification-unit-link').click();
    await issuer.waitForURL(`${rig.url}/units/${village.id}/rectification`, { timeout: 20000 });
    const escalations = issuer.getByTestId('unit-rectification-escalations');
    await escalations.getByTestId('escalation-admonition').waitFor({ timeout: 20000 });
    expect(await escalations.innerText()).toContain('李某某（村党支部书记、村委会主任）');
    expect(await issuer.getByTestId('unit-rectification-open').innerText()).toContain(
      '扶贫项目资金拨付滞后（整改闭环）',
    );
    await screenshot(issuer, 'rectification-loop-10-unit');
    const [record] = await Promise.all([
      issuer.waitForEvent('download'),
      escalations.getByTestId('escalation-admonition').getByTestId('escalation-doc-admonition_record-pdf').click(),
    ]);
    const recordText = pdfText(await bytesOf(record)).replace(/\s+/g, '');
    expect(recordText).toContain('约谈记录');
    expect(recordText).toContain('10个工作日内完成拨付并报送整改材料');
    const [recordDocx] = await Promise.all([
      issuer.waitForEvent('download'),
      escalations.getByTestId('escalation-admonition').getByTestId('escalation-doc-admonition_record-docx').click(),
    ]);
    expect(await docxText(await bytesOf(recordDocx))).toContain('李某某');

    // The contact's phone shows the same page.
    const phone2 = await rig.signIn('vcadre1', PHONE);
    await phone2.goto(`${rig.url}/units/${village.id}/rectification`);
    await phone2.getByTestId('escalation-admonition').waitFor({ timeout: 30000 });
    await screenshot(phone2, 'rectification-loop-11-phone-unit');
    expect(rig.pageErrors).toEqual([]);
  });
});
