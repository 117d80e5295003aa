/**
 * The case team (审查调查组, GZ 第三十九条; domain rules §8, §11 "Case"): formed and changed by a
 * holder of `case.assign` over the case, after the conflict check (回避审查) on every person
 * proposed, at least two with exactly one leader. The zone's rule: staff of the subject's own
 * township are refused on a zone, cross or off-site case unless the commission's principal leader
 * approved an exception (who and why kept in `exception_note`). The team's rows are the case's
 * need-to-know rows: a person removed loses access at once; the filing drafter's row goes when the
 * team is formed unless they are on it.
 */
import { CASE_EVIDENCE_EVENT_LABELS, CASE_MEMBER_ROLE_LABELS, HANDLING_MODE_LABELS } from '../../shared/cases.codes.js';
import type { CaseMemberRole, HandlingMode } from '../../shared/cases.codes.js';
import { CASE_MIN_OFFICERS, CASE_WORKING_STATES } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  type ConflictCheckResult,
  type ConflictReporter,
  type ConflictSubject,
  type RecusalTarget,
  checkConflicts,
  idNumberHash,
  requireAssignable,
} from '../recusal/index.js';
import { namedReporterOf } from '../reports/index.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent, addCaseMember, caseMembersOf, caseSubjectsOf, removeCaseMember } from './cases.service.js';
import { requireCaseStatus, touchCase } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** The modes in which staff of the subject's own township are kept off the team (the zone's rule). */
export const AWAY_MODES: readonly HandlingMode[] = ['zone', 'cross', 'off_site'];

/** A person proposed for the team, with the exception that admits them from the subject's township. */
export interface CaseTeamMemberInput {
  userId: string;
  role: CaseMemberRole;
  /** Staff of the subject's own township on a zone/cross/off-site case: who approved, and why. */
  exception?: { approverId: string; note: string } | null | undefined;
}

/** The team as proposed: the members (replacing the current team), the check that cleared them. */
export interface CaseTeamInput {
  /** The case version read (optimistic locking). */
  version: number;
  /** The conflict check run on these people for this case (`checkCaseTeam`). */
  checkId: string;
  members: readonly CaseTeamMemberInput[];
  /** Why people leave the team (required when a member other than the drafter leaves). */
  reason?: string | null | undefined;
}

/**
 * The people a conflict check on case `row` compares staff with: the case's subjects and the
 * named reporter of its clue (none for an anonymous report or a case filed directly). The case
 * team, the review team and the quality examiners are all checked against them.
 */
export async function caseConflictPeople(
  tx: Ctx,
  row: Pick<CaseRow, 'id' | 'clue_id'>,
): Promise<{ subjects: ConflictSubject[]; reporter: ConflictReporter | null }> {
  const subjects = (await caseSubjectsOf(tx, row.id)).map((s) => ({
    subjectId: s.subjectId,
    name: s.name,
    regionCode: s.regionCode,
    employer: s.employer,
  }));
  let reporter: ConflictReporter | null = null;
  if (row.clue_id) {
    const clue = await tx.db.selectFrom('clues').select('report_id').where('id', '=', row.clue_id).executeTakeFirst();
    const named = clue?.report_id ? await namedReporterOf(tx, clue.report_id) : null;
    if (named)
      reporter = {
        name: named.name,
        idNumberHash: named.idNumber ? idNumberHash(tx, named.idNumber) : null,
        regionCode: named.regionCode,
      };
  }
  return { subjects, reporter };
}

/**
 * Loads case `id` as recusal sees it (`registerRecusalTarget('case', …)`): for a reader of its
 * content (NOT_FOUND out of scope or recused, NEED_TO_KNOW for the line-only reader), with its
 * subjects and the named reporter of the clue it came from (hashed here, going no further).
 */
export async function loadCaseRecusalTarget(ctx: Ctx, id: string): Promise<RecusalTarget> {
  const row = await loadCase(ctx, id, 'detail');
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
    label: row.number ?? row.title,
    ...(await caseConflictPeople(ctx, row)),
  };
}

/** Active accounts by id with their unit, or VALIDATION_FAILED naming the unknown or disabled ones. */
async function activePeople(tx: Ctx, userIds: readonly string[]) {
  const rows = await tx.db
    .selectFrom('users as u')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.disabled', 'n.id as unit_id', 'n.name as unit_name', 'n.path as unit_path'])
    .where('u.id', 'in', [...userIds])
    .execute();
  const ok = rows.filter((r) => Number(r.disabled) !== 1);
  const missing = userIds.filter((id) => !ok.some((r) => r.id === id));
  if (missing.length > 0) throw errors.validation({ field: 'userIds', missing }, '所选人员不存在或已停用');
  return new Map(ok.map((r) => [r.id, r]));
}

/**
 * Runs the conflict check (回避审查) on the people proposed for a case team against the case's
 * subjects and named reporter, recorded, and returns each person's outcome with its reasons in
 * words. Needs `assign` on the case (NOT_FOUND, FORBIDDEN) in a working state (CASE_TRANSITION);
 * VALIDATION_FAILED for an unknown, disabled or repeated person.
 */
export async function checkCaseTeam(
  ctx: Ctx,
  caseId: string,
  userIds: readonly string[],
): Promise<ConflictCheckResult> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'assign');
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'team_check');
    await activePeople(tx, userIds);
    const people = await caseConflictPeople(tx, row);
    return checkConflicts(tx, {
      resource: 'case',
      resourceId: caseId,
      userIds,
      ...people,
      role: 'investigator',
      countyCode: row.county_code,
    });
  });
}

/** Refuses a team of fewer than two, without exactly one leader, or naming a person twice (CASE_TEAM_INVALID). */
export function validateCaseTeam(members: readonly CaseTeamMemberInput[]): void {
  const ids = new Set(members.map((m) => m.userId));
  const leaders = members.filter((m) => m.role === 'leader').length;
  if (members.length < CASE_MIN_OFFICERS || ids.size !== members.length || leaders !== 1)
    throw domainError(
      'CASE_TEAM_INVALID',
      { size: ids.size, leaders },
      ids.size !== members.length
        ? '审查调查组名单中同一人员只能列一次'
        : leaders !== 1
          ? `审查调查组应当指定1名组长（现为${leaders}名）`
          : `审查调查组至少应有${CASE_MIN_OFFICERS}名成员（现为${members.length}名）`,
    );
}

/** requireAssignable, with a refusal told in words (who, and why they must step aside). */
async function assignable(
  tx: Ctx,
  caseId: string,
  checkId: string,
  person: { userId: string; name: string },
  people: { subjects: ConflictSubject[]; reporter: ConflictReporter | null },
) {
  try {
    await requireAssignable(tx, checkId, {
      resource: 'case',
      resourceId: caseId,
      userId: person.userId,
      role: 'investigator',
      ...people,
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CONFLICT_REFUSED') {
      const reasons = (e.details as { reasons?: { code: string; text: string }[] } | undefined)?.reasons ?? [];
      // The reporter's identity stays confidential (JK 第四十七条): a reason about them is not named.
      const words = reasons
        .map((r) => (r.code.includes('REPORTER') ? '与本案有关人员存在应当回避的关系' : r.text))
        .join('；');
      throw domainError('CONFLICT_REFUSED', e.details, `${person.name}不能加入审查调查组：${words || '应当回避'}`);
    }
    throw e;
  }
}

/**
 * The exception admitting staff of the subject's own township: the approver must hold the
 * principal_leader post (approval_posts) of the filing commission or the county commission, and
 * the reason must be written. Returns the words kept in `exception_note`.
 */
async function exceptionNote(
  tx: Ctx,
  row: CaseRow,
  person: { userId: string; name: string },
  exception: { approverId: string; note: string },
): Promise<string> {
  const note = exception.note.trim();
  const county = await tx.db
    .selectFrom('units')
    .select('id')
    .where('kind', '=', 'commission')
    .where('county_code', '=', row.county_code)
    .where('active', '=', 1)
    .execute();
  const post = await tx.db
    .selectFrom('approval_posts as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('units as n', 'n.id', 'p.unit_id')
    .select(['u.display_name', 'n.name as unit_name'])
    .where('p.post', '=', 'principal_leader')
    .where('p.user_id', '=', exception.approverId)
    .where('p.unit_id', 'in', [row.filing_unit_id, ...county.map((c) => c.id)])
    .executeTakeFirst();
  if (!post || !note) {
    const approver = await tx.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', exception.approverId)
      .executeTakeFirst();
    throw domainError(
      'CASE_TEAM_EXCEPTION_INVALID',
      { userId: person.userId, approverId: exception.approverId },
      !post
        ? `${approver?.display_name ?? '所选审批人'}不是纪委监委主要负责人，不能批准${person.name}参加审查调查组`
        : `批准${person.name}参加审查调查组须写明理由`,
    );
  }
  return `经${post.unit_name}主要负责人${post.display_name}批准：${note}`;
}

/**
 * Forms or changes the case team: the members listed become the team (added or their role
 * changed with `addCaseMember`), everyone else on it leaves (`removeCaseMember`: the drafter's row
 * when they are not on the team, others with `reason`). Every member must pass check `checkId`
 * (CONFLICT_REFUSED in words, CONFLICT_UNCONFIRMED, CONFLICT_CHECK_STALE, CONFLICT_CHECK_EXPIRED,
 * CONFLICT_CHECK_MISMATCH); staff of the subject's own township on a zone/cross/off-site case need
 * an approved exception (CASE_TEAM_OWN_TOWNSHIP, CASE_TEAM_EXCEPTION_INVALID). Throws
 * CASE_TEAM_INVALID, NOT_FOUND, FORBIDDEN, CASE_TRANSITION, CONFLICT, VALIDATION_FAILED. One
 * transaction, audited (`case.team`).
 */
export async function setCaseTeam(ctx: Ctx, caseId: string, input: CaseTeamInput): Promise<{ version: number }> {
  validateCaseTeam(input.members);
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'assign', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'team');
    const users = await activePeople(
      tx,
      input.members.map((m) => m.userId),
    );
    const people = await caseConflictPeople(tx, row);
    const away = AWAY_MODES.includes(row.mode as HandlingMode) && row.subject_unit_path !== null;
    const ordered = [...input.members].sort((a, b) => Number(b.role === 'leader') - Number(a.role === 'leader'));
    const notes = new Map<string, string | null>();
    for (const m of ordered) {
      const u = users.get(m.userId)!;
      await assignable(tx, caseId, input.checkId, { userId: m.userId, name: u.display_name }, people);
      const ownTownship = away && u.unit_path !== null && u.unit_path.startsWith(row.subject_unit_path!);
      if (!ownTownship) {
        if (m.exception)
          throw errors.validation({ field: 'exception', userId: m.userId }, `${u.display_name}不需要例外批准`);
        notes.set(m.userId, null);
        continue;
      }
      // The zone's rule (协作区办案): the subject's own township stays off the team (熟人社会).
      if (!m.exception)
        throw domainError(
          'CASE_TEAM_OWN_TOWNSHIP',
          { userId: m.userId, unitName: u.unit_name },
          `${u.display_name}（${u.unit_name ?? ''}）是被审查调查人所在乡镇的人员，` +
            `${HANDLING_MODE_LABELS[row.mode as HandlingMode]}的案件不得参加审查调查组；确需参加的，须经纪委监委主要负责人批准并写明理由`,
        );
      notes.set(m.userId, await exceptionNote(tx, row, { userId: m.userId, name: u.display_name }, m.exception));
    }
    const before = await caseMembersOf(tx, caseId);
    const leaving = before.filter((b) => !input.members.some((m) => m.userId === b.userId));
    if (leaving.some((b) => b.role !== 'drafter') && !input.reason?.trim())
      throw errors.validation(
        { field: 'reason' },
        `请写明${leaving
          .filter((b) => b.role !== 'drafter')
          .map((b) => b.name)
          .join('、')}退出审查调查组的理由`,
      );
    const version = await touchCase(tx, caseId, input.version);
    for (const b of leaving) {
      await removeCaseMember(tx, caseId, b.userId, b.role === 'drafter' ? '组建审查调查组' : input.reason!.trim());
      await addCaseEvent(tx, caseId, 'member_removed', { note: b.name });
    }
    for (const m of ordered) {
      const u = users.get(m.userId)!;
      const was = before.find((b) => b.userId === m.userId);
      await addCaseMember(tx, caseId, { userId: m.userId, name: u.display_name, unitName: u.unit_name ?? '' }, m.role, {
        checkId: input.checkId,
        exceptionNote: notes.get(m.userId) ?? null,
      });
      if (!was || was.role === 'drafter')
        await addCaseEvent(tx, caseId, 'member_added', {
          note: `${CASE_MEMBER_ROLE_LABELS[m.role]}${u.display_name}${notes.get(m.userId) ? `（${notes.get(m.userId)}）` : ''}`,
        });
    }
    await addCaseEvent(tx, caseId, 'team_formed', {
      label: CASE_EVIDENCE_EVENT_LABELS.team_formed,
      note: ordered.map((m) => `${CASE_MEMBER_ROLE_LABELS[m.role]}${users.get(m.userId)!.display_name}`).join('、'),
    });
    await recordAudit(tx, {
      action: 'case.team',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        members: [before.map((b) => [b.userId, b.role]), ordered.map((m) => [m.userId, m.role])],
        checkId: [null, input.checkId],
        exceptions: [
          null,
          ordered.filter((m) => m.exception).map((m) => [m.userId, m.exception!.approverId, notes.get(m.userId)]),
        ],
      },
    });
    return { version };
  });
}

/** A person the team picker offers. */
export interface CaseTeamCandidate {
  id: string;
  name: string;
  unitName: string | null;
  /** Staff of the subject's own township on a zone/cross/off-site case: needs an approved exception. */
  ownTownship: boolean;
}

/**
 * The people the case team picker offers: active accounts of the case's county (a township
 * officer may sit on a zone team), by part of the name (`q`), at most 100, each marked when they
 * are staff of the subject's own township on a zone/cross/off-site case; and the approvers of that
 * exception (the principal_leader post of the filing commission or the county commission). Needs
 * `assign` on the case (NOT_FOUND, FORBIDDEN). Whether a person may join is the conflict check's
 * answer, not this list's.
 */
export async function caseTeamCandidates(
  ctx: Ctx,
  caseId: string,
  q: string | undefined,
): Promise<{ items: CaseTeamCandidate[]; approvers: { id: string; name: string; unitName: string }[] }> {
  const row = await loadCase(ctx, caseId, 'assign');
  let query = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name', 'n.path as unit_path'])
    .where('u.disabled', '=', 0)
    .where('n.county_code', '=', row.county_code);
  if (q?.trim()) query = query.where('u.display_name', 'like', `%${q.trim().replace(/[\\%_]/g, '')}%`);
  const rows = await query.orderBy('u.display_name').orderBy('u.id').limit(100).execute();
  const away = AWAY_MODES.includes(row.mode as HandlingMode) && row.subject_unit_path !== null;
  const commissions = await ctx.db
    .selectFrom('units')
    .select('id')
    .where('kind', '=', 'commission')
    .where('county_code', '=', row.county_code)
    .where('active', '=', 1)
    .execute();
  const approvers = await ctx.db
    .selectFrom('approval_posts as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('units as n', 'n.id', 'p.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('p.post', '=', 'principal_leader')
    .where('u.disabled', '=', 0)
    .where('p.unit_id', 'in', [row.filing_unit_id, ...commissions.map((c) => c.id)])
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.display_name,
      unitName: r.unit_name,
      ownTownship: away && r.unit_path.startsWith(row.subject_unit_path!),
    })),
    approvers: [
      ...new Map(approvers.map((a) => [a.id, { id: a.id, name: a.display_name, unitName: a.unit_name }])).values(),
    ],
  };
}
