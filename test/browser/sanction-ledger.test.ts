import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/server/shared/context.js';
import { importSanction, liftDueSanctions } from '../../src/server/modules/sanctions/index.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import {
  type ConsoleRig,
  pickDate,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  visibleText,
} from './browser.js';

/**
 * 处分台账 and 廉政档案 in headless Chromium (issue 14 §6): a village cadre's history entered as
 * decided records (a 党内警告 in January, a 党内严重警告 in July stacked on what remained of it, a
 * 记过) and another person's 政务警告 whose period ended last year. The case manager opens 处分台账,
 * finds "共 N 条" for a name, narrows it to the party sanctions, asks who is under an effect period
 * on a date before and after the other person's period, and opens the cadre's integrity file:
 * every record, what remains today, the days carried from the warning. Then the server's clock
 * moves past the 记过's period and the daily lifting job lifts it, which the ledger shows.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')(
  'the sanctions ledger and an integrity file in headless Chromium',
  () => {
    let rig: ConsoleRig;
    let cadre: { id: string; name: string };
    let other: { id: string; name: string };

    beforeAll(async () => {
      rig = await startConsoleRig();
      const db = rig.env.ctx().db;
      const subjects = await db
        .selectFrom('subjects')
        .select(['id', 'name', 'region_code'])
        .where('cadre_authority', '=', 'village_cadre')
        .orderBy('id')
        .limit(2)
        .execute();
      const [a, b] = subjects;
      if (!a || !b) throw new Error('the seed has fewer than two village cadres');
      cadre = { id: a.id, name: a.name };
      other = { id: b.id, name: b.name };
      const ownerUnitId = await unitOf(rig.env, 'tstaff1');
      const ctx = await ctxAs(rig.env, 'casemgr');
      const person = (s: typeof a) => ({
        subjectId: s.id,
        name: s.name,
        authority: 'village_cadre' as const,
        limitedSubject: 'village_cadre' as const,
        partyMember: true,
        regionCode: s.region_code,
      });
      await inTransaction(ctx, async (tx) => {
        await importSanction(tx, {
          person: person(a),
          outcome: { system: 'party', kind: 'warning' },
          decidedOn: '2026-01-10',
          approvingBody: 'township_commission',
          summary: '党内警告',
          ownerUnitId,
        });
        await importSanction(tx, {
          person: person(a),
          outcome: { system: 'party', kind: 'serious_warning' },
          decidedOn: '2026-07-10',
          summary: '党内严重警告',
          ownerUnitId,
        });
        await importSanction(tx, {
          person: person(a),
          outcome: { system: 'state', kind: 'demerit' },
          decidedOn: '2026-07-10',
          summary: '记过',
          ownerUnitId,
        });
        await importSanction(tx, {
          person: person(b),
          outcome: { system: 'state', kind: 'warning' },
          decidedOn: '2025-03-01',
          summary: '政务警告',
          ownerUnitId,
        });
      });
    });
    afterAll(async () => rig?.close());

    it(
      'filters the ledger, lists who is under an effect period on a date, and opens an integrity file',
      { timeout: 600_000 },
      async () => {
        // The browser's clock reads the server's (2026-11-20), so "what remains" counts from the same day.
        const page = await signInAtServerTime(rig, 'casemgr');
        await page.getByTestId('menu-sanctions').click();
        const table = page.getByTestId('sanctions-table');
        const total = page.getByTestId('sanctions-total');
        await expect.poll(() => table.innerText(), { timeout: 30000 }).toContain(cadre.name);

        // A name: its three records, "共 3 条"; then the party sanctions only.
        await page.getByTestId('sanctions-q').fill(cadre.name);
        await page.getByTestId('filter-search').click();
        await expect.poll(() => total.innerText(), { timeout: 20000 }).toContain('共 3 条');
        expect(await table.innerText()).toContain('记过');
        await pickOption(page, 'sanctions-system', '党纪处分');
        await page.getByTestId('filter-search').click();
        await expect.poll(() => total.innerText(), { timeout: 20000 }).toContain('共 2 条');
        const text = await table.innerText();
        expect(text).toContain('党内警告');
        expect(text).toContain('党内严重警告');
        expect(text).not.toContain('记过');
        // The serious warning runs to 2028-07-10: its 18 months and what remained of the warning.
        expect(text).toContain('2028-07-10');
        // 2026-11-20 to 2027-01-10, both days counted.
        expect(text).toContain('剩余 52 天');
        await screenshot(page, 'sanction-ledger-1-party');

        // Who is under an effect period: the other person's 政务警告 ran 2025-03-01 to 2025-09-01.
        await page.getByTestId('filter-bar').locator('button').filter({ hasText: '重' }).click();
        await pickDate(page, 'sanctions-under-effect', '2025-06-01');
        await page.getByTestId('filter-search').click();
        await expect.poll(() => total.innerText(), { timeout: 20000 }).toContain('2025-06-01 在影响期内');
        await expect.poll(() => table.innerText(), { timeout: 20000 }).toContain(other.name);
        expect(await table.innerText()).not.toContain(cadre.name);
        await pickDate(page, 'sanctions-under-effect', '2026-11-20');
        await page.getByTestId('filter-search').click();
        await expect.poll(() => table.innerText(), { timeout: 20000 }).toContain(cadre.name);
        expect(await table.innerText()).not.toContain(other.name);
        await screenshot(page, 'sanction-ledger-2-under-effect');
        // The export of that list is offered to holders of sanction.export only (the reviewer, not the case manager).
        expect(await page.getByTestId('sanctions-export-under-effect').count()).toBe(0);
        const reviewer = await rig.as('reviewer');
        await reviewer.getByTestId('menu-sanctions').click();
        await reviewer.getByTestId('sanctions-export-date').waitFor({ timeout: 30000 });
        await pickDate(reviewer, 'sanctions-export-date', '2026-11-20');
        await expect
          .poll(() => reviewer.getByTestId('sanctions-export-under-effect').getAttribute('href'))
          .toBe('/api/sanctions/under-effect.xlsx?on=2026-11-20');

        // The integrity file: three records, under an effect period today, the remainders.
        await table.getByTestId('sanction-integrity-link').first().click();
        await expect
          .poll(() => page.getByTestId('integrity-title').innerText(), { timeout: 20000 })
          .toBe(`${cadre.name}的廉政档案`);
        expect(await visibleText(page.getByTestId('integrity-under-effect'))).toContain('仍在影响期内');
        const records = page.getByTestId('integrity-records');
        await expect.poll(() => records.locator('tbody tr.ant-table-row').count()).toBe(3);
        const file = await records.innerText();
        expect(file).toContain('党内警告');
        expect(file).toContain('记过');
        expect(file).toMatch(/\d+个月\d+天/);
        // The days carried from the warning into the serious warning's period.
        expect(file).toContain('含前一处分剩余 182 天');
        await screenshot(page, 'sanction-ledger-3-integrity-file');

        // The 记过's period (to 2027-07-10) runs out: the server's clock moves past it and the daily
        // job lifts it; the ledger then says so, the party sanctions still run.
        rig.env.clock.advance(Date.parse('2027-07-12T04:00:00Z') - rig.env.clock.nowMs());
        const run = await liftDueSanctions(rig.env.ctx().db, rig.env.ctx().dialect, rig.env.clock);
        expect(run.lifted.length).toBeGreaterThan(0);
        const later = await signInAtServerTime(rig, 'casemgr');
        await later.getByTestId('menu-sanctions').click();
        await later.getByTestId('sanctions-q').fill(cadre.name);
        await pickOption(later, 'sanctions-system', '政务处分');
        await later.getByTestId('filter-search').click();
        const stateTable = later.getByTestId('sanctions-table');
        await expect.poll(() => stateTable.innerText(), { timeout: 20000 }).toContain('期满解除');
        expect(await stateTable.innerText()).toContain('记过');
        await screenshot(later, 'sanction-ledger-4-lifted');
        expect(rig.pageErrors).toEqual([]);
      },
    );
  },
);
