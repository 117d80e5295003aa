/**
 * The daily scheduling job (`meetings.schedule`): for every active zone, the next 季度研判会,
 * 半年推进会 and 年度述职会 on the zone's rhythm (`meetings.rhythm.ts`), chaired by the holder of the
 * kind's chair role, with the zone's roles invited. Idempotent: one meeting per zone, kind and
 * period (unique key), so a second run (or a second process) adds nothing; a meeting moved or
 * cancelled by hand stays as it is. A meeting planned in a year whose holiday arrangement is not
 * loaded is placed on Monday to Friday alone; the run lists such years and the job logs a warning. A zone without a holder of the chair role gets no meeting but
 * a gap (`meeting_gaps`, on the workbench) until a run finds one. Then the reminders: meetings
 * held on the next working day are told once.
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import { transact } from '../../db/durability.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { SCHEDULED_MEETING_KINDS } from '../../shared/meetings.codes.js';
import type { JobDefinition } from '../../shared/module.js';
import { appendAuditEvent } from '../audit/index.js';
import { loadCalendar } from '../calendar/index.js';
import {
  chairOf,
  insertMeeting,
  ownerOf,
  roleHolders,
  sendInvitations,
  sendReminder,
  titleOf,
  zoneInfo,
} from './meetings.core.js';
import { nextMeeting } from './meetings.rhythm.js';

/** What one run did. */
export interface ScheduleRun {
  scheduled: string[];
  /** `zoneId:kind:periodKey` of the meetings left unscheduled for want of a chair. */
  gaps: string[];
  reminded: string[];
  /**
   * The years of the meetings planned this run whose holiday arrangement is not loaded: those
   * meetings were placed on Monday to Friday alone and may fall on a holiday. The job says so in
   * its log; an administrator loads the year (console 工作日历, `PUT /api/calendar/years/:year`).
   */
  uncoveredYears: number[];
}

/** Schedules the zones' next meetings and sends the day-before reminders (see the file's comment). */
export async function scheduleMeetings(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
): Promise<ScheduleRun> {
  const nowMs = clock.nowMs();
  const at = new Date(nowMs).toISOString();
  const today = toShanghaiDate(at);
  const cal = await loadCalendar(db, nowMs);
  const run: ScheduleRun = { scheduled: [], gaps: [], reminded: [], uncoveredYears: [] };
  const zones = await db.selectFrom('zones').select('id').where('active', '=', 1).orderBy('ordinal').execute();
  for (const { id: zoneId } of zones) {
    const zone = (await zoneInfo(db, zoneId))!;
    for (const kind of SCHEDULED_MEETING_KINDS) {
      const plan = nextMeeting(cal, kind, today);
      const year = Number(plan.heldOn.slice(0, 4));
      if (!cal.isCovered(year) && !run.uncoveredYears.includes(year)) run.uncoveredYears.push(year);
      const exists = await db
        .selectFrom('meetings')
        .select('id')
        .where('zone_id', '=', zoneId)
        .where('kind', '=', kind)
        .where('period_key', '=', plan.periodKey)
        .executeTakeFirst();
      if (exists) continue;
      const holders = await roleHolders(db, zoneId, today);
      const chair = chairOf(holders, kind);
      await transact(db, async (trx) => {
        if (!chair) {
          await trx
            .insertInto('meeting_gaps')
            .values({
              id: newId(),
              zone_id: zoneId,
              kind,
              period_key: plan.periodKey,
              period_label: plan.periodLabel,
              planned_on: plan.heldOn,
              reason: 'no_chair',
              ...ownerOf(zone, kind),
              detected_at: at,
              resolved_at: null,
            })
            .onConflict((oc) => oc.columns(['zone_id', 'kind', 'period_key']).doNothing())
            .execute();
          run.gaps.push(`${zoneId}:${kind}:${plan.periodKey}`);
          return;
        }
        const id = await insertMeeting(trx, {
          zone,
          kind,
          periodKey: plan.periodKey,
          periodLabel: plan.periodLabel,
          title: titleOf(zone, kind, plan.periodLabel),
          heldOn: plan.heldOn,
          startsAt: '09:00',
          place: `${zone.workroom.name}会议室`,
          chair,
          holders,
          extra: [],
          auto: true,
          createdBy: null,
          at,
        });
        await trx
          .updateTable('meeting_gaps')
          .set({ resolved_at: at })
          .where('zone_id', '=', zoneId)
          .where('kind', '=', kind)
          .where('period_key', '=', plan.periodKey)
          .where('resolved_at', 'is', null)
          .execute();
        await appendAuditEvent(trx, dialect, {
          occurredAt: at,
          actorUserId: null,
          actorUsername: null,
          requestId: null,
          action: 'meeting.schedule',
          resourceType: 'meeting',
          resourceId: id,
          unitId: ownerOf(zone, kind).owner_unit_id,
          changes: {
            kind: [null, kind],
            period: [null, plan.periodKey],
            held_on: [null, plan.heldOn],
            chair: [null, chair.staffId],
          },
        });
        await sendInvitations(trx, nowMs, id);
        run.scheduled.push(id);
      });
    }
  }
  // The day-before reminder: meetings held after today and no later than the next working day.
  const nextWorking = cal.addWorkingDays(today, 1);
  const due = await db
    .selectFrom('meetings')
    .select(['id', 'held_on', 'reminded_on'])
    .where('status', '=', 'scheduled')
    .where('held_on', '>', today)
    .where('held_on', '<=', nextWorking)
    .execute();
  for (const m of due.filter((x) => x.reminded_on !== x.held_on)) {
    await transact(db, (trx) => sendReminder(trx, nowMs, m.id));
    run.reminded.push(m.id);
  }
  return run;
}

/** The module's job: `meetings.schedule`, enqueued daily by `serve` and `worker`. */
export const meetingJobs: readonly JobDefinition[] = [
  {
    kind: 'meetings.schedule',
    every: 'day',
    async run(_payload, _job, env) {
      const run = await scheduleMeetings(env.db, env.dialect, env.clock);
      if (run.uncoveredYears.length > 0)
        env.log.warn(
          { uncoveredYears: run.uncoveredYears },
          `${run.uncoveredYears.join('、')}年的节假日安排尚未导入：这些年份的会议只按周一至周五安排，可能落在节假日；` +
            '请系统管理员在国务院办公厅通知发布后于“工作日历”页导入该年安排（PUT /api/calendar/years/:year）',
        );
      if (run.scheduled.length + run.gaps.length + run.reminded.length > 0)
        env.log.info(
          { scheduled: run.scheduled.length, gaps: run.gaps.length, reminded: run.reminded.length },
          'zone meetings scheduled',
        );
    },
  },
];
