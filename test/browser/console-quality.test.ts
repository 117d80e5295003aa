import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedCase } from '../../src/server/test/case-factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

// Issue 14 §5 in the console: a review of a closed township case, its automatic findings and the
// problem list addressed to the township, as the review office and the township see them.
describe.skipIf(process.env.TEST_SQLITE === '0')('case quality review in headless Chromium', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it('shows the review, its case with the automatic findings, and the problem list to the handling unit', async () => {
    const env = rig.env;
    // A case whose 审查调查报告 was never generated and whose filing with the higher organ is late.
    const kase = await closedCase(env, {
      filing: { handling: { mode: 'self', reason: 'simple' } },
      documents: ['case_filing_decision', 'case_filing_notice'],
      higherFiling: false,
    });
    env.clock.advance(30 * 24 * 3600_000);
    const users = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    const idOf = (u: string) => users.find((x) => x.username === u)!.id;
    const reviewer = await env.as('reviewer');
    const zone1 = await env.as('zone1');
    const opened = await reviewer.post('/api/quality-reviews', {
      title: '2026年第四季度案件质量评查',
      kind: 'periodic',
      periodLabel: '2026年第四季度',
      panel: [idOf('zone1'), idOf('reviewer')],
    });
    const id = opened.json<{ id: string }>().id;
    const picked = await reviewer.post(`/api/quality-reviews/${id}/cases`, {
      version: 1,
      caseId: kase.id,
      examinerId: idOf('zone1'),
    });
    expect(picked.statusCode, picked.body).toBe(201);
    const base = `/api/quality-reviews/${id}/cases/${kase.id}`;
    await zone1.put(`${base}/results`, {
      version: 1,
      items: [
        { code: 'wrong_article', outcome: 'fault', note: '处分依据引用条款有误' },
        ...['procedure_skipped', 'facts_unclear', 'document_nonstandard'].map((code) => ({ code, outcome: 'pass' })),
      ],
    });
    const due = new Date(env.clock.nowMs() + 20 * 24 * 3600_000).toISOString().slice(0, 10);
    const concluded = await zone1.post(`${base}/conclusion`, { version: 2, dueOn: due });
    expect(concluded.statusCode, concluded.body).toBe(201);

    const page = await rig.signIn('reviewer', { width: 1440, height: 900 });
    await page.getByTestId('menu-qualityReviews').click();
    const card = page.getByTestId('quality-case');
    await card.waitFor({ timeout: 15000 });
    const text = await visibleText(card);
    expect(text).toContain('未生成审查调查报告');
    expect(text).toContain('结案');
    expect(await visibleText(page.getByTestId('quality-case-grade'))).toContain('65分 · 基本合格');
    const problems = page.getByTestId('quality-problems-table');
    await problems.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    expect(await problems.locator('.ant-table-row').count()).toBe(3);
    expect(await visibleText(problems)).toContain('处分依据引用条款有误');
    await screenshot(page, 'quality-review');

    // The township sees the problems addressed to it, not the review's other side.
    const township = await rig.signIn('township1', { width: 1440, height: 900 });
    await township.getByTestId('menu-qualityReviews').click();
    await township.getByText('暂无评查').waitFor({ timeout: 15000 });
    const theirs = township.getByTestId('quality-problems-table');
    await theirs.locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    expect(await theirs.locator('.ant-table-row').count()).toBe(3);
    await screenshot(township, 'quality-problems-township');
    await township.goto(`${rig.url}/`);
    const workbench = township.getByText('本单位待整改的评查问题');
    await workbench.waitFor({ timeout: 15000 });
    await screenshot(township, 'quality-workbench-township');
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);
});
