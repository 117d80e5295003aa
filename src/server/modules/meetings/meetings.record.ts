/**
 * A meeting's life after scheduling, each step one transaction with its audit event:
 * rescheduling (a working day, invitations again) and cancelling while scheduled; attendance
 * (present, or absent with the reason) on or after the day → held; the items added to the
 * agenda; the minutes (纪要, freezing the proposed agenda) → minutes_recorded; the decisions; the
 * action items, each opened in the rectification ledger (`openRectificationItem`, source
 * `meeting_action`, issued by the meeting's owner unit) in the same transaction; closing.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  type AgendaSource,
  MEETING_CHAIR_ROLE,
  MEETING_STATUS_LABELS,
  type MeetingKind,
  type MeetingStatus,
} from '../../shared/meetings.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { openRectificationItem } from '../rectification/index.js';
import { proposedAgenda } from './meetings.agenda.js';
import { type RoleHolder, chairOf, roleHolders, sendInvitations } from './meetings.core.js';
import { materialsDueOn } from './meetings.rhythm.js';
import { type MeetingAction, meetingPolicy } from './meetings.policy.js';
import { type MeetingView, presentMeeting, requireMeetingDay } from './meetings.service.js';
import type { MeetingRow } from './meetings.tables.js';

/** The refusal in words of the steps a console dialog offers, after the meeting's status. */
const STATE_REFUSALS: Record<string, string> = {
  reschedule: '只有待召开的会议才能调整时间地点',
  cancel: '只有待召开的会议才能取消',
};

/** Loads the meeting for managing at `version`, in one of `statuses` (MEETING_STATE otherwise). */
async function loadFor(tx: Ctx, id: string, version: number, statuses: readonly MeetingStatus[], action: string) {
  const m = await loadInScope<MeetingAction, MeetingRow>(tx, meetingPolicy, id, 'manage', { version, forUpdate: true });
  if (!statuses.includes(m.status as MeetingStatus)) {
    const label = MEETING_STATUS_LABELS[m.status as MeetingStatus] ?? m.status;
    const refusal = STATE_REFUSALS[action];
    throw domainError('MEETING_STATE', { status: m.status, action }, refusal ? `会议${label}，${refusal}` : undefined);
  }
  return m;
}

/** Bumps the version (and sets `set`), returning the row as it now is. */
async function bump(tx: Ctx, m: MeetingRow, set: Partial<MeetingRow>): Promise<MeetingRow> {
  const updated_at = nowIso(tx);
  await tx.db
    .updateTable('meetings')
    .set({ ...set, version: m.version + 1, updated_at })
    .where('id', '=', m.id)
    .execute();
  return { ...m, ...set, version: m.version + 1, updated_at };
}

/**
 * The chair of a meeting moved to `heldOn`: its chair while they still hold a role in the zone on
 * that day; else the holder of the kind's chair role then, who takes the chair (and is invited);
 * with neither, MEETING_NO_CHAIR: a meeting never goes without a chair.
 */
async function chairOn(tx: Ctx, m: MeetingRow, heldOn: string): Promise<RoleHolder> {
  const holders = await roleHolders(tx.db, m.zone_id, heldOn);
  const kept = holders.find((h) => h.staffId === m.chair_staff_id);
  if (kept) return kept;
  const chair = chairOf(holders, m.kind as MeetingKind);
  if (!chair)
    throw domainError(
      'MEETING_NO_CHAIR',
      { field: 'heldOn', date: heldOn, chair: m.chair_name, role: MEETING_CHAIR_ROLE[m.kind as MeetingKind] },
      `会议须有主持人：原主持人${m.chair_name}在${heldOn}已不在该协作区任职，协作区也没有担任${MEETING_CHAIR_ROLE[m.kind as MeetingKind] === 'leader' ? '组长' : '指挥长'}的人员`,
    );
  const invited = await tx.db
    .selectFrom('meeting_attendees')
    .select('id')
    .where('meeting_id', '=', m.id)
    .where('staff_id', '=', chair.staffId)
    .executeTakeFirst();
  if (!invited)
    await tx.db
      .insertInto('meeting_attendees')
      .values({
        id: newId(),
        meeting_id: m.id,
        staff_id: chair.staffId,
        user_id: chair.userId,
        name: chair.name,
        zone_role: chair.role,
        presence: 'invited',
        absence_reason: null,
      })
      .execute();
  return chair;
}

/**
 * Moves a scheduled meeting to another working day, time or place; the attendees are invited
 * again. MEETING_NOT_WORKING_DAY / VALIDATION_FAILED for the day, MEETING_STATE once held,
 * MEETING_NO_CHAIR when nobody can chair it that day (see `chairOn`).
 */
export async function rescheduleMeeting(
  ctx: Ctx,
  id: string,
  input: { version: number; heldOn: string; startsAt: string; place: string; reason?: string | null | undefined },
): Promise<MeetingView> {
  await requireMeetingDay(ctx, input.heldOn);
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['scheduled'], 'reschedule');
    const chair = await chairOn(tx, m, input.heldOn);
    const next = await bump(tx, m, {
      held_on: input.heldOn,
      starts_at: input.startsAt,
      place: input.place.trim(),
      materials_due_on: materialsDueOn(m.kind, input.heldOn),
      reminded_on: null,
      chair_staff_id: chair.staffId,
      chair_name: chair.name,
    });
    await recordAudit(tx, {
      action: 'meeting.reschedule',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: {
        held_on: [m.held_on, input.heldOn],
        starts_at: [m.starts_at, input.startsAt],
        place: [m.place, input.place.trim()],
        ...(chair.staffId !== m.chair_staff_id ? { chair: [m.chair_name, chair.name] } : {}),
        ...(input.reason ? { reason: [null, input.reason] } : {}),
      },
    });
    await sendInvitations(tx.db, tx.clock.nowMs(), id);
    return presentMeeting(tx, next);
  });
}

/** Cancels a scheduled meeting with the reason. MEETING_STATE once held. */
export async function cancelMeeting(
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['scheduled'], 'cancel');
    const next = await bump(tx, m, { status: 'cancelled', cancel_reason: input.reason.trim() });
    await recordAudit(tx, {
      action: 'meeting.cancel',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { status: [m.status, 'cancelled'], reason: [null, input.reason.trim()] },
    });
    return presentMeeting(tx, next);
  });
}

/** One attendee's presence as recorded. */
export interface PresenceInput {
  attendeeId: string;
  presence: 'present' | 'absent';
  absenceReason?: string | null | undefined;
}

/**
 * Records who attended (every invited attendee: present, or absent with the reason) and any
 * further attendee by name; the meeting is then held. VALIDATION_FAILED before the meeting's day,
 * for an attendee left out or unknown, or an absence without its reason.
 */
export async function recordAttendance(
  ctx: Ctx,
  id: string,
  input: { version: number; attendees: readonly PresenceInput[]; guests?: readonly string[] | undefined },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['scheduled', 'held'], 'attendance');
    const today = toShanghaiDate(nowIso(tx));
    if (m.held_on > today)
      throw errors.validation({ field: 'heldOn', heldOn: m.held_on }, '会议尚未召开，不能记录出席情况');
    const invited = await tx.db
      .selectFrom('meeting_attendees')
      .select(['id', 'name'])
      .where('meeting_id', '=', id)
      .execute();
    const given = new Map(input.attendees.map((a) => [a.attendeeId, a]));
    const unknown = [...given.keys()].filter((k) => !invited.some((i) => i.id === k));
    if (unknown.length > 0) throw errors.validation({ field: 'attendees', unknown }, '参会人员不在本次会议名单中');
    const missing = invited.filter((i) => !given.has(i.id)).map((i) => i.name);
    if (missing.length > 0)
      throw errors.validation({ field: 'attendees', missing }, `请逐一记录出席情况：${missing.join('、')}`);
    const noReason = input.attendees.filter((a) => a.presence === 'absent' && !a.absenceReason?.trim());
    if (noReason.length > 0)
      throw errors.validation(
        { field: 'absenceReason', attendees: noReason.map((a) => a.attendeeId) },
        '缺席人员须写明缺席原因',
      );
    for (const a of input.attendees)
      await tx.db
        .updateTable('meeting_attendees')
        .set({ presence: a.presence, absence_reason: a.presence === 'absent' ? a.absenceReason!.trim() : null })
        .where('id', '=', a.attendeeId)
        .execute();
    const guests = [...new Set((input.guests ?? []).map((g) => g.trim()).filter(Boolean))];
    if (guests.length > 0)
      await tx.db
        .insertInto('meeting_attendees')
        .values(
          guests.map((name) => ({
            id: newId(),
            meeting_id: id,
            staff_id: null,
            user_id: null,
            name,
            zone_role: null,
            presence: 'present',
            absence_reason: null,
          })),
        )
        .execute();
    const next = await bump(tx, m, { status: 'held' });
    await recordAudit(tx, {
      action: 'meeting.attendance',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: {
        status: [m.status, 'held'],
        present: [null, input.attendees.filter((a) => a.presence === 'present').length + guests.length],
        absent: [null, input.attendees.filter((a) => a.presence === 'absent').length],
      },
    });
    return presentMeeting(tx, next);
  });
}

/** An item of the agenda the chair sets: written by hand, or accepted from the proposed agenda. */
export interface AgendaInput {
  title: string;
  detail?: string | null | undefined;
  /** Where an accepted item comes from (omitted or `custom`: written by hand). */
  source?: AgendaSource | undefined;
  /** The record an accepted item is about. */
  refId?: string | null | undefined;
}

/** The key an accepted item is matched by: its record, or (clocks, lagging townships) its title. */
const agendaKey = (source: string, refId: string | null | undefined, title: string) =>
  `${source}:${refId ?? title.trim()}`;

/**
 * Replaces the agenda items the chair set (before the minutes are recorded). An item accepted
 * from the proposed agenda keeps its source and record, so it reads back as what it is (整改事项,
 * 问题线索, 审查调查案件 …), not 其他议题: it must be one of the items proposed to this reader now,
 * or one already on the meeting's agenda (an item since closed stays). VALIDATION_FAILED otherwise.
 */
export async function setAgenda(
  ctx: Ctx,
  id: string,
  input: { version: number; items: readonly AgendaInput[] },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['scheduled', 'held'], 'agenda');
    const items = input.items.map((it) => {
      const source: AgendaSource = it.source ?? 'custom';
      return { ...it, source, refId: source === 'custom' ? null : (it.refId ?? null) };
    });
    if (items.some((it) => it.source !== 'custom')) {
      const stored = await tx.db
        .selectFrom('meeting_agenda_items')
        .select(['source', 'ref_id', 'title'])
        .where('meeting_id', '=', id)
        .execute();
      const known = new Set([
        ...stored.map((r) => agendaKey(r.source, r.ref_id, r.title)),
        ...(await proposedAgenda(tx, m)).map((a) => agendaKey(a.source, a.refId, a.title)),
      ]);
      const unknown = items.filter(
        (it) => it.source !== 'custom' && !known.has(agendaKey(it.source, it.refId, it.title)),
      );
      if (unknown.length > 0)
        throw errors.validation(
          { field: 'items', unknown: unknown.map((it) => ({ source: it.source, refId: it.refId })) },
          `议题不在本次会议的拟议议题中：${unknown.map((it) => it.title).join('、')}`,
        );
    }
    await tx.db.deleteFrom('meeting_agenda_items').where('meeting_id', '=', id).execute();
    if (items.length > 0)
      await tx.db
        .insertInto('meeting_agenda_items')
        .values(
          items.map((it, i) => ({
            id: newId(),
            meeting_id: id,
            seq: i + 1,
            title: it.title.trim(),
            detail: it.detail?.trim() || null,
            source: it.source,
            ref_id: it.refId,
          })),
        )
        .execute();
    const next = await bump(tx, m, {});
    await recordAudit(tx, {
      action: 'meeting.agenda',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { items: [null, input.items.map((i) => i.title.trim())] },
    });
    return presentMeeting(tx, next);
  });
}

/**
 * Records the minutes (纪要) of a held meeting; the first time, the proposed agenda is frozen into
 * the meeting as it stands. MEETING_STATE before attendance or once closed.
 */
export async function recordMinutes(
  ctx: Ctx,
  id: string,
  input: { version: number; minutes: string },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['held', 'minutes_recorded'], 'minutes');
    const snapshot = m.agenda_snapshot ?? JSON.stringify(await proposedAgenda(tx, m));
    const next = await bump(tx, m, {
      minutes: input.minutes.trim(),
      agenda_snapshot: snapshot,
      status: 'minutes_recorded',
    });
    await recordAudit(tx, {
      action: 'meeting.minutes',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: {
        status: [m.status, 'minutes_recorded'],
        minutes_length: [m.minutes?.length ?? null, input.minutes.trim().length],
      },
    });
    return presentMeeting(tx, next);
  });
}

/** Replaces the decisions (议定事项) of a held meeting. */
export async function setDecisions(
  ctx: Ctx,
  id: string,
  input: { version: number; items: readonly string[] },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['held', 'minutes_recorded'], 'decisions');
    await tx.db.deleteFrom('meeting_decisions').where('meeting_id', '=', id).execute();
    const items = input.items.map((t) => t.trim()).filter(Boolean);
    if (items.length > 0)
      await tx.db
        .insertInto('meeting_decisions')
        .values(items.map((text, i) => ({ id: newId(), meeting_id: id, seq: i + 1, text })))
        .execute();
    const next = await bump(tx, m, {});
    await recordAudit(tx, {
      action: 'meeting.decisions',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { decisions: [null, items.length] },
    });
    return presentMeeting(tx, next);
  });
}

/** One action item as recorded. */
export interface ActionInput {
  problem: string;
  measures?: string | null | undefined;
  /** The responsible unit (a township commission, a department, a village committee …). */
  ownerUnitId: string;
  responsiblePerson?: string | null | undefined;
  dueOn: string;
}

/**
 * Records action items of a held meeting: each becomes a rectification item (source
 * `meeting_action`, its source the meeting, issued by the meeting's owner unit) in this
 * transaction, so the item exists exactly when the action does. The ledger's refusals
 * (VALIDATION_FAILED: a past due date, an unknown unit, the owner unit itself) write nothing.
 */
export async function addActions(
  ctx: Ctx,
  id: string,
  input: { version: number; items: readonly ActionInput[] },
): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['held', 'minutes_recorded'], 'actions');
    const last = await tx.db
      .selectFrom('meeting_actions')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('meeting_id', '=', id)
      .executeTakeFirst();
    let seq = Number(last?.seq ?? 0);
    const opened: string[] = [];
    for (const a of input.items) {
      const unit = await tx.db
        .selectFrom('units')
        .select(['id', 'name'])
        .where('id', '=', a.ownerUnitId)
        .executeTakeFirst();
      if (!unit) throw errors.validation({ field: 'ownerUnitId' }, '责任单位不存在');
      const item = await openRectificationItem(tx, {
        source: 'meeting_action',
        sourceId: id,
        sourceDocument: `${m.title}纪要`,
        problem: a.problem,
        measures: a.measures ?? null,
        ownerUnitId: unit.id,
        responsiblePerson: a.responsiblePerson ?? null,
        issuerUnitId: m.owner_unit_id,
        dueOn: a.dueOn,
      });
      await tx.db
        .insertInto('meeting_actions')
        .values({
          id: newId(),
          meeting_id: id,
          seq: ++seq,
          problem: a.problem.trim(),
          measures: a.measures?.trim() || null,
          owner_unit_id: unit.id,
          owner_unit_name: unit.name,
          responsible_person: a.responsiblePerson?.trim() || null,
          due_on: a.dueOn,
          rectification_item_id: item.id,
          created_by: tx.actor?.userId ?? null,
          created_at: nowIso(tx),
        })
        .execute();
      opened.push(item.id);
    }
    const next = await bump(tx, m, {});
    await recordAudit(tx, {
      action: 'meeting.actions',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { rectification_items: [null, opened] },
    });
    return presentMeeting(tx, next);
  });
}

/** Closes a meeting whose minutes are recorded. MEETING_STATE otherwise. */
export async function closeMeeting(ctx: Ctx, id: string, input: { version: number }): Promise<MeetingView> {
  return inTransaction(ctx, async (tx) => {
    const m = await loadFor(tx, id, input.version, ['minutes_recorded'], 'close');
    const next = await bump(tx, m, { status: 'closed', closed_at: nowIso(tx) });
    await recordAudit(tx, {
      action: 'meeting.close',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { status: [m.status, 'closed'] },
    });
    return presentMeeting(tx, next);
  });
}
