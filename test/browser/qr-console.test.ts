import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/server/shared/id-number.js';
import { ROSTER_UPLOAD_HEADERS } from '../../src/server/shared/qr-supervision.codes.js';
import {
  type ConsoleRig,
  clickSubmit,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
} from './browser.js';

const ID_A = '41122119800101123' + idCheckCharacter('41122119800101123');
const ID_B = '41122119900202456' + idCheckCharacter('41122119900202456');
const ID_BAD = ID_B.slice(0, 17) + (ID_B[17] === '1' ? '2' : '1');

/**
 * 立码监督 in the console (issue 16 §2), in headless Chromium: the county 农业农村局's liaison (dept1)
 * creates a policy for a village, publishes it (its QR code shown), then imports a subsidy roster
 * with a mistyped ID number: the dialog shows the row and the reason (nothing imported); the
 * fixed file is imported and listed.
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('QR supervision in the console', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  async function file(name: string, ids: string[]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('发放名册');
    ws.addRow([...ROSTER_UPLOAD_HEADERS]);
    ids.forEach((id, i) => {
      const who = ['张建国', '王小明', '李秀英'][i] ?? '赵四';
      ws.addRow([who, id, who, '6228480012345678', who, 1050, '2026-10-15', '王局长']);
    });
    const path = join(tmpdir(), `${process.pid}-${name}`);
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    return path;
  }

  it('creates and publishes an item, then imports a roster after fixing a bad row', { timeout: 600_000 }, async () => {
    const page = await signInAtServerTime(rig, 'dept1');
    await page.goto(`${rig.url}/qr-supervision`);
    await page.getByTestId('qr-item-create').click();
    await page.getByTestId('qr-item-title').fill('2026年耕地地力保护补贴');
    await page.getByTestId('qr-item-summary').fill('对拥有承包耕地的农户按面积发放补贴。');
    await page.getByTestId('qr-item-standard').fill('每亩 105 元');
    await page.getByTestId('qr-item-add-village').click();
    await pickOption(page, 'qr-item-village', '前小洼村', true);
    await page.getByTestId('qr-item-village-amount').fill('12000');
    await screenshot(page, 'qr-console-1-item-form', false);
    await clickSubmit(page.getByTestId('qr-item-save'), 'save item');
    await page.getByTestId('qr-item-publish').waitFor({ timeout: 20000 });
    expect(await page.getByTestId('qr-item-status').innerText()).toContain('草稿');
    // The draft waits on the liaison's workbench until it is published.
    const itemUrl = page.url();
    await page.goto(`${rig.url}/`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 20000 }).toContain('未公开的立码监督事项');
    expect(await page.locator('main').innerText()).toContain('惠农政策：2026年耕地地力保护补贴');
    await screenshot(page, 'qr-console-1b-workbench', false);
    await page.goto(itemUrl);
    await page.getByTestId('qr-item-publish').waitFor({ timeout: 20000 });
    await clickSubmit(page.getByTestId('qr-item-publish'), 'publish item');
    await expect.poll(() => page.getByTestId('qr-item-status').innerText(), { timeout: 20000 }).toContain('已公开');
    await page.getByTestId('qr-item-withdraw').waitFor();
    const id = page.url().split('/').pop()!;
    const stored = await rig.env
      .ctx()
      .db.selectFrom('qr_items')
      .select(['status', 'title'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'published', title: '2026年耕地地力保护补贴' });
    expect(await page.getByTestId('qr-item-allocations').innerText()).toContain('12,000.00');
    await screenshot(page, 'qr-console-2-published');

    await page.goto(`${rig.url}/qr-supervision/rosters`);
    await page.getByTestId('qr-roster-import').click();
    await page.getByTestId('qr-roster-title').fill('2026年耕地地力保护补贴');
    await page.locator('input[type=file]').setInputFiles(await file('bad.xlsx', [ID_A, ID_BAD]));
    await clickSubmit(page.getByTestId('qr-roster-submit'), 'import bad roster');
    await page.getByTestId('qr-roster-rows').waitFor({ timeout: 20000 });
    const rows = await page.getByTestId('qr-roster-rows').innerText();
    expect(rows).toContain('3');
    expect(rows).toContain('校验位');
    await screenshot(page, 'qr-console-3-row-errors', false);
    await page.locator('.ant-upload-list-item').hover();
    await page.locator('.ant-upload-list-item button').click();
    await page.locator('input[type=file]').setInputFiles(await file('good.xlsx', [ID_A, ID_B]));
    await clickSubmit(page.getByTestId('qr-roster-submit'), 'import good roster');
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden', timeout: 20000 });
    await expect.poll(() => page.getByTestId('qr-rosters-table').innerText(), { timeout: 20000 }).toContain('已导入');
    const lines = await rig.env
      .ctx()
      .db.selectFrom('subsidy_lines')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(lines.n)).toBe(2);
    await screenshot(page, 'qr-console-4-rosters');
    await page.getByTestId('qr-roster-link').first().click();
    await page.locator('.ant-drawer-body .ant-table-row').first().waitFor({ timeout: 20000 });
    expect(await page.locator('.ant-drawer-body').innerText()).toContain('张*国');
    // The drawer slides in: the screenshot waits for the motion to end.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.waitForFunction(() => {
      const w = document.querySelector('.ant-drawer-content-wrapper');
      return !!w && w.getBoundingClientRect().right <= window.innerWidth + 1 && !w.className.includes('motion');
    });
    await screenshot(page, 'qr-console-5-roster-lines', false);
  });
});
