/**
 * Clue-review meetings (线索研判会, GZ 第二十四条): the record (date, place, attendees from the
 * staff accounts, the clues discussed and each decision in words). Each decision is signed into
 * the clue's trail; a later disposal opinion cites the meeting through `meetingDecisionFor`.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { inScope, scopePredicate } from '../../shared/scope.js';
import { loadInScope, visibleWhere } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import { type ClueAction, clueMeetingPolicy, cluePolicy } from './clues.policy.js';
import { addClueEvent } from './clues.service.js';
import type { ClueMeetingTable, ClueRow } from './clues.tables.js';

/** A meeting as recorded. */
export interface MeetingInput {
  heldOn: string;
  place: string;
  note?: string | null | undefined;
  attendeeIds: readonly string[];
  items: readonly { clueId: string; decision: string }[];
}

/** A meeting as the API shows it. */
export interface MeetingView {
  id: string;
  heldOn: string;
  place: string;
  note: string | null;
  ownerUnitId: string;
  unitName: string | null;
  createdAt: string;
  attendees: { userId: string; name: string }[];
  items: { clueId: string; clueNumber: string; decision: string }[];
}

/**
 * Records a clue-review meeting in the actor's commission, in one transaction: every clue
 * discussed must be one the actor may manage (NOT_FOUND / NEED_TO_KNOW otherwise), each decision
 * is signed into that clue's trail, one `clue_meeting.create` audit event. CLUE_MEETING_INVALID
 * without attendees or clues, or with a clue twice; CLUE_USER_INVALID for an unknown or disabled
 * attendee; VALIDATION_FAILED for a meeting dated after today.
 */
export async function recordMeeting(ctx: Ctx, input: MeetingInput): Promise<{ id: string }> {
  const clueIds = input.items.map((i) => i.clueId);
  if (input.attendeeIds.length === 0 || clueIds.length === 0 || new Set(clueIds).size !== clueIds.length)
    throw domainError('CLUE_MEETING_INVALID');
  if (input.heldOn > toShanghaiDate(nowIso(ctx)))
    throw errors.validation({ field: 'heldOn' }, '研判会日期不能晚于今天');
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    if (!actor.unitId) throw errors.forbidden('clue.manage');
    const commission = await commissionOf(tx, actor.unitId);
    const owner = {
      owner_unit_id: commission.id,
      owner_unit_path: commission.path,
      region_path: commission.region_path,
    };
    if (!inScope(scopeFor(tx, 'clue.manage'), owner)) throw errors.forbidden('clue.manage');
    const attendeeIds = [...new Set(input.attendeeIds)];
    const users = await tx.db
      .selectFrom('users')
      .select(['id', 'display_name', 'disabled'])
      .where('id', 'in', attendeeIds)
      .execute();
    const active = users.filter((u) => Number(u.disabled) !== 1);
    if (active.length !== attendeeIds.length)
      throw domainError('CLUE_USER_INVALID', {
        userIds: attendeeIds.filter((id) => !active.some((u) => u.id === id)),
      });
    const clues: ClueRow[] = [];
    for (const clueId of clueIds) clues.push(await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage'));
    // A concluded clue is archived: no meeting decides on it any more.
    const closed = clues.find((c) => c.status === 'concluded');
    if (closed) throw domainError('CLUE_TRANSITION', { status: closed.status, action: 'meeting_decision' });
    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('clue_meetings')
      .values({
        id,
        held_on: input.heldOn,
        place: input.place,
        note: input.note ?? null,
        version: 1,
        ...owner,
        county_code: commission.county_code,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      } satisfies ClueMeetingTable)
      .execute();
    await tx.db
      .insertInto('clue_meeting_attendees')
      .values(active.map((u) => ({ meeting_id: id, user_id: u.id, name: u.display_name })))
      .execute();
    await tx.db
      .insertInto('clue_meeting_items')
      .values(
        input.items.map((item, i) => ({ meeting_id: id, clue_id: item.clueId, seq: i + 1, decision: item.decision })),
      )
      .execute();
    for (const item of input.items)
      await addClueEvent(tx, item.clueId, 'meeting_decision', {
        note: `${input.heldOn} ${input.place}：${item.decision}`,
        meetingId: id,
      });
    await recordAudit(tx, {
      action: 'clue_meeting.create',
      resourceType: 'clue_meeting',
      resourceId: id,
      unitId: commission.id,
      changes: {
        held_on: [null, input.heldOn],
        attendees: [null, attendeeIds],
        clues: [null, clues.map((c) => [c.id, c.number])],
      },
    });
    return { id };
  });
}

/** The attendees and items of the meetings `ids`, and their units' names. */
async function meetingParts(ctx: Ctx, ids: readonly string[]) {
  if (ids.length === 0) return { attendees: [], items: [] };
  const [attendees, items] = await Promise.all([
    ctx.db
      .selectFrom('clue_meeting_attendees')
      .select(['meeting_id', 'user_id', 'name'])
      .where('meeting_id', 'in', ids)
      .orderBy('name')
      .execute(),
    ctx.db
      .selectFrom('clue_meeting_items as i')
      .innerJoin('clues as c', 'c.id', 'i.clue_id')
      .select(['i.meeting_id', 'i.clue_id', 'c.number', 'i.decision', 'i.seq'])
      .where('i.meeting_id', 'in', ids)
      .orderBy('i.seq')
      .execute(),
  ]);
  return { attendees, items };
}

type MeetingRow = ClueMeetingTable & { unit_name: string | null };

function present(m: MeetingRow, parts: Awaited<ReturnType<typeof meetingParts>>): MeetingView {
  return {
    id: m.id,
    heldOn: m.held_on,
    place: m.place,
    note: m.note,
    ownerUnitId: m.owner_unit_id,
    unitName: m.unit_name,
    createdAt: m.created_at,
    attendees: parts.attendees.filter((a) => a.meeting_id === m.id).map((a) => ({ userId: a.user_id, name: a.name })),
    items: parts.items
      .filter((i) => i.meeting_id === m.id)
      .map((i) => ({ clueId: i.clue_id, clueNumber: i.number, decision: i.decision })),
  };
}

/** The meetings in the reader's clue.read scope, newest first, paged. */
export async function listMeetings(
  ctx: Ctx,
  q: { page: number; pageSize: number },
): Promise<{ items: MeetingView[]; total: number }> {
  const base = ctx.db
    .selectFrom('clue_meetings as m')
    .where((eb) => visibleWhere(ctx, clueMeetingPolicy, 'read', { alias: 'm' })(eb));
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('units as u', 'u.id', 'm.owner_unit_id')
      .selectAll('m')
      .select('u.name as unit_name')
      .orderBy('m.held_on', 'desc')
      .orderBy('m.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  const parts = await meetingParts(
    ctx,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => present(r as MeetingRow, parts)), total: Number(n) };
}

/** One meeting in the reader's clue.read scope (NOT_FOUND outside it). */
export async function readMeeting(ctx: Ctx, id: string): Promise<MeetingView> {
  const row = await loadInScope<'read' | 'manage', ClueMeetingTable>(ctx, clueMeetingPolicy, id, 'read');
  const unit = await ctx.db.selectFrom('units').select('name').where('id', '=', row.owner_unit_id).executeTakeFirst();
  return present({ ...row, unit_name: unit?.name ?? null }, await meetingParts(ctx, [id]));
}

/** What a meeting decided about one clue, for a disposal opinion to cite. */
export interface MeetingDecision {
  meetingId: string;
  heldOn: string;
  place: string;
  decision: string;
  attendees: string[];
}

/**
 * The decision meeting `meetingId` recorded about clue `clueId`, or null when the meeting did not
 * discuss it (or does not exist). No access check: the caller (a disposal opinion) has already
 * loaded the clue through the policy.
 */
export async function meetingDecisionFor(ctx: Ctx, meetingId: string, clueId: string): Promise<MeetingDecision | null> {
  const row = await ctx.db
    .selectFrom('clue_meeting_items as i')
    .innerJoin('clue_meetings as m', 'm.id', 'i.meeting_id')
    .select(['m.id', 'm.held_on', 'm.place', 'i.decision'])
    .where('i.meeting_id', '=', meetingId)
    .where('i.clue_id', '=', clueId)
    .executeTakeFirst();
  if (!row) return null;
  const attendees = await ctx.db
    .selectFrom('clue_meeting_attendees')
    .select('name')
    .where('meeting_id', '=', meetingId)
    .orderBy('name')
    .execute();
  return {
    meetingId: row.id,
    heldOn: row.held_on,
    place: row.place,
    decision: row.decision,
    attendees: attendees.map((a) => a.name),
  };
}

/**
 * Active accounts that may attend the reader's clue-review meetings: users whose unit lies in
 * the reader's clue.manage scope (units by path, or a zone's townships by region), by name.
 */
export async function attendeeCandidates(
  ctx: Ctx,
  q: string | undefined,
): Promise<{ id: string; name: string; unitName: string | null }[]> {
  const scope = scopeFor(ctx, 'clue.manage');
  let query = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('u.disabled', '=', 0)
    .where((eb) => scopePredicate(eb, scope, { unitId: 'n.id', unitPath: 'n.path', regionPath: 'n.region_path' }));
  if (q?.trim()) query = query.where('u.display_name', 'like', `%${q.trim().replace(/[\\%_]/g, '')}%`);
  const rows = await query.orderBy('u.display_name').limit(50).execute();
  // The caller is always a candidate (a zone's investigator's own unit may lie outside the zone).
  const me = ctx.actor;
  const out: { id: string; name: string; unitName: string | null }[] = rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    unitName: r.unit_name,
  }));
  if (me && !out.some((r) => r.id === me.userId) && (!q?.trim() || me.displayName.includes(q.trim())))
    out.unshift({ id: me.userId, name: me.displayName, unitName: null });
  return out;
}

/** A clue-review meeting as another module's calendar shows it (read-only: no clue, no decision). */
export interface ClueMeetingLine {
  id: string;
  heldOn: string;
  place: string;
  unitName: string | null;
}

/**
 * The clue-review meetings in the reader's clue.read scope held between `from` and `to`
 * (inclusive, either open), by date, at most `limit`: the zones' meetings calendar shows them
 * beside its own, read-only.
 */
export async function clueMeetingsBetween(
  ctx: Ctx,
  from: string | undefined,
  to: string | undefined,
  limit: number,
): Promise<ClueMeetingLine[]> {
  let q = ctx.db
    .selectFrom('clue_meetings as m')
    .leftJoin('units as u', 'u.id', 'm.owner_unit_id')
    .select(['m.id', 'm.held_on', 'm.place', 'u.name as unit_name'])
    .where((eb) => visibleWhere(ctx, clueMeetingPolicy, 'read', { alias: 'm' })(eb));
  if (from) q = q.where('m.held_on', '>=', from);
  if (to) q = q.where('m.held_on', '<=', to);
  const rows = await q.orderBy('m.held_on').orderBy('m.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, heldOn: r.held_on, place: r.place, unitName: r.unit_name ?? null }));
}
