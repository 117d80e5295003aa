import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem, importRoster, setItemPublished } from '../../src/server/modules/qr-supervision/index.js';
import { idCheckCharacter } from '../../src/server/shared/id-number.js';
import { ROSTER_UPLOAD_HEADERS } from '../../src/server/shared/qr-supervision.codes.js';
import { ctxAs, unitOf } from '../../src/server/test/factories.js';
import type { TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, clickSubmit, launchBrowser, startConsoleServer } from './browser.js';

const ID_A = '41122119800101123' + idCheckCharacter('41122119800101123');
const ID_STRANGER = '41122119750303789' + idCheckCharacter('41122119750303789');

/**
 * 立码监督 on a 360 px phone (issue 16 §2): the village's 惠民资金 page opened from its QR URL lists
 * the published fund with the village's allocation; the item's own page; "这条信息不对 / 我没有收到"
 * opens the guide and then the report form about the item. 补贴查询: one's own subsidies by ID
 * number and name; a stranger gets the same statement and an empty list.
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('QR supervision phone pages', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let village: string;
  let itemId: string;

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    const unit = await unitOf(env, 'village1');
    village = (
      await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow()
    ).region_code;
    const dept = await ctxAs(env, 'dept1');
    itemId = (
      await createItem(dept, {
        kind: 'fund',
        title: '2026年农村道路硬化资金',
        year: 2026,
        summary: '用于村组道路硬化，按里程分配到村。',
        budget: 50_000_000,
        contactPhone: '0391-1234567',
        allocations: [{ regionCode: village, amount: 12_000_000, note: '村北道路 1.2 公里' }],
      })
    ).id;
    await setItemPublished(dept, itemId, true);
    const policy = await createItem(dept, {
      kind: 'policy',
      title: '2026年耕地地力保护补贴',
      year: 2026,
      summary: '对拥有承包耕地的农户按面积发放补贴。',
      eligibility: '拥有承包耕地并正常耕种的农户',
      standard: '每亩 105 元',
      applyWhere: '向村委会申报面积，乡镇农业服务中心审核',
      allocations: [{ regionCode: village }],
    });
    await setItemPublished(dept, policy.id, true);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('发放名册');
    ws.addRow([...ROSTER_UPLOAD_HEADERS]);
    ws.addRow(['张建国', ID_A, '张建国', '6228480012345678', '张建国', 1050, '2026-10-15', '王局长']);
    await importRoster(
      dept,
      { title: '2026年耕地地力保护补贴', year: 2026, itemId: policy.id },
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** Opens `path` at 360 px and returns the page with the gzipped JS and CSS it loaded. */
  async function open(path: string): Promise<{ page: Page; weight: () => number }> {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    const assets = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (/\.(js|css)$/.test(u.pathname)) assets.add(u.pathname);
    });
    await page.goto(`${url}${path}`);
    return {
      page,
      weight: () =>
        [...assets].reduce(
          (sum, p) => sum + gzipSync(readFileSync(resolve('dist/public', p.replace(/^\/r\//, '')))).length,
          0,
        ),
    };
  }

  it('shows the village funds, the item page, and reports about the item', async () => {
    const { page, weight } = await open(`/r/${village}/funds`);
    await page.getByTestId('qr-item').first().waitFor();
    const text = await page.locator('#app').innerText();
    expect(text).toContain('2026年农村道路硬化资金');
    expect(text).toContain('本村：120,000.00 元');
    expect(text).toContain('每亩 105 元');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-funds-phone.png'), fullPage: true });
    await page.getByTestId('qr-item-link').filter({ hasText: '道路硬化' }).click();
    await page.getByTestId('qr-item-detail').waitFor();
    const detail = await page.locator('#app').innerText();
    expect(detail).toContain('500,000.00 元');
    expect(detail).toContain('村北道路 1.2 公里');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The department has a dispatched group: one line says its staff's problems go there.
    expect(await page.getByTestId('qr-item-group').innerText()).toContain('派驻县农业农村局纪检监察组');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-item-phone.png'), fullPage: true });
    await page.getByTestId('qr-item-report').click();
    await page.getByTestId('guide-read').click();
    expect(await page.getByTestId('report-about').innerText()).toContain(
      '资金：2026年农村道路硬化资金（县农业农村局）',
    );
    // Nothing preselected for the department: the villager answers "县直部门干部" themselves.
    expect(await page.getByTestId('subjectRole-county_department').isChecked()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-item-report.png'), fullPage: true });
    const content = '镇农业服务中心和县农业农村局的工作人员说这条路的资金已经用完，但道路没有硬化。';
    await page.getByTestId('f-subject-name').fill('县农业农村局某工作人员');
    await page.getByTestId('subjectRole-county_department').check();
    await page.getByTestId('f-content').fill(content);
    await clickSubmit(page.getByTestId('submit'), 'submit report about the item');
    await page.getByTestId('receipt-saved').waitFor();
    const stored = await env
      .ctx()
      .db.selectFrom('reports as r')
      .innerJoin('units as u', 'u.id', 'r.owner_unit_id')
      .select(['u.name', 'r.about_id'])
      .where('r.content', '=', content)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: '派驻县农业农村局纪检监察组', about_id: itemId });
    console.log(`funds page: ${weight()} bytes of gzipped JS and CSS`);
    expect(weight()).toBeLessThanOrEqual(60 * 1024);
    // The item's own QR code opens the item page directly.
    const direct = await open(`/r/item/${itemId}`);
    await direct.page.getByTestId('qr-item-detail').waitFor();
    expect(await direct.page.getByTestId('village-nav').count()).toBe(1);
    console.log(`item page: ${direct.weight()} bytes of gzipped JS and CSS`);
    expect(direct.weight()).toBeLessThanOrEqual(60 * 1024);
  });

  it('looks up one’s own subsidies: found and not found answer alike', async () => {
    const { page, weight } = await open(`/r/${village}/subsidies`);
    const ask = async (id: string, name: string) => {
      await page.getByTestId('subsidy-id').fill(id);
      await page.getByTestId('subsidy-name').fill(name);
      await page.getByTestId('subsidy-submit').click();
      await page.getByTestId('subsidy-statement').waitFor();
      const statement = await page.getByTestId('subsidy-statement').innerText();
      return { statement, text: await page.getByTestId('subsidy-answer').innerText() };
    };
    // A mistyped number is caught on the phone, nothing sent.
    await page.getByTestId('subsidy-id').fill(ID_A.slice(0, 17) + (ID_A[17] === '1' ? '2' : '1'));
    await page.getByTestId('subsidy-name').fill('张建国');
    await page.getByTestId('subsidy-submit').click();
    expect(await page.getByTestId('subsidy-alert').innerText()).toContain('校验位');
    const found = await ask(ID_A, '张建国');
    expect(found.text).toContain('2026年耕地地力保护补贴');
    expect(found.text).toContain('1,050.00 元');
    expect(found.text).toContain('县农业农村局');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-subsidies-found.png'), fullPage: true });
    await page.getByTestId('subsidy-answer').evaluate((el) => el.remove());
    const stranger = await ask(ID_STRANGER, '张建国');
    expect(stranger.statement).toBe(found.statement);
    expect(stranger.text).toContain('暂无记录');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-subsidies-none.png'), fullPage: true });
    console.log(`subsidies page: ${weight()} bytes of gzipped JS and CSS`);
    expect(weight()).toBeLessThanOrEqual(60 * 1024);
  });
});
