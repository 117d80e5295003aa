import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClue, villageOf } from '../../src/server/test/factories.js';
import { readFileSync } from 'node:fs';
import { readXlsx } from '../../src/server/test/xlsx.js';
import { type ConsoleRig, clickSubmit, pickOption, screenshot, startConsoleRig, visibleText } from './browser.js';

// The clue pool (线索池) in a real browser: 案管's assignment opinion is approved into the first
// zone's pool; the zone leader opens 线索池, assigns a keeper and a handler through the dialog: a
// relative of the subject is refused with the reason in words, a same-village warning is
// confirmed with a reason, and the clue leaves the pool.
describe.skipIf(process.env.TEST_SQLITE === '0')('console clue pools', () => {
  let rig: ConsoleRig;
  const names: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let refusedNumber = '';
  let warnedNumber = '';
  let auditNumber = '';
  let subjectName = '';

  /** A clue approved into the first zone's pool through the API. */
  async function pooled(over: Record<string, unknown>): Promise<string> {
    const env = rig.env;
    const clue = await makeClue(env, 'casemgr', over);
    const casemgr = await env.as('casemgr');
    const targets = (await casemgr.get(`/api/clues/${clue.id}/assignment-targets`)).json();
    const drafted = await casemgr.post(`/api/clues/${clue.id}/assignment-opinion`, {
      version: clue.version,
      targetKind: 'zone',
      targetId: targets.options.find((o: { kind: string }) => o.kind === 'zone').id,
      opinion: '由协作区统筹办理',
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const approvalId = drafted.json().approvalId as string;
    for (let i = 0; i < 6; i++) {
      const a = (await casemgr.get(`/api/approvals/${approvalId}`)).json();
      if (a.status !== 'pending') break;
      const holder = Object.keys(ids).find((u) => ids[u] === a.currentHolderId)!;
      const res = await (
        await env.as(holder)
      ).post(`/api/approvals/${approvalId}/decision`, { decision: 'approve', version: a.version });
      expect(res.statusCode, res.body).toBe(200);
    }
    return clue.number;
  }

  beforeAll(async () => {
    rig = await startConsoleRig();
    const env = rig.env;
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username', 'display_name']).execute()) {
      ids[u.username] = u.id;
      names[u.username] = u.display_name;
    }
    const subject = await env.ctx().db.selectFrom('subjects').select(['id', 'name']).executeTakeFirstOrThrow();
    subjectName = subject.name;
    const village = await villageOf(env, 'township1');
    const villages = await env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', `${village.slice(0, 9)}000`)
      .orderBy('code')
      .execute();
    const other = villages[1]!.code;
    // tstaff1's sibling is the subject record; township1 comes from the other village.
    const sib = await (
      await env.as('tstaff1')
    ).post('/api/declared-relations', {
      kind: 'relative',
      relation: 'sibling',
      name: subject.name,
      subjectId: subject.id,
    });
    expect(sib.statusCode, sib.body).toBe(201);
    const origin = await (
      await env.as('township1')
    ).post('/api/declared-relations', { kind: 'origin', regionCode: other });
    expect(origin.statusCode, origin.body).toBe(201);
    refusedNumber = await pooled({
      subjects: [{ name: subject.name, subjectId: subject.id, position: '乡长', authority: 'county_managed' }],
    });
    warnedNumber = await pooled({
      regionCode: other,
      subjects: [{ name: '池塘某', position: '村委会主任', authority: 'county_managed' }],
    });
    auditNumber = await pooled({ sourceKind: 'audit', subjects: [{ name: '审计某', position: '会计' }] });
  }, 180_000);
  afterAll(async () => rig?.close());

  const pick = pickOption;

  it('assigns from the pool: a relative is refused, a warning is confirmed', { timeout: 180_000 }, async () => {
    const page = await rig.signIn('zone1');
    await page.getByTestId('menu-cluePools').click();
    await page.waitForURL(/\/clue-pools$/);
    const table = page.getByTestId('pool-table');
    await table.getByText(refusedNumber).waitFor({ timeout: 20000 });
    expect(await visibleText(table)).toContain(warnedNumber);
    expect(await visibleText(table)).toContain('第一协作区');
    await screenshot(page, 'clue-pool-zone1');

    // The subject's sibling as handler: refused, with the reason in words; nothing can be submitted.
    await page.getByTestId(`pool-assign-${refusedNumber}`).click();
    await pick(page, 'assign-keeper', names.zone1!);
    await pick(page, 'assign-handler', names.tstaff1!);
    await page.getByTestId('assign-check').click();
    await page.getByTestId('assign-person-refuse').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('assign-person-refuse'))).toContain(
      `的兄弟姐妹${subjectName}是被反映人，应当回避`,
    );
    expect(await page.getByTestId('assign-submit').isDisabled()).toBe(true);
    await screenshot(page, 'clue-pool-assign-refused', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('assign-result').waitFor({ state: 'detached', timeout: 10000 });

    // township1 from the same village: a warning, confirmed with a reason, then assigned.
    await page.getByTestId(`pool-assign-${warnedNumber}`).click();
    await pick(page, 'assign-keeper', names.zone1!);
    await pick(page, 'assign-handler', names.township1!);
    await page.getByTestId('assign-check').click();
    await page.getByTestId('assign-person-warn').waitFor({ timeout: 20000 });
    expect(await visibleText(page.getByTestId('assign-person-warn'))).toContain('原籍');
    expect(await page.getByTestId('assign-submit').isDisabled()).toBe(true);
    await page.getByTestId('assign-confirm-reason').fill('原籍村与被反映人无利害关系，可以承办');
    await screenshot(page, 'clue-pool-assign-warning', false);
    await clickSubmit(page.getByTestId('assign-confirm'), 'assign-confirm');
    await page.getByText('已确认').waitFor({ timeout: 10000 });
    const saved = page.waitForResponse((r) => r.url().endsWith('/assignment') && r.request().method() === 'POST');
    await clickSubmit(page.getByTestId('assign-submit'), 'assign-submit');
    expect((await saved).status()).toBe(200);
    await table.getByText(warnedNumber).waitFor({ state: 'detached', timeout: 20000 });
    expect(await visibleText(table)).toContain(refusedNumber);
    await screenshot(page, 'clue-pool-after-assign');
    const row = await rig.env
      .ctx()
      .db.selectFrom('clues')
      .select(['keeper_id'])
      .where('number', '=', warnedNumber)
      .executeTakeFirstOrThrow();
    expect(row.keeper_id).toBe(ids.zone1);
    expect(rig.pageErrors).toEqual([]);
  });

  it(
    'filters the pool on the server, exports what it shows, and searches people by name',
    { timeout: 180_000 },
    async () => {
      const page = await rig.signIn('zone1');
      await page.goto(`${rig.url}/clue-pools`);
      const table = page.getByTestId('pool-table');
      await table.getByText(auditNumber).waitFor({ timeout: 20000 });
      expect(await visibleText(table)).toContain(refusedNumber);

      // Source 审计移送: only that clue, fetched from the server with the filter.
      const filtered = page.waitForResponse(
        (r) => r.url().includes('/api/clue-pools?') && r.url().includes('source=audit'),
      );
      await pickOption(page, 'pool-source', '审计移送');
      await page.getByTestId('filter-search').click();
      expect((await filtered).status()).toBe(200);
      await table.getByText(refusedNumber).waitFor({ state: 'detached', timeout: 20000 });
      expect(await visibleText(table)).toContain(auditNumber);
      await screenshot(page, 'clue-pool-filtered');

      // The export is exactly the filtered rows.
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pool-export').click()]);
      const { rows } = await readXlsx(readFileSync(await file.path()));
      expect(rows.map((r) => r[0])).toEqual([auditNumber]);
      expect(rows[0]![2]).toBe('审计移送');

      // The assign dialog searches the pool's people on the server as the user types.
      await page.getByTestId(`pool-assign-${auditNumber}`).click();
      const keeper = page.getByTestId('assign-keeper');
      await keeper.click();
      const part = names.tstaff1!.slice(-2);
      const searched = page.waitForResponse(
        (r) => r.url().includes('/assignment-candidates?') && r.url().includes(`q=${encodeURIComponent(part)}`),
      );
      await keeper.locator('input').first().fill(part);
      expect((await searched).status()).toBe(200);
      const listId = await keeper.locator('input').first().getAttribute('aria-controls');
      const options = page
        .locator('.ant-select-dropdown')
        .filter({ has: page.locator(`[id="${listId}"]`) })
        .locator('.ant-select-item-option');
      await options.filter({ hasText: names.tstaff1! }).first().waitFor({ timeout: 10000 });
      for (const text of await options.allInnerTexts()) expect(text).toContain(part);
      await screenshot(page, 'clue-pool-people-search', false);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
