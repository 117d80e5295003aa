import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeam, authoriseCase, makeCase } from '../../src/server/test/case-factories.js';
import {
  type ConsoleRig,
  carryOutMeasure,
  clickSubmit,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * The renewable measures in the 措施 tab (TL21 第一百零八条, 第一百六十四条; JCF24 第三十一条): on a
 * filed case (team and 一案一授权 by the factories) 案管 records 冻结 (approved by a leader of the
 * county's level), 限制出境 (a city organ refused in words: it needs a provincial one) and 技术调查
 * (the principal leader), carries each out, and renews each once: 冻结 by six months, 限制出境 and
 * 技术调查 by three (限制出境's renewal again refused from a city organ). The server's clock then
 * runs past every renewed end: each further renewal is refused as late, in words, and nothing
 * changes. Each due date shown is the one the server keeps for the clock (read from the database,
 * as is the measures' version, to show nothing was written).
 */

const DAY = 24 * 3_600_000;

interface Walked {
  /** The measure's kind in words (the form's option). */
  label: string;
  /** Its clock kind (the card's `measure-clock-<kind>-1`). */
  clock: string;
  /** Fills the request form's approval part. */
  approve: (page: Page) => Promise<void>;
  /** Months the first period and each renewal add. */
  months: number;
}

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('renewable measures in headless Chromium', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const u of await rig.env.ctx().db.selectFrom('users').select(['username', 'display_name']).execute())
      names[u.username] = u.display_name;
  });
  afterAll(async () => rig?.close());

  const as = (username: string) => signInAtServerTime(rig, username);

  /** The server's clock of `kind` on the case's measure `seq`: its due date and extensions. */
  async function clockOf(caseId: string, seq: number, kind: string) {
    return rig.env
      .ctx()
      .db.selectFrom('deadlines as d')
      .innerJoin('case_measures as m', 'm.id', 'd.resource_id')
      .select(['d.due_on', 'd.extended', 'm.version'])
      .where('d.resource_type', '=', 'case_measure')
      .where('m.case_id', '=', caseId)
      .where('m.seq', '=', seq)
      .where('d.kind', '=', kind)
      .executeTakeFirstOrThrow();
  }

  /** Opens the extension dialog of `card`, fills it (the organ when given) and submits it. */
  async function renew(page: Page, card: ReturnType<Page['getByTestId']>, organ?: [string, string]) {
    await card.getByTestId('measure-step-extension').click();
    await page.getByTestId('step-form-extension').waitFor();
    await page.getByTestId('step-reason').fill('仍需继续采取措施');
    await pickOption(page, 'step-approver', names.leader!);
    await noOpenDropdown(page);
    if (organ) {
      await page.getByTestId('step-organ').fill(organ[0]);
      await page.getByTestId('step-organ-number').fill(organ[1]);
    }
    await clickSubmit(page.getByTestId('step-submit'), 'step-submit');
  }

  it(
    '冻结, 限制出境 and 技术调查 renewed once each; a renewal after the end refused as late',
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
      const withLeader = async (page: Page) => pickOption(page, 'measure-approver', names.leader!);
      const walked: Walked[] = [
        { label: '冻结', clock: 'freeze', approve: withLeader, months: 6 },
        {
          label: '限制出境',
          clock: 'exit_ban',
          months: 3,
          approve: async (page) => {
            // A city organ first: refused in words (限制出境 needs a provincial organ).
            await page.getByTestId('measure-higher-organ').fill('三门峡市监察委员会');
            await page.getByTestId('measure-higher-number').fill('三监批〔2026〕7号');
            await typeDate(page, 'measure-higher-on', '2026-11-20');
            await noOpenDropdown(page);
            await clickSubmit(page.getByTestId('measure-form-submit'), 'measure-form-submit');
            expect(await visibleText(page.getByTestId('measure-form-error'))).toContain('须经省级以上监察机关批准');
            await screenshot(page, 'case-measures-renewals-0-exit-ban-refused', false);
            await page.getByTestId('measure-higher-organ').fill('河南省监察委员会');
            await page.getByTestId('measure-higher-number').fill('豫监批〔2026〕21号');
          },
        },
        { label: '技术调查', clock: 'technical_investigation', approve: withLeader, months: 3 },
      ];

      let casemgr = await as('casemgr');
      await casemgr.goto(`${rig.url}/cases/${made.id}?tab=measures`);
      await casemgr.getByTestId('case-measures').waitFor({ timeout: 20000 });
      for (const [i, w] of walked.entries()) {
        const seq = i + 1;
        // 1. Requested with its approval, recorded.
        await casemgr.getByTestId('measure-request').click();
        await casemgr.getByTestId('measure-form').waitFor();
        await pickOption(casemgr, 'measure-kind', w.label, true);
        await pickOption(casemgr, 'measure-subject', subject.name);
        await casemgr.getByTestId('measure-reason').fill(`${w.label}：防止转移财产、出逃`);
        await w.approve(casemgr);
        await noOpenDropdown(casemgr);
        await clickSubmit(casemgr.getByTestId('measure-form-submit'), 'measure-form-submit');
        await casemgr.getByTestId('measure-form').waitFor({ state: 'detached', timeout: 20000 });
        const card = casemgr.getByTestId(`measure-${seq}`);
        await expect
          .poll(() => card.getByTestId('measure-status').innerText(), { timeout: 20000 })
          .toBe('已批准待执行');

        // 2. Carried out with two of the team present: its clock runs.
        await carryOutMeasure(casemgr, card, '被调查人本人', [names.office1!, names.zone1!]);
        await expect.poll(() => card.getByTestId('measure-status').innerText(), { timeout: 20000 }).toBe('执行中');
        const started = await clockOf(made.id, seq, w.clock);
        const clockLine = card.getByTestId(`measure-clock-${w.clock}-1`);
        expect(await clockLine.innerText()).toContain(`${started.due_on} 到期`);

        // 3. Renewed once (限制出境: a city organ refused first, then the province's document).
        if (w.clock === 'exit_ban') {
          await renew(casemgr, card, ['三门峡市监察委员会', '三监批〔2026〕8号']);
          expect(await visibleText(casemgr.getByTestId('step-error'))).toContain(
            '延长限制出境须经省级以上监察机关批准',
          );
          expect(Number((await clockOf(made.id, seq, w.clock)).extended)).toBe(0);
          await casemgr.getByTestId('step-organ').fill('河南省监察委员会');
          await casemgr.getByTestId('step-organ-number').fill('豫监批〔2026〕30号');
          await clickSubmit(casemgr.getByTestId('step-submit'), 'step-submit');
        } else {
          await renew(casemgr, card);
        }
        await casemgr.getByTestId('step-form-extension').waitFor({ state: 'detached', timeout: 20000 });
        await expect.poll(() => clockLine.innerText(), { timeout: 20000 }).toContain('已延长1次');
        const renewed = await clockOf(made.id, seq, w.clock);
        expect(Number(renewed.extended)).toBe(1);
        expect(await clockLine.innerText()).toContain(`${renewed.due_on} 到期`);
        // By the period's length again: the end moves by `months` (a day either way at month ends).
        const moved = (Date.parse(renewed.due_on) - Date.parse(started.due_on)) / DAY;
        expect(moved).toBeGreaterThanOrEqual(w.months * 28);
        expect(moved).toBeLessThanOrEqual(w.months * 31 + 1);
        // Renewable: offered again.
        expect(await card.getByTestId('measure-step-extension').innerText()).toContain('再次延长');
      }
      await screenshot(casemgr, 'case-measures-renewals-1-renewed');
      await casemgr.close();

      // 4. The server's clock past every renewed end (冻结: twelve months): each further renewal is
      //    refused as late, in words, and the measure is not written.
      rig.env.clock.advance(400 * DAY);
      try {
        casemgr = await as('casemgr');
        await casemgr.goto(`${rig.url}/cases/${made.id}?tab=measures`);
        for (const [i, w] of walked.entries()) {
          const seq = i + 1;
          const card = casemgr.getByTestId(`measure-${seq}`);
          await card.waitFor({ timeout: 20000 });
          const before = await clockOf(made.id, seq, w.clock);
          expect(await card.getByTestId(`measure-clock-${w.clock}-1`).getByTestId('clock-overdue').innerText()).toBe(
            `已超期：${before.due_on} 到期`,
          );
          await renew(casemgr, card, w.clock === 'exit_ban' ? ['河南省监察委员会', '豫监批〔2027〕9号'] : undefined);
          const refused = await visibleText(casemgr.getByTestId('step-error'));
          expect(refused).toContain(`${w.label}已于${before.due_on}届满，不能再延长`);
          expect(refused).toContain('延长须在期满前批准');
          if (seq === 1) await screenshot(casemgr, 'case-measures-renewals-2-late-refused', false);
          const after = await clockOf(made.id, seq, w.clock);
          expect(after).toEqual(before);
          await casemgr.getByRole('button', { name: /取\s*消/ }).click();
          await casemgr.getByTestId('step-form-extension').waitFor({ state: 'detached' });
        }
        await screenshot(casemgr, 'case-measures-renewals-3-overdue');
      } finally {
        rig.env.clock.advance(-400 * DAY);
      }
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
