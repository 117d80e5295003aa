import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAll, makeCase, makeProposedClue } from '../../src/server/test/case-factories.js';
import { villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * The case stage's filing through the console only (issue 13 §7): a clue proposed for filing
 * (拟立案, made by the test factories: the clue stage's own main path walks there) waits on
 * 案管's workbench → 案管 opens it and drafts the 立案审查调查呈批报告 in zone mode (a refusal first:
 * a missing condition, said in words, nothing written) → the principal leader approves it from
 * the approvals console → 案管 records the committee secretary's signature from the paper → the
 * case is filed with its number, shown on the case page and in the ledger, and counted on the
 * zone dashboard; the subject's township secretary sees the ledger line only. Read from the
 * database are only the filing approval's id and who holds its step (what a person reads in
 * their to-dos).
 */

const SUBJECT = '立案浏览器对象';

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('case filing in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};

  async function approvalRow(approvalId: string) {
    return rig.env
      .ctx()
      .db.selectFrom('approvals as a')
      .leftJoin('users as u', 'u.id', 'a.current_holder_id')
      .leftJoin('approval_steps as s', 's.id', 'a.current_step_id')
      .select(['a.status', 'a.version', 'u.username', 's.offline', 's.post'])
      .where('a.id', '=', approvalId)
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute())
      names[u.username] = u.display_name;
  });
  afterAll(async () => rig?.close());

  it(
    '案管 drafts the filing request from a 拟立案 clue, both leaders sign, the case is filed; the township sees the line',
    { timeout: 600_000 },
    async () => {
      const clue = await makeProposedClue(rig.env, 'casemgr', {
        regionCode: await villageOf(rig.env, 'township1'),
        subjects: [{ name: SUBJECT, position: '村党支部书记' }],
      });

      // 1. The clue waits on 案管's workbench; its line opens the clue, whose page offers the draft.
      const casemgr = await rig.as('casemgr');
      const card = casemgr.getByTestId('card-cases.to_draft');
      await card.getByText(clue.number).waitFor({ timeout: 20000 });
      await screenshot(casemgr, 'case-filing-0-workbench');
      await card.locator(`a[href="/clues/${clue.id}"]`).first().click();
      await casemgr.getByTestId('clue-number').waitFor({ timeout: 20000 });
      await casemgr.getByTestId('clue-draft-filing').click();
      await casemgr.getByTestId('filing-form').waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('filing-title').inputValue()).toBe(`关于对${SUBJECT}立案审查调查的请示`);
      expect(await casemgr.getByTestId('filing-clue-subjects').innerText()).toContain(SUBJECT);

      // 2. The request in zone mode, with one condition missing: refused in words, nothing written.
      await casemgr
        .getByTestId('filing-basis')
        .fill('初步核实查明：2025年该村集体资金3万元未经民主程序支出，去向不明。');
      await casemgr.getByTestId('filing-condition-needs_investigation').check();
      await casemgr.getByTestId('filing-condition-accountability').check();
      expect(await casemgr.getByTestId('filing-unit').count()).toBe(0);
      await casemgr.getByTestId('filing-zone').waitFor();
      await pickOption(casemgr, 'filing-reason', '本乡镇干部需回避');
      await screenshot(casemgr, 'case-filing-1-form');
      await clickSubmit(casemgr.getByTestId('filing-submit'), 'filing-submit');
      expect(await visibleText(casemgr.getByTestId('filing-error'))).toContain(
        '立案条件不具备：已经掌握部分违纪违法事实和证据',
      );
      expect(await rig.env.ctx().db.selectFrom('cases').select('id').where('clue_id', '=', clue.id).execute()).toEqual(
        [],
      );
      // A mode that needs a unit shows its field, and the reasons follow the mode.
      await pickOption(casemgr, 'filing-mode', '交叉办理');
      await casemgr.getByTestId('filing-unit').waitFor();
      await pickOption(casemgr, 'filing-mode', '协作区办理');
      await pickOption(casemgr, 'filing-reason', '本乡镇干部需回避');
      await casemgr.getByTestId('filing-condition-facts_established').check();
      await clickSubmit(casemgr.getByTestId('filing-submit'), 'filing-submit');
      await casemgr.waitForURL(/\/cases\/[^/]+$/, { timeout: 20000 });
      await expect.poll(() => casemgr.getByTestId('case-number').innerText(), { timeout: 20000 }).toBe('立案呈批中');
      expect(await casemgr.getByTestId('case-status').first().innerText()).toBe('立案呈批中');
      const caseId = /\/cases\/([^/?#]+)/.exec(casemgr.url())![1]!;
      const row = await rig.env
        .ctx()
        .db.selectFrom('cases')
        .select(['filing_approval_id'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      const approvalId = row.filing_approval_id!;
      await casemgr.getByTestId('case-tab-approval').click();
      await casemgr.getByTestId('case-approval-link').waitFor({ timeout: 20000 });

      // 3. The chain: each platform step by its holder from the approvals console (the leader
      //    among them), the committee's principal leader recorded by 案管 from the signed paper.
      const signers: string[] = [];
      for (let step = 0; step < 6; step++) {
        const a = await approvalRow(approvalId);
        if (a.status !== 'pending') break;
        if (Number(a.offline) === 1) {
          await casemgr.goto(`${rig.url}/approvals/${approvalId}`);
          const offline = casemgr.getByTestId('approval-offline');
          await offline.waitFor({ timeout: 20000 });
          await offline.getByLabel('签批人姓名').fill('县委书记');
          const date = offline.getByLabel('签批日期');
          await date.click();
          await date.fill('2026-11-20');
          // Tab, not Enter: Enter in a field submits the form.
          await date.press('Tab');
          await casemgr.keyboard.press('Escape');
          await offline.locator('textarea').fill('同意立案');
          await clickSubmit(offline.getByRole('button', { name: '登记线下签批' }), 'record the paper signature');
          signers.push('paper');
        } else {
          const holder = await rig.as(a.username!);
          await holder.getByTestId('menu-approvals').click();
          await holder.locator(`a[href="/approvals/${approvalId}"]`).first().click();
          await holder.getByTestId('approval-decision').waitFor({ timeout: 20000 });
          await holder.getByTestId('approval-opinion').fill('同意立案审查调查');
          await clickSubmit(holder.getByTestId('approval-approve'), 'approval-approve');
          signers.push(a.username!);
        }
        await expect
          .poll(async () => (await approvalRow(approvalId)).version, { timeout: 20000 })
          .toBeGreaterThan(a.version);
      }
      expect(signers).toContain('leader');
      expect(signers.at(-1)).toBe('paper');
      expect((await approvalRow(approvalId)).status).toBe('approved');

      // 4. Filed: the number, the state, the mode decided by the leader, the investigation clock.
      await casemgr.goto(`${rig.url}/cases/${caseId}`);
      await casemgr.getByTestId('case-number').waitFor({ timeout: 20000 });
      const number = await casemgr.getByTestId('case-number').innerText();
      expect(number).toMatch(/案〔2026〕\d{4}号$/);
      expect(await casemgr.getByTestId('case-status').first().innerText()).toBe('已立案');
      expect(await casemgr.getByTestId('case-mode').first().innerText()).toBe('协作区办理');
      expect(await casemgr.getByTestId('case-mode-reason').innerText()).toContain('本乡镇干部需回避');
      expect(await casemgr.getByTestId('case-mode-decided').innerText()).toContain(names.leader!);
      expect(await casemgr.getByTestId('case-handling-unit').innerText()).toContain('工作室');
      // The filing announced and notified, recorded on the 概况 tab.
      await casemgr.getByTestId('case-notice-record').click();
      // Typed, then the dialog's title clicked (Escape, which pickDate uses, would close the dialog).
      for (const [testId, date] of [
        ['case-announced-input', '2026-11-20'],
        ['case-notified-input', '2026-11-21'],
      ] as const) {
        const input = casemgr.getByTestId(testId);
        await input.click();
        await input.fill(date);
        await input.press('Tab');
        await expect.poll(() => input.inputValue()).toBe(date);
      }
      await casemgr.locator('.ant-modal-title').click();
      await clickSubmit(casemgr.getByTestId('case-notice-save'), 'case-notice-save');
      await expect
        .poll(() => casemgr.getByTestId('case-announced-on').innerText(), { timeout: 20000 })
        .toBe('2026-11-20');
      expect(await casemgr.getByTestId('case-notified-on').innerText()).toBe('2026-11-21');
      await screenshot(casemgr, 'case-filing-2-case-page');
      await casemgr.getByTestId('case-tab-clocks').click();
      expect(await visibleText(casemgr.getByTestId('case-clock-investigation'))).toMatch(/到期/);
      await casemgr.getByTestId('case-tab-approval').click();
      await casemgr.getByTestId('case-approval-step-1-1').waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('case-approval').innerText()).toContain('县委书记');
      await screenshot(casemgr, 'case-filing-2b-approval-tab');
      await casemgr.getByTestId('case-tab-trail').click();
      for (const action of ['filing_requested', 'filing_decided', 'filed', 'announced', 'notified'])
        await casemgr.getByTestId(`case-trail-${action}`).first().waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('case-trail-filing_requested').innerText()).toContain(names.casemgr!);

      // 5. The ledger: the case with its number, linked to its page.
      await casemgr.getByTestId('menu-cases').click();
      await casemgr.getByTestId('cases-q').fill(SUBJECT);
      await casemgr.getByTestId('filter-search').click();
      const link = casemgr.getByTestId('cases-table').getByTestId('case-link').filter({ hasText: number });
      await link.waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('cases-table').innerText()).toContain('协作区办理');
      await screenshot(casemgr, 'case-filing-3-ledger');

      // 6. The dashboard counts it.
      await casemgr.getByTestId('menu-caseBoard').click();
      await expect.poll(() => casemgr.getByTestId('board-inProgress').innerText(), { timeout: 20000 }).toContain('1');
      expect(await casemgr.getByTestId('board-by-mode').getAttribute('data-values')).toBe('协作区办理:1');
      await screenshot(casemgr, 'case-filing-4-board');

      // 7. The subject's township secretary: the line only, no link, and the page says so.
      const township = await rig.as('township1');
      await township.getByTestId('menu-cases').click();
      const table = township.getByTestId('cases-table');
      await table.getByText(number).waitFor({ timeout: 20000 });
      expect(await table.getByTestId('case-line-only').first().innerText()).toContain('仅可见台账信息');
      expect(await table.getByTestId('case-link').count()).toBe(0);
      await screenshot(township, 'case-filing-5-township-ledger');
      await township.goto(`${rig.url}/cases/${caseId}`);
      expect(await visibleText(township.getByTestId('case-line-only-page'))).toContain('只能查看台账信息');
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    'the drafter revises a returned filing request from the workbench and sends it up again',
    { timeout: 300_000 },
    async () => {
      const made = await makeCase(rig.env, { approve: false });
      await decideAll(rig.env, made.approvalId, 'return');
      const casemgr = await rig.as('casemgr');
      await casemgr.goto(`${rig.url}/`);
      const card = casemgr.getByTestId('card-cases.filing_returned');
      await card.locator(`a[href="/cases/${made.id}/filing"]`).first().click();
      await casemgr.getByTestId('filing-form').waitFor({ timeout: 20000 });
      // Prefilled with the returned request; the subjects are the case's, not asked again.
      expect(await casemgr.getByTestId('filing-title').inputValue()).toBe('关于对测试对象立案审查调查的请示');
      expect(await casemgr.getByTestId('filing-clue-subjects').count()).toBe(0);
      await pickOption(casemgr, 'filing-mode', '提级办理');
      await pickOption(casemgr, 'filing-reason', '重大复杂案件');
      await screenshot(casemgr, 'case-filing-6-revision');
      await clickSubmit(casemgr.getByTestId('filing-submit'), 'filing-submit');
      await casemgr.waitForURL(new RegExp(`/cases/${made.id}$`), { timeout: 20000 });
      await expect
        .poll(() => casemgr.getByTestId('case-status').first().innerText(), { timeout: 20000 })
        .toBe('立案呈批中');
      expect(await casemgr.getByTestId('case-mode').first().innerText()).toBe('提级办理');
      const row = await rig.env
        .ctx()
        .db.selectFrom('cases')
        .select(['status', 'mode'])
        .where('id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'filing_requested', mode: 'escalated' });
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    '案管 files a case directly from the ledger: the reason, the subject typed in, the region picked',
    { timeout: 300_000 },
    async () => {
      const code = await villageOf(rig.env, 'township1');
      const village = await rig.env
        .ctx()
        .db.selectFrom('regions')
        .select('name')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      const casemgr = await rig.as('casemgr');
      await casemgr.getByTestId('menu-cases').click();
      await casemgr.getByTestId('case-direct').click();
      await casemgr.getByTestId('filing-form').waitFor({ timeout: 20000 });
      await casemgr.getByTestId('filing-title').fill('关于对直接立案对象立案审查调查的请示');
      await casemgr.getByTestId('filing-direct-reason').fill('市纪委监委交办');
      // The region: typed, then picked from what the search answers.
      await casemgr.getByTestId('filing-region').click();
      await casemgr.keyboard.type(village.name);
      await casemgr
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: code })
        .first()
        .click();
      const subject = casemgr.getByTestId('filing-subject').first();
      await subject.getByPlaceholder('姓名（或单位、事项）').fill('直接立案对象');
      await subject.getByPlaceholder('职务').fill('村委会主任');
      await casemgr.getByTestId('filing-summary').fill('涉嫌违规发放补贴');
      await casemgr.getByTestId('filing-basis').fill('市纪委监委转来材料，已核实部分事实。');
      for (const c of ['facts_established', 'needs_investigation', 'accountability'])
        await casemgr.getByTestId(`filing-condition-${c}`).check();
      await pickOption(casemgr, 'filing-mode', '提级办理');
      await pickOption(casemgr, 'filing-reason', '上级交办、督办的案件');
      await screenshot(casemgr, 'case-filing-7-direct');
      await clickSubmit(casemgr.getByTestId('filing-submit'), 'filing-submit');
      await casemgr.waitForURL(/\/cases\/[^/]+$/, { timeout: 20000 });
      await expect.poll(() => casemgr.getByTestId('case-number').innerText(), { timeout: 20000 }).toBe('立案呈批中');
      expect(await casemgr.getByTestId('case-overview').innerText()).toContain('市纪委监委交办');
      expect(await casemgr.getByTestId('case-subjects').innerText()).toContain('直接立案对象');
      const id = /\/cases\/([^/?#]+)/.exec(casemgr.url())![1]!;
      const row = await rig.env
        .ctx()
        .db.selectFrom('cases')
        .select(['clue_id', 'direct_reason', 'mode', 'region_path'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ clue_id: null, direct_reason: '市纪委监委交办', mode: 'escalated' });
      expect(row.region_path).toContain(code);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
