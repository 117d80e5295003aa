/**
 * The meetings' workbench cards: 近期会议 (the scheduled meetings of the next 30 days the person
 * may see: the attendees' and organisers' own), 应提交述职材料 (the 述职会 whose report is due to
 * the members, for those who manage the zone's meetings: the zone leaders), and the meetings the
 * daily job could not schedule for want of a chair (会议缺少主持人).
 */
import { countUpTo } from '../../db/count.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { MEETING_CHAIR_ROLE, MEETING_KIND_LABELS, type MeetingKind } from '../../shared/meetings.codes.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { gapListWhere, meetingListWhere } from './meetings.policy.js';
import { materialsNote } from './meetings.service.js';

const DAY_MS = 86_400_000;

/** Scheduled meetings of the next 30 days, soonest first. */
async function upcoming(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const now = nowIso(ctx);
  const today = toShanghaiDate(now);
  const until = toShanghaiDate(new Date(ctx.clock.nowMs() + 30 * DAY_MS).toISOString());
  const base = ctx.db
    .selectFrom('meetings as m')
    .where('m.status', '=', 'scheduled')
    .where('m.held_on', '>=', today)
    .where('m.held_on', '<=', until)
    .where((eb) => meetingListWhere(ctx, 'm')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['m.id', 'm.title', 'm.kind', 'm.held_on', 'm.starts_at', 'm.place', 'm.created_at'])
      .orderBy('m.held_on')
      .orderBy('m.starts_at')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/meetings',
    severity: 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${MEETING_KIND_LABELS[r.kind as MeetingKind] ?? r.kind} · ${r.starts_at} · ${r.place}`,
      at: r.created_at,
      dueOn: r.held_on,
      overdue: false,
      href: `/meetings/${r.id}`,
    })),
  };
}

/** 述职会 still to come whose report is due within 30 days (or overdue), earliest first. */
async function materials(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const until = toShanghaiDate(new Date(ctx.clock.nowMs() + 30 * DAY_MS).toISOString());
  const base = ctx.db
    .selectFrom('meetings as m')
    .where('m.kind', '=', 'annual_report_meeting')
    .where('m.status', '=', 'scheduled')
    .where('m.held_on', '>=', today)
    .where('m.materials_due_on', '<=', until)
    .where((eb) => meetingListWhere(ctx, 'm', 'manage')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['m.id', 'm.title', 'm.held_on', 'm.materials_due_on', 'm.created_at'])
      .orderBy('m.materials_due_on')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/meetings',
    severity: rows.some((r) => r.materials_due_on! < today) ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${materialsNote(r.materials_due_on)}（会议${r.held_on}召开）`,
      at: r.created_at,
      dueOn: r.materials_due_on,
      overdue: r.materials_due_on! < today,
      href: `/meetings/${r.id}`,
    })),
  };
}

/** Meetings the job could not schedule (no chair), unresolved. */
async function gaps(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('meeting_gaps as g')
    .where('g.resolved_at', 'is', null)
    .where((eb) => gapListWhere(ctx, 'g')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('zones as z', 'z.id', 'g.zone_id')
      .select(['g.id', 'g.kind', 'g.period_label', 'g.planned_on', 'g.detected_at', 'z.name as zone_name'])
      .orderBy('g.planned_on')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  const ROLE = { leader: '组长', commander: '指挥长' } as const;
  return {
    count,
    countCapped: capped,
    href: '/meetings',
    severity: 'danger',
    message: '协作区缺少主持人，会议未能排期：请先配备协作区组长或指挥长',
    items: rows.map((r) => ({
      id: r.id,
      title: `${r.zone_name}${r.period_label}${MEETING_KIND_LABELS[r.kind as MeetingKind] ?? r.kind}`,
      subtitle: `无主持人（缺${ROLE[MEETING_CHAIR_ROLE[r.kind as MeetingKind]] ?? '主持人'}），原定${r.planned_on}`,
      at: r.detected_at,
      dueOn: r.planned_on,
      overdue: false,
      href: '/meetings',
    })),
  };
}

/** The meetings' cards. */
export const meetingWorkbench: WorkbenchProvider[] = [
  {
    key: 'meetings.upcoming',
    title: '近期会议',
    kind: 'todo',
    permissions: ['meeting.read'],
    load: (ctx, { limit }) => upcoming(ctx, limit),
  },
  {
    key: 'meetings.materials',
    title: '应提交述职材料',
    kind: 'clock',
    permissions: ['meeting.manage'],
    load: (ctx, { limit }) => materials(ctx, limit),
  },
  {
    key: 'meetings.no_chair',
    title: '会议缺少主持人',
    kind: 'alert',
    permissions: ['meeting.read'],
    load: (ctx, { limit }) => gaps(ctx, limit),
  },
];
