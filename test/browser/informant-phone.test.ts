import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/server/shared/id-number.js';
import { villageOf } from '../../src/server/test/factories.js';
import { samplePng } from '../../src/server/test/sample-files.js';
import type { Client, TestEnv } from '../../src/server/test/harness.js';
import { SCREENSHOT_DIR, launchBrowser, startConsoleServer } from './browser.js';

/**
 * The informant's phone at 360 px (issue 16 §4): the invitation link → setting the PIN → a report
 * → its number and status → a task pushed by the township marked done; then signing out and in
 * again with the PIN on the same phone.
 */
describe.skipIf(process.env.TEST_SQLITE === '0')('informant phone app', () => {
  let env: TestEnv;
  let url: string;
  let browser: Browser;
  let t1: Client;
  let informantId = '';
  let token = '';

  beforeAll(async () => {
    ({ env, url } = await startConsoleServer());
    browser = await launchBrowser();
    t1 = await env.as('township1');
    const village = await villageOf(env, 'township1');
    const outpost = await t1.post('/api/grid/outposts', {
      regionCode: village,
      head: '演示主任',
      deputies: ['演示委员'],
    });
    const group = await env
      .ctx()
      .db.selectFrom('regions')
      .select('code')
      .where('parent_code', '=', village)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const first17 = '41122119880808123';
    const made = await t1.post('/api/grid/informants', {
      outpostId: outpost.json().id,
      groupCode: group.code,
      name: '演示监督员甲',
      phone: '13912345678',
      idNumber: first17 + idCheckCharacter(first17),
      termStart: '2026-01-01',
      termEnd: '2028-12-31',
      trainings: [{ on: '2026-03-01', topic: '履职培训' }],
      dutySignedOn: '2026-03-01',
    });
    expect(made.statusCode, made.body).toBe(201);
    informantId = made.json().id;
    token = (await t1.post(`/api/grid/informants/${informantId}/invitations`)).json().token;
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('invitation → PIN → report → status → task done, at 360 px', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await page.goto(`${url}/r/informant#invite=${token}`);
    await page.getByTestId('pin').fill('246810');
    await page.getByTestId('pin-again').fill('246810');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'informant-1-pin.png'), fullPage: true });
    await page.getByTestId('activate').click();
    await expect.poll(() => page.getByTestId('informant-place').textContent()).toContain('演示监督员甲');
    // The token left the address bar.
    expect(page.url()).not.toContain('invite=');

    await page.getByTestId('subject-name').fill('某村干部');
    await page.getByTestId('subject-position').fill('村委会委员');
    await page.getByTestId('subject-role').selectOption('village_cadre');
    await page.getByTestId('content').fill('低保名单中有村干部亲属，群众有意见，请核查。');
    await page.getByTestId('photos').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByTestId('send-report').click();
    await expect.poll(() => page.getByTestId('report-sent').textContent()).toContain('附照片 1 张');
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .selectAll()
      .where('informant_id', '=', informantId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'informant', anonymous: 1 });
    expect(
      await env.ctx().db.selectFrom('attachments').select('id').where('report_id', '=', row.id).execute(),
    ).toHaveLength(1);
    await expect.poll(() => page.getByTestId('own-report').first().textContent()).toContain(row.number!);
    expect(await page.getByTestId('own-report').first().textContent()).toContain('待受理');

    // The township pushes a task; the informant marks it done.
    const task = await t1.post('/api/grid/tasks', {
      informantId,
      kind: 'subsidy_list',
      title: '查看本村低保名单是否张榜公示',
    });
    expect(task.statusCode, task.body).toBe(201);
    await page.reload();
    await expect.poll(() => page.getByTestId('task').first().textContent()).toContain('待完成');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'informant-2-home.png'), fullPage: true });
    await page.getByTestId('task-note').first().fill('已在村务公开栏张贴');
    await page.getByTestId('task-done').first().click();
    await expect.poll(() => page.getByTestId('task').first().textContent()).toContain('已完成，待乡镇确认');
    const stored = await env
      .ctx()
      .db.selectFrom('grid_tasks')
      .selectAll()
      .where('id', '=', task.json().id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'done', done_note: '已在村务公开栏张贴' });
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'informant-3-done.png'), fullPage: true });

    // Sign out, then in again with the PIN on this phone.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('pin').waitFor();
    await page.getByTestId('pin').fill('246810');
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('informant-place').textContent()).toContain('演示监督员甲');
    // A wrong PIN on another phone (no device credential) is refused.
    const other = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await other.goto(`${url}/r/informant`);
    await other.getByTestId('pin').fill('246810');
    await other.getByTestId('sign-in').click();
    await expect.poll(() => other.getByTestId('informant-error').textContent()).toContain('本手机未启用');
    await other.screenshot({ path: join(SCREENSHOT_DIR, 'informant-4-other-phone.png'), fullPage: true });
    await other.close();
    await page.close();
  });
});
