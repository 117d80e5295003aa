import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideApproval, recordOfflineStep } from '../../src/server/modules/approvals/index.js';
import { addClueMember, setClueState } from '../../src/server/modules/clues/index.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { ctxAs, makeClue, unitOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, pickDate, screenshot, startConsoleRig } from './browser.js';

// Browser tests exercise the console, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('console 初核 panel in headless Chromium', () => {
  let rig: ConsoleRig;
  let clueId = '';
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    const env = rig.env;
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
    const clue = await makeClue(env, 'casemgr', { subjects: [{ name: '曌核', position: '村委会主任' }] });
    clueId = clue.id;
    const officeUnit = await unitOf(env, 'office1');
    // Along the legal path into verification (the disposal steps are other pages).
    await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
      let v = (await setClueState(tx, clue.id, clue.version, { status: 'assigned', handlingUnitId: officeUnit }))
        .version;
      await addClueMember(tx, clue.id, ids.office1!, 'handler');
      v = (await setClueState(tx, clue.id, v, { status: 'disposal_proposed' })).version;
      await setClueState(tx, clue.id, v, { status: 'verification', disposal: 'verification' });
    });
  });
  afterAll(async () => rig?.close());

  /** Approves every step of the clue's newest approval as its holders (offline: the drafter). */
  async function approveNewest(): Promise<void> {
    const db = rig.env.ctx().db;
    const { id } = await db
      .selectFrom('approvals')
      .select('id')
      .where('resource_id', '=', clueId)
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const who = (userId: string) => Object.keys(ids).find((u) => ids[u] === userId)!;
    for (;;) {
      const row = await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status !== 'pending') {
        expect(row.status).toBe('approved');
        return;
      }
      const step = await db
        .selectFrom('approval_steps')
        .select('offline')
        .where('id', '=', row.current_step_id!)
        .executeTakeFirstOrThrow();
      if (Number(step.offline) === 1)
        await recordOfflineStep(await ctxAs(rig.env, who(row.drafter_id)), id, {
          decision: 'approve',
          signerName: '县委书记',
          signedOn: '2026-11-20',
          version: row.version,
        });
      else
        await decideApproval(await ctxAs(rig.env, who(row.current_holder_id!)), id, {
          decision: 'approve',
          version: row.version,
        });
    }
  }

  async function pick(page: Page, testId: string, option: string): Promise<void> {
    await page.getByTestId(testId).click();
    // On a loaded CI machine the list once never opened, so the typed name went nowhere: a list
    // not open after 10 s is opened with a second click.
    try {
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor({ timeout: 10000 });
    } catch {
      await page.getByTestId(testId).click();
    }
    await page.keyboard.type(option);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option })
      .first()
      .click();
  }

  async function open(page: Page): Promise<void> {
    await page.goto(`${rig.url}/clues/${clueId}`);
    await page.getByTestId('verification-panel').waitFor({ timeout: 15000 });
  }

  it('plan with two members → approval → both sign → report approved → 拟立案', { timeout: 180_000 }, async () => {
    const office = await rig.signIn('office1');
    await open(office);
    await office.getByTestId('verification-objectives').fill('核实村集体资金使用是否规范');
    await office.getByText('查阅、复制文件、账目、档案等资料').click();
    await pickDate(office, 'verification-period', '2026-12-10', '2026-12-20');
    await office.getByTestId('verification-work').fill('调取账目，与相关人员谈话');
    await pickDate(office, 'verification-planned-end', '2026-12-31');
    await pick(office, 'verification-team', names.office1!);
    await pick(office, 'verification-team', names.zone1!);
    await office.keyboard.press('Escape');
    await expect
      .poll(async () => office.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count(), {
        timeout: 15000,
      })
      .toBe(0);
    await pick(office, 'verification-leader', names.office1!);
    await office.getByTestId('verification-check').click();
    const result = office.getByTestId('verification-check-result');
    await result.waitFor({ timeout: 15000 });
    expect(await result.innerText()).toContain('无回避情形');
    await screenshot(office, 'console-verification-plan');
    await office.getByTestId('verification-submit-plan').click();
    await expect
      .poll(async () => office.getByTestId('verification-status').innerText(), { timeout: 15000 })
      .toBe('工作方案报批中');
    // The picked period is sent as the plan prints it.
    expect(await office.getByTestId('verification-panel').innerText()).toContain('2026年12月10日至12月20日');

    await approveNewest();
    await open(office);
    await expect
      .poll(async () => office.getByTestId('verification-status').innerText(), { timeout: 15000 })
      .toBe('核查中');
    await office.getByTestId('verification-background').fill('曌核，男，1975年出生，中共党员，现任村委会主任。');
    await office.getByTestId('verification-basis').fill('《中国共产党纪律处分条例》第一百零二条');
    await office.getByTestId('verification-findings').fill('经查阅村集体账目，反映问题基本属实。');
    await pick(office, 'verification-proposal', '拟立案审查调查');
    await expect
      .poll(async () => office.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count(), {
        timeout: 15000,
      })
      .toBe(0);
    await office.getByTestId('verification-proposalReason').fill('涉嫌违反群众纪律，需要追究党纪责任。');
    await office.getByTestId('verification-save-report').click();
    await office.getByTestId('verification-sign').click();
    const signatures = office.getByTestId('verification-signatures');
    await expect.poll(async () => signatures.innerText(), { timeout: 15000 }).toContain('已签字');
    expect(await signatures.innerText()).toContain('未签字');
    expect(await office.getByTestId('verification-submit-report').count()).toBe(0);

    const zone = await rig.signIn('zone1');
    await open(zone);
    await zone.getByTestId('verification-sign').click();
    await expect
      .poll(async () => (await zone.getByTestId('verification-signatures').innerText()).includes('未签字'), {
        timeout: 15000,
      })
      .toBe(false);

    await open(office);
    await office.getByTestId('verification-submit-report').click();
    await expect
      .poll(async () => office.getByTestId('verification-status').innerText(), { timeout: 15000 })
      .toBe('情况报告报批中');
    await approveNewest();
    await open(office);
    await expect
      .poll(async () => office.getByTestId('verification-outcome').innerText(), { timeout: 15000 })
      .toBe('拟立案审查调查');
    // The clue's own state tag beside its number (not the outcome's words, which also say 拟立案).
    await expect
      .poll(
        async () =>
          office
            .locator('.ant-tag')
            .filter({ hasText: /^拟立案$/ })
            .count(),
        { timeout: 15000 },
      )
      .toBeGreaterThan(0);
    // The plan's clock is named in words on the clue's clocks card (not by its kind).
    await office.getByText('初核工作方案期限', { exact: true }).waitFor({ timeout: 15000 });
    await screenshot(office, 'console-verification-done');
    expect(rig.pageErrors).toEqual([]);
  });
});
