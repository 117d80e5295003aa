import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCaseMember, setCaseState } from '../../src/server/modules/cases/index.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { decideAll, makeCase } from '../../src/server/test/case-factories.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import { pdfText } from '../../src/server/test/pdf.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  pickOption,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The case page's 办理方式 and 协作区 tabs and the 以案促改 page through the console (issue 13 §2):
 * (a) a township's own case escalated (提级办理) by a request from its 办理方式 tab, approved down
 * its chain, now the county commission's, and the township sees only the ledger line; (b) a zone
 * case authorised by the zone's commander with the 授权书 downloaded and read back, a briefing
 * logged, the analysis written with a recommendation whose owner finds it on the 以案促改 page
 * and marks it done. Made by the factories: the filed cases, the team (the team tab is another
 * part's), the investigation's start (its own part's), and the approval decided by its holders
 * (decideAll: the console's signing is walked in the filing test).
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('case handling mode and zone tabs in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};

  const caseRow = (id: string) =>
    rig.env.ctx().db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Shows `page` and checks no i18n key of this part shows untranslated (a raw key or an object's message). */
  async function shot(page: Page, name: string, full = true) {
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/returned an object|(case\.handling|case\.zoneTab|caseRecommendations|case\.tabs)\.\w+/);
    await screenshot(page, name, full);
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute())
      names[u.username] = u.display_name;
  });
  afterAll(async () => rig?.close());

  it(
    'escalates a township’s own case from its 办理方式 tab: approved, the county owns it, the township sees the line',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env, {
        drafter: 'township1',
        filing: { handling: { mode: 'self', reason: 'simple' } },
      });
      const before = await caseRow(made.id);
      const township = await rig.as('township1');
      await township.goto(`${rig.url}/cases/${made.id}?tab=handling`);
      const current = township.getByTestId('case-handling-current');
      await current.waitFor({ timeout: 20000 });
      expect(await current.getByTestId('case-mode').innerText()).toBe('自办');
      expect(await visibleText(current)).toContain('案情简单');
      await township.getByTestId('case-mode-change').click();
      await township.getByTestId('case-mode-form').waitFor();
      // 提级办理 asks for no unit or zone; a reason of another mode is not offered.
      await pickOption(township, 'filing-mode', '提级办理');
      expect(await township.getByTestId('filing-unit').count()).toBe(0);
      expect(await township.getByTestId('filing-zone').count()).toBe(0);
      await pickOption(township, 'filing-reason', '重大复杂案件');
      await shot(township, 'case-zone-a1-request', false);
      await clickSubmit(township.getByTestId('case-mode-form-save'), 'case-mode-form-save');
      const sent = township.getByTestId('case-mode-change-sent');
      await sent.waitFor({ timeout: 20000 });
      const change = await rig.env
        .ctx()
        .db.selectFrom('case_mode_changes')
        .select(['approval_id', 'status', 'to_mode'])
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(change).toMatchObject({ status: 'pending', to_mode: 'escalated' });
      expect(await sent.locator(`a[href="/approvals/${change.approval_id}"]`).count()).toBe(1);
      const history = township.getByTestId('case-mode-changes');
      await expect.poll(() => visibleText(history), { timeout: 20000 }).toContain('审批中');
      expect(await visibleText(history)).toContain('自办');
      expect(await visibleText(history)).toContain('重大复杂案件');
      // Waiting for its approval (so said when the page is opened again): no second request is offered; nothing moved yet.
      expect(await township.getByTestId('case-mode-change').count()).toBe(0);
      await township.reload();
      expect(await visibleText(township.getByTestId('case-mode-change-waiting'))).toContain(
        '变更为“提级办理”的申请审批中',
      );
      expect(await township.getByTestId('case-mode-change').count()).toBe(0);
      expect((await caseRow(made.id)).mode).toBe('self');
      await shot(township, 'case-zone-a2-pending');

      await decideAll(rig.env, change.approval_id!);

      // The county commission's 案管 sees the case escalated, owned by the county, and who decided.
      const after = await caseRow(made.id);
      expect(after).toMatchObject({ mode: 'escalated' });
      expect(after.owner_unit_id).not.toBe(before.owner_unit_id);
      const county = await rig.env
        .ctx()
        .db.selectFrom('units')
        .select('name')
        .where('id', '=', after.handling_unit_id)
        .executeTakeFirstOrThrow();
      const casemgr = await rig.as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}?tab=handling`);
      await casemgr.getByTestId('case-handling-current').waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('case-mode').first().innerText()).toBe('提级办理');
      expect(await casemgr.getByTestId('case-handling-unit').innerText()).toBe(county.name);
      expect(await casemgr.getByTestId('case-mode-decided').innerText()).toContain(after.mode_decided_by_name!);
      const row = casemgr.getByTestId('case-mode-changes');
      expect(await visibleText(row)).toContain('已批准');
      expect(await visibleText(row)).toContain(after.mode_decided_by_name!);
      // No zone tab for a case outside a zone.
      expect(await casemgr.getByTestId('case-tab-zone').count()).toBe(0);
      await shot(casemgr, 'case-zone-a3-escalated');

      // The township that had it: the ledger line only, and the page says so.
      await township.getByTestId('menu-cases').click();
      const table = township.getByTestId('cases-table');
      await table.getByText(made.number!).waitFor({ timeout: 20000 });
      const line = table.locator('tr').filter({ hasText: made.number! });
      expect(await line.getByTestId('case-line-only').innerText()).toContain('仅可见台账信息');
      expect(await line.getByTestId('case-link').count()).toBe(0);
      await shot(township, 'case-zone-a4-township-ledger');
      await township.goto(`${rig.url}/cases/${made.id}?tab=handling`);
      expect(await visibleText(township.getByTestId('case-line-only-page'))).toContain('只能查看台账信息');
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    'a zone case: the commander authorises it and downloads the 授权书, a briefing, the analysis; the owner marks the recommendation done',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      // The team (the team tab is another part's) and the investigation under way (its own part's).
      for (const [i, username] of ['office1', 'zone1'].entries()) {
        const u = await rig.env
          .ctx()
          .db.selectFrom('users as u')
          .innerJoin('units as n', 'n.id', 'u.unit_id')
          .select(['u.id', 'u.display_name', 'n.name'])
          .where('u.username', '=', username)
          .executeTakeFirstOrThrow();
        await inTransaction(await ctxAs(rig.env, 'zone1'), (tx) =>
          addCaseMember(
            tx,
            made.id,
            { userId: u.id, name: u.display_name, unitName: u.name },
            i === 0 ? 'leader' : 'member',
          ),
        );
      }
      const filed = await caseRow(made.id);
      await inTransaction(await ctxAs(rig.env, 'zone1'), (tx) =>
        setCaseState(tx, made.id, filed.version, 'investigating'),
      );

      // 1. The commander: not yet authorised; authorises the case and its team.
      const zone1 = await rig.as('zone1');
      await zone1.goto(`${rig.url}/cases/${made.id}?tab=zone`);
      const state = zone1.getByTestId('case-authorization-state');
      await state.waitFor({ timeout: 20000 });
      expect(await visibleText(state)).toContain('未授权');
      await shot(zone1, 'case-zone-b1-unauthorised');
      await zone1.getByTestId('case-authorize').click();
      await zone1.getByTestId('case-authorize-form').waitFor();
      expect(await visibleText(zone1.locator('.ant-modal-body'))).toContain(names.office1!);
      // A date ahead of today: refused in words, nothing written.
      await zone1.getByTestId('case-authorize-scope').fill('对被审查调查人开展谈话，调取有关村集体资金账目');
      await dialogDate(zone1, 'case-authorize-date', '2026-12-31');
      await clickSubmit(zone1.getByTestId('case-authorize-form-save'), 'case-authorize-form-save');
      expect(await visibleText(zone1.getByTestId('case-authorize-form-error'))).toContain('日期不能晚于今天');
      expect(
        await rig.env.ctx().db.selectFrom('case_authorizations').select('id').where('case_id', '=', made.id).execute(),
      ).toEqual([]);
      await dialogDate(zone1, 'case-authorize-date', '2026-11-20');
      await shot(zone1, 'case-zone-b2-authorise', false);
      await clickSubmit(zone1.getByTestId('case-authorize-form-save'), 'case-authorize-form-save');
      await expect.poll(() => visibleText(state), { timeout: 20000 }).toContain('已授权');
      const current = zone1.getByTestId('case-authorization-current');
      expect(await visibleText(current)).toContain(names.zone1!);
      expect(await visibleText(current)).toContain('调取有关村集体资金账目');

      // 2. The 授权书 downloaded from the tab and read back.
      const [download] = await Promise.all([
        zone1.waitForEvent('download'),
        zone1.getByTestId('case-authorization-doc-pdf').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/授权书.*\.pdf$/);
      const text = pdfText(readFileSync(await download.path()));
      for (const s of [
        '授权书',
        names.office1!,
        names.zone1!,
        '调取有关村集体资金账目',
        made.number!,
        '2026年11月20日',
      ])
        expect(text).toContain(s);
      await shot(zone1, 'case-zone-b3-authorised');

      // 3. A briefing to the commander, recorded by the commander.
      await zone1.getByTestId('case-briefing-add').click();
      await zone1.getByTestId('case-briefing-form').waitFor();
      await dialogDate(zone1, 'case-briefing-on', '2026-11-20');
      await zone1.getByTestId('case-briefing-by').fill(names.office1!);
      await zone1.getByTestId('case-briefing-received').fill(names.zone1!);
      await zone1.getByTestId('case-briefing-content').fill('已调取村集体资金账目，发现3万元支出无民主程序记录');
      await zone1.getByTestId('case-briefing-instructions').fill('抓紧询问村会计，注意保密');
      await clickSubmit(zone1.getByTestId('case-briefing-form-save'), 'case-briefing-form-save');
      const briefings = zone1.getByTestId('case-briefings');
      await expect.poll(() => visibleText(briefings), { timeout: 20000 }).toContain('3万元支出无民主程序记录');
      expect(await visibleText(briefings)).toContain('抓紧询问村会计');
      expect(await visibleText(briefings)).toContain('2026-11-20');
      await shot(zone1, 'case-zone-b4-briefing');

      // 4. The team leader writes the analysis and a recommendation owned by a person on the platform.
      const office1 = await rig.as('office1');
      await office1.goto(`${rig.url}/cases/${made.id}?tab=zone`);
      await office1.getByTestId('case-analysis-edit').click();
      await office1.getByTestId('case-analysis-form').waitFor();
      await office1.getByTestId('case-analysis-causes').fill('村级财务审批流于形式，会计兼任出纳');
      await office1.getByTestId('case-analysis-lessons').fill('民主理财小组未发挥作用');
      await office1.getByTestId('case-analysis-weaknesses').fill('村集体资金支出缺少公开和监督');
      await clickSubmit(office1.getByTestId('case-analysis-form-save'), 'case-analysis-form-save');
      await expect
        .poll(() => visibleText(office1.getByTestId('case-analysis')), { timeout: 20000 })
        .toContain('会计兼任出纳');
      await office1.getByTestId('case-recommendation-add').click();
      await office1.getByTestId('case-recommendation-form').waitFor();
      await office1.getByTestId('case-recommendation-measure').fill('建立村级重大支出事前公示制度');
      await office1.getByTestId('case-recommendation-unit-name').fill('张村村委会');
      await office1.getByTestId('case-recommendation-owner').fill(names.office1!);
      await dialogDate(office1, 'case-recommendation-due', '2027-01-31');
      await clickSubmit(office1.getByTestId('case-recommendation-form-save'), 'case-recommendation-form-save');
      const recs = office1.getByTestId('case-recommendations');
      await expect.poll(() => visibleText(recs), { timeout: 20000 }).toContain('建立村级重大支出事前公示制度');
      expect(await visibleText(recs)).toContain('整改中');
      expect(await visibleText(recs)).toContain('2027-01-31');
      await shot(office1, 'case-zone-b5-analysis');

      // 5. The owner finds it on the workbench (待落实的以案促改建议), follows the card to the
      //    以案促改 page opened on mine only, and marks it done.
      await office1.getByTestId('menu-workbench').click();
      const card = office1.getByTestId('card-cases.recommendations_mine');
      await card.waitFor({ timeout: 20000 });
      const cardText = await visibleText(card);
      expect(cardText).toContain('待落实的以案促改建议');
      expect(cardText).toContain('建立村级重大支出事前公示制度');
      expect(cardText).toContain('2027-01-31');
      await shot(office1, 'case-zone-b6-workbench-card');
      await card.getByRole('link', { name: '查看全部' }).click();
      await expect.poll(() => office1.getByTestId('recommendations-mine').getAttribute('aria-checked')).toBe('true');
      const table = office1.getByTestId('recommendations-table');
      const line = table.locator('tr').filter({ hasText: '建立村级重大支出事前公示制度' });
      await line.waitFor({ timeout: 20000 });
      expect(await visibleText(line)).toContain('我负责');
      expect(await visibleText(line)).toContain(made.number!);
      await shot(office1, 'case-zone-b6-recommendations');
      await line.getByTestId('recommendation-done').click();
      await office1.getByTestId('recommendation-done-note').fill('已印发《村级重大支出事前公示制度》');
      await clickSubmit(office1.getByTestId('recommendation-done-form-save'), 'recommendation-done-form-save');
      // Done: gone from the open ones; shown as done with today's date.
      await expect.poll(() => line.count(), { timeout: 20000 }).toBe(0);
      await pickOption(office1, 'recommendations-status', '已完成');
      await office1.getByTestId('filter-search').click();
      await expect.poll(() => visibleText(table), { timeout: 20000 }).toContain('2026-11-20 已完成');
      await shot(office1, 'case-zone-b7-done');
      const rec = await rig.env
        .ctx()
        .db.selectFrom('case_recommendations')
        .select(['status', 'done_note'])
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      expect(rec).toEqual({ status: 'done', done_note: '已印发《村级重大支出事前公示制度》' });
      // The case's tab shows it done too; its trail has the three rules' steps.
      await office1.getByTestId('recommendation-case').first().click();
      await expect
        .poll(() => visibleText(office1.getByTestId('case-recommendations')), { timeout: 20000 })
        .toContain('已完成');
      await office1.getByTestId('case-tab-trail').click();
      for (const action of [
        'authorized',
        'briefed',
        'analysis_saved',
        'recommendation_added',
        'recommendation_updated',
      ])
        await office1.getByTestId(`case-trail-${action}`).first().waitFor({ timeout: 20000 });
      expect(rig.pageErrors).toEqual([]);
    },
  );
  it(
    'a flagged case’s schedule and report from its 办理方式 tab; a designated case’s 指定管辖决定书 downloaded',
    { timeout: 300_000 },
    async () => {
      const flagged = await makeCase(rig.env, {
        filing: { handling: { mode: 'flagged', reason: 'superior_assigned', coOrgan: '三门峡市纪委监委' } },
      });
      const casemgr = await rig.as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${flagged.id}?tab=handling`);
      const card = casemgr.getByTestId('case-flag');
      // The card's frame shows before the flag is read (CI caught its title alone): wait for the data.
      await casemgr.getByTestId('case-flag-schedule').waitFor({ timeout: 20000 });
      expect(await visibleText(card)).toContain('三门峡市纪委监委');
      expect(await visibleText(casemgr.getByTestId('case-flag-schedule'))).toContain('尚未确定报告周期');
      expect(await casemgr.getByTestId('case-flag-report').count()).toBe(0);
      await casemgr.getByTestId('case-flag-schedule-set').click();
      await casemgr.getByTestId('case-flag-schedule-form').waitFor();
      await dialogDate(casemgr, 'case-flag-next', '2026-11-25');
      await clickSubmit(casemgr.getByTestId('case-flag-schedule-form-save'), 'case-flag-schedule-form-save');
      await expect
        .poll(() => visibleText(casemgr.getByTestId('case-flag-schedule')), { timeout: 20000 })
        .toContain('每2周报告一次');
      expect(await visibleText(casemgr.getByTestId('case-flag-schedule'))).toContain('下次报告 2026-11-25');
      await casemgr.getByTestId('case-flag-report').click();
      await casemgr.getByTestId('case-flag-report-form').waitFor();
      await dialogDate(casemgr, 'case-flag-reported-on', '2026-11-20');
      await casemgr.getByTestId('case-flag-content').fill('已完成初步谈话，调取账目');
      await clickSubmit(casemgr.getByTestId('case-flag-report-form-save'), 'case-flag-report-form-save');
      // The report answers the one due on 11-25; the next falls due two weeks later.
      await expect
        .poll(() => visibleText(casemgr.getByTestId('case-flag-schedule')), { timeout: 20000 })
        .toContain('下次报告 2026-12-09');
      const reports = casemgr.getByTestId('case-flag-reports');
      expect(await visibleText(reports)).toContain('已完成初步谈话');
      expect(await visibleText(reports)).toContain('2026-11-25');
      await shot(casemgr, 'case-zone-c1-flagged');

      const designated = await makeCase(rig.env, {
        filing: {
          handling: {
            mode: 'designated',
            reason: 'township_leader',
            handlingUnitId: await unitOf(rig.env, 'township2'),
            coOrgan: '三门峡市纪委监委',
          },
        },
      });
      await casemgr.goto(`${rig.url}/cases/${designated.id}?tab=handling`);
      await casemgr.getByTestId('case-designation-pdf').waitFor({ timeout: 20000 });
      expect(await casemgr.getByTestId('case-flag').count()).toBe(0);
      await shot(casemgr, 'case-zone-c2-designated');
      const [download] = await Promise.all([
        casemgr.waitForEvent('download'),
        casemgr.getByTestId('case-designation-pdf').click(),
      ]);
      const text = pdfText(readFileSync(await download.path()));
      for (const s of ['指定管辖决定书', '三门峡市纪委监委', designated.number!]) expect(text).toContain(s);

      // 以案促改 in the menu for readers of cases only: the intake clerk (no case.read) has no entry nor page.
      expect(await casemgr.getByTestId('menu-caseRecommendations').isVisible()).toBe(true);
      const intake = await rig.as('intake');
      await intake.getByTestId('menu-workbench').waitFor({ timeout: 20000 });
      expect(await intake.getByTestId('menu-caseRecommendations').count()).toBe(0);
      await intake.goto(`${rig.url}/case-recommendations`);
      await intake.locator('.ant-result-403').waitFor({ timeout: 20000 });
      expect(await intake.getByTestId('recommendations-table').count()).toBe(0);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
