import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRole } from '../../src/server/modules/access/index.js';
import { decideAll, makeCase, makeTransferredCase } from '../../src/server/test/case-factories.js';
import { ctxAs, makeReviewer, makeTownshipStaff, villageOf, zoneNeighbours } from '../../src/server/test/factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  closeDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * The review stage's remaining forms (issue 14 §1) in headless Chromium: the review clock with
 * its extension (approver from the server's list), the team's collective deliberation (members
 * present, each opinion and vote), the clock paused by a supplementary return and the case team's
 * resubmission from the case page (the clock runs again), the zone leader's cross-review panel
 * (the zone's other townships only; the server's refusal of a handling-township member in words),
 * and early involvement asked from a case under investigation, approved, shown on the review.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the review forms in the console, in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const pages: Record<string, Page> = {};

  /** One signed-in page per person whose browser clock reads the server's (date fields default to today). */
  async function as(username: string): Promise<Page> {
    pages[username] ??= await signInAtServerTime(rig, username);
    return pages[username];
  }
  const db = () => rig.env.ctx().db;
  const review = (id: string) => db().selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Accepts the review and forms the team (reviewer leads, reviewer2) through the API. */
  async function acceptedWithTeam(reviewId: string) {
    const reviewer = await rig.env.as('reviewer');
    const accepted = await reviewer.post(`/api/reviews/${reviewId}/acceptance`, {
      version: (await review(reviewId)).version,
      decision: 'accept',
      reason: '移送材料齐全',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const userIds = [ids.reviewer!, ids.reviewer2!];
    const check = await reviewer.post(`/api/reviews/${reviewId}/conflict-checks`, { userIds });
    const team = await reviewer.put(`/api/reviews/${reviewId}/team`, {
      version: (await review(reviewId)).version,
      checkId: check.json().checkId,
      members: userIds.map((userId, i) => ({ userId, role: i === 0 ? 'leader' : 'member' })),
    });
    expect(team.statusCode, team.body).toBe(200);
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    await makeReviewer(rig.env, 'reviewer2', '审理室干部乙');
    for (const u of await db().selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
      names[u.username] = u.display_name;
      ids[u.username] = u.id;
    }
  });
  afterAll(async () => {
    for (const page of Object.values(pages)) await page.context().close();
    await rig?.close();
  });

  it(
    'extends the clock with an approver, records a deliberation, shows the pause of a return and resubmits from the case page',
    { timeout: 600_000 },
    async () => {
      const made = await makeTransferredCase(rig.env);
      await acceptedWithTeam(made.reviewId);
      const reviewer = await as('reviewer');

      // 1. 审理时限: the running clock; the extension is checked before sending, then recorded.
      await reviewer.goto(`${rig.url}/reviews/${made.reviewId}?tab=clock`);
      const clocks = reviewer.getByTestId('review-clocks');
      await expect.poll(() => clocks.innerText(), { timeout: 20000 }).toContain('计时中');
      const extension = reviewer.getByTestId('review-extension');
      await extension.waitFor({ timeout: 20000 });
      await reviewer.getByTestId('review-extension-submit').click();
      await expect.poll(() => extension.innerText()).toContain('请选择批准人');
      expect(await extension.innerText()).toContain('请填写延长天数');
      expect(await extension.innerText()).toContain('请填写延长理由');
      await pickOption(reviewer, 'review-extension-approver', names.leader!);
      expect(await extension.innerText()).not.toContain(names.reviewer2!);
      await reviewer.getByTestId('review-extension-days').fill('15');
      await reviewer.getByTestId('review-extension-reason').fill('案情重大复杂，需进一步核实');
      await clickSubmit(reviewer, reviewer.getByTestId('review-extension-submit'), 'extension');
      await expect.poll(() => clocks.innerText(), { timeout: 20000 }).toContain('已延长1次');
      const extended = await db()
        .selectFrom('deadlines')
        .select(['legal_due_on', 'extended'])
        .where('resource_id', '=', made.reviewId)
        .executeTakeFirstOrThrow();
      expect(Number(extended.extended)).toBe(1);
      expect(await visibleText(reviewer.getByTestId('review-clock'))).toContain('已延长');
      await screenshot(reviewer, 'review-forms-1-extended');

      // 2. 集体审议: fewer than two present is refused before sending; each opinion and vote is needed.
      await reviewer.getByTestId('review-tab-deliberations').click();
      const editor = reviewer.getByTestId('review-deliberation-editor');
      await editor.waitFor({ timeout: 20000 });
      await editor.getByText(names.reviewer2!, { exact: true }).click();
      await reviewer.getByTestId('review-deliberation-save').click();
      await expect.poll(() => editor.innerText()).toContain('集体审议出席人员不得少于2人');
      await editor.getByText(names.reviewer2!, { exact: true }).click();
      await expect.poll(() => reviewer.getByTestId('review-deliberation-member').count()).toBe(2);
      await reviewer.getByTestId('review-deliberation-save').click();
      await expect.poll(() => editor.innerText()).toContain(`请填写${names.reviewer}的意见`);
      await expect.poll(() => editor.innerText()).toContain(`请选择${names.reviewer2}的表决`);
      const members = reviewer.getByTestId('review-deliberation-member');
      await members.nth(0).getByTestId('review-deliberation-opinion').fill('事实清楚，证据确凿，定性准确');
      await members.nth(0).getByText('同意', { exact: true }).click();
      await members.nth(1).getByTestId('review-deliberation-opinion').fill('同意审理组意见');
      await members.nth(1).getByText('同意', { exact: true }).click();
      await reviewer.getByTestId('review-deliberation-conclusion').fill('建议给予党内警告处分');
      await clickSubmit(reviewer, reviewer.getByTestId('review-deliberation-save'), 'deliberation');
      const recorded = reviewer.getByTestId('review-deliberation');
      await recorded.waitFor({ timeout: 20000 });
      const text = await recorded.innerText();
      for (const part of ['同意 2，不同意 0，弃权 0', '过半数同意', '建议给予党内警告处分', '同意审理组意见'])
        expect(text).toContain(part);
      const rows = await db()
        .selectFrom('review_deliberations')
        .select(['votes_for', 'kind'])
        .where('review_id', '=', made.reviewId)
        .execute();
      expect(rows).toEqual([{ votes_for: 2, kind: 'team' }]);
      await screenshot(reviewer, 'review-forms-2-deliberation');

      // 3. A supplementary return, approved: the clock shows its pause.
      const asked = await (
        await rig.env.as('reviewer')
      ).post(`/api/reviews/${made.reviewId}/returns`, {
        version: (await review(made.reviewId)).version,
        kind: 'supplementary',
        reason: '需补充收受礼金的银行流水',
      });
      expect(asked.statusCode, asked.body).toBe(201);
      await decideAll(rig.env, asked.json().approvalId);
      expect((await review(made.reviewId)).status).toBe('returned_supplementary');
      await reviewer.goto(`${rig.url}/reviews/${made.reviewId}?tab=clock`);
      const paused = reviewer.getByTestId('review-clock-paused');
      await paused.waitFor({ timeout: 20000 });
      expect(await paused.innerText()).toContain('暂停期间不计入审理期限');
      expect(await clocks.innerText()).toContain('已暂停');
      expect(await reviewer.getByTestId('review-extension').count()).toBe(0);
      await screenshot(reviewer, 'review-forms-3-paused');

      // 4. The case team (案管) transfers it back from the case page: the note is required.
      const casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}`);
      const resubmit = casemgr.getByTestId('case-review-resubmit');
      await resubmit.waitFor({ timeout: 20000 });
      await casemgr.getByTestId('case-review-resubmit-submit').click();
      await expect.poll(() => resubmit.innerText()).toContain('请写明补充或重新审查调查的情况');
      await casemgr.getByTestId('case-review-resubmit-note').fill('已调取银行流水，补充证据三份');
      await clickSubmit(casemgr, casemgr.getByTestId('case-review-resubmit-submit'), 'resubmission');
      await expect.poll(() => casemgr.getByTestId('case-review').innerText(), { timeout: 20000 }).toContain('审理中');
      expect(await casemgr.getByTestId('case-review-resubmit').count()).toBe(0);
      expect((await review(made.reviewId)).status).toBe('reviewing');
      await screenshot(casemgr, 'review-forms-4-resubmitted');

      // The reviewer's clock runs again.
      await reviewer.reload();
      await expect.poll(() => clocks.innerText(), { timeout: 20000 }).toContain('计时中');
      expect(await reviewer.getByTestId('review-clock-paused').count()).toBe(0);
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    "convenes the zone's cross-review panel from the other townships; a handling-township member is refused in words",
    { timeout: 600_000 },
    async () => {
      const sys = await rig.env.as('sysadmin');
      const county = (
        await db().selectFrom('regions').select('code').where('level', '=', 'county').executeTakeFirstOrThrow()
      ).code;
      expect((await sys.put(`/api/review-settings/${county}`, { countyReview: 1 })).statusCode).toBe(200);
      try {
        const made = await makeTransferredCase(rig.env, {
          drafter: 'township1',
          filing: { handling: { mode: 'self', reason: 'simple' } },
          clueOver: { regionCode: await villageOf(rig.env, 'township1') },
          team: ['tstaff1', 'township1'],
        });
        const handling = (
          await db().selectFrom('cases').select('handling_unit_id').where('id', '=', made.id).executeTakeFirstOrThrow()
        ).handling_unit_id;
        const [b, c] = await zoneNeighbours(rig.env, 'township1');
        const staffB = await makeTownshipStaff(rig.env, b!.id, 'walk_panelb', '乙乡审理员');
        const staffC = await makeTownshipStaff(rig.env, c!.id, 'walk_panelc', '丙乡审理员');
        await makeTownshipStaff(rig.env, handling, 'walk_panela', '本乡干事甲');
        const admin = await ctxAs(rig.env, 'sysadmin');
        for (const [userId, unitId] of [
          [staffB, b!.id],
          [staffC, c!.id],
        ] as const)
          await assignRole(admin, {
            userId,
            roleKey: 'township_secretary',
            scopeType: 'unit_subtree',
            scopeUnitId: unitId,
          });

        // The zone leader of the handling township's zone convenes the cross-review from the
        // review's page (he reads a township review of his zone's people).
        const zone1 = await as('zone1');
        await zone1.goto(`${rig.url}/reviews/${made.reviewId}?tab=team`);
        const panel = zone1.getByTestId('review-panel');
        await panel.waitFor({ timeout: 20000 });
        expect(await panel.innerText()).toContain('协作区：');
        // The picker offers the other townships' people, never the handling township's.
        await zone1.getByTestId('review-panel-pick').click();
        const listId = await zone1
          .getByTestId('review-panel-pick')
          .locator('input')
          .first()
          .getAttribute('aria-controls');
        const options = zone1.locator('.ant-select-dropdown').filter({ has: zone1.locator(`[id="${listId}"]`) });
        await expect.poll(() => options.innerText(), { timeout: 20000 }).toContain('乙乡审理员');
        expect(await options.innerText()).not.toContain('本乡干事甲');
        await closeDropdown(zone1, panel.locator('h5'));
        await pickOption(zone1, 'review-panel-pick', '乙乡审理员', true);
        await pickOption(zone1, 'review-panel-pick', '丙乡审理员', true);
        await closeDropdown(zone1, panel.locator('h5'));
        await zone1.getByTestId('review-panel-check').click();
        await zone1.getByTestId('review-panel-check-result').waitFor({ timeout: 20000 });

        // Meanwhile 丙乡审理员 moves to the handling township: the server refuses him, in words.
        await db().updateTable('users').set({ unit_id: handling }).where('id', '=', staffC).execute();
        await clickSubmit(zone1, zone1.getByTestId('review-panel-save'), 'panel');
        const refusal = zone1.getByTestId('review-panel-error');
        await refusal.waitFor({ timeout: 20000 });
        expect(await visibleText(refusal)).toContain('丙乡审理员');
        expect(await refusal.innerText()).toContain('是承办本案的单位人员，不得参加交叉审理');
        expect((await review(made.reviewId)).route).toBe('township');
        await screenshot(zone1, 'review-forms-5-panel-refused');

        // Back in 丙乡: checked again and convened; the review moves to the zone's workroom.
        await db().updateTable('users').set({ unit_id: c!.id }).where('id', '=', staffC).execute();
        await zone1.getByTestId('review-panel-check').click();
        await expect
          .poll(() => zone1.getByTestId('review-panel-check-result').innerText(), { timeout: 20000 })
          .toContain('回避审查已通过，可以组成交叉审理小组');
        await clickSubmit(zone1, zone1.getByTestId('review-panel-save'), 'panel again');
        await expect.poll(async () => (await review(made.reviewId)).route, { timeout: 20000 }).toBe('panel');
        // The zone leader still reads it (the panel is his zone's); the handling township now sees
        // the review's line only; the panel's member reads the page and its team.
        await expect
          .poll(() => visibleText(zone1.getByTestId('review-header')), { timeout: 20000 })
          .toContain('协作区交叉审理');
        const township = await as('township1');
        await township.goto(`${rig.url}/reviews/${made.reviewId}?tab=team`);
        await township.getByTestId('review-line-only-page').waitFor({ timeout: 20000 });
        const member = await as('walk_panelb');
        await member.goto(`${rig.url}/reviews/${made.reviewId}?tab=team`);
        const team = member.getByTestId('review-team');
        await expect.poll(() => team.innerText(), { timeout: 20000 }).toContain('乙乡审理员');
        expect(await team.innerText()).toContain('交叉审理小组成员');
        expect(await team.innerText()).toContain('丙乡审理员');
        expect(await visibleText(member.getByTestId('review-header'))).toContain('协作区交叉审理');
        // A panel is changed by the panel editor only (the team picker's candidates are not the zone's).
        expect(await member.getByTestId('review-team-editor').count()).toBe(0);
        await screenshot(member, 'review-forms-6-panel');
        expect(rig.pageErrors).toEqual([]);
      } finally {
        await sys.put(`/api/review-settings/${county}`, { countyReview: 3 });
      }
    },
  );

  it(
    'asks for early involvement from the review ledger for a case under investigation; approved, the review shows it',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      const reviewer = await as('reviewer');
      await reviewer.goto(`${rig.url}/reviews`);
      await reviewer.getByTestId('review-early-open').click();
      const dialog = reviewer.locator('.ant-modal-content');
      await dialog.waitFor({ timeout: 20000 });
      await clickSubmit(reviewer, reviewer.getByTestId('review-early-submit'), 'early (empty)');
      await expect.poll(() => dialog.innerText()).toContain('请选择审查调查中的案件');
      expect(await dialog.innerText()).toContain('请填写提前介入的理由');
      expect(await db().selectFrom('reviews').select('id').where('case_id', '=', made.id).execute()).toEqual([]);
      await pickOption(reviewer, 'review-early-case', made.number!, true);
      await reviewer.getByTestId('review-early-reason').fill('案情重大复杂，定性存在争议');
      await clickSubmit(reviewer, reviewer.getByTestId('review-early-submit'), 'early involvement');
      const shown = reviewer.getByTestId('review-early');
      await expect.poll(() => shown.innerText(), { timeout: 20000 }).toContain('提前介入：审批中');
      const row = await db().selectFrom('reviews').selectAll().where('case_id', '=', made.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'early', early_status: 'pending' });
      expect(new URL(reviewer.url()).pathname).toBe(`/reviews/${row.id}`);
      await screenshot(reviewer, 'review-forms-7-early-asked');

      await decideAll(rig.env, row.early_approval_id!);
      await reviewer.reload();
      await expect
        .poll(() => reviewer.getByTestId('review-early').innerText(), { timeout: 20000 })
        .toContain('提前介入：已批准（案情重大复杂，定性存在争议）');
      await screenshot(reviewer, 'review-forms-8-early-approved');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
