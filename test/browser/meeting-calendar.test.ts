import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/server/test/xlsx.js';
import {
  type ConsoleRig,
  clickSubmit,
  dialogDate,
  fillHeld,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';
import { bytesOf } from './walk-helpers.js';

/**
 * The meetings calendar around the holidays (issue 15 §3–4), in headless Chromium, on the server's
 * day 2026-11-20: October 2026 shows 国庆节 and its make-up working day from the calendar; January
 * 2027, whose arrangement is not shipped, says so in words and who loads it; once an administrator
 * loads a (test) 2027 arrangement, 元旦 shows. A meeting is moved through its dialog — to 元旦
 * refused in words inside the dialog, then to a working day accepted —, another is cancelled with
 * the reason, and the month's export is downloaded and read back.
 */
// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the meetings calendar in headless Chromium', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it(
    'marks holidays, says when a year is not loaded, moves and cancels meetings in dialogs, exports the month',
    { timeout: 600_000 },
    async () => {
      const env = rig.env;
      const db = env.ctx().db;
      const zone = await db
        .selectFrom('role_assignments as ra')
        .innerJoin('users as u', 'u.id', 'ra.user_id')
        .innerJoin('zones as z', 'z.id', 'ra.scope_zone_id')
        .select(['z.id', 'z.name'])
        .where('u.username', '=', 'zone1')
        .where('ra.scope_type', '=', 'zone')
        .executeTakeFirstOrThrow();
      const api = await env.as('zone1');
      const create = async (title: string, heldOn: string) => {
        const res = await api.post('/api/meetings', {
          zoneId: zone.id,
          kind: 'joint_meeting',
          title,
          heldOn,
          startsAt: '09:00',
          place: '协作区工作室会议室',
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>().id;
      };

      // 1. October 2026: 国庆节 off from the 1st to the 7th, Saturday the 10th a working day.
      const page = await signInAtServerTime(rig, 'zone1');
      await page.goto(`${rig.url}/meetings`);
      await expect.poll(() => page.getByTestId('meetings-zone').innerText(), { timeout: 20000 }).toContain(zone.name);
      await typeDate(page, 'meetings-month', '2026-10');
      await page.getByTestId('calendar-holiday-2026-10-01').waitFor({ timeout: 20000 });
      expect(await page.getByTestId('calendar-holiday-2026-10-01').innerText()).toContain('国庆节');
      expect(await page.getByTestId('calendar-workday-2026-10-10').innerText()).toContain('班');
      const spans = await page.getByTestId('meetings-holidays').innerText();
      expect(spans).toContain('国庆节（放假）');
      expect(spans).toContain('国庆节调休（调休上班）');
      expect(spans).toContain('国办发明电〔2025〕7号');
      expect(await page.getByTestId('meetings-holidays-missing').count()).toBe(0);
      await screenshot(page, 'meeting-calendar-1-october-holidays');

      // 2. January 2027: not loaded, said in words with who loads it and where.
      await typeDate(page, 'meetings-month', '2027-01');
      const missing = page.getByTestId('meetings-holidays-missing');
      await missing.waitFor({ timeout: 20000 });
      const missingText = await missing.innerText();
      expect(missingText).toContain('2027年的节假日安排尚未导入');
      expect(missingText).toContain('系统管理员');
      expect(missingText).toContain('工作日历');
      await screenshot(page, 'meeting-calendar-2-2027-not-loaded');

      // 3. The system administrator loads a 2027 arrangement (test data: 元旦 only, as the
      //    administrator's import would), and the calendar marks 元旦.
      const admin = await env.as('sysadmin');
      const loaded = await admin.put('/api/calendar/years/2027', {
        source: '测试用2027年安排（非官方）',
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-02', kind: 'holiday', name: '元旦' },
          { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        ],
      });
      expect(loaded.statusCode, loaded.body).toBe(200);
      const moving = await create('协作区室组地联席会议（调整测试）', '2026-12-30');
      const cancelling = await create('协作区室组地联席会议（取消测试）', '2027-01-06');
      await page.reload();
      await typeDate(page, 'meetings-month', '2027-01');
      await page.getByTestId('calendar-holiday-2027-01-01').waitFor({ timeout: 20000 });
      expect(await page.getByTestId('meetings-holidays-missing').count()).toBe(0);

      // 4. Moving a meeting: to 元旦 is refused in words inside the dialog; to Monday 4 January it moves.
      await page.goto(`${rig.url}/meetings/${moving}`);
      await page.getByTestId('meeting-reschedule').click();
      await dialogDate(page, 'reschedule-held-on', '2027-01-01');
      await fillHeld(page.getByTestId('reschedule-reason'), '与县纪委监委全会时间冲突');
      await clickSubmit(page.getByTestId('reschedule-submit'), 'move to a holiday');
      const refusal = page.getByTestId('reschedule-error');
      await refusal.waitFor({ timeout: 20000 });
      expect(await refusal.innerText()).toContain('会议只能安排在工作日：2027-01-01是元旦假期，请另选日期');
      await screenshot(page, 'meeting-calendar-3-holiday-refused');
      expect(
        (await db.selectFrom('meetings').select('held_on').where('id', '=', moving).executeTakeFirstOrThrow()).held_on,
      ).toBe('2026-12-30');
      await dialogDate(page, 'reschedule-held-on', '2027-01-04');
      await clickSubmit(page.getByTestId('reschedule-submit'), 'move to a working day');
      await page.getByTestId('reschedule-held-on').waitFor({ state: 'detached', timeout: 20000 });
      await expect
        .poll(() => visibleText(page.getByTestId('meeting-held-on')), { timeout: 20000 })
        .toContain('2027-01-04');
      const moved = await db
        .selectFrom('meetings')
        .select(['held_on', 'version'])
        .where('id', '=', moving)
        .executeTakeFirstOrThrow();
      expect(moved.held_on).toBe('2027-01-04');
      await screenshot(page, 'meeting-calendar-4-moved');
      // On a phone the two buttons fit the screen.
      const phone = await rig.signIn('zone1', { width: 390, height: 844 });
      await phone.clock.setFixedTime(new Date(env.clock.nowMs()));
      await phone.goto(`${rig.url}/meetings/${moving}`);
      await phone.getByTestId('meeting-reschedule').waitFor({ timeout: 20000 });
      await phone.getByTestId('meeting-cancel').waitFor({ timeout: 20000 });
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, 'meeting-calendar-4b-phone', false);

      // 5. Cancelling the other with the reason.
      await page.goto(`${rig.url}/meetings/${cancelling}`);
      await page.getByTestId('meeting-cancel').click();
      await fillHeld(page.getByTestId('cancel-reason'), '议题已并入县纪委监委专题会议研究');
      await clickSubmit(page.getByTestId('cancel-submit'), 'cancel the meeting');
      await expect.poll(() => visibleText(page.getByTestId('meeting-status')), { timeout: 20000 }).toBe('已取消');
      expect(await page.getByTestId('meeting-facts').innerText()).toContain('议题已并入县纪委监委专题会议研究');
      expect(await page.getByTestId('meeting-reschedule').count()).toBe(0);
      const cancelled = await db
        .selectFrom('meetings')
        .select(['status', 'cancel_reason'])
        .where('id', '=', cancelling)
        .executeTakeFirstOrThrow();
      expect(cancelled).toEqual({ status: 'cancelled', cancel_reason: '议题已并入县纪委监委专题会议研究' });
      await screenshot(page, 'meeting-calendar-5-cancelled');

      // 6. January 2027 on the calendar, and its export: both meetings, as the list shows them.
      await page.goto(`${rig.url}/meetings`);
      await expect.poll(() => page.getByTestId('meetings-zone').innerText(), { timeout: 20000 }).toContain(zone.name);
      await typeDate(page, 'meetings-month', '2027-01');
      await page.getByTestId(`meeting-line-${moving}`).waitFor({ timeout: 20000 });
      await page.getByTestId('calendar-holiday-2027-01-01').waitFor({ timeout: 20000 });
      await screenshot(page, 'meeting-calendar-6-january');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30000 }),
        page.getByTestId('meetings-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe('会议列表.xlsx');
      const { header, rows } = await readXlsx(await bytesOf(download));
      expect(header.slice(0, 5)).toEqual(['会议名称', '会议类型', '协作区', '所属期间', '召开日期']);
      const byTitle = new Map(rows.map((r) => [r[0], r]));
      expect(byTitle.get('协作区室组地联席会议（调整测试）')?.[4]).toBe('2027-01-04');
      expect(byTitle.get('协作区室组地联席会议（取消测试）')?.[8]).toBe('已取消');
      expect(rows.every((r) => r[4]!.startsWith('2027-01'))).toBe(true);
      expect(rows.every((r) => r[2] === zone.name)).toBe(true);
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
