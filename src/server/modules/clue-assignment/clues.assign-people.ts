/**
 * Assignment to people (分派承办人员): the leader of a zone's pool (or the head of a unit's)
 * names a keeper (线索管理人), a handler (承办人) and team members for a pooled clue. Every person
 * is checked against the clue's subjects and named reporter first: a refusal stops the
 * assignment with its reasons in words, a warning needs a confirmation recorded on the check the
 * request names. Members join the need-to-know team; the keeper is set on the clue (still
 * `assigned`). People leave a clue (reassignment) with a reason. One transaction each.
 */
import { CLUE_MEMBER_ROLE_LABELS } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  addClueEvent,
  addClueMember,
  clueMembersOf,
  removeClueMember,
  requireClueOpen,
  requireClueStatus,
  setClueState,
} from '../clues/index.js';
import { type ConflictReason, checkConflicts, requireAssignable } from '../recusal/index.js';
import type { PoolClueRow } from './clues.assignment.js';
import { loadForAssigner, poolCandidates } from './clues.pools.js';
import { clueConflictPeople } from './clues.recusal-target.js';

/** Reasons about the reporter are never shown to an assigner (JK 第四十七条): their words are replaced. */
const REPORTER_REASONS = new Set(['RELATIVE_IS_REPORTER', 'RELATIVE_NAMED_AS_REPORTER']);

/** A check's reasons as an assigner may read them. */
function shown(name: string, reasons: readonly ConflictReason[]): ConflictReason[] {
  return reasons.map((r) =>
    REPORTER_REASONS.has(r.code)
      ? { code: 'CONFIDENTIAL_RELATION', text: `${name}与本事项的有关人员存在利害关系（具体情形由回避决定人查阅）` }
      : r,
  );
}

/** Who is put on a clue. */
export interface AssignPeopleInput {
  version: number;
  keeperId: string;
  handlerId: string;
  memberIds?: readonly string[] | undefined;
  /** The conflict check (`POST /api/conflict-checks`) whose warnings were confirmed. */
  checkId?: string | undefined;
  /** Why, when the clue already had a handler (required then). */
  reason?: string | undefined;
}

/**
 * Runs the conflict check for `userIds` on the clue inside the caller's transaction: refused →
 * CONFLICT_REFUSED (the reasons in words, as message and details); warned → the request's check
 * must carry a recorded confirmation (CONFLICT_UNCONFIRMED without one, with the reasons).
 */
async function gate(tx: Ctx, row: PoolClueRow, userIds: readonly string[], checkId: string | undefined): Promise<void> {
  const people = await clueConflictPeople(tx, row);
  const result = await checkConflicts(tx, {
    resource: 'clue',
    resourceId: row.id,
    userIds,
    subjects: people.subjects,
    reporter: people.reporter,
    role: 'keeper',
    countyCode: row.county_code,
  });
  for (const p of result.people) {
    const reasons = shown(p.name, p.reasons);
    if (p.outcome === 'refuse')
      throw domainError(
        'CONFLICT_REFUSED',
        { userId: p.userId, name: p.name, reasons },
        `${reasons.map((r) => r.text).join('；')}`,
      );
  }
  for (const p of result.people) {
    if (p.outcome !== 'warn') continue;
    if (!checkId)
      throw domainError(
        'CONFLICT_UNCONFIRMED',
        { userId: p.userId, name: p.name, reasons: shown(p.name, p.reasons) },
        `${p.name}存在需要确认的回避情形，请先确认并说明理由：${shown(p.name, p.reasons)
          .map((r) => r.text)
          .join('；')}`,
      );
    await requireAssignable(tx, checkId, { resource: 'clue', resourceId: row.id, userId: p.userId, role: 'keeper' });
  }
}

/**
 * Puts a keeper, a handler and team members on a pooled clue (its pool's assigner), after the
 * conflict check. Throws NOT_FOUND, CLUE_POOL_FORBIDDEN, CLUE_ASSIGNMENT_INVALID (no keeper or
 * handler, someone twice, someone outside the pool's units, a handler replaced without a reason),
 * CONFLICT_REFUSED, CONFLICT_UNCONFIRMED, CONFLICT_CHECK_MISMATCH, CLUE_TRANSITION (not
 * `assigned`), CONFLICT (stale version). Nothing is written unless everything passes.
 */
export async function assignPeople(ctx: Ctx, id: string, input: AssignPeopleInput): Promise<{ version: number }> {
  const members = [...(input.memberIds ?? [])];
  if (new Set(members).size !== members.length || members.includes(input.handlerId))
    throw domainError('CLUE_ASSIGNMENT_INVALID', { field: 'memberIds' });
  const people = [...new Set([input.keeperId, input.handlerId, ...members])];
  return inTransaction(ctx, async (tx) => {
    // Refused before anything else is looked at: a concluded clue is not assigned, whoever is named.
    const row = await loadForAssigner(tx, id, 'assign_people');
    await requireClueStatus(tx, id, ['assigned'], 'assign_people');
    // A stale form loses before anything else is judged (setClueState checks again when writing).
    if (Number(row.version) !== input.version) throw errors.conflict({ version: row.version });
    const allowed = new Set((await poolCandidates(tx, row, { ids: people })).map((c) => c.userId));
    const outside = people.filter((p) => !allowed.has(p));
    if (outside.length > 0) throw domainError('CLUE_ASSIGNMENT_INVALID', { outside });
    const team = await clueMembersOf(tx, id);
    const oldHandlers = team.filter((m) => m.role === 'handler' && m.userId !== input.handlerId);
    if (oldHandlers.length > 0 && !input.reason?.trim())
      throw domainError('CLUE_ASSIGNMENT_INVALID', { field: 'reason' });
    await gate(tx, row, people, input.checkId);

    const moved = await setClueState(tx, id, input.version, { status: 'assigned', keeperId: input.keeperId });
    if (row.keeper_id && row.keeper_id !== input.keeperId) await removeClueMember(tx, id, row.keeper_id, 'keeper');
    for (const h of oldHandlers) await removeClueMember(tx, id, h.userId, 'handler');
    await addClueMember(tx, id, input.keeperId, 'keeper');
    await addClueMember(tx, id, input.handlerId, 'handler');
    for (const m of members) await addClueMember(tx, id, m, 'team_member');
    const names = new Map(
      (await tx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', people).execute()).map((u) => [
        u.id,
        u.display_name,
      ]),
    );
    const note = [
      `线索管理人：${names.get(input.keeperId)}`,
      `承办人：${names.get(input.handlerId)}`,
      ...(members.length ? [`核查组成员：${members.map((m) => names.get(m)).join('、')}`] : []),
      ...(input.reason?.trim() ? [`理由：${input.reason.trim()}`] : []),
    ].join('；');
    await addClueEvent(tx, id, oldHandlers.length > 0 ? 'people_reassigned' : 'people_assigned', { note });
    await recordAudit(tx, {
      action: 'clue.assign_people',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        keeper_id: [row.keeper_id, input.keeperId],
        handler: [oldHandlers.map((h) => h.userId), input.handlerId],
        team_members: [null, members],
        ...(input.checkId ? { conflict_check: [null, input.checkId] } : {}),
        version: [input.version, moved.version],
      },
    });
    return { version: moved.version };
  });
}

/** Who leaves a clue's team, and why. */
export interface RemoveMemberInput {
  version: number;
  userId: string;
  role: 'keeper' | 'handler' | 'team_member';
  reason: string;
}

/**
 * Takes a person off a clue's team in one role (reassignment), with the reason signed in the
 * trail and audited; a removed handler puts the clue back in its pool, a removed keeper clears
 * the clue's keeper. Throws NOT_FOUND, CLUE_POOL_FORBIDDEN, CLUE_TRANSITION (a closed clue),
 * CLUE_ASSIGNMENT_INVALID (not on the team in that role), CONFLICT (stale version).
 */
export async function removeMember(ctx: Ctx, id: string, input: RemoveMemberInput): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadForAssigner(tx, id, 'remove_member');
    const status = await requireClueOpen(tx, id, 'remove_member');
    const held = (await clueMembersOf(tx, id)).some((m) => m.userId === input.userId && m.role === input.role);
    if (!held) throw domainError('CLUE_ASSIGNMENT_INVALID', { userId: input.userId, role: input.role });
    const moved = await setClueState(tx, id, input.version, {
      status,
      ...(input.role === 'keeper' ? { keeperId: null } : {}),
    });
    await removeClueMember(tx, id, input.userId, input.role);
    const user = await tx.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    await addClueEvent(tx, id, 'people_reassigned', {
      note: `${user?.display_name ?? input.userId}不再担任${CLUE_MEMBER_ROLE_LABELS[input.role]}；理由：${input.reason.trim()}`,
    });
    await recordAudit(tx, {
      action: 'clue.remove_member',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { [input.role]: [input.userId, null], version: [input.version, moved.version] },
    });
    return { version: moved.version };
  });
}
