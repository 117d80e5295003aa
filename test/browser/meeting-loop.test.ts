import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueuePeriodicJobs } from '../../src/server/bootstrap.js';
import { toShanghaiDate } from '../../src/server/shared/calendar/calendar.js';
import {
  type ConsoleRig,
  clickSubmit,
  fillHeld,
  noOpenDropdown,
  pickOption,
  screenshot,
  signInAtServerTime,
  startConsoleRig,
  typeDate,
  visibleText,
} from './browser.js';

/**
 * The zones' meeting loop (issue 15 §3), in headless Chromium: a rectification item is opened for
 * township 1's commission; the daily jobs run as the worker of `serve` runs them, and zone 1's
 * quarterly 研判会 appears on the zone's calendar on a working day (checked against the calendar's
 * holidays); on its day the chair, on a phone (390 × 844), finds the item on the proposed agenda
 * and accepts it, records attendance (one absent with the reason), the minutes and an action item
 * for the township with a deadline — and the action item is in `rectification_items` with that
 * owner and deadline, linked from the page.
 */

const DAY = 24 * 3600_000;

// Browser tests exercise the pages, not the database engine: they run in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('the zone meeting loop in headless Chromium', () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig();
  });
  afterAll(async () => rig?.close());

  it(
    'schedules the quarterly 研判会 on a working day, proposes the open item, and an action item lands in the ledger',
    { timeout: 600_000 },
    async () => {
      const env = rig.env;
      const db = env.ctx().db;
      const unitOf = async (username: string) =>
        db
          .selectFrom('users as u')
          .innerJoin('units as n', 'n.id', 'u.unit_id')
          .select(['n.id', 'n.name'])
          .where('u.username', '=', username)
          .executeTakeFirstOrThrow();
      const township = await unitOf('township1');
      const zone = await db
        .selectFrom('role_assignments as ra')
        .innerJoin('users as u', 'u.id', 'ra.user_id')
        .innerJoin('zones as z', 'z.id', 'ra.scope_zone_id')
        .select(['z.id', 'z.name'])
        .where('u.username', '=', 'zone1')
        .where('ra.scope_type', '=', 'zone')
        .executeTakeFirstOrThrow();

      // 1. An open rectification item of the zone (township 1's commission), opened by the county.
      const supervisor = await env.as('supervisor');
      const dueOn = toShanghaiDate(new Date(env.clock.nowMs() + 60 * DAY).toISOString());
      const opened = await supervisor.post('/api/rectification-items', {
        source: 'audit',
        sourceDocument: '审计报告（县审〔2026〕31号）',
        problem: '村级惠农补贴发放台账与银行代发记录不一致',
        ownerUnitId: township.id,
        dueOn,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const itemId = opened.json<{ id: string }>().id;

      // 2. The daily jobs, as the worker of `serve` runs them: the zone's meetings are scheduled.
      expect(await db.selectFrom('meetings').select('id').where('zone_id', '=', zone.id).execute()).toHaveLength(0);
      await enqueuePeriodicJobs(db, env.clock);
      const worker = createWorker(env.platform, env.clock);
      for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
      const meeting = await db
        .selectFrom('meetings')
        .selectAll()
        .where('zone_id', '=', zone.id)
        .where('kind', '=', 'assessment_meeting')
        .orderBy('held_on')
        .executeTakeFirstOrThrow();
      expect(meeting.auto).toBeTruthy();
      // A working day: not a holiday of the calendar, and a weekday unless the calendar makes it a
      // make-up working day.
      const year = meeting.held_on.slice(0, 4);
      const cal = await supervisor.get(`/api/calendar/years/${year}`);
      expect(cal.statusCode, cal.body).toBe(200);
      const special = cal
        .json<{ days: { date: string; kind: string }[] }>()
        .days.find((d) => d.date === meeting.held_on);
      expect(special?.kind).not.toBe('holiday');
      const weekday = new Date(`${meeting.held_on}T00:00:00Z`).getUTCDay();
      if (special?.kind !== 'workday') expect([0, 6]).not.toContain(weekday);

      // 3. The zone's calendar (desktop): the month of the meeting shows it with its kind, day and chair.
      const desk = await signInAtServerTime(rig, 'zone1');
      await desk.goto(`${rig.url}/meetings`);
      await expect.poll(() => desk.getByTestId('meetings-zone').innerText(), { timeout: 20000 }).toContain(zone.name);
      await typeDate(desk, 'meetings-month', meeting.held_on.slice(0, 7));
      const line = desk.getByTestId(`meeting-line-${meeting.id}`);
      await line.waitFor({ timeout: 20000 });
      const lineText = await line.innerText();
      expect(lineText).toContain('季度研判会');
      expect(lineText).toContain(meeting.held_on);
      expect(lineText).toContain(meeting.chair_name);
      expect(lineText).toContain('待召开');
      await expect
        .poll(() => desk.getByTestId('meetings-calendar').innerText(), { timeout: 10000 })
        .toContain('季度研判会');
      await screenshot(desk, 'meeting-loop-1-calendar');

      // 4. The meeting's day, 09:00 in Shanghai: the chair opens it on a phone.
      env.clock.advance(Date.parse(`${meeting.held_on}T01:00:00Z`) - env.clock.nowMs());
      const phone = await rig.signIn('zone1', { width: 390, height: 844 });
      await phone.clock.setFixedTime(new Date(env.clock.nowMs()));
      await phone.goto(`${rig.url}/meetings/${meeting.id}`);
      await phone.getByTestId('meeting-agenda').waitFor({ timeout: 30000 });
      const proposed = phone.getByTestId(`agenda-rectification-${itemId}`);
      await proposed.waitFor({ timeout: 20000 });
      expect(await proposed.innerText()).toContain('村级惠农补贴发放台账与银行代发记录不一致');
      // The page fits the phone: nothing wider than the screen.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, 'meeting-loop-2-agenda-phone');
      await clickSubmit(proposed.getByRole('button', { name: '纳入议程' }), 'accept the agenda item');
      await expect
        .poll(() => phone.getByTestId('agenda-custom').innerText(), { timeout: 20000 })
        .toContain('村级惠农补贴发放台账与银行代发记录不一致');
      // Accepted, it reads as what it is (整改事项), not as an item written by hand (其他议题).
      const chosen = await phone.getByTestId('agenda-custom').innerText();
      expect(chosen).toContain('整改事项');
      expect(chosen).not.toContain('其他议题');
      expect(
        await db
          .selectFrom('meeting_agenda_items')
          .select(['source', 'ref_id'])
          .where('meeting_id', '=', meeting.id)
          .execute(),
      ).toEqual([{ source: 'rectification', ref_id: itemId }]);

      // 5. Attendance: the first invited person absent with the reason, the others present.
      const attendees = await db
        .selectFrom('meeting_attendees')
        .select(['id', 'name'])
        .where('meeting_id', '=', meeting.id)
        .orderBy('name')
        .execute();
      expect(attendees.length).toBeGreaterThan(1);
      const absentee = attendees[0]!;
      const row = phone.getByTestId(`attendee-${absentee.name}`);
      await row.getByText('缺席').click();
      await fillHeld(row.getByTestId('attendee-reason'), '参加县纪委监委集中培训');
      await clickSubmit(phone.getByTestId('attendance-save'), 'attendance');
      await expect.poll(() => visibleText(phone.getByTestId('meeting-status')), { timeout: 20000 }).toBe('已召开');
      await expect
        .poll(() => phone.getByTestId('attendee-list').innerText(), { timeout: 20000 })
        .toContain('参加县纪委监委集中培训');

      // 6. The minutes.
      await fillHeld(
        phone.getByTestId('minutes-text'),
        '会议通报了本季度协作区线索处置和整改落实情况，研究了惠农补贴发放问题的整改措施。',
      );
      await clickSubmit(phone.getByTestId('minutes-save'), 'minutes');
      await expect.poll(() => visibleText(phone.getByTestId('meeting-status')), { timeout: 20000 }).toBe('已形成纪要');

      // 7. An action item for township 1's commission with its deadline.
      const actionDue = toShanghaiDate(new Date(env.clock.nowMs() + 20 * DAY).toISOString());
      await fillHeld(phone.getByTestId('action-problem'), '全面核对村级惠农补贴发放台账并公示');
      await pickOption(phone, 'action-owner', township.name, true);
      await noOpenDropdown(phone);
      await fillHeld(phone.getByTestId('action-person'), '乡镇纪委书记');
      await typeDate(phone, 'action-due', actionDue);
      await screenshot(phone, 'meeting-loop-3-action-phone');
      await clickSubmit(phone.getByTestId('action-save'), 'action item');
      const link = phone.getByTestId('action-ledger-link');
      await link.waitFor({ timeout: 20000 });
      const href = (await link.getAttribute('href')) ?? '';
      const actionItemId = href.replace('/rectification/', '');
      const action = await db
        .selectFrom('meeting_actions')
        .select(['rectification_item_id'])
        .where('meeting_id', '=', meeting.id)
        .executeTakeFirstOrThrow();
      expect(actionItemId).toBe(action.rectification_item_id);
      const ledger = await db
        .selectFrom('rectification_items')
        .selectAll()
        .where('id', '=', actionItemId)
        .executeTakeFirstOrThrow();
      expect(ledger).toMatchObject({
        source_kind: 'meeting_action',
        source_id: meeting.id,
        owner_unit_id: township.id,
        due_on: actionDue,
        status: 'open',
      });
      expect(ledger.problem).toBe('全面核对村级惠农补贴发放台账并公示');
      expect(await phone.getByTestId('action-list').innerText()).toContain(township.name);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, 'meeting-loop-4-recorded-phone');
      expect(rig.pageErrors).toEqual([]);
    },
  );
});
