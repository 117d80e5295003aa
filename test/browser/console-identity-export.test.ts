import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, villageOf } from '../../src/server/test/factories.js';
import { type ConsoleRig, screenshot, startConsoleRig, visibleText } from './browser.js';

/** Header and data rows of an exported workbook, as text (read back by exceljs). */
async function readXlsx(bytes: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: string[][] = [];
  sheet.eachRow((row, i) => {
    if (i > 1) rows.push(header.map((_, c) => row.getCell(c + 1).text));
  });
  return { header, rows };
}

// 导出（含举报人身份） on the ledger page: only for holders of report.identity, a stated reason
// of 10–500 characters, the named reporters' name and phone in the file, one audit event.
describe.skipIf(process.env.TEST_SQLITE === '0')('ledger export with reporter identities in headless Chromium', () => {
  let rig: ConsoleRig;
  let number: string;
  const PHONE = '13987654321';
  const NAME = '钱实名';

  beforeAll(async () => {
    rig = await startConsoleRig();
    const made = await makeReport(rig.env, await villageOf(rig.env, 'township1'), {
      named: true,
      reporter: { name: NAME, phone: PHONE },
      content: '身份导出浏览器测试：村干部虚报冒领低保资金。',
    });
    const row = await rig.env
      .ctx()
      .db.selectFrom('reports')
      .select('number')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    number = row.number!;
  });
  afterAll(async () => rig?.close());

  it('is not offered to an account without report.identity', async () => {
    const page = await rig.signIn('leader');
    await page.getByTestId('menu-reports').click();
    await page.getByTestId('reports-table').locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    // The plain export is there; the identity export is not.
    await page.getByTestId('reports-export').waitFor();
    expect(await page.getByTestId('reports-identity-export').count()).toBe(0);
  });

  it('asks for a reason, refuses a short one, downloads the identities and audits the export', async () => {
    const page = await rig.signIn('intake');
    // The ledger opened on one status (as the workbench's 待受理 card does): the export keeps it.
    await page.goto(`${rig.url}/reports?status=received`);
    await page.getByTestId('reports-table').locator('.ant-table-row').first().waitFor({ timeout: 15000 });
    await page.getByTestId('reports-identity-export').click();
    const dialog = page.locator('.ant-modal:visible');
    expect(await visibleText(dialog)).toContain('审计日志');

    // Too short: the dialog stays, says why, and nothing is downloaded or audited.
    await page.getByTestId('identity-export-reason').fill('看一下');
    await page.getByTestId('identity-export-submit').click();
    expect(await visibleText(dialog.locator('.ant-form-item-explain-error'))).toContain('10 至 500 个字');
    await screenshot(page, 'console-identity-export-refused', false);

    const reason = '核实线索需要联系实名举报人了解情况';
    await page.getByTestId('identity-export-reason').fill(reason);
    const [download, request] = await Promise.all([
      page.waitForEvent('download', { timeout: 30000 }),
      page.waitForRequest((r) => r.url().includes('/api/reports/export.xlsx')),
      page.getByTestId('identity-export-submit').click(),
    ]);
    const query = new URL(request.url()).searchParams;
    expect(query.get('status')).toBe('received');
    expect(query.get('identityReason')).toBe(reason);
    const { header, rows } = await readXlsx(readFileSync(await download.path()));
    const phoneCol = header.indexOf('联系电话');
    const nameCol = header.indexOf('举报人');
    expect(phoneCol).toBeGreaterThan(0);
    expect(nameCol).toBeGreaterThan(0);
    const line = rows.find((r) => r[0] === number);
    expect(line?.[nameCol]).toBe(NAME);
    expect(line?.[phoneCol]).toBe(PHONE);
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });

    const audit = await rig.env.as('auditadmin');
    const res = await audit.get('/api/audit-events?action=report.identity_export&pageSize=50');
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json<{ items: { actorUsername: string; changes: Record<string, [unknown, unknown]> }[] }>()
      .items;
    expect(events).toHaveLength(1);
    expect(events[0]!.actorUsername).toBe('intake');
    expect(events[0]!.changes.reason).toEqual([null, reason]);
    expect((events[0]!.changes.identities![1] as [string, string][]).map(([, n]) => n)).toContain(number);
    expect(rig.pageErrors).toEqual([]);
  });
});
