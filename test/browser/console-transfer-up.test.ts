import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig } from './browser.js';

/**
 * A township officer hands a report on a county-managed cadre to the county commission on the
 * platform (issue 11 §1): the 报送上级 dialog left without an organ's name moves the report to the
 * county's ledger; the township is taken back to its ledger, and the county officer opens it.
 */

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('sending a report up on the platform, in the console', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('moves a township transfer record to the county ledger', { timeout: 120_000 }, async () => {
    const env = rig.env;
    const res = await (
      await env.as('township1')
    ).post('/api/reports', {
      channel: 'visit',
      kind: 'accusation',
      categories: ['integrity'],
      regionCode: await villageOf(env, 'township1'),
      subjectAuthority: 'county_managed',
      subject: { name: '移交测试', position: '镇长' },
      content: '来访反映：镇长在项目招标中为亲属打招呼。',
    });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json<{ id: string; inLedger: boolean }>();
    expect(made.inLedger).toBe(false);

    const desk = await rig.signIn('township1');
    await desk.goto(`${rig.url}/reports/${made.id}`);
    await desk.getByTestId('report-number').waitFor();
    await desk.getByTestId('report-transfer-up').click();
    await desk.getByTestId('action-form').waitFor();
    await expect(desk.getByTestId('action-form').innerText()).resolves.toContain('在平台上移交');
    await screenshot(desk, 'console-transfer-up-dialog', false);
    await clickSubmit(desk.getByTestId('action-submit'), 'action-submit');
    await desk.getByTestId('action-form').waitFor({ state: 'detached', timeout: 40000 });
    // Back on the township's ledger: the report is no longer the township's.
    await desk.waitForURL(/\/reports$/);
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['owner_unit_id', 'in_ledger', 'status'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    const county = await env
      .ctx()
      .db.selectFrom('units')
      .select('id')
      .where('kind', '=', 'commission')
      .where('region_code', '=', '411221000000')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_unit_id: county.id, in_ledger: 1, status: 'received' });

    // The county officer opens it from its ledger, with the hand-over on its timeline.
    const county1 = await rig.signIn('intake');
    await county1.goto(`${rig.url}/reports/${made.id}`);
    await county1.getByTestId('report-number').waitFor();
    await expect(county1.locator('body').innerText()).resolves.toContain('报送上级');
    expect(rig.pageErrors).toEqual([]);
  });
});
