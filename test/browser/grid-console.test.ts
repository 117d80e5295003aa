import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/server/shared/id-number.js';
import { scoreGrid } from '../../src/server/modules/grid/index.js';
import { villageOf } from '../../src/server/test/factories.js';
import {
  type ConsoleRig,
  clickSubmit,
  fillHeld,
  pickOption,
  screenshot,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * Grid supervision in the console (issue 16 §4): township1 sets up its first village's outpost,
 * appoints an informant of a villager group, issues the one-time invitation link, and sees the
 * quarter's ranking chart once a confirmed task has been scored.
 */
// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('grid supervision in the console', () => {
  let rig: ConsoleRig;
  let villageName = '';
  beforeAll(async () => {
    rig = await startConsoleRig();
    const code = await villageOf(rig.env, 'township1');
    villageName = (
      await rig.env.ctx().db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirstOrThrow()
    ).name;
  });
  afterAll(async () => rig?.close());

  it(
    'creates an outpost and an informant, issues an invitation, sees the ranking chart',
    { timeout: 300_000 },
    async () => {
      const page = await rig.as('township1');
      await page.goto(`${rig.url}/grid`);
      await page.getByTestId('grid-new-outpost').click();
      await pickOption(page, 'grid-outpost-village', villageName, true);
      await fillHeld(page.getByTestId('grid-outpost-head'), '演示站长');
      await fillHeld(page.getByTestId('grid-outpost-deputies'), '演示副站长甲、演示副站长乙');
      await clickSubmit(page.getByTestId('grid-outpost-save'), 'new outpost');
      await expect.poll(() => visibleText(page.getByTestId('grid-outposts'))).toContain(`${villageName}廉情前哨站`);
      expect(await visibleText(page.getByTestId('grid-outposts'))).toContain('演示副站长甲、演示副站长乙');

      await page.getByTestId('grid-new-informant').click();
      await pickOption(page, 'grid-informant-outpost', `${villageName}廉情前哨站`);
      await pickOption(page, 'grid-informant-group', '第一村民小组');
      await fillHeld(page.getByTestId('grid-informant-name'), '演示监督员乙');
      await fillHeld(page.getByTestId('grid-informant-phone'), '13800001111');
      const first17 = '41122119750505123';
      await fillHeld(page.getByTestId('grid-informant-id'), first17 + idCheckCharacter(first17));
      await typeDate(page, 'grid-informant-term-start', '2026-01-01');
      await typeDate(page, 'grid-informant-term-end', '2028-12-31');
      await typeDate(page, 'grid-informant-duty', '2026-03-01');
      await clickSubmit(page.getByTestId('grid-informant-save'), 'new informant');
      await expect.poll(() => visibleText(page.getByTestId('grid-informants'))).toContain('演示监督员乙');
      expect(await visibleText(page.getByTestId('grid-informants'))).toContain('未启用');
      const stored = await rig.env.ctx().db.selectFrom('grid_informants').selectAll().executeTakeFirstOrThrow();
      expect(stored.name_enc).not.toContain('演示监督员乙');

      await page.getByTestId('grid-invite').first().click();
      const link = page.getByTestId('grid-invitation-link');
      await expect.poll(() => visibleText(link)).toContain('/r/informant#invite=');
      // The dialog zooms in: shoot it once its motion has ended.
      await expect.poll(() => page.locator('.ant-modal[class*="zoom"]').count()).toBe(0);
      await expect
        .poll(() => page.locator('.ant-modal-content').evaluate((e) => getComputedStyle(e).opacity))
        .toBe('1');
      await screenshot(page, 'grid-console-invitation', false);
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await link.waitFor({ state: 'hidden' });

      // A task done and confirmed, scored by the job: the ranking chart shows the village.
      const t1 = await rig.env.as('township1');
      const task = await t1.post('/api/grid/tasks', {
        informantId: stored.id,
        kind: 'villagers_meeting',
        title: '列席村民代表会议',
      });
      expect(task.statusCode, task.body).toBe(201);
      await rig.env
        .ctx()
        .db.updateTable('grid_tasks')
        .set({ status: 'confirmed' })
        .where('id', '=', task.json().id)
        .execute();
      expect(await scoreGrid(rig.env.ctx().db, rig.env.clock)).toBe(1);
      await page.reload();
      await page.getByTestId('grid-tab-rankings').click();
      await page.getByTestId('grid-village-chart').locator('canvas').waitFor();
      await expect.poll(() => visibleText(page.getByTestId('grid-informant-ranking'))).toContain('2');
      expect(await visibleText(page.getByTestId('grid-informant-ranking'))).toContain(villageName);
      await screenshot(page, 'grid-console-rankings');
      await page.getByTestId('grid-tab-rankings').waitFor();
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
