/**
 * What scheduling by the job and by hand share: the zone as a meeting sees it (owner unit, central
 * township, roles), the chair of a kind, writing the meeting with its invited attendees, and the
 * invitations and reminders (notifications, once per meeting and date).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { newId } from '../../shared/ids.js';
import { MEETING_CHAIR_ROLE, MEETING_KIND_LABELS, type MeetingKind } from '../../shared/meetings.codes.js';
import { notify, usersCovering } from '../notifications/index.js';
import { materialsDueOn } from './meetings.rhythm.js';

/** A zone as meetings use it. */
export interface ZoneInfo {
  id: string;
  name: string;
  countyCode: string;
  /** The workroom (工作室), or the commission when the zone has none. */
  workroom: { id: string; path: string; name: string };
  commission: { id: string; path: string; name: string; regionPath: string };
  /** The central township's region path (the county's when unknown). */
  centralRegionPath: string;
}

/** The zone `zoneId` (active or not), or null. */
export async function zoneInfo(db: Kysely<Database>, zoneId: string): Promise<ZoneInfo | null> {
  const z = await db
    .selectFrom('zones as z')
    .innerJoin('units as c', 'c.id', 'z.commission_unit_id')
    .leftJoin('units as w', 'w.id', 'z.workroom_unit_id')
    .leftJoin('regions as r', 'r.code', 'z.central_township_code')
    .select([
      'z.id',
      'z.name',
      'z.county_code',
      'z.region_path',
      'c.id as c_id',
      'c.path as c_path',
      'c.name as c_name',
      'w.id as w_id',
      'w.path as w_path',
      'w.name as w_name',
      'r.path as central_path',
    ])
    .where('z.id', '=', zoneId)
    .executeTakeFirst();
  if (!z) return null;
  return {
    id: z.id,
    name: z.name,
    countyCode: z.county_code,
    workroom: z.w_id
      ? { id: z.w_id, path: z.w_path!, name: z.w_name! }
      : { id: z.c_id, path: z.c_path, name: z.c_name },
    commission: { id: z.c_id, path: z.c_path, name: z.c_name, regionPath: z.region_path },
    centralRegionPath: z.central_path ?? z.region_path,
  };
}

/** The scope columns of a zone's meeting of `kind`: the commission for a 述职会, else the workroom. */
export function ownerOf(zone: ZoneInfo, kind: MeetingKind) {
  return kind === 'annual_report_meeting'
    ? {
        owner_unit_id: zone.commission.id,
        owner_unit_path: zone.commission.path,
        region_path: zone.commission.regionPath,
        county_code: zone.countyCode,
      }
    : {
        owner_unit_id: zone.workroom.id,
        owner_unit_path: zone.workroom.path,
        region_path: zone.centralRegionPath,
        county_code: zone.countyCode,
      };
}

/** A current holder of a zone role. */
export interface RoleHolder {
  staffId: string;
  name: string;
  role: string;
  userId: string | null;
}

/** The zone's current role holders on `today`, by rank then name. */
export async function roleHolders(db: Kysely<Database>, zoneId: string, today: string): Promise<RoleHolder[]> {
  const rows = await db
    .selectFrom('zone_roles as zr')
    .innerJoin('staff as s', 's.id', 'zr.staff_id')
    .leftJoin('users as u', (j) => j.onRef('u.staff_id', '=', 'zr.staff_id').on('u.disabled', '=', 0))
    .select(['zr.staff_id', 's.name', 'zr.role', 'u.id as user_id', 'zr.effective_from'])
    .where('zr.zone_id', '=', zoneId)
    .where('zr.effective_from', '<=', today)
    .where((eb) => eb.or([eb('zr.effective_to', 'is', null), eb('zr.effective_to', '>', today)]))
    .orderBy('zr.effective_from', 'desc')
    .execute();
  const rank = ['commander', 'leader', 'deputy_leader', 'member', 'zone_office_director', 'village_liaison'];
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(`${r.staff_id}:${r.role}`) && seen.add(`${r.staff_id}:${r.role}`))
    .map((r) => ({ staffId: r.staff_id, name: r.name, role: r.role, userId: r.user_id ?? null }))
    .sort((a, b) => rank.indexOf(a.role) - rank.indexOf(b.role) || a.name.localeCompare(b.name, 'zh'));
}

/** The holder of the role that chairs `kind` (the most recent), or null: a meeting never goes without one. */
export function chairOf(holders: readonly RoleHolder[], kind: MeetingKind): RoleHolder | null {
  return holders.find((h) => h.role === MEETING_CHAIR_ROLE[kind]) ?? null;
}

/** The short name of a kind in titles (研判会, 推进会, 述职会 …). */
const SHORT: Record<MeetingKind, string> = {
  assessment_meeting: '研判会',
  progress_meeting: '推进会',
  annual_report_meeting: '述职会',
  joint_meeting: '室组地联席会议',
  ad_hoc: '会议',
};

/** A meeting's default title: the zone, the period and the kind. */
export function titleOf(zone: ZoneInfo, kind: MeetingKind, periodLabel: string | null): string {
  return `${zone.name}${periodLabel ?? ''}${periodLabel ? SHORT[kind] : MEETING_KIND_LABELS[kind]}`;
}

/** What writing a meeting takes. */
export interface NewMeeting {
  zone: ZoneInfo;
  kind: MeetingKind;
  periodKey: string | null;
  periodLabel: string | null;
  title: string;
  heldOn: string;
  startsAt: string;
  place: string;
  chair: RoleHolder;
  holders: readonly RoleHolder[];
  /** Further attendees (staff records) beyond the zone's roles. */
  extra: readonly { staffId: string; name: string; userId: string | null }[];
  auto: boolean;
  createdBy: string | null;
  at: string;
}

/**
 * Writes a meeting (status scheduled) with its attendees invited from the zone's roles (all but
 * the village liaisons) and `extra`, in the caller's transaction. Returns its id.
 */
export async function insertMeeting(db: Kysely<Database>, m: NewMeeting): Promise<string> {
  const id = newId();
  const reporter = m.kind === 'annual_report_meeting' ? (m.holders.find((h) => h.role === 'leader') ?? null) : null;
  await db
    .insertInto('meetings')
    .values({
      id,
      zone_id: m.zone.id,
      kind: m.kind,
      period_key: m.periodKey,
      period_label: m.periodLabel,
      title: m.title,
      held_on: m.heldOn,
      starts_at: m.startsAt,
      place: m.place,
      chair_staff_id: m.chair.staffId,
      chair_name: m.chair.name,
      reporter_staff_id: reporter?.staffId ?? null,
      reporter_name: reporter?.name ?? null,
      materials_due_on: materialsDueOn(m.kind, m.heldOn),
      status: 'scheduled',
      minutes: null,
      agenda_snapshot: null,
      cancel_reason: null,
      auto: m.auto ? 1 : 0,
      reminded_on: null,
      ...ownerOf(m.zone, m.kind),
      created_by: m.createdBy,
      closed_at: null,
      version: 1,
      created_at: m.at,
      updated_at: m.at,
    })
    .execute();
  const invited = new Map<string, { staffId: string; name: string; userId: string | null; role: string | null }>();
  for (const h of m.holders)
    if (h.role !== 'village_liaison' && !invited.has(h.staffId)) invited.set(h.staffId, { ...h, role: h.role });
  if (!invited.has(m.chair.staffId)) invited.set(m.chair.staffId, { ...m.chair, role: m.chair.role });
  for (const e of m.extra) if (!invited.has(e.staffId)) invited.set(e.staffId, { ...e, role: null });
  if (invited.size > 0)
    await db
      .insertInto('meeting_attendees')
      .values(
        [...invited.values()].map((a) => ({
          id: newId(),
          meeting_id: id,
          staff_id: a.staffId,
          user_id: a.userId,
          name: a.name,
          zone_role: a.role,
          presence: 'invited',
          absence_reason: null,
        })),
      )
      .execute();
  return id;
}

/** The accounts told about a meeting: its attendees' accounts and the organisers (`meeting.manage` over it). */
async function recipients(db: Kysely<Database>, nowMs: number, meetingId: string): Promise<string[]> {
  const m = await db
    .selectFrom('meetings')
    .select(['owner_unit_id', 'owner_unit_path', 'region_path'])
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const attendees = await db
    .selectFrom('meeting_attendees as a')
    .leftJoin('users as u', (j) => j.onRef('u.staff_id', '=', 'a.staff_id').on('u.disabled', '=', 0))
    .select(['a.user_id', 'u.id as linked'])
    .where('a.meeting_id', '=', meetingId)
    .execute();
  const ids = attendees.flatMap((a) => [a.user_id, a.linked]).filter((x): x is string => !!x);
  return [...new Set([...ids, ...(await usersCovering(db, nowMs, 'meeting.manage', m))])];
}

/** Sends the invitation to a meeting on its date (once per meeting and date: a reschedule invites again). */
export async function sendInvitations(db: Kysely<Database>, nowMs: number, meetingId: string): Promise<number> {
  const m = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'held_on', 'starts_at', 'place', 'chair_name', 'materials_due_on'])
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const materials = m.materials_due_on ? `；述职报告应于${m.materials_due_on}前提供` : '';
  return notify(db, new Date(nowMs).toISOString(), await recipients(db, nowMs, meetingId), {
    kind: 'meeting_invitation',
    title: `会议通知：${m.title}`,
    body: `${m.held_on} ${m.starts_at} 在${m.place}召开，${m.chair_name}主持${materials}。`,
    resourceType: 'meeting',
    resourceId: m.id,
    dedupeKey: `meeting_invitation:${m.id}:${m.held_on}`,
  });
}

/** Sends the reminder the working day before (once per meeting and date). */
export async function sendReminder(db: Kysely<Database>, nowMs: number, meetingId: string): Promise<number> {
  const m = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'held_on', 'starts_at', 'place'])
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const sent = await notify(db, new Date(nowMs).toISOString(), await recipients(db, nowMs, meetingId), {
    kind: 'meeting_reminder',
    title: `会议提醒：${m.title}`,
    body: `${m.held_on} ${m.starts_at} 在${m.place}召开，请准时参加。`,
    resourceType: 'meeting',
    resourceId: m.id,
    dedupeKey: `meeting_reminder:${m.id}:${m.held_on}`,
  });
  await db.updateTable('meetings').set({ reminded_on: m.held_on }).where('id', '=', m.id).execute();
  return sent;
}
