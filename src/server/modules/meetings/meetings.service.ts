/**
 * Meetings by hand and as read: creating one (`meeting.manage` over the zone: a zone leader, a
 * township secretary of the zone, the supervision office), the list (the calendar: filters zone,
 * kind, status, dates; the clue-review meetings of the clues module shown read-only beside it)
 * and one meeting with its attendees, proposed agenda, decisions and action items.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import {
  type Attendance,
  MEETING_CHAIR_ROLE,
  type MeetingKind,
  type MeetingStatus,
} from '../../shared/meetings.codes.js';
import { inScope } from '../../shared/scope.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { loadCalendar } from '../calendar/index.js';
import { type ClueMeetingLine, clueMeetingsBetween } from '../clues/index.js';
import { type AgendaItem, customAgenda, proposedAgenda } from './meetings.agenda.js';
import {
  type RoleHolder,
  chairOf,
  insertMeeting,
  ownerOf,
  roleHolders,
  sendInvitations,
  titleOf,
  zoneInfo,
} from './meetings.core.js';
import { type MeetingAction, meetingListWhere, meetingPolicy } from './meetings.policy.js';
import type { MeetingRow } from './meetings.tables.js';

/** What creating a meeting by hand takes. */
export interface MeetingInput {
  zoneId: string;
  kind: MeetingKind;
  title?: string | null | undefined;
  periodLabel?: string | null | undefined;
  heldOn: string;
  startsAt: string;
  place: string;
  /** A current holder of one of the zone's roles; default: the holder of the kind's chair role. */
  chairStaffId?: string | null | undefined;
  /** Further attendees (staff records) beyond the zone's roles. */
  attendeeStaffIds?: readonly string[] | undefined;
}

/**
 * Refuses a meeting day that is past (VALIDATION_FAILED) or not a working day
 * (MEETING_NOT_WORKING_DAY, naming the holiday), in words.
 */
export async function requireMeetingDay(ctx: Ctx, heldOn: string): Promise<void> {
  const today = toShanghaiDate(nowIso(ctx));
  if (heldOn < today) throw errors.validation({ field: 'heldOn', today }, '会议日期不能早于今天');
  const cal = await loadCalendar(ctx.db, ctx.clock.nowMs());
  if (!cal.isWorkingDay(heldOn)) {
    const name = cal.entryFor(heldOn)?.name ?? null;
    throw domainError(
      'MEETING_NOT_WORKING_DAY',
      { field: 'heldOn', date: heldOn, holiday: name },
      `会议只能安排在工作日：${heldOn}是${name ? `${name}假期` : '休息日'}，请另选日期`,
    );
  }
}

/** The chair of a meeting of `kind` in the zone: the one named (a current role holder) or the kind's chair role's. */
export function requireChair(holders: readonly RoleHolder[], kind: MeetingKind, staffId?: string | null): RoleHolder {
  if (staffId) {
    const named = holders.find((h) => h.staffId === staffId);
    if (!named) throw errors.validation({ field: 'chairStaffId' }, '主持人应当是该协作区的在任人员');
    return named;
  }
  const chair = chairOf(holders, kind);
  if (!chair) throw domainError('MEETING_NO_CHAIR', { field: 'chairStaffId', role: MEETING_CHAIR_ROLE[kind] });
  return chair;
}

/**
 * Creates a meeting (status scheduled) of a zone the actor may manage meetings of (NOT_FOUND
 * otherwise), with the zone's roles invited, one `meeting.create` audit event and the invitations,
 * in one transaction. MEETING_NOT_WORKING_DAY, MEETING_NO_CHAIR, VALIDATION_FAILED (a past day, a
 * chair or attendee who is not a current staff record): nothing is written.
 */
export async function createMeeting(ctx: Ctx, input: MeetingInput): Promise<{ id: string }> {
  const actor = requireActor(ctx);
  const scope = scopeFor(ctx, 'meeting.manage');
  await requireMeetingDay(ctx, input.heldOn);
  return inTransaction(ctx, async (tx) => {
    const zone = await zoneInfo(tx.db, input.zoneId);
    if (!zone) throw errors.notFound('zone');
    const owner = ownerOf(zone, input.kind);
    if (!inScope(scope, owner)) {
      // The zone's townships' secretaries manage its meetings too (the policy's reach).
      const reach = await tx.db
        .selectFrom('zone_memberships as zm')
        .innerJoin('units as tu', 'tu.region_code', 'zm.township_code')
        .select(['tu.id', 'tu.path', 'tu.region_path'])
        .where('zm.zone_id', '=', zone.id)
        .where('zm.effective_to', 'is', null)
        .where('tu.kind', '=', 'township_commission')
        .execute();
      if (
        !reach.some((u) => inScope(scope, { owner_unit_id: u.id, owner_unit_path: u.path, region_path: u.region_path }))
      )
        throw errors.notFound('zone');
    }
    const today = toShanghaiDate(nowIso(tx));
    const holders = await roleHolders(tx.db, zone.id, today);
    const chair = requireChair(holders, input.kind, input.chairStaffId);
    const extraIds = [...new Set(input.attendeeStaffIds ?? [])];
    const extra =
      extraIds.length === 0
        ? []
        : await tx.db
            .selectFrom('staff as s')
            .leftJoin('users as u', (j) => j.onRef('u.staff_id', '=', 's.id').on('u.disabled', '=', 0))
            .select(['s.id as staffId', 's.name', 'u.id as userId'])
            .where('s.id', 'in', extraIds)
            .execute();
    if (extra.length !== extraIds.length) throw errors.validation({ field: 'attendeeStaffIds' }, '参会人员不存在');
    const periodLabel = input.periodLabel?.trim() || null;
    const id = await insertMeeting(tx.db, {
      zone,
      kind: input.kind,
      periodKey: null,
      periodLabel,
      title: input.title?.trim() || titleOf(zone, input.kind, periodLabel),
      heldOn: input.heldOn,
      startsAt: input.startsAt,
      place: input.place.trim(),
      chair,
      holders,
      extra: extra.map((e) => ({ staffId: e.staffId, name: e.name, userId: e.userId ?? null })),
      auto: false,
      createdBy: actor.userId,
      at: nowIso(tx),
    });
    await recordAudit(tx, {
      action: 'meeting.create',
      resourceType: 'meeting',
      resourceId: id,
      unitId: owner.owner_unit_id,
      changes: { kind: [null, input.kind], held_on: [null, input.heldOn], chair: [null, chair.staffId] },
    });
    await sendInvitations(tx.db, tx.clock.nowMs(), id);
    return { id };
  });
}

/** A line of the calendar. */
export interface MeetingLine {
  id: string;
  zoneId: string;
  zoneName: string;
  kind: MeetingKind;
  periodLabel: string | null;
  title: string;
  heldOn: string;
  startsAt: string;
  place: string;
  chairName: string;
  status: MeetingStatus;
  materialsDueOn: string | null;
  auto: boolean;
}

/** The calendar's filters. */
export interface MeetingQuery {
  zoneId?: string | undefined;
  kind?: MeetingKind | undefined;
  status?: MeetingStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The meetings the actor may see (scope in SQL), by date; with the clue-review meetings
 * (线索研判会) in the same dates from the clues module, read-only, when no kind is asked for.
 */
export async function listMeetings(
  ctx: Ctx,
  q: MeetingQuery,
): Promise<{ items: MeetingLine[]; total: number; clueReviewMeetings: ClueMeetingLine[] }> {
  requireActor(ctx);
  let base = ctx.db.selectFrom('meetings as m').where((eb) => meetingListWhere(ctx, 'm')(eb as never));
  if (q.zoneId) base = base.where('m.zone_id', '=', q.zoneId);
  if (q.kind) base = base.where('m.kind', '=', q.kind);
  if (q.status) base = base.where('m.status', '=', q.status);
  if (q.from) base = base.where('m.held_on', '>=', q.from);
  if (q.to) base = base.where('m.held_on', '<=', q.to);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('zones as z', 'z.id', 'm.zone_id')
      .select([
        'm.id',
        'm.zone_id',
        'z.name as zone_name',
        'm.kind',
        'm.period_label',
        'm.title',
        'm.held_on',
        'm.starts_at',
        'm.place',
        'm.chair_name',
        'm.status',
        'm.materials_due_on',
        'm.auto',
      ])
      .orderBy('m.held_on')
      .orderBy('m.starts_at')
      .orderBy('m.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const clueReviewMeetings =
    !q.kind && ctx.actor?.permissions.has('clue.read') ? await clueMeetingsBetween(ctx, q.from, q.to, 100) : [];
  return {
    total: Number(count.n),
    clueReviewMeetings,
    items: rows.map((r) => ({
      id: r.id,
      zoneId: r.zone_id,
      zoneName: r.zone_name,
      kind: r.kind as MeetingKind,
      periodLabel: r.period_label,
      title: r.title,
      heldOn: r.held_on,
      startsAt: r.starts_at,
      place: r.place,
      chairName: r.chair_name,
      status: r.status as MeetingStatus,
      materialsDueOn: r.materials_due_on,
      auto: Number(r.auto) === 1,
    })),
  };
}

/** An attendee as shown. */
export interface AttendeeView {
  id: string;
  staffId: string | null;
  name: string;
  zoneRole: string | null;
  presence: Attendance;
  absenceReason: string | null;
}

/** An action item as shown, with its rectification item's status. */
export interface ActionView {
  id: string;
  seq: number;
  problem: string;
  measures: string | null;
  ownerUnitId: string;
  ownerUnitName: string;
  responsiblePerson: string | null;
  dueOn: string;
  rectificationItemId: string;
  rectificationStatus: string;
}

/** A meeting as shown. */
export interface MeetingView extends MeetingLine {
  periodKey: string | null;
  reporterName: string | null;
  /** "述职报告应于X月X日前提供" for a 述职会, else null. */
  materialsNote: string | null;
  minutes: string | null;
  cancelReason: string | null;
  ownerUnitId: string;
  attendees: AttendeeView[];
  /** The proposed agenda (frozen once the minutes are recorded) and the items added by hand. */
  agenda: { proposed: AgendaItem[]; custom: AgendaItem[]; frozen: boolean };
  decisions: string[];
  actions: ActionView[];
  version: number;
  createdAt: string;
}

/** The pieces of a meeting as the views and documents use them. */
export async function meetingParts(ctx: Ctx, m: MeetingRow) {
  const [zone, attendees, decisions, actions, custom] = await Promise.all([
    ctx.db.selectFrom('zones').select('name').where('id', '=', m.zone_id).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('meeting_attendees')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .orderBy('zone_role')
      .orderBy('name')
      .execute(),
    ctx.db.selectFrom('meeting_decisions').select('text').where('meeting_id', '=', m.id).orderBy('seq').execute(),
    ctx.db
      .selectFrom('meeting_actions as a')
      .innerJoin('rectification_items as i', 'i.id', 'a.rectification_item_id')
      .selectAll('a')
      .select('i.status as item_status')
      .where('a.meeting_id', '=', m.id)
      .orderBy('a.seq')
      .execute(),
    customAgenda(ctx, m.id),
  ]);
  const frozen = m.agenda_snapshot !== null;
  const proposed = frozen ? (JSON.parse(m.agenda_snapshot!) as AgendaItem[]) : await proposedAgenda(ctx, m);
  return {
    zoneName: zone.name,
    attendees: attendees.map((a) => ({
      id: a.id,
      staffId: a.staff_id,
      name: a.name,
      zoneRole: a.zone_role,
      presence: a.presence as Attendance,
      absenceReason: a.absence_reason,
    })),
    agenda: { proposed, custom, frozen },
    decisions: decisions.map((d) => d.text),
    actions: actions.map((a) => ({
      id: a.id,
      seq: a.seq,
      problem: a.problem,
      measures: a.measures,
      ownerUnitId: a.owner_unit_id,
      ownerUnitName: a.owner_unit_name,
      responsiblePerson: a.responsible_person,
      dueOn: a.due_on,
      rectificationItemId: a.rectification_item_id,
      rectificationStatus: a.item_status,
    })),
  };
}

/** "述职报告应于X月X日前提供". */
export function materialsNote(dueOn: string | null): string | null {
  if (!dueOn) return null;
  return `述职报告应于${Number(dueOn.slice(5, 7))}月${Number(dueOn.slice(8, 10))}日前提供`;
}

/** One meeting the actor may see (NOT_FOUND otherwise), with its parts and proposed agenda. */
export async function readMeeting(ctx: Ctx, id: string): Promise<MeetingView> {
  const m = await loadInScope<MeetingAction, MeetingRow>(ctx, meetingPolicy, id, 'read');
  return presentMeeting(ctx, m);
}

/** A loaded meeting as the API shows it. */
export async function presentMeeting(ctx: Ctx, m: MeetingRow): Promise<MeetingView> {
  const parts = await meetingParts(ctx, m);
  return {
    id: m.id,
    zoneId: m.zone_id,
    zoneName: parts.zoneName,
    kind: m.kind as MeetingKind,
    periodKey: m.period_key,
    periodLabel: m.period_label,
    title: m.title,
    heldOn: m.held_on,
    startsAt: m.starts_at,
    place: m.place,
    chairName: m.chair_name,
    reporterName: m.reporter_name,
    status: m.status as MeetingStatus,
    materialsDueOn: m.materials_due_on,
    materialsNote: materialsNote(m.materials_due_on),
    auto: Number(m.auto) === 1,
    minutes: m.minutes,
    cancelReason: m.cancel_reason,
    ownerUnitId: m.owner_unit_id,
    attendees: parts.attendees,
    agenda: parts.agenda,
    decisions: parts.decisions,
    actions: parts.actions,
    version: m.version,
    createdAt: m.created_at,
  };
}
