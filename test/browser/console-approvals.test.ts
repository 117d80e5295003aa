import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApproval } from '../../src/server/modules/approvals/index.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { newId } from '../../src/server/shared/ids.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, clickSubmit, screenshot, startConsoleRig, visibleText } from './browser.js';

// The approval chain (呈批) in a real browser: 案管 drafts an assignment opinion (started through
// the engine, as the clue module will), the commission leader finds it on the workbench, opens
// it, approves with an opinion, and the chain shows as approved.
describe.skipIf(process.env.TEST_SQLITE === '0')('console approvals', () => {
  let rig: ConsoleRig;
  let approvalId = '';
  beforeAll(async () => {
    rig = await startConsoleRig();
    const env = rig.env;
    const commission = await env
      .ctx()
      .db.selectFrom('units')
      .select(['id', 'path', 'region_path', 'county_code'])
      .where('id', '=', await unitOf(env, 'leader'))
      .executeTakeFirstOrThrow();
    const draftingUnitId = await unitOf(env, 'casemgr');
    const made = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
      startApproval(tx, {
        action: 'clue.assignment_opinion',
        targetLevel: 'ordinary',
        resourceType: 'clue',
        resourceId: newId(),
        title: '关于李某某问题线索的分办意见',
        content: { summary: '经研判，建议分办第一纪检监察室办理。' },
        draftingUnitId,
        ownerUnitId: commission.id,
        ownerUnitPath: commission.path,
        regionPath: commission.region_path,
        countyCode: commission.county_code,
      }),
    );
    approvalId = made.id;
  });
  afterAll(async () => rig?.close());

  it('lets the principal leader open the workbench card and approve', { timeout: 120_000 }, async () => {
    const page = await rig.signIn('leader');
    const card = page.getByTestId('card-approvals.waiting');
    await card.waitFor({ timeout: 20000 });
    expect(await visibleText(card)).toContain('关于李某某问题线索的分办意见');
    await screenshot(page, 'approvals-workbench-leader');
    await card.locator(`a[href="/approvals/${approvalId}"]`).click();
    await page.waitForURL(new RegExp(`/approvals/${approvalId}$`));
    await page.getByTestId('approval-decision').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('approval-integrity'))).toContain('内容与摘要值一致');
    expect(await visibleText(page.getByTestId('approval-step-1-1'))).toContain('起草人即本岗位负责人');
    await page.getByTestId('approval-opinion').fill('同意分办第一纪检监察室');
    await clickSubmit(page.getByTestId('approval-approve'), 'approval-approve');
    await page.getByTestId('approval-status').getByText('已批准').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('approval-step-1-3'))).toContain('同意分办第一纪检监察室');
    expect(await page.getByTestId('approval-decision').count()).toBe(0);
    await screenshot(page, 'approvals-detail-approved');
    // The drafter sees it among their submitted approvals.
    const drafter = await rig.signIn('casemgr');
    await drafter.goto(`${rig.url}/approvals?box=submitted`);
    await drafter.getByTestId('approvals-table').getByText('关于李某某问题线索的分办意见').waitFor({ timeout: 20000 });
    await screenshot(drafter, 'approvals-submitted-casemgr');
    expect(rig.pageErrors).toEqual([]);
  });
});
