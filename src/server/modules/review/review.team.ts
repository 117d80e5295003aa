/**
 * The review team (审理组, ≥ 2) and the zone's cross-review panel (交叉审理小组), formed after the
 * conflict check on every person. 查审分离 (GZ 第五十四条; TL21 第一百九十二条): nobody who was on
 * the case team (removed members included, and the filing request's drafter) or on its source
 * clue's team (keeper, handler, verification team) may review it; the recusal engine's check runs
 * with those people marked `investigated`, so a refusal is said in words either way. A panel takes
 * only people of the zone's other townships' commissions, never the handling township's or the
 * subject's township's.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { REVIEW_MEMBER_ROLE_LABELS, REVIEW_MIN_REVIEWERS, type ReviewStatus } from '../../shared/review.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { moveDeadlines } from '../deadlines/index.js';
import { caseConflictPeople, caseMembersOf } from '../cases/index.js';
import type { CaseRow } from '../cases/index.js';
import { clueMembersOf } from '../clues/index.js';
import { type ConflictCheckResult, checkConflicts, requireAssignable } from '../recusal/index.js';
import {
  REVIEW_RESOURCE,
  addReviewEvent,
  caseOf,
  loadReview,
  requireReviewStatus,
  touchReview,
} from './review.service.js';
import type { ReviewRow } from './review.tables.js';

/** The states in which the team or panel may be formed or changed. */
const TEAM_STATES: readonly ReviewStatus[] = [
  'early',
  'awaiting',
  'deferred',
  'reviewing',
  'returned_supplementary',
  'returned_reinvestigation',
];

/** A person proposed for the team or panel. */
export interface ReviewMemberInput {
  userId: string;
  role: 'leader' | 'member';
}

/** The team or panel as proposed, with the check that cleared them. */
export interface ReviewTeamInput {
  version: number;
  checkId: string;
  members: readonly ReviewMemberInput[];
}

/** Who took part in the investigation or the clue stage of the same matter, and as what. */
async function investigators(tx: Ctx, kase: CaseRow): Promise<Map<string, 'investigated' | 'clue_stage'>> {
  const out = new Map<string, 'investigated' | 'clue_stage'>();
  if (kase.clue_id)
    for (const m of await clueMembersOf(tx, kase.clue_id, { all: true }))
      if (['keeper', 'handler', 'team_member'].includes(m.role)) out.set(m.userId, 'clue_stage');
  for (const m of await caseMembersOf(tx, kase.id, { all: true })) out.set(m.userId, 'investigated');
  return out;
}

/**
 * Runs the conflict check (回避审查) on people proposed for the review team or panel, recorded:
 * each person's outcome with its reasons in words, those who investigated the case or handled
 * its clue refused (查审分离). Needs `assign` on the review (NOT_FOUND, FORBIDDEN);
 * VALIDATION_FAILED for an unknown or repeated person.
 */
export async function checkReviewTeam(ctx: Ctx, id: string, userIds: readonly string[]): Promise<ConflictCheckResult> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'assign');
    const kase = await caseOf(tx, row.case_id);
    const prior = await investigators(tx, kase);
    return checkConflicts(tx, {
      resource: 'case',
      resourceId: kase.id,
      userIds,
      ...(await caseConflictPeople(tx, kase)),
      role: 'reviewer',
      priorRoles: userIds.filter((u) => prior.has(u)).map((userId) => ({ userId, role: 'investigated' as const })),
      countyCode: kase.county_code,
    });
  });
}

/** Refuses a team of fewer than two, without exactly one leader, or naming a person twice (REVIEW_TEAM_INVALID). */
export function validateReviewTeam(members: readonly ReviewMemberInput[]): void {
  const ids = new Set(members.map((m) => m.userId));
  const leaders = members.filter((m) => m.role === 'leader').length;
  if (members.length < REVIEW_MIN_REVIEWERS || ids.size !== members.length || leaders !== 1)
    throw domainError(
      'REVIEW_TEAM_INVALID',
      { size: ids.size, leaders },
      ids.size !== members.length
        ? '审理组名单中同一人员只能列一次'
        : leaders !== 1
          ? `审理组应当指定1名组长（现为${leaders}名）`
          : `审理组至少应有${REVIEW_MIN_REVIEWERS}名审理人员（现为${members.length}名）`,
    );
}

type Person = {
  id: string;
  display_name: string;
  unit_name: string | null;
  unit_path: string | null;
  unit_kind: string | null;
};

async function activePeople(tx: Ctx, userIds: readonly string[]): Promise<Map<string, Person>> {
  const rows = await tx.db
    .selectFrom('users as u')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      'u.id',
      'u.display_name',
      'u.disabled',
      'n.name as unit_name',
      'n.path as unit_path',
      'n.kind as unit_kind',
    ])
    .where('u.id', 'in', [...userIds])
    .execute();
  const ok = rows.filter((r) => Number(r.disabled) !== 1);
  const missing = userIds.filter((id) => !ok.some((r) => r.id === id));
  if (missing.length > 0) throw errors.validation({ field: 'members', missing }, '所选人员不存在或已停用');
  return new Map(ok.map((r) => [r.id, r]));
}

/** 查审分离: refuses, in words, anyone who investigated the case or handled its clue. */
async function requireSeparated(tx: Ctx, kase: CaseRow, people: Map<string, Person>): Promise<void> {
  const prior = await investigators(tx, kase);
  const clash = [...people.values()]
    .filter((p) => prior.has(p.id))
    .map((p) => ({ userId: p.id, name: p.display_name, reason: prior.get(p.id)! }));
  if (clash.length === 0) return;
  const words = clash
    .map((c) => `${c.name}${c.reason === 'investigated' ? '参与了本案审查调查' : '参与了本案线索处置'}`)
    .join('；');
  throw domainError('REVIEW_SEPARATION', { people: clash }, `${words}，按照查审分离的规定不得参与审理`);
}

/** requireAssignable for each person, a refusal told in words (the reporter never named). */
async function requireCleared(tx: Ctx, kase: CaseRow, checkId: string, people: Map<string, Person>) {
  const against = await caseConflictPeople(tx, kase);
  for (const p of people.values()) {
    try {
      await requireAssignable(tx, checkId, {
        resource: 'case',
        resourceId: kase.id,
        userId: p.id,
        role: 'reviewer',
        ...against,
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CONFLICT_REFUSED') {
        const reasons = (e.details as { reasons?: { code: string; text: string }[] } | undefined)?.reasons ?? [];
        const words = reasons
          .map((r) => (r.code.includes('REPORTER') ? '与本案有关人员存在应当回避的关系' : r.text))
          .join('；');
        throw domainError('CONFLICT_REFUSED', e.details, `${p.display_name}不能参加审理：${words || '应当回避'}`);
      }
      throw e;
    }
  }
}

/** Replaces the current team with `members` (everyone else leaves, keeping their row). */
async function replaceMembers(
  tx: Ctx,
  row: ReviewRow,
  input: ReviewTeamInput,
  people: Map<string, Person>,
  panel: boolean,
) {
  const now = nowIso(tx);
  const actor = requireActor(tx);
  await tx.db
    .updateTable('review_members')
    .set({ removed_at: now })
    .where('review_id', '=', row.id)
    .where('removed_at', 'is', null)
    .execute();
  for (const m of input.members) {
    const p = people.get(m.userId)!;
    await tx.db
      .insertInto('review_members')
      .values({
        id: newId(),
        review_id: row.id,
        user_id: m.userId,
        name: p.display_name,
        unit_name: p.unit_name ?? '',
        role: m.role === 'leader' ? 'leader' : panel ? 'panel_member' : 'member',
        check_id: input.checkId,
        added_at: now,
        added_by: actor.userId,
        removed_at: null,
      })
      .execute();
  }
}

function teamWords(input: ReviewTeamInput, people: Map<string, Person>, panel: boolean) {
  return input.members
    .map(
      (m) =>
        `${REVIEW_MEMBER_ROLE_LABELS[m.role === 'leader' ? 'leader' : panel ? 'panel_member' : 'member']}${people.get(m.userId)!.display_name}`,
    )
    .join('、');
}

/**
 * Forms or changes the review team (审理组): at least two, one leader, nobody who investigated the
 * case or handled its clue (REVIEW_SEPARATION, in words), each cleared by check `checkId`
 * (CONFLICT_REFUSED in words, CONFLICT_UNCONFIRMED, CONFLICT_CHECK_STALE, CONFLICT_CHECK_EXPIRED,
 * CONFLICT_CHECK_MISMATCH). Early involvement needs its approval first. Needs `assign`. Throws
 * REVIEW_TEAM_INVALID, REVIEW_TRANSITION, NOT_FOUND, FORBIDDEN, CONFLICT, VALIDATION_FAILED.
 */
export async function setReviewTeam(ctx: Ctx, id: string, input: ReviewTeamInput): Promise<{ version: number }> {
  validateReviewTeam(input.members);
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'assign', { version: input.version, forUpdate: true });
    requireReviewStatus(row, TEAM_STATES, 'team');
    if (row.status === 'early' && row.early_status !== 'approved')
      throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'team', early: row.early_status });
    const kase = await caseOf(tx, row.case_id);
    const people = await activePeople(
      tx,
      input.members.map((m) => m.userId),
    );
    await requireSeparated(tx, kase, people);
    await requireCleared(tx, kase, input.checkId, people);
    const version = await touchReview(tx, id, input.version);
    await replaceMembers(tx, row, input, people, false);
    await addReviewEvent(tx, id, 'team', teamWords(input, people, false));
    await recordAudit(tx, {
      action: 'review.team',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { members: [null, input.members.map((m) => [m.userId, m.role])], checkId: [null, input.checkId] },
    });
    return { version };
  });
}

/** The zone holding the subject's township today, with its workroom (the panel's home) and townships. */
async function subjectZone(tx: Ctx, kase: CaseRow) {
  if (!kase.subject_unit_id) return null;
  const township = await tx.db
    .selectFrom('units')
    .select('region_code')
    .where('id', '=', kase.subject_unit_id)
    .executeTakeFirst();
  if (!township) return null;
  const today = toShanghaiDate(nowIso(tx));
  const current = (q: ReturnType<typeof tx.db.selectFrom<'zone_memberships as m'>>) =>
    q
      .where('m.member_kind', '=', 'township')
      .where('m.effective_from', '<=', today)
      .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', today)]));
  const zone = await current(tx.db.selectFrom('zone_memberships as m'))
    .innerJoin('zones as z', 'z.id', 'm.zone_id')
    .select(['z.id', 'z.name', 'z.workroom_unit_id', 'z.commission_unit_id'])
    .where('m.township_code', '=', township.region_code)
    .where('z.active', '=', 1)
    .executeTakeFirst();
  if (!zone) return null;
  const codes = (
    await current(tx.db.selectFrom('zone_memberships as m'))
      .select('m.township_code')
      .where('m.zone_id', '=', zone.id)
      .execute()
  )
    .map((r) => r.township_code)
    .filter((c): c is string => c !== null);
  const townships = await tx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('kind', '=', 'township_commission')
    .where('region_code', 'in', codes.length > 0 ? codes : [''])
    .execute();
  const home = await tx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('id', '=', zone.workroom_unit_id ?? zone.commission_unit_id)
    .executeTakeFirstOrThrow();
  return { id: zone.id, name: zone.name, home, townships };
}

/**
 * Convenes (or changes) the zone's cross-review panel (交叉审理) for a township case the county
 * does not review: members of the zone's other townships' commissions only — never the handling
 * township's nor the subject's township's (REVIEW_PANEL_TOWNSHIP) — under the same separation and
 * recusal checks as a team. The panel becomes the review's team and the zone's workroom its
 * reviewing unit. Needs `assign` (the zone leader: review.manage over the zone). Throws as
 * `setReviewTeam`, and REVIEW_TRANSITION for a county review.
 */
export async function setReviewPanel(
  ctx: Ctx,
  id: string,
  input: ReviewTeamInput,
): Promise<{ version: number; zoneId: string }> {
  validateReviewTeam(input.members);
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'assign', { version: input.version, forUpdate: true });
    requireReviewStatus(row, TEAM_STATES, 'panel');
    if (row.route === 'county')
      throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'panel', route: row.route });
    const kase = await caseOf(tx, row.case_id);
    const zone = await subjectZone(tx, kase);
    if (!zone)
      throw domainError(
        'REVIEW_TRANSITION',
        { status: row.status, action: 'panel', reason: 'no_zone' },
        '被审查调查人所在乡镇不属于任何协作区，不能交叉审理',
      );
    const people = await activePeople(
      tx,
      input.members.map((m) => m.userId),
    );
    const handling = await tx.db
      .selectFrom('units')
      .select('path')
      .where('id', '=', kase.handling_unit_id)
      .executeTakeFirstOrThrow();
    for (const p of people.values()) {
      const under = (path: string | null | undefined) => !!path && !!p.unit_path && p.unit_path.startsWith(path);
      const reason = under(handling.path)
        ? 'handling_township'
        : under(kase.subject_unit_path)
          ? 'subject_township'
          : zone.townships.some((t) => under(t.path))
            ? null
            : 'not_zone_township';
      if (reason)
        throw domainError(
          'REVIEW_PANEL_TOWNSHIP',
          { userId: p.id, reason },
          reason === 'handling_township'
            ? `${p.display_name}（${p.unit_name ?? ''}）是承办本案的单位人员，不得参加交叉审理`
            : reason === 'subject_township'
              ? `${p.display_name}（${p.unit_name ?? ''}）是被审查调查人所在乡镇的人员，不得参加交叉审理`
              : `${p.display_name}（${p.unit_name ?? ''}）不是${zone.name}其他乡镇纪委的人员`,
        );
    }
    await requireSeparated(tx, kase, people);
    await requireCleared(tx, kase, input.checkId, people);
    const version = await touchReview(tx, id, input.version, {
      route: 'panel',
      zone_id: zone.id,
      owner_unit_id: zone.home.id,
      owner_unit_path: zone.home.path,
    });
    await replaceMembers(tx, row, input, people, true);
    // A running review clock follows the review to the panel's home (the zone's workroom).
    await moveDeadlines(tx, REVIEW_RESOURCE, id, {
      owner_unit_id: zone.home.id,
      owner_unit_path: zone.home.path,
      region_path: row.region_path,
      county_code: row.county_code,
    });
    await addReviewEvent(tx, id, 'panel', `${zone.name}：${teamWords(input, people, true)}`);
    await recordAudit(tx, {
      action: 'review.panel',
      resourceType: 'review',
      resourceId: id,
      unitId: zone.home.id,
      changes: {
        route: [row.route, 'panel'],
        zoneId: [row.zone_id, zone.id],
        members: [null, input.members.map((m) => [m.userId, m.role])],
      },
    });
    return { version, zoneId: zone.id };
  });
}

/**
 * The people the zone leader may put on the cross-review panel (交叉审理小组): the active accounts
 * of the zone's other townships' commissions — never the handling township's nor the subject's
 * township's — by name (at most 200), with the zone's name. Needs `assign` on the review
 * (NOT_FOUND, FORBIDDEN). Throws REVIEW_TRANSITION for a county review or when the subject's
 * township belongs to no zone.
 */
export async function panelCandidates(
  ctx: Ctx,
  id: string,
): Promise<{ zoneId: string; zoneName: string; people: { userId: string; name: string; unitName: string }[] }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'assign');
    if (row.route === 'county')
      throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'panel', route: row.route });
    const kase = await caseOf(tx, row.case_id);
    const zone = await subjectZone(tx, kase);
    if (!zone)
      throw domainError(
        'REVIEW_TRANSITION',
        { status: row.status, action: 'panel', reason: 'no_zone' },
        '被审查调查人所在乡镇不属于任何协作区，不能交叉审理',
      );
    const handling = await tx.db
      .selectFrom('units')
      .select('path')
      .where('id', '=', kase.handling_unit_id)
      .executeTakeFirstOrThrow();
    const excluded = [handling.path, kase.subject_unit_path].filter((p): p is string => !!p);
    const others = zone.townships.filter((t) => !excluded.some((p) => t.path.startsWith(p) || p.startsWith(t.path)));
    if (others.length === 0) return { zoneId: zone.id, zoneName: zone.name, people: [] };
    const rows = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'n.name as unit_name'])
      .where((eb) => eb.or(others.map((t) => eb('n.path', 'like', `${t.path}%`))))
      .where('u.disabled', '<>', 1)
      .orderBy('n.name')
      .orderBy('u.display_name')
      .orderBy('u.id')
      .limit(200)
      .execute();
    return {
      zoneId: zone.id,
      zoneName: zone.name,
      people: rows.map((r) => ({ userId: r.id, name: r.display_name, unitName: r.unit_name })),
    };
  });
}

/** The current team or panel of a review, leader first. */
export async function reviewMembersOf(tx: Ctx, reviewId: string, opts: { all?: boolean } = {}) {
  let q = tx.db.selectFrom('review_members').selectAll().where('review_id', '=', reviewId);
  if (!opts.all) q = q.where('removed_at', 'is', null);
  const rows = await q.orderBy('added_at').orderBy('id').execute();
  return rows
    .map((r) => ({ userId: r.user_id, name: r.name, unitName: r.unit_name, role: r.role, removedAt: r.removed_at }))
    .sort((a, b) => Number(b.role === 'leader') - Number(a.role === 'leader'));
}
