import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/server/shared/context.js';
import { addCaseMember, closeCase } from '../../src/server/modules/cases/index.js';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import { authoriseCase, decideAll, makeCase } from '../../src/server/test/case-factories.js';
import { ctxAs } from '../../src/server/test/factories.js';
import { pdfText } from '../../src/server/test/pdf.js';
import { type ConsoleRig, clickSubmit, pickDate, screenshot, startConsoleRig, visibleText } from './browser.js';
import { bytesOf, docxText } from './walk-helpers.js';

/**
 * The plans and the end of the investigation through the console (the 方案, 审查终结 and 文书 tabs):
 * on a filed case with a team of two (made by the factories, evidence registered through the
 * API as the evidence part's pages would), the team leader drafts the 审查调查方案 (approved by the
 * chain through the factories) and requests a change, which waits for approval while the plan
 * stays as it was → records the facts shown with the person's refusal noted and the collective
 * discussion → drafts the report: an item without provenance cannot be picked (it says what it
 * lacks); an item that lost its provenance after the picker was read is refused by the server in
 * words and nothing is written; a complete item is cited and saved → signs over the hash shown
 * (the other member signs that same hash) → submits with the attachments noted → approved, the
 * case shows 已移送审理 → the 文书 tab lists the report, whose DOCX and PDF are downloaded through
 * the browser and read back → closed (结案, as the review stage's final decision does it), the
 * filing with the higher organ due within 7 working days (timer 34): a date after today refused
 * in words; the server's clock past the due date shows it overdue; filed late, it is marked so and
 * its clock is met.
 */

const FACT = '2025年违规支出村集体资金3万元用于吃喝';
const DAY = 24 * 3_600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('plans and the end of the investigation in headless Chromium', () => {
  let rig: ConsoleRig;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['id', 'username']).execute())
      ids[u.username] = u.id;
  });
  afterAll(async () => rig?.close());

  const db = () => rig.env.ctx().db;
  const caseRow = (id: string) => db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Ticks the checkbox labelled `name` inside `group`. */
  async function tick(group: Locator, name: string, checked = true) {
    const box = group.getByLabel(name);
    if ((await box.isChecked()) !== checked) await box.click();
  }

  async function openTab(page: Page, caseId: string, tab: string) {
    await page.goto(`${rig.url}/cases/${caseId}?tab=${tab}`);
    await page.getByTestId(`case-tab-${tab}`).waitFor({ timeout: 20000 });
  }

  it(
    'plan and change, facts shown, discussion, the report refused then saved, signed, submitted, transferred; documents downloaded',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await inTransaction(await ctxAs(rig.env, 'casemgr'), async (tx) => {
        await addCaseMember(tx, made.id, { userId: ids.zone1!, name: '第一协作区组长', unitName: '一室' }, 'leader');
        await addCaseMember(
          tx,
          made.id,
          { userId: ids.office1!, name: '第一纪检监察室干部', unitName: '一室' },
          'member',
        );
      });
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts) before the zone case is worked.
      await authoriseCase(rig.env, made.id);
      const zone1Api = await rig.env.as('zone1');
      const complete = (title: string, over: Record<string, unknown> = {}) => ({
        type: 'documentary',
        title,
        description: '2025年3月支出凭证3张',
        source: '某村村民委员会（会计王某）',
        collectorIds: [ids.zone1, ids.office1],
        collectedAt: '2026-11-20T02:00:00.000Z',
        place: '某村村委会办公室',
        method: '调取',
        original: false,
        originalLocation: '某村村委会档案室',
        copyReason: '原件系村级会计档案，须留存备查',
        signed: true,
        ...over,
      });
      const evidence: Record<string, string> = {};
      for (const [key, body] of [
        ['bare', { type: 'physical', title: '购物卡一张', original: true }],
        ['voucher', complete('村集体资金支出凭证')],
        ['ledger', complete('村集体资金明细账')],
      ] as const) {
        const res = await zone1Api.post(`/api/cases/${made.id}/evidence`, body);
        expect(res.statusCode, res.body).toBe(201);
        evidence[key] = res.json().id as string;
      }

      const page = await rig.signIn('zone1', { width: 1440, height: 900 });

      // 1. 方案: the leader drafts the 审查调查方案; it waits for approval.
      await openTab(page, made.id, 'plans');
      expect(await visibleText(page.getByTestId('case-plan-rule'))).toContain('不得擅自变更');
      await page.getByTestId('case-plan-draft').click();
      await page.getByTestId('case-plan-title').fill('关于测试对象案审查调查方案的请示');
      await page.getByTestId('case-plan-objectives').fill('查清违规支出村集体资金问题');
      await page.getByTestId('case-plan-matters').fill('资金去向\n决策程序');
      await page.getByTestId('case-plan-measures').fill('调取村集体资金账目\n与相关人员谈话');
      await page.getByTestId('case-plan-schedule').fill('11月21日至11月30日：调取账目');
      await screenshot(page, 'case-conclusion-0-plan-form', false);
      await clickSubmit(page.getByTestId('case-plan-save'), 'case-plan-save');
      const planCard = page.getByTestId('case-plan-investigation');
      await expect.poll(() => planCard.getByTestId('case-plan-status').innerText(), { timeout: 20000 }).toBe('审批中');
      const plan = await db()
        .selectFrom('case_plan_revisions')
        .select(['plan_id', 'approval_id'])
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(await planCard.getByTestId('case-plan-approval-link').getAttribute('href')).toBe(
        `/approvals/${plan.approval_id}`,
      );
      await decideAll(rig.env, plan.approval_id);
      expect((await caseRow(made.id)).status).toBe('investigating');

      // The approved plan: a change goes for approval; the working text stays until then.
      await openTab(page, made.id, 'plans');
      await expect.poll(() => planCard.getByTestId('case-plan-status').innerText(), { timeout: 20000 }).toBe('已批准');
      await planCard.getByTestId('case-plan-change').click();
      expect(await page.getByTestId('case-plan-measures').inputValue()).toBe('调取村集体资金账目\n与相关人员谈话');
      await page.getByTestId('case-plan-measures').fill('调取村集体资金账目\n与相关人员谈话\n查询银行流水');
      await page.getByTestId('case-plan-save').click();
      // No reason: the form says so, nothing is sent.
      await page.getByText('请填写此项').first().waitFor();
      await page.getByTestId('case-plan-reason').fill('发现资金经个人账户转出，需查询银行流水');
      await clickSubmit(page.getByTestId('case-plan-save'), 'case-plan-save');
      await planCard.getByTestId('case-plan-change-pending').waitFor({ timeout: 20000 });
      expect(await visibleText(page.getByTestId('case-plan-done'))).toContain('批准前仍执行现行方案');
      expect(await planCard.getByTestId('case-plan-change').isDisabled()).toBe(true);
      // The working text (numbered items) is still the approved one.
      expect(await planCard.innerText()).toContain('2. 与相关人员谈话');
      expect(await planCard.innerText()).not.toContain('3. 查询银行流水');
      expect(await planCard.getByTestId('case-plan-revisions').innerText()).toContain('发现资金经个人账户转出');
      const working = await db()
        .selectFrom('case_plans')
        .select(['content', 'revision'])
        .where('id', '=', plan.plan_id)
        .executeTakeFirstOrThrow();
      expect(working.revision).toBe(1);
      expect(working.content).not.toContain('查询银行流水');
      await screenshot(page, 'case-conclusion-1-plans');

      // 2. 审查终结: the facts shown, the person refusing to sign (noted by two officers).
      await page.getByTestId('case-tab-conclusion').click();
      const facts = page.getByTestId('case-facts');
      await facts.waitFor({ timeout: 20000 });
      await pickDate(page, 'case-facts-date', '2026-11-20');
      await tick(page.getByTestId('case-facts-shown-by'), '第一协作区组长');
      await tick(page.getByTestId('case-facts-shown-by'), '第一纪检监察室干部');
      await page.getByTestId('case-facts-material').fill('卷二第10页');
      await page.getByTestId('case-facts-outcome-refused').click();
      await page.getByTestId('case-facts-refusal').fill('本人拒绝在事实材料上签署意见，由审查调查组两人注明');
      await clickSubmit(page.getByTestId('case-facts-save'), 'case-facts-save');
      const factsRecord = page.getByTestId('case-facts-record');
      await factsRecord.waitFor({ timeout: 20000 });
      expect(await factsRecord.innerText()).toContain('拒绝签署或有异议');
      expect(await factsRecord.innerText()).toContain('由审查调查组两人注明');
      expect(await page.getByTestId('case-status').first().innerText()).toBe('已见面');
      await screenshot(page, 'case-conclusion-2-facts');

      // The collective discussion, the whole team present.
      const discussion = page.getByTestId('case-discussion');
      await discussion.getByTestId('case-discussion-conclusion').waitFor({ timeout: 20000 });
      await pickDate(page, 'case-discussion-date', '2026-11-20');
      await discussion.getByTestId('case-discussion-conclusion').fill('经集体讨论，事实清楚，同意形成审查调查报告');
      await clickSubmit(discussion.getByTestId('case-discussion-save'), 'case-discussion-save');
      const discussed = page.getByTestId('case-discussion-record');
      await discussed.waitFor({ timeout: 20000 });
      expect(await discussed.innerText()).toContain('第一协作区组长、第一纪检监察室干部');
      await screenshot(page, 'case-conclusion-3-discussion');

      // 3. The report. The bare item cannot be picked and says what it lacks.
      const report = page.getByTestId('case-report');
      await report.getByTestId('case-report-facts').waitFor({ timeout: 20000 });
      await report.getByTestId('case-report-cite-1').waitFor({ timeout: 20000 });
      expect(await report.getByTestId('case-report-cite-1').isDisabled()).toBe(true);
      expect(await report.getByTestId('case-report-missing-1').innerText()).toContain('收集人');
      await report.getByTestId('case-report-background').fill('测试对象，男，1975年出生，中共党员');
      await report.getByTestId('case-report-facts').fill(FACT);
      await report.getByTestId('case-report-attitude').fill('本人拒绝签署事实材料，申辩称系集体决定，经核实不属实');
      await report.getByTestId('case-report-proposal').fill('建议给予党内警告处分');
      await report.getByTestId('case-report-cite-3').click();
      // Meanwhile the ledger item is corrected so that it lacks the signatures (补正 gone wrong).
      const corrected = await zone1Api.put(`/api/cases/${made.id}/evidence/${evidence.ledger}`, {
        ...complete('村集体资金明细账', { signed: false }),
        version: 1,
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      await clickSubmit(report.getByTestId('case-report-save'), 'case-report-save');
      const refused = await visibleText(report.getByTestId('case-report-error'));
      expect(refused).toContain('未保存');
      expect(refused).toContain('证据3“村集体资金明细账”来源信息不全');
      expect(refused).not.toContain(evidence.ledger!);
      expect(await db().selectFrom('case_reports').select('id').where('case_id', '=', made.id).execute()).toEqual([]);
      // The picker was read again: the ledger item is now disabled and no longer ticked.
      await expect.poll(() => report.getByTestId('case-report-cite-3').isDisabled(), { timeout: 20000 }).toBe(true);
      expect(await report.getByTestId('case-report-cite-3').isChecked()).toBe(false);
      await screenshot(page, 'case-conclusion-4-report-refused');
      await report.getByTestId('case-report-cite-2').click();
      await clickSubmit(report.getByTestId('case-report-save'), 'case-report-save');
      await expect.poll(() => report.getByTestId('case-report-status').innerText(), { timeout: 20000 }).toBe('起草中');
      expect(await report.getByTestId('case-report-cited').innerText()).toBe('证据2“村集体资金支出凭证”');
      const saved = (await zone1Api.get(`/api/cases/${made.id}/conclusion`)).json().report;
      expect(saved.text.evidenceIds).toEqual([evidence.voucher]);

      // 4. Signatures over the hash shown: the leader signs here, the member signs the same hash.
      const hash = await report.getByTestId('case-report-hash').innerText();
      expect(hash.trim()).toBe(saved.contentHash);
      await report.getByTestId('case-report-sign').click();
      await expect
        .poll(() => report.getByTestId(`case-report-signature-${ids.zone1}`).innerText(), { timeout: 20000 })
        .toContain('已签');
      expect(await report.getByTestId('case-report-unsigned').innerText()).toContain('第一纪检监察室干部');
      const office1 = await rig.env.as('office1');
      const other = await office1.post(`/api/cases/${made.id}/report/signatures`, { contentHash: hash.trim() });
      expect(other.statusCode, other.body).toBe(201);
      await openTab(page, made.id, 'conclusion');
      await expect
        .poll(() => report.getByTestId(`case-report-signature-${ids.office1}`).innerText(), { timeout: 20000 })
        .toContain('已签');
      await screenshot(page, 'case-conclusion-5-signed');

      // 5. Submission with the three attachments noted; approved, the case goes to review.
      await report.getByTestId('case-report-attachment-selfReflection').fill('卷二第3页');
      await report.getByTestId('case-report-attachment-factsMaterial').fill('卷二第10页');
      await report.getByTestId('case-report-attached-propertyReport').click();
      await report.getByTestId('case-report-attachment-propertyReport').fill('本案不涉及涉案财物');
      await clickSubmit(report.getByTestId('case-report-submit'), 'case-report-submit');
      await expect
        .poll(() => page.getByTestId('case-status').first().innerText(), { timeout: 20000 })
        .toBe('审查调查报告已报批');
      const sent = await db()
        .selectFrom('case_reports')
        .select(['approval_id', 'status'])
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(sent.status).toBe('pending');
      expect(await report.getByTestId('case-report-approval-link').getAttribute('href')).toBe(
        `/approvals/${sent.approval_id}`,
      );
      await decideAll(rig.env, sent.approval_id!);
      await openTab(page, made.id, 'conclusion');
      await expect
        .poll(() => page.getByTestId('case-status').first().innerText(), { timeout: 20000 })
        .toBe('已移送审理');
      expect(await report.getByTestId('case-report-status').innerText()).toBe('已批准');
      await screenshot(page, 'case-conclusion-6-transferred');

      // 6. 文书: the report among the documents, downloaded as DOCX and PDF and read back.
      await page.getByTestId('case-tab-documents').click();
      const row = page.getByTestId('case-document-investigation_report');
      await row.waitFor({ timeout: 20000 });
      const listed = await page.getByTestId('case-documents').innerText();
      for (const title of ['立案审查调查呈批报告', '立案决定书', '立案通知书', '审查调查报告'])
        expect(listed).toContain(title);
      await screenshot(page, 'case-conclusion-7-documents');
      const number = (await caseRow(made.id)).number!;
      const [docx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('case-document-docx-investigation_report').click(),
      ]);
      expect(docx.suggestedFilename()).toBe(`审查调查报告（${number}）.docx`);
      const xml = await docxText(await bytesOf(docx));
      for (const w of ['审查调查报告', number, FACT, '建议给予党内警告处分']) expect(xml).toContain(w);
      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('case-document-pdf-investigation_report').click(),
      ]);
      const text = pdfText(await bytesOf(pdf));
      for (const w of ['审查调查报告', number, FACT, '第一纪检监察室干部（已签字）']) expect(text).toContain(w);

      // 7. 结案: the review stage (built apart) closes the case when its decision is final; the
      //    审查终结 tab shows the filing with the higher organ, due within 7 working days.
      const transferred = await caseRow(made.id);
      await inTransaction(await ctxAs(rig.env, 'casemgr'), (tx) =>
        closeCase(tx, made.id, transferred.version, { note: '审理终结' }),
      );
      const higherClock = () =>
        db()
          .selectFrom('deadlines')
          .select(['due_on', 'met_at'])
          .where('resource_type', '=', 'case')
          .where('resource_id', '=', made.id)
          .where('kind', '=', 'case_filing_higher')
          .executeTakeFirstOrThrow();
      const dueOn = (await higherClock()).due_on;
      expect(dueOn > '2026-11-20').toBe(true);
      await openTab(page, made.id, 'conclusion');
      const closing = page.getByTestId('case-closing');
      await closing.waitFor({ timeout: 20000 });
      expect(await page.getByTestId('case-status').first().innerText()).toBe('已结案');
      expect(await closing.getByTestId('case-closing-due').innerText()).toBe(dueOn);
      expect(await closing.getByTestId('case-closing-not-filed').innerText()).toBe('尚未备案');
      // A filing dated after today: refused in words, nothing recorded.
      await pickDate(page, 'case-closing-date', '2026-11-23');
      await page.getByTestId('case-closing-number').fill('渑纪备〔2026〕3号');
      await clickSubmit(page.getByTestId('case-closing-save'), 'case-closing-save');
      expect(await visibleText(closing.getByTestId('case-closing-error'))).toContain('备案日期不能晚于今天');
      expect((await higherClock()).met_at).toBeNull();
      await screenshot(page, 'case-conclusion-8-closed-refused');

      // 8. The server's clock runs past the due date: the card says it is overdue; filed that
      //    day, the filing is recorded as late and the clock is met.
      rig.env.clock.advance(15 * DAY);
      try {
        const later = await rig.signIn('zone1', { width: 1440, height: 900 });
        await openTab(later, made.id, 'conclusion');
        const late = later.getByTestId('case-closing');
        await expect
          .poll(() => late.getByTestId('case-closing-not-filed').innerText(), { timeout: 20000 })
          .toBe('已超过备案期限，尚未备案');
        await screenshot(later, 'case-conclusion-9-overdue');
        const today = toShanghaiDate(new Date(rig.env.clock.nowMs()).toISOString());
        await pickDate(later, 'case-closing-date', today);
        await later.getByTestId('case-closing-number').fill('渑纪备〔2026〕3号');
        await clickSubmit(later.getByTestId('case-closing-save'), 'case-closing-save');
        const filed = late.getByTestId('case-closing-filed');
        await filed.waitFor({ timeout: 20000 });
        expect(await filed.innerText()).toContain(`${today} 已备案，文号 渑纪备〔2026〕3号`);
        expect(await filed.innerText()).toContain('逾期备案');
        expect(await late.getByTestId('case-closing-save').count()).toBe(0);
        expect((await higherClock()).met_at).not.toBeNull();
        await screenshot(later, 'case-conclusion-10-filed');
      } finally {
        rig.env.clock.advance(-15 * DAY);
      }
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
