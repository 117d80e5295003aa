/**
 * An appeal's team (复查组, 复审/复核 staff): nobody from the original investigation (the case team,
 * removed members too), the clue stage of the same matter or the review, each cleared by the
 * recusal engine as `rechecker`; at least two. Refusals name who and why.
 */
import type { SanctionAppealKind } from '../../shared/sanctions.codes.js';
import { SANCTION_APPEAL_KIND_LABELS } from '../../shared/sanctions.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { DomainError, domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recusedAmong } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { caseConflictPeople, caseMembersOf } from '../cases/index.js';
import { clueMembersOf } from '../clues/index.js';
import { type ConflictCheckResult, checkConflicts, requireAssignable } from '../recusal/index.js';
import type { ConflictReporter, ConflictSubject } from '../recusal/index.js';
import { SANCTION_RESOURCE } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';
import {
  APPEAL_MIN_MEMBERS,
  SANCTION_APPEAL_RESOURCE,
  type AppealTeamInput,
  loadAppeal,
  touchAppeal,
} from './sanctions.appeals.js';

/** Who took part in the original matter, and as what. */
type PriorReason = 'investigated' | 'clue_stage' | 'reviewed';
const PRIOR_WORDS: Record<PriorReason, string> = {
  investigated: '参与了原案审查调查',
  clue_stage: '参与了原案线索处置',
  reviewed: '参与了原案审理',
};

async function originalPeople(tx: Ctx, s: SanctionRow): Promise<Map<string, PriorReason>> {
  const out = new Map<string, PriorReason>();
  if (s.case_id) {
    const kase = await tx.db
      .selectFrom('cases')
      .select(['id', 'clue_id'])
      .where('id', '=', s.case_id)
      .executeTakeFirst();
    if (kase?.clue_id)
      for (const m of await clueMembersOf(tx, kase.clue_id, { all: true }))
        if (['keeper', 'handler', 'team_member'].includes(m.role)) out.set(m.userId, 'clue_stage');
    for (const m of await caseMembersOf(tx, s.case_id, { all: true })) out.set(m.userId, 'investigated');
  }
  if (s.review_id || s.case_id) {
    // The review's team or panel, removed members included (the review module's own table, read as a fixture of the matter).
    const reviewers = await tx.db
      .selectFrom('review_members as m')
      .innerJoin('reviews as r', 'r.id', 'm.review_id')
      .select('m.user_id')
      .where((eb) =>
        eb.or([
          ...(s.review_id ? [eb('r.id', '=', s.review_id)] : []),
          ...(s.case_id ? [eb('r.case_id', '=', s.case_id)] : []),
        ]),
      )
      .execute();
    for (const r of reviewers) if (!out.has(r.user_id)) out.set(r.user_id, 'reviewed');
  }
  return out;
}

/** One person the appeal's team picker offers: excluded (and why, in words) or not. */
export interface AppealTeamCandidate {
  userId: string;
  name: string;
  unitName: string;
  excluded: boolean;
  reason: string | null;
}

/**
 * The people an appeal's team (复查组) may be picked from: the active staff of the deciding
 * unit's county (or, for a unit of no county, of the unit and those below it), by unit and name
 * (at most 200). Each is marked excluded, with the reason in words, by the rules `setAppealTeam`
 * enforces: took part in the original investigation (removed members too), its clue stage or its
 * review (SANCTION_APPEAL_SEPARATION), or recused from the record the conflict check is filed
 * under (ALREADY_RECUSED). Needs `manage` on the appeal (NOT_FOUND outside scope).
 */
export async function appealTeamCandidates(ctx: Ctx, id: string): Promise<{ people: AppealTeamCandidate[] }> {
  return inTransaction(ctx, async (tx) => {
    const appeal = await loadAppeal(tx, id, 'manage');
    const s = await tx.db
      .selectFrom('sanctions')
      .selectAll()
      .where('id', '=', appeal.sanction_id)
      .executeTakeFirstOrThrow();
    const unit = await tx.db
      .selectFrom('units')
      .select(['path', 'county_code'])
      .where('id', '=', appeal.owner_unit_id)
      .executeTakeFirstOrThrow();
    const rows = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'n.name as unit_name'])
      .where('u.disabled', '=', 0)
      .where((eb) =>
        unit.county_code ? eb('n.county_code', '=', unit.county_code) : eb('n.path', 'like', `${unit.path}%`),
      )
      .orderBy('n.name')
      .orderBy('u.display_name')
      .orderBy('u.id')
      .limit(200)
      .execute();
    const prior = await originalPeople(tx, s);
    const target = await conflictTarget(tx, s);
    const recused = await recusedAmong(
      tx,
      target.resource,
      target.resourceId,
      rows.map((r) => r.id),
    );
    const kind = SANCTION_APPEAL_KIND_LABELS[appeal.kind as SanctionAppealKind];
    return {
      people: rows.map((r) => {
        const before = prior.get(r.id);
        const reason = before
          ? `${PRIOR_WORDS[before]}，不得参与${kind}`
          : recused.has(r.id)
            ? '已被决定回避本事项'
            : null;
        return { userId: r.id, name: r.display_name, unitName: r.unit_name, excluded: reason !== null, reason };
      }),
    };
  });
}

/** The subjects and reporter the recusal engine checks people against, and the record it files the check under. */
async function conflictTarget(
  tx: Ctx,
  s: SanctionRow,
): Promise<{ resource: string; resourceId: string; subjects: ConflictSubject[]; reporter: ConflictReporter | null }> {
  if (s.case_id) {
    const kase = await tx.db
      .selectFrom('cases')
      .select(['id', 'clue_id'])
      .where('id', '=', s.case_id)
      .executeTakeFirstOrThrow();
    return { resource: 'case', resourceId: kase.id, ...(await caseConflictPeople(tx, kase)) };
  }
  const region = await tx.db.selectFrom('regions').select('code').where('path', '=', s.region_path).executeTakeFirst();
  return {
    resource: SANCTION_RESOURCE,
    resourceId: s.id,
    subjects: [
      { subjectId: s.subject_id, name: s.person_name, regionCode: region?.code ?? null, employer: s.person_employer },
    ],
    reporter: null,
  };
}

/**
 * Runs the conflict check (回避审查) on people proposed for an appeal's team, recorded: each
 * person's outcome with its reasons in words; those of the original investigation, clue stage or
 * review are refused (HANDLED_ORIGINAL). Needs `manage` on the appeal.
 */
export async function checkAppealTeam(ctx: Ctx, id: string, userIds: readonly string[]): Promise<ConflictCheckResult> {
  return inTransaction(ctx, async (tx) => {
    const appeal = await loadAppeal(tx, id, 'manage');
    const s = await tx.db
      .selectFrom('sanctions')
      .selectAll()
      .where('id', '=', appeal.sanction_id)
      .executeTakeFirstOrThrow();
    const prior = await originalPeople(tx, s);
    const target = await conflictTarget(tx, s);
    return checkConflicts(tx, {
      ...target,
      userIds,
      role: 'rechecker',
      priorRoles: userIds.filter((u) => prior.has(u)).map((userId) => ({ userId, role: 'original_handler' as const })),
      countyCode: s.county_code,
    });
  });
}

/**
 * Forms or changes an appeal's team (复查组): at least two different people
 * (SANCTION_APPEAL_TEAM_INVALID), nobody from the original investigation, clue stage or review
 * (SANCTION_APPEAL_SEPARATION, naming who and why), each cleared by check `checkId`
 * (CONFLICT_REFUSED in words, CONFLICT_CHECK_*). Only while the appeal is undecided
 * (SANCTION_APPEAL_STATE). Needs `manage` (NOT_FOUND, CONFLICT on a stale version).
 */
export async function setAppealTeam(ctx: Ctx, id: string, input: AppealTeamInput): Promise<{ version: number }> {
  const unique = new Set(input.userIds);
  if (input.userIds.length < APPEAL_MIN_MEMBERS || unique.size !== input.userIds.length)
    throw domainError(
      'SANCTION_APPEAL_TEAM_INVALID',
      { size: unique.size },
      unique.size !== input.userIds.length
        ? '同一人员只能列一次'
        : `复查（复审、复核）组至少应有${APPEAL_MIN_MEMBERS}人（现为${input.userIds.length}人）`,
    );
  return inTransaction(ctx, async (tx) => {
    const appeal = await loadAppeal(tx, id, 'manage', { version: input.version, forUpdate: true });
    if (appeal.status !== 'accepted') throw domainError('SANCTION_APPEAL_STATE', { status: appeal.status });
    const s = await tx.db
      .selectFrom('sanctions')
      .selectAll()
      .where('id', '=', appeal.sanction_id)
      .executeTakeFirstOrThrow();
    const people = await tx.db
      .selectFrom('users')
      .select(['id', 'display_name', 'disabled'])
      .where('id', 'in', [...unique])
      .execute();
    const active = people.filter((p) => Number(p.disabled) !== 1);
    if (active.length !== unique.size)
      throw errors.validation(
        { field: 'userIds', missing: [...unique].filter((u) => !active.some((p) => p.id === u)) },
        '所选人员不存在或已停用',
      );
    const prior = await originalPeople(tx, s);
    const clash = active
      .filter((p) => prior.has(p.id))
      .map((p) => ({ userId: p.id, name: p.display_name, reason: prior.get(p.id)! }));
    if (clash.length > 0)
      throw domainError(
        'SANCTION_APPEAL_SEPARATION',
        { people: clash },
        `${clash.map((c) => `${c.name}${PRIOR_WORDS[c.reason]}`).join('；')}，不得参与${SANCTION_APPEAL_KIND_LABELS[appeal.kind as SanctionAppealKind]}`,
      );
    const target = await conflictTarget(tx, s);
    for (const p of active) {
      try {
        await requireAssignable(tx, input.checkId, {
          resource: target.resource,
          resourceId: target.resourceId,
          userId: p.id,
          role: 'rechecker',
          subjects: target.subjects,
          reporter: target.reporter,
        });
      } catch (e) {
        if (e instanceof DomainError && e.code === 'CONFLICT_REFUSED') {
          const reasons = (e.details as { reasons?: { code: string; text: string }[] } | undefined)?.reasons ?? [];
          const words = reasons
            .map((r) => (r.code.includes('REPORTER') ? '与本案有关人员存在应当回避的关系' : r.text))
            .join('；');
          throw domainError(
            'CONFLICT_REFUSED',
            e.details,
            `${p.display_name}不能参加复查（复审、复核）：${words || '应当回避'}`,
          );
        }
        throw e;
      }
    }
    const at = nowIso(tx);
    await tx.db
      .updateTable('sanction_appeal_members')
      .set({ removed_at: at })
      .where('appeal_id', '=', id)
      .where('removed_at', 'is', null)
      .execute();
    for (const p of active)
      await tx.db
        .insertInto('sanction_appeal_members')
        .values({
          id: newId(),
          appeal_id: id,
          user_id: p.id,
          name: p.display_name,
          check_id: input.checkId,
          added_at: at,
          removed_at: null,
        })
        .execute();
    const version = await touchAppeal(tx, id, input.version);
    await recordAudit(tx, {
      action: 'sanction.appeal_team',
      resourceType: SANCTION_APPEAL_RESOURCE,
      resourceId: id,
      unitId: appeal.owner_unit_id,
      changes: { members: [null, active.map((p) => p.id)], checkId: [null, input.checkId] },
    });
    return { version };
  });
}
