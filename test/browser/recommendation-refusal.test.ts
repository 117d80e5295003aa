import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import { decideAll } from '../../src/server/test/case-factories.js';
import { pdfText } from '../../src/server/test/pdf.js';
import { type ConsoleRig, clickSubmit, fillHeld, screenshot, signInAtServerTime, startConsoleRig } from './browser.js';
import { bytesOf, unitOfUser } from './walk-helpers.js';

/**
 * Refusing a recommendation (监察建议书, issue 15 §2; JCF24 第七十一条) in headless Chromium.
 * Township 1's commission issued three recommendations to the first village's committee. The
 * committee's contact (`vcadre1`) refuses the first without a reason: the recommendation page
 * says it is recorded for accountability, and the committee's page (单位整改情况) shows the 问责
 * record, whose 问责记录 is downloaded and read back. The second and third are refused with a
 * reason; the commission rules the second's reason unjustified (a second record appears on the
 * committee's page) and the third's justified (none).
 */

const DAY = 24 * 3_600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('recommendations refused, in headless Chromium', () => {
  let rig: ConsoleRig;
  let village: { id: string; name: string };

  beforeAll(async () => {
    rig = await startConsoleRig();
    village = await unitOfUser(rig, 'vcadre1');
  });
  afterAll(async () => rig?.close());

  const plusDays = (n: number) => toShanghaiDate(new Date(rig.env.clock.nowMs() + n * DAY).toISOString());
  const records = (recommendationId: string) =>
    rig.env
      .ctx()
      .db.selectFrom('rectification_unit_escalations')
      .selectAll()
      .where('source_id', '=', recommendationId)
      .execute();

  /** Township 1 issues a recommendation to the village committee (submitted and its chain signed). */
  async function issued(subject: string): Promise<{ id: string; number: string }> {
    const api = await rig.env.as('township1');
    const drafted = await api.post('/api/recommendations', {
      kind: 'supervision',
      subject,
      recipientUnitId: village.id,
      recipientPrincipal: '王村长',
      situation: '2026年第四季度专项检查中，抽查该村集体资金支出凭证42份。',
      problems: '一是大额支出未经村民代表会议决议；二是报账凭证不全。',
      requirements: '建立集体资金大额支出民主决策台账，补齐凭证。',
      deadline: plusDays(30),
      reportBack: '整改完成后形成书面报告，通过平台报送。',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const id = drafted.json<{ id: string }>().id;
    const sent = await api.post(`/api/recommendations/${id}/submission`, { version: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    // The chain's signatures (送审 → 签发) are the recommendation-flow walk's; here they are signed directly.
    await decideAll(rig.env, sent.json<{ approvalId: string }>().approvalId);
    const res = await api.get(`/api/recommendations/${id}`);
    expect(res.json<{ status: string }>().status, res.body).toBe('issued');
    return { id, number: res.json<{ number: string }>().number };
  }

  /** On the recommendation's page: refuses it, with `reason` or none, and waits for the refused state. */
  async function refuse(page: Page, id: string, reason: string | null) {
    await page.goto(`${rig.url}/recommendations/${id}`);
    await page.getByTestId('rec-refusal').waitFor({ timeout: 30000 });
    if (reason) await fillHeld(page.getByTestId('rec-refusal-reason'), reason);
    await page.getByTestId('rec-refuse').click();
    await clickSubmit(page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }), 'refuse');
    await expect.poll(() => page.getByTestId('rec-status').innerText(), { timeout: 20000 }).toBe('拒不采纳');
  }

  it('records a refusal without reason on the unit page, and rules two objections', { timeout: 600_000 }, async () => {
    const bare = await issued('关于规范村级工程项目管理的监察建议');
    const objected = await issued('关于加强村务公开的监察建议');
    const fair = await issued('关于规范村卫生室药品管理的监察建议');

    // 1. Refused without a reason: recorded for accountability at once.
    const contact = await signInAtServerTime(rig, 'vcadre1');
    await refuse(contact, bare.id, null);
    await contact.getByTestId('rec-accountability').waitFor({ timeout: 20000 });
    await screenshot(contact, 'recommendation-refusal-1-refused');
    const [first] = await records(bare.id);
    expect(first).toMatchObject({
      owner_unit_id: village.id,
      source_kind: 'recommendation_refusal',
      rung: 'accountability',
      reason: 'refused_without_reason',
    });

    // 2. The committee's page shows it, with the recommendation and its 问责记录; the
    // recommendation's banner leads there.
    const issuer = await signInAtServerTime(rig, 'township1');
    await issuer.goto(`${rig.url}/recommendations/${bare.id}`);
    await issuer.getByTestId('rec-accountability-unit').click();
    await issuer.waitForURL(`**/units/${village.id}/rectification`, { timeout: 20000 });
    const card = issuer.getByTestId('unit-rectification-refusals');
    await card.waitFor({ timeout: 30000 });
    const line = card.getByTestId('unit-escalation-refusal').filter({ hasText: bare.number });
    expect(await line.innerText()).toContain('未说明理由');
    expect(await line.getByTestId('unit-escalation-recommendation').getAttribute('href')).toBe(
      `/recommendations/${bare.id}`,
    );
    await screenshot(issuer, 'recommendation-refusal-2-unit-page');
    const [pdf] = await Promise.all([
      issuer.waitForEvent('download'),
      line.getByTestId('unit-escalation-doc-accountability_record-pdf').click(),
    ]);
    const text = pdfText(await bytesOf(pdf)).replace(/\s+/g, '');
    for (const words of ['问责记录', village.name, bare.number, '未说明任何理由', '第七十一条', '通报批评'])
      expect(text, words).toContain(words);

    // 3. Two objections: one ruled unjustified (recorded), one justified (not).
    await refuse(contact, objected.id, '村务公开栏已按季度更新。');
    await refuse(contact, fair.id, '该卫生室已于上月移交乡卫生院管理。');
    expect(await records(objected.id)).toEqual([]);
    const rule = async (id: string, justified: boolean, note: string) => {
      await issuer.goto(`${rig.url}/recommendations/${id}`);
      await issuer.getByTestId('rec-ruling-justified').waitFor({ timeout: 30000 });
      await issuer
        .getByTestId('rec-ruling-justified')
        .getByText(justified ? '理由成立' : '理由不成立')
        .click();
      await fillHeld(issuer.getByTestId('rec-ruling-note'), note);
      await clickSubmit(issuer.getByTestId('rec-ruling-save'), 'ruling');
      await issuer.getByTestId('rec-ruling-save').waitFor({ state: 'detached', timeout: 20000 });
    };
    await rule(objected.id, false, '经查公开栏缺少集体资金收支明细，理由不成立。');
    await issuer.getByTestId('rec-accountability').waitFor({ timeout: 20000 });
    await screenshot(issuer, 'recommendation-refusal-3-ruled');
    await rule(fair.id, true, '经核实，卫生室已移交，理由成立。');
    expect(await issuer.getByTestId('rec-accountability').count()).toBe(0);
    expect((await records(objected.id)).map((r) => r.reason)).toEqual(['refusal_ruled_unjustified']);
    expect(await records(fair.id)).toEqual([]);

    await issuer.goto(`${rig.url}/units/${village.id}/rectification`);
    await card.waitFor({ timeout: 30000 });
    await expect.poll(() => card.getByTestId('unit-escalation-refusal').count(), { timeout: 20000 }).toBe(2);
    const ruled = card.getByTestId('unit-escalation-refusal').filter({ hasText: objected.number });
    expect(await ruled.innerText()).toContain('理由经认定不成立');
    expect(await ruled.innerText()).toContain('村务公开栏已按季度更新。');
    expect(await card.innerText()).not.toContain(fair.number);
    await screenshot(issuer, 'recommendation-refusal-4-unit-page-two');

    // The committee's contact sees the same records on a phone.
    const phone = await rig.signIn('vcadre1', { width: 390, height: 844 });
    await phone.goto(`${rig.url}/units/${village.id}/rectification`);
    await phone.getByTestId('unit-rectification-refusals').waitFor({ timeout: 30000 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'recommendation-refusal-5-phone');
    expect(rig.pageErrors).toEqual([]);
  });
});
