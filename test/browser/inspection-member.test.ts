import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import { decideAll } from '../../src/server/test/case-factories.js';
import { villageOf } from '../../src/server/test/factories.js';
import { phoneJpeg } from '../../src/server/test/sample-files.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

/**
 * A plain team member (not the leader) of an inspection at work on a phone (390 × 844), in
 * headless Chromium. The county's 党风政风监督室 (`supervisor`) leads a special inspection of
 * subsidy payments in a village with a township officer (`tstaff1`) on the team; the plan is
 * approved and started (by the API: the inspection loop walk clicks those). The member opens the
 * checks on a phone, records the first item passed with a photo and the second found wanting with
 * a photo and a note: a finding is recorded. Deciding what happens to it is the leader's (or the
 * organiser's): the member is not offered the decision and reads that the leader decides; the
 * plan tab offers the member none of the organiser's buttons; the team table shows what the
 * recusal engine recorded for each member. The leader then sees the finding waiting for a decision;
 * on the checklist's page the county user is not offered 调整为本乡镇清单, the township secretary is.
 */

const DAY = 24 * 3_600_000;
const PHONE = { width: 390, height: 844 };

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('an inspection team member on a phone, in headless Chromium', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('works the checks and records a finding; the decision stays the leader’s', { timeout: 600_000 }, async () => {
    const env = rig.env;
    const db = env.ctx().db;
    const day = (n: number) => toShanghaiDate(new Date(env.clock.nowMs() + n * DAY).toISOString());
    const villageCode = await villageOf(env, 'township1');
    const idOf = async (username: string) =>
      (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const supervisor = await env.as('supervisor');
    const list = await supervisor.get('/api/checklist-templates?kind=village_checklist&level=county&status=issued');
    const checklist = list.json<{ items: { id: string }[] }>().items[0]!.id;
    const made = await supervisor.post('/api/inspections', {
      title: '惠民惠农补贴发放专项监督检查（组员）',
      kind: 'special',
      topic: 'subsidies',
      scopeText: '检查惠民惠农补贴资金发放、公示情况',
      periodFrom: day(0),
      periodTo: day(20),
      targets: [{ kind: 'region', regionCode: villageCode }],
      leaderId: await idOf('supervisor'),
      members: [await idOf('tstaff1')],
      checklists: [checklist],
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: string }>().id;
    const submitted = await supervisor.post(`/api/inspections/${id}/submission`, { version: 1 });
    expect(submitted.statusCode, submitted.body).toBe(200);
    await decideAll(env, submitted.json<{ approvalId: string }>().approvalId);
    const approved = (await supervisor.get(`/api/inspections/${id}`)).json<{ status: string; version: number }>();
    expect(approved.status).toBe('approved');
    const started = await supervisor.post(`/api/inspections/${id}/start`, { version: approved.version });
    expect(started.statusCode, started.body).toBe(200);

    // 1. The member on a phone: the plan tab, the team with what the recusal engine recorded.
    const phone = await rig.signIn('tstaff1', PHONE);
    await phone.goto(`${rig.url}/inspections/${id}`);
    await phone.getByTestId('plan-team').waitFor({ timeout: 30000 });
    await expect.poll(() => phone.getByTestId('plan-team').getByTestId('recusal-clear').count()).toBe(2);
    expect(await phone.getByTestId('plan-team').innerText()).toContain('无回避情形');
    for (const button of ['plan-submit', 'plan-start']) expect(await phone.getByTestId(button).count()).toBe(0);
    await screenshot(phone, 'inspection-member-1-plan');

    // 2. The checks, item by item.
    await phone.goto(`${rig.url}/inspections/${id}?tab=checks`);
    await phone.getByTestId('check-item').waitFor({ timeout: 30000 });
    expect(await phone.getByTestId('check-item-label').innerText()).toBe('三资台账是否按月公开');
    await phone.getByTestId('check-result-pass').click();
    await phone.getByTestId('check-note').fill('三资台账已按月公开');
    await phone
      .getByTestId('check-photo-input')
      .setInputFiles({ name: 'IMG_0101.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() });
    await expect.poll(() => phone.getByTestId('check-files').innerText(), { timeout: 20000 }).toContain('IMG_0101');
    await screenshot(phone, 'inspection-member-2-pass');
    await clickSubmit(phone.getByTestId('check-save'), 'record a pass');
    await expect
      .poll(() => phone.getByTestId('check-item-label').innerText(), { timeout: 20000 })
      .toBe('惠农补贴发放是否公示');
    await phone.getByTestId('check-result-wanting').click();
    await phone.getByTestId('check-note').fill('耕地地力保护补贴发放名册未在村务公开栏公示（组员发现）');
    await phone
      .getByTestId('check-photo-input')
      .setInputFiles({ name: 'IMG_0102.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(1) });
    await expect.poll(() => phone.getByTestId('check-files').innerText(), { timeout: 20000 }).toContain('IMG_0102');
    await clickSubmit(phone.getByTestId('check-save'), 'record wanting');

    // 3. The finding is recorded, by the member; the decision is not offered to them.
    await expect
      .poll(
        async () =>
          (await db.selectFrom('inspection_findings').select('id').where('inspection_id', '=', id).execute()).length,
        { timeout: 20000 },
      )
      .toBe(1);
    const checks = await db
      .selectFrom('inspection_checks as c')
      .innerJoin('users as u', 'u.id', 'c.recorded_by')
      .select(['c.item_code', 'c.result', 'u.username'])
      .where('c.inspection_id', '=', id)
      .orderBy('c.recorded_at')
      .execute();
    expect(checks.map((c) => [c.result, c.username])).toEqual([
      ['pass', 'tstaff1'],
      ['wanting', 'tstaff1'],
    ]);
    const finding = await db
      .selectFrom('inspection_findings')
      .selectAll()
      .where('inspection_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(finding.next_step).toBeNull();
    // The page answered the save (its notice names the finding) and did not open the decision.
    expect(await visibleText(phone.getByTestId('check-notice'))).toContain('由组长或组织单位明确处置方式');
    await screenshot(phone, 'inspection-member-3a-wanting', false);
    expect(await phone.getByTestId('decision-form').isVisible()).toBe(false);
    await phone.goto(`${rig.url}/inspections/${id}?tab=findings`);
    await phone.getByTestId('finding-awaiting-leader').waitFor({ timeout: 30000 });
    expect(await phone.getByTestId('finding-decide').count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'inspection-member-3-finding');

    // 4. The leader sees it waiting for the decision.
    const leader = await rig.as('supervisor');
    await leader.goto(`${rig.url}/inspections/${id}?tab=findings`);
    await leader.getByTestId('finding-decide').waitFor({ timeout: 30000 });
    await screenshot(leader, 'inspection-member-4-leader');
    await leader.goto(`${rig.url}/inspections/${id}`);
    await leader.getByTestId('plan-team').getByTestId('recusal-clear').first().waitFor({ timeout: 30000 });
    expect(await leader.getByTestId('plan-team').innerText()).toContain('审查于');
    await screenshot(leader, 'inspection-member-5-leader-team');

    // 5. The checklist used: the county user is not offered 调整为本乡镇清单 (only a township adapts).
    await leader.goto(`${rig.url}/checklist-templates?id=${checklist}`);
    await leader.getByTestId('template-detail').waitFor({ timeout: 30000 });
    expect(await leader.getByTestId('template-adapt').count()).toBe(0);
    await screenshot(leader, 'inspection-member-6-county-template', false);
    const township = await rig.as('township1');
    await township.goto(`${rig.url}/checklist-templates?id=${checklist}`);
    await township.getByTestId('template-adapt').waitFor({ timeout: 30000 });
    expect(rig.pageErrors).toEqual([]);
  });
});
