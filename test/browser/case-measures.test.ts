import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeam, authoriseCase, makeCase } from '../../src/server/test/case-factories.js';
import {
  type ConsoleRig,
  carryOutMeasure,
  clickSubmit,
  fillDateTime,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * The measures ledger through the console (issue: measures tab and county ledger): on a filed
 * case (made by the factories, its team formed there: filing and the team have their own walks)
 * 案管 requests 留置 from the case page — refused in words while the next-higher organ's approval
 * is missing, then recorded with the leaders' collective decision and that organ's document —
 * carries it out (refused with one team member present, done with two), sees its clocks (the
 * 24-hour notice clock to the minute), records the notice of unit and family and an extension;
 * the server's clock runs past the extended end and a second extension is refused as late; the
 * one restart with its approval starts a new clock; 案管's 措施台账 lists the measure, the handling
 * unit's ledger is filed and 案管 acknowledges it. The measures' approval is recorded on the
 * measure (who approved, the collective decision, the organ's document): there is no approval
 * chain to sign, so no approvals page takes part. Read from the database are only the case's
 * handling unit and subject (what a person reads on the case page) and the writes' results.
 */

const DAY = 24 * 3_600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the measures ledger in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute()) {
      names[u.username] = u.display_name;
    }
  });
  afterAll(async () => rig?.close());

  const as = (username: string) => signInAtServerTime(rig, username);

  const measureRows = (caseId: string) =>
    rig.env
      .ctx()
      .db.selectFrom('case_measures')
      .select(['id', 'status', 'version'])
      .where('case_id', '=', caseId)
      .execute();

  it(
    '案管 requests 留置, carries it out, extends it, is refused a late extension, restarts it; the ledger lists it and a filing is acknowledged',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await addTeam(rig.env, made.id, ['office1', 'zone1']);
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts): the zone case may be worked.
      await authoriseCase(rig.env, made.id);
      const facts = await rig.env
        .ctx()
        .db.selectFrom('cases as c')
        .innerJoin('units as u', 'u.id', 'c.handling_unit_id')
        .innerJoin('case_subjects as s', 's.case_id', 'c.id')
        .select(['u.name as unitName', 's.name as subjectName'])
        .where('c.id', '=', made.id)
        .executeTakeFirstOrThrow();

      // 0. The case page's 措施 tab: the investigation period, no measure yet.
      let casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}`);
      await casemgr.getByTestId('case-tab-measures').click();
      await casemgr.getByTestId('case-measures').waitFor({ timeout: 20000 });
      expect(await visibleText(casemgr.getByTestId('measure-periods'))).toContain('到期');
      await screenshot(casemgr, 'case-measures-0-tab');

      // 1. 留置 without the next-higher organ's approval: refused in words, nothing written.
      await casemgr.getByTestId('measure-request').click();
      await casemgr.getByTestId('measure-form').waitFor();
      await pickOption(casemgr, 'measure-kind', '留置');
      await pickOption(casemgr, 'measure-subject', facts.subjectName);
      await casemgr.getByTestId('measure-reason').fill('涉嫌贪污村集体资金，可能逃跑、串供');
      await casemgr.getByTestId('measure-number').fill('渑监留〔2026〕1号');
      await typeDate(casemgr, 'measure-collective-on', '2026-11-20');
      await casemgr.getByTestId('measure-collective-minutes').fill('委务会纪要〔2026〕12号');
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      expect(await visibleText(casemgr.getByTestId('measure-form-error'))).toContain('须报上一级监察机关批准');
      expect(await measureRows(made.id)).toEqual([]);
      await screenshot(casemgr, 'case-measures-1-refused', false);
      await casemgr.getByTestId('measure-higher-organ').fill('三门峡市监察委员会');
      await casemgr.getByTestId('measure-higher-number').fill('三监批〔2026〕5号');
      await typeDate(casemgr, 'measure-higher-on', '2026-11-20');
      // No option list still open over the form (a click would close it instead of submitting).
      await noOpenDropdown(casemgr);
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      await casemgr.getByTestId('measure-form').waitFor({ state: 'detached', timeout: 20000 });
      const card = casemgr.getByTestId('measure-1');
      expect(await visibleText(card.getByTestId('measure-status'))).toBe('已批准待执行');
      expect(await card.getByTestId('measure-approval').innerText()).toBe(
        '集体研究：2026-11-20（委务会纪要〔2026〕12号）；上级批准：三门峡市监察委员会 三监批〔2026〕5号（2026-11-20）；审批表：渑监留〔2026〕1号，2026-11-20 批准',
      );
      expect(await card.getByTestId('measure-doc-detention_decision-pdf').getAttribute('href')).toMatch(
        /\/measures\/[^/]+\/documents\/detention_decision\.pdf$/,
      );

      // 2. Carried out with one team member present: refused; with two: running, clocks open.
      await card.getByTestId('measure-step-start').click();
      await casemgr.getByTestId('step-form-start').waitFor();
      expect(await casemgr.getByTestId('step-started-at').inputValue()).toBe('2026-11-20 10:00');
      // Earlier that morning, typed in the console's own format (a picker, whatever the browser's language).
      await fillDateTime(casemgr, 'step-started-at', '2026-11-20 09:30');
      await fillDateTime(casemgr, 'step-notice-served-at', '2026-11-20 09:30');
      await casemgr.getByTestId('step-notice-served-to').fill('被调查人本人');
      await casemgr.getByTestId('step-present').getByText(names.office1!, { exact: true }).click();
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      expect(await visibleText(casemgr.getByTestId('step-error'))).toContain('二名以上');
      await screenshot(casemgr, 'case-measures-2-present-refused', false);
      // The label, not the input: antd's checkbox input sits under its styled box.
      await casemgr.getByTestId('step-present').getByText(names.zone1!, { exact: true }).click();
      await expect.poll(() => casemgr.getByTestId('step-present').getByLabel(names.zone1!).isChecked()).toBe(true);
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-start').waitFor({ state: 'detached', timeout: 20000 });
      await expect.poll(() => card.getByTestId('measure-status').innerText(), { timeout: 20000 }).toBe('执行中');
      expect(await card.getByTestId('measure-present').innerText()).toBe(`${names.office1}、${names.zone1}`);
      expect(await card.getByTestId('measure-notice-served').innerText()).toBe('2026-11-20 09:30 送达 被调查人本人');
      expect(await card.getByTestId('measure-clock-detention-1').innerText()).toContain('2027-02-20 到期');
      // The 24-hour notice is an hour clock: due to the minute.
      expect(await card.getByTestId('measure-clock-detention_notice-1').innerText()).toContain('2026-11-21 09:30 到期');
      expect(await card.getByTestId('measure-step-start').count()).toBe(0);
      await screenshot(casemgr, 'case-measures-3-running');

      // 3. The unit and family notified within 24 hours: the notice clock is met.
      await card.getByTestId('measure-step-notice').click();
      await casemgr.getByTestId('step-form-notice').waitFor();
      await casemgr.getByTestId('step-notified-unit').fill('某村村民委员会');
      await casemgr.getByTestId('step-notified-family').fill('张某（配偶）');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-notice').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => card.getByTestId('measure-family-notice').innerText(), { timeout: 20000 })
        .toBe('2026-11-20 10:00 已通知 某村村民委员会、张某（配偶）');
      expect(await card.getByTestId('measure-clock-detention_notice-1').innerText()).toContain('已完成');
      expect(await card.getByTestId('measure-step-notice').count()).toBe(0);

      // 4. An extension by the next-higher organ: three more months.
      await card.getByTestId('measure-step-extension').click();
      await casemgr.getByTestId('step-form-extension').waitFor();
      await casemgr.getByTestId('step-reason').fill('案情重大复杂，需继续调查');
      await pickOption(casemgr, 'step-approver', names.leader!);
      await casemgr.getByTestId('step-organ').fill('三门峡市监察委员会');
      await casemgr.getByTestId('step-organ-number').fill('三监批〔2026〕9号');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-extension').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => card.getByTestId('measure-clock-detention-1').innerText(), { timeout: 20000 })
        .toContain('已延长1次');
      const extended = await card.getByTestId('measure-clock-detention-1').innerText();
      expect(extended).toContain('2027-05-20 到期');
      expect(await card.getByTestId('measure-step-extension').innerText()).toContain('再次延长');
      await screenshot(casemgr, 'case-measures-4-extended');
      await casemgr.close();

      // 5. The server's clock runs past the extended end: overdue in red, a second extension
      //    (even by the province) is refused as late, nothing changes.
      rig.env.clock.advance(200 * DAY);
      casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}?tab=measures`);
      const late = casemgr.getByTestId('measure-1');
      await late.waitFor({ timeout: 20000 });
      expect(await late.getByTestId('measure-clock-detention-1').getByTestId('clock-overdue').innerText()).toBe(
        '已超期：2027-05-20 到期',
      );
      const before = (await measureRows(made.id))[0]!;
      await late.getByTestId('measure-step-extension').click();
      await casemgr.getByTestId('step-form-extension').waitFor();
      await casemgr.getByTestId('step-reason').fill('仍需继续调查');
      await pickOption(casemgr, 'step-approver', names.leader!);
      await casemgr.getByTestId('step-organ').fill('河南省监察委员会');
      await casemgr.getByTestId('step-organ-number').fill('豫监批〔2027〕3号');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      expect(await visibleText(casemgr.getByTestId('step-error'))).toMatch(/届满，不能再延长/);
      await screenshot(casemgr, 'case-measures-5-late-refused', false);
      expect((await measureRows(made.id))[0]!.version).toBe(before.version);
      await casemgr.getByRole('button', { name: /取\s*消/ }).click();
      await casemgr.getByTestId('step-form-extension').waitFor({ state: 'detached' });

      // 6. The one restart (newly found major crimes) with the higher organ's approval: a new clock.
      await late.getByTestId('measure-step-restart').click();
      await casemgr.getByTestId('step-form-restart').waitFor();
      await casemgr.getByTestId('step-reason').fill('发现其涉嫌挪用公款的重大犯罪');
      await casemgr.getByTestId('step-organ').fill('三门峡市监察委员会');
      await casemgr.getByTestId('step-organ-number').fill('三监批〔2027〕2号');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-restart').waitFor({ state: 'detached', timeout: 20000 });
      await late.getByTestId('measure-restart').waitFor({ timeout: 20000 });
      expect(await late.getByTestId('measure-restart').innerText()).toContain('三门峡市监察委员会三监批〔2027〕2号');
      expect(await late.getByTestId('measure-clock-detention-1').innerText()).toContain('已重新计算');
      expect(await late.getByTestId('measure-clock-detention-2').innerText()).toContain('2027-09-08 到期');
      expect(await late.getByTestId('measure-step-restart').count()).toBe(0);
      await screenshot(casemgr, 'case-measures-6-restarted');

      // 6b. A change request from the family opens its 3-day clock; refused with reasons, it is met.
      await late.getByTestId('measure-step-change-request').click();
      await casemgr.getByTestId('step-form-change-request').waitFor();
      await casemgr.getByTestId('step-applicant').fill('张某（配偶）');
      await casemgr.getByTestId('step-request').fill('申请变更为责令候查');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-change-request').waitFor({ state: 'detached', timeout: 20000 });
      await late.getByTestId('measure-step-change-decision').waitFor({ timeout: 20000 });
      expect(await late.getByTestId('measure-step-change-request').count()).toBe(0);
      expect(await late.getByTestId('measure-clock-detention_change_decision-1').innerText()).toContain('到期');
      await late.getByTestId('measure-step-change-decision').click();
      await casemgr.getByTestId('step-form-change-decision').waitFor();
      await casemgr.getByTestId('step-answer').fill('涉嫌重大犯罪，仍需留置');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-change-decision').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => late.getByTestId('measure-change').innerText(), { timeout: 20000 })
        .toContain('不同意：涉嫌重大犯罪，仍需留置');
      expect(await late.getByTestId('measure-clock-detention_change_decision-1').innerText()).toContain('已完成');
      expect(await late.getByTestId('measure-step-change-request').count()).toBe(1);

      // 7. 案管's 措施台账: the measure, filtered to 留置, running, its next due date.
      await casemgr.getByTestId('menu-caseMeasures').click();
      await casemgr.getByTestId('case-measures-table').waitFor({ timeout: 20000 });
      await pickOption(casemgr, 'case-measures-kind', '留置');
      await casemgr.keyboard.press('Escape');
      await casemgr.getByTestId('filter-search').click();
      const line = casemgr.getByTestId('case-measures-table').locator('tr', { hasText: made.number! });
      await line.waitFor({ timeout: 20000 });
      const lineText = await line.innerText();
      expect(lineText).toContain('留置');
      expect(lineText).toContain('执行中');
      expect(lineText).toContain('2027-09-08 到期');
      await screenshot(casemgr, 'case-measures-7-ledger');

      // 8. The handling unit's ledger filed for this month, then acknowledged by 案管.
      await casemgr.getByTestId('case-measures-tab-filings').click();
      await casemgr.getByTestId('filing-new').click();
      const unit = casemgr.getByTestId('filing-unit');
      await unit.click();
      await casemgr.keyboard.type(facts.unitName);
      const listId = await unit.locator('input').first().getAttribute('aria-controls');
      await casemgr
        .locator('.ant-select-dropdown')
        .filter({ has: casemgr.locator(`[id="${listId}"]`) })
        .locator('.ant-select-item-option')
        .filter({ hasText: facts.unitName })
        .first()
        .click();
      await casemgr.getByTestId('filing-note').fill('本月措施台账');
      await clickSubmit(casemgr.getByTestId('filing-submit'), 'filing-submit');
      expect(await visibleText(casemgr.getByTestId('filing-result'))).toBe('已报备，共1项措施');
      const row = casemgr.getByTestId('filings-table').locator('tr', { hasText: '本月措施台账' });
      await row.getByTestId('filing-ack').click();
      await casemgr.getByTestId('filing-ack-note').fill('已与台账核对');
      await clickSubmit(casemgr.getByTestId('filing-ack-submit'), 'filing-ack-submit');
      await row.getByTestId('filing-acknowledged').waitFor({ timeout: 20000 });
      await casemgr.getByTestId('filing-ack-note').waitFor({ state: 'detached' });
      expect(await row.getByTestId('filing-acknowledged').innerText()).toContain(names.casemgr!);
      const filing = await rig.env
        .ctx()
        .db.selectFrom('case_measure_filings')
        .select(['measure_count', 'acknowledged_at'])
        .executeTakeFirstOrThrow();
      expect(Number(filing.measure_count)).toBe(1);
      expect(filing.acknowledged_at).not.toBeNull();
      await screenshot(casemgr, 'case-measures-8-filing');

      // 9. The county's system administrator (no case data) sees only the approver levels and
      //    sets 查询 to the principal leader; a measure the law decides (留置) is not listed.
      const admin = await rig.signIn('sysadmin', { width: 1440, height: 900 });
      await admin.getByTestId('menu-caseMeasures').click();
      await admin.getByTestId('approver-levels').waitFor({ timeout: 20000 });
      expect(await admin.getByTestId('case-measures-tab-ledger').count()).toBe(0);
      const inquiry = admin.getByTestId('approver-levels').locator('tr', { hasText: '查询' });
      await inquiry.getByTestId('approver-level-inquiry').waitFor({ timeout: 20000 });
      expect(await inquiry.innerText()).toContain('使用默认层级');
      expect(await admin.getByTestId('approver-level-detention').count()).toBe(0);
      await pickOption(admin, 'approver-level-inquiry', '主要负责人');
      await expect.poll(() => inquiry.innerText(), { timeout: 20000 }).toContain('默认：承办部门负责人');
      await admin.keyboard.press('Escape');
      await screenshot(admin, 'case-measures-9-levels');
      const county = await rig.env
        .ctx()
        .db.selectFrom('cases')
        .select('county_code')
        .where('id', '=', made.id)
        .executeTakeFirstOrThrow();
      const stored = await rig.env
        .ctx()
        .db.selectFrom('settings')
        .select('value')
        .where('key', '=', `case.measure_approver_level.inquiry:${county.county_code}`)
        .executeTakeFirst();
      expect(stored?.value).toBe('3');

      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    '责令候查 needs the principal leader, is carried out and lifted with its documents; the investigation period is extended with the higher organ; the party-side period waits for the county',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await addTeam(rig.env, made.id, ['office1', 'zone1']);
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts): the zone case may be worked.
      await authoriseCase(rig.env, made.id);
      const subject = await rig.env
        .ctx()
        .db.selectFrom('case_subjects')
        .select('name')
        .where('case_id', '=', made.id)
        .executeTakeFirstOrThrow();
      const casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}?tab=measures`);
      await casemgr.getByTestId('case-measures').waitFor({ timeout: 20000 });

      // 1. No approver, then a department head: refused in words; the principal leader: recorded.
      await casemgr.getByTestId('measure-request').click();
      await casemgr.getByTestId('measure-form').waitFor();
      await pickOption(casemgr, 'measure-kind', '责令候查');
      await pickOption(casemgr, 'measure-subject', subject.name);
      await casemgr.getByTestId('measure-reason').fill('涉嫌违纪，需随传随到');
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      expect(await visibleText(casemgr.getByTestId('measure-form-error'))).toContain('请选择批准人');
      await pickOption(casemgr, 'measure-approver', names.casemgr!);
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      await expect
        .poll(() => casemgr.getByTestId('measure-form-error').innerText(), { timeout: 20000 })
        .toContain('所选批准人是承办部门负责人');
      await screenshot(casemgr, 'case-measures-10-approver-refused', false);
      expect(await measureRows(made.id)).toEqual([]);
      await pickOption(casemgr, 'measure-approver', names.leader!);
      // No option list still open over the form (a click would close it instead of submitting).
      await noOpenDropdown(casemgr);
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      await casemgr.getByTestId('measure-form').waitFor({ state: 'detached', timeout: 20000 });
      const card = casemgr.getByTestId('measure-1');
      expect(await visibleText(card.getByTestId('measure-approval'))).toContain(`${names.leader}（主要负责人）批准`);

      // 2. Carried out: its 12-month clock; no notice of family, no extension, no restart offered.
      await carryOutMeasure(casemgr, card, '被调查人本人', [names.office1!, names.zone1!]);
      await expect.poll(() => card.getByTestId('measure-status').innerText(), { timeout: 20000 }).toBe('执行中');
      expect(await card.getByTestId('measure-clock-standby_order-1').innerText()).toContain('到期');
      for (const step of ['notice', 'extension', 'restart', 'change-request'])
        expect(await card.getByTestId(`measure-step-${step}`).count()).toBe(0);
      // Its decision as a PDF and a DOCX, read with the page's own session.
      for (const format of ['pdf', 'docx']) {
        const href = await card.getByTestId(`measure-doc-standby_decision-${format}`).getAttribute('href');
        const file = await casemgr.request.get(`${rig.url}${href}`);
        expect(file.status()).toBe(200);
        expect(file.headers()['content-type']).toContain(format === 'pdf' ? 'application/pdf' : 'wordprocessingml');
      }

      // 3. Lifted: its clock is met, no step is left.
      await card.getByTestId('measure-step-lift').click();
      await casemgr.getByTestId('step-form-lift').waitFor();
      await casemgr.getByTestId('step-reason').fill('已查清问题，无需继续候查');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-lift').waitFor({ state: 'detached', timeout: 20000 });
      await expect.poll(() => card.getByTestId('measure-status').innerText(), { timeout: 20000 }).toBe('已解除');
      expect(await card.getByTestId('measure-clock-standby_order-1').innerText()).toContain('已完成');
      expect(await card.locator('[data-testid^="measure-step-"]').count()).toBe(0);
      await screenshot(casemgr, 'case-measures-11-lifted');

      // 4. The investigation period (timer 12): refused without the higher organ, extended with it.
      const periods = casemgr.getByTestId('measure-periods');
      await periods.getByTestId('period-extend-investigation').click();
      await casemgr.getByTestId('step-form-period').waitFor();
      await casemgr.getByTestId('step-reason').fill('案情重大复杂');
      await pickOption(casemgr, 'step-approver', names.leader!);
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      expect(await visibleText(casemgr.getByTestId('step-error'))).toContain('须经上一级监察机关批准');
      await casemgr.getByTestId('step-organ').fill('三门峡市监察委员会');
      await casemgr.getByTestId('step-organ-number').fill('三监延〔2026〕2号');
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-period').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => periods.getByTestId('period-investigation-1').innerText(), { timeout: 20000 })
        .toContain('已延长1次');

      // 5. The party-side period: the demo county set no length, so it does not start.
      await periods.getByTestId('period-open-party').click();
      await expect
        .poll(() => casemgr.getByTestId('measures-notice').innerText(), { timeout: 20000 })
        .toContain('本县未设定党纪审查期限');
      await screenshot(casemgr, 'case-measures-12-periods');
      expect(rig.pageErrors).toEqual([]);
    },
  );

  it(
    '管护: sent to the 留置场所 and the notice withheld by the principal leader, both of its 24-hour clocks met',
    { timeout: 600_000 },
    async () => {
      const made = await makeCase(rig.env);
      await addTeam(rig.env, made.id, ['office1', 'zone1']);
      // 一案一授权 (the 协作区 tab's, walked in case-zone.test.ts): the zone case may be worked.
      await authoriseCase(rig.env, made.id);
      const casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}?tab=measures`);
      await casemgr.getByTestId('measure-request').click();
      await pickOption(casemgr, 'measure-kind', '管护');
      await pickOption(casemgr, 'measure-subject', '测试对象');
      await casemgr.getByTestId('measure-reason').fill('涉嫌严重职务违法，有自杀风险');
      await pickOption(casemgr, 'measure-approver', names.leader!);
      // No option list still open over the form (a click would close it instead of submitting).
      await noOpenDropdown(casemgr);
      await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
      await casemgr.getByTestId('measure-form').waitFor({ state: 'detached', timeout: 20000 });
      const card = casemgr.getByTestId('measure-1');
      await carryOutMeasure(casemgr, card, '被管护人本人', [names.office1!, names.zone1!]);
      await card.getByTestId('measure-step-transfer').waitFor({ timeout: 20000 });
      expect(await card.getByTestId('measure-clock-custody_transfer-1').innerText()).toContain('到期');
      expect(await card.getByTestId('measure-step-extension').innerText()).toBe('延 长');

      // Sent to the 留置场所.
      await card.getByTestId('measure-step-transfer').click();
      await casemgr.getByTestId('step-form-transfer').waitFor();
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-transfer').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => card.getByTestId('measure-clock-custody_transfer-1').innerText(), { timeout: 20000 })
        .toContain('已完成');
      expect(await card.getByTestId('measure-step-transfer').count()).toBe(0);

      // The notice withheld: the principal leader's approval and the reason.
      await card.getByTestId('measure-step-notice').click();
      await casemgr.getByTestId('step-form-notice').waitFor();
      await casemgr.getByTestId('step-notice-mode').getByText('经批准不通知').click();
      await casemgr.getByTestId('step-withheld-reason').fill('通知可能导致串供、毁灭证据');
      await pickOption(casemgr, 'step-withheld-approver', names.leader!);
      await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
      await casemgr.getByTestId('step-form-notice').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => card.getByTestId('measure-family-notice').innerText(), { timeout: 20000 })
        .toBe(`经${names.leader}批准不通知：通知可能导致串供、毁灭证据`);
      expect(await card.getByTestId('measure-clock-detention_notice-1').innerText()).toContain('已完成');
      await screenshot(casemgr, 'case-measures-13-custody');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
