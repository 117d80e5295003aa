import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeam, authoriseCase, makeCase } from '../../src/server/test/case-factories.js';
import {
  type ConsoleRig,
  approveInConsole,
  clickSubmit,
  closeDropdown,
  dialogDate,
  pickOption,
  screenshot,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The 方案 tab's plans through the console, each approval signed on its holders' own pages
 * (approveInConsole): a serious case's 审查调查方案 goes to a 专题会议 chaired by the principal
 * leader (GZ 第三十九条) — a meeting that did not agree, and one chaired by someone else, are
 * refused in words and nothing is sent; agreed, it is approved by the general chain and the card
 * shows the meeting → the 谈话方案 and the 外查方案, each approved by the responsible leaders only
 * (department head, leader in charge: no principal leader in their chains) → a change of the talk
 * plan by approval: until signed the plan works as it was; approved, the new text is the working
 * one, with both versions listed.
 */

/** The chain's posts and their states, in order, as the approval holds them. */
async function chainOf(rig: ConsoleRig, approvalId: string) {
  return rig.env
    .ctx()
    .db.selectFrom('approval_steps')
    .select(['post', 'status'])
    .where('approval_id', '=', approvalId)
    .orderBy('round')
    .orderBy('seq')
    .execute();
}

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the case plans in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute())
      names[u.username] = u.display_name;
  });
  afterAll(async () => rig?.close());

  const db = () => rig.env.ctx().db;
  /** The newest revision of the plan of `kind` on `caseId`, with its approval. */
  const revisionOf = (caseId: string, kind: string) =>
    db()
      .selectFrom('case_plan_revisions as r')
      .innerJoin('case_plans as p', 'p.id', 'r.plan_id')
      .select(['r.approval_id', 'r.revision', 'r.status', 'p.content'])
      .where('r.case_id', '=', caseId)
      .where('p.kind', '=', kind)
      .orderBy('r.revision', 'desc')
      .executeTakeFirst();

  async function openPlans(page: Page, caseId: string) {
    await page.goto(`${rig.url}/cases/${caseId}?tab=plans`);
    await page.getByTestId('case-plans').waitFor({ timeout: 20000 });
  }

  /** Drafts a talk or inquiry plan (kind in words) through the form. */
  async function draftPlan(page: Page, kind: string, title: string, target: string, measures: string) {
    await page.getByTestId('case-plan-draft').click();
    await page.getByTestId('case-plan-title').waitFor();
    await pickOption(page, 'case-plan-kind', kind);
    await page.getByTestId('case-plan-title').fill(title);
    await page.getByTestId('case-plan-objectives').fill('核实资金去向');
    await page.getByTestId('case-plan-target').fill(target);
    await page.getByTestId('case-plan-measures').fill(measures);
    await clickSubmit(page.getByTestId('case-plan-save'), 'case-plan-save');
    await page.getByTestId('case-plan-save').waitFor({ state: 'detached', timeout: 20000 });
  }

  it(
    'a serious case’s plan at its 专题会议, the talk and inquiry plans by the responsible leaders, a change by approval',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await addTeam(rig.env, made.id, ['zone1', 'office1']);
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts) before the zone case is worked.
      await authoriseCase(rig.env, made.id);
      const zone1 = await rig.as('zone1');

      // 1. The 审查调查方案 of a serious case: the 专题会议's fields.
      await openPlans(zone1, made.id);
      await zone1.getByTestId('case-plan-draft').click();
      await zone1.getByTestId('case-plan-title').fill('关于测试对象案审查调查方案的请示');
      await zone1.getByTestId('case-plan-objectives').fill('查清违规支出村集体资金问题');
      await zone1.getByTestId('case-plan-measures').fill('调取村集体资金账目\n与相关人员谈话');
      await zone1.getByTestId('case-plan-schedule').fill('11月21日至11月30日：调取账目');
      await zone1.getByTestId('case-plan-serious').click();
      await zone1.getByTestId('case-plan-meeting-present').waitFor();
      await dialogDate(zone1, 'case-plan-meeting-date', '2026-11-20');
      await zone1.getByTestId('case-plan-meeting-present').fill(`${names.leader}、${names.casemgr}`);
      await zone1.getByTestId('case-plan-meeting-decision').fill('同意按方案开展审查调查');
      // No chair picked: the form asks for it, nothing is sent.
      await zone1.getByTestId('case-plan-save').click();
      await zone1.getByText('请填写此项').first().waitFor();
      // The chair offered is the handling commission's principal leader (whom the team leader's own
      // scope does not show); the meeting did not agree: refused in words.
      await pickOption(zone1, 'case-plan-meeting-chair', `${names.leader}（`);
      await closeDropdown(zone1, zone1.locator('.ant-modal-title'));
      await clickSubmit(zone1.getByTestId('case-plan-save'), 'case-plan-save');
      expect(await visibleText(zone1.getByTestId('case-plan-error'))).toContain('专题会议未同意该方案，不能报批');
      expect(await revisionOf(made.id, 'investigation')).toBeUndefined();
      await screenshot(zone1, 'case-plans-1-meeting-refused', false);
      await zone1.getByTestId('case-plan-meeting-agreed').click();
      await clickSubmit(zone1.getByTestId('case-plan-save'), 'case-plan-save');
      await zone1.getByTestId('case-plan-save').waitFor({ state: 'detached', timeout: 20000 });
      const investigation = zone1.getByTestId('case-plan-investigation');
      await expect
        .poll(() => investigation.getByTestId('case-plan-status').innerText(), { timeout: 20000 })
        .toBe('审批中');
      expect(await investigation.innerText()).toContain('重大案件');
      expect(await investigation.getByTestId('case-plan-meeting').innerText()).toBe(
        `2026-11-20，${names.leader}主持；出席：${names.leader}、${names.casemgr}；研究意见：同意按方案开展审查调查`,
      );
      const first = (await revisionOf(made.id, 'investigation'))!;
      // The general chain, ending with the principal leader.
      expect((await chainOf(rig, first.approval_id)).map((s) => s.post)).toContain('principal_leader');
      await approveInConsole(rig.env, rig.url, first.approval_id, rig.as);
      await openPlans(zone1, made.id);
      await expect
        .poll(() => investigation.getByTestId('case-plan-status').innerText(), { timeout: 20000 })
        .toBe('已批准');
      expect(await zone1.getByTestId('case-status').first().innerText()).toBe('审查调查中');
      await screenshot(zone1, 'case-plans-2-investigation-approved');

      // 2. The 谈话方案 and the 外查方案: approved by the responsible leaders, not the principal.
      await draftPlan(zone1, '谈话方案', '关于与会计王某谈话的方案', '某村会计王某', '调取谈话前的账目\n个别谈话');
      await draftPlan(zone1, '外查方案', '关于赴某银行查询的外查方案', '某银行渑池支行', '查询测试对象账户流水');
      const talk = zone1.getByTestId('case-plan-talk');
      const inquiry = zone1.getByTestId('case-plan-inquiry');
      await expect.poll(() => talk.getByTestId('case-plan-status').innerText(), { timeout: 20000 }).toBe('审批中');
      expect(await inquiry.getByTestId('case-plan-status').innerText()).toBe('审批中');
      expect(await talk.innerText()).toContain('某村会计王某');
      expect(await inquiry.innerText()).toContain('某银行渑池支行');
      await screenshot(zone1, 'case-plans-3-talk-inquiry-pending');
      for (const kind of ['talk', 'inquiry']) {
        const rev = (await revisionOf(made.id, kind))!;
        const posts = (await chainOf(rig, rev.approval_id)).map((s) => s.post);
        expect(posts.length).toBeGreaterThan(0);
        for (const post of posts) expect(['department_head', 'leader_in_charge']).toContain(post);
        await approveInConsole(rig.env, rig.url, rev.approval_id, rig.as);
      }
      await openPlans(zone1, made.id);
      await expect.poll(() => talk.getByTestId('case-plan-status').innerText(), { timeout: 20000 }).toBe('已批准');
      expect(await inquiry.getByTestId('case-plan-status').innerText()).toBe('已批准');

      // 3. A change of the talk plan by approval: the working text stays until it is signed.
      await talk.getByTestId('case-plan-change').click();
      expect(await zone1.getByTestId('case-plan-measures').inputValue()).toBe('调取谈话前的账目\n个别谈话');
      await zone1.getByTestId('case-plan-measures').fill('调取谈话前的账目\n个别谈话\n同步录音录像');
      await zone1.getByTestId('case-plan-reason').fill('谈话对象可能翻供，需全程录音录像');
      await clickSubmit(zone1.getByTestId('case-plan-save'), 'case-plan-save');
      await talk.getByTestId('case-plan-change-pending').waitFor({ timeout: 20000 });
      expect(await talk.innerText()).not.toContain('3. 同步录音录像');
      const change = (await revisionOf(made.id, 'talk'))!;
      expect(change.revision).toBe(2);
      expect(change.content).not.toContain('同步录音录像');
      await screenshot(zone1, 'case-plans-4-change-pending');
      await approveInConsole(rig.env, rig.url, change.approval_id, rig.as);
      await openPlans(zone1, made.id);
      await expect.poll(() => talk.innerText(), { timeout: 20000 }).toContain('3. 同步录音录像');
      expect(await talk.getByTestId('case-plan-change-pending').count()).toBe(0);
      const revisions = await talk.getByTestId('case-plan-revisions').innerText();
      expect(revisions).toContain('谈话对象可能翻供，需全程录音录像');
      expect(revisions.match(/已批准/g)?.length).toBe(2);
      expect((await revisionOf(made.id, 'talk'))!.content).toContain('同步录音录像');
      await screenshot(zone1, 'case-plans-5-change-approved');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
