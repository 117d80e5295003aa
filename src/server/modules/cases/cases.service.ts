/**
 * The case's own records that every part of the stage writes: the signed trail
 * (`addCaseEvent`), the subjects, and the team's need-to-know rows (`addCaseMember`,
 * `removeCaseMember`). Each runs in the caller's transaction; the caller checks access and state.
 */
import { CASE_EVENT_LABELS, type CaseEventAction, type CaseMemberRole } from '../../shared/cases.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import type { CaseSubjectTable } from './cases.tables.js';

/**
 * Signs a step of the case's trail as the actor (the actor's name at the time is kept). `label`
 * defaults to the base's `CASE_EVENT_LABELS`; parts of the stage pass their own.
 */
export async function addCaseEvent(
  tx: Ctx,
  caseId: string,
  action: string,
  opts: { label?: string; note?: string | null } = {},
): Promise<void> {
  await tx.db
    .insertInto('case_events')
    .values({
      id: newId(),
      case_id: caseId,
      at: nowIso(tx),
      actor_user_id: tx.actor?.userId ?? null,
      actor_name: tx.actor?.displayName ?? '系统',
      action,
      label: opts.label ?? CASE_EVENT_LABELS[action as CaseEventAction] ?? action,
      note: opts.note ?? null,
    })
    .execute();
}

/** A case's subject as read. */
export interface CaseSubject {
  id: string;
  seq: number;
  subjectId: string | null;
  name: string;
  position: string | null;
  employer: string | null;
  authority: string | null;
  regionCode: string | null;
  rank: string | null;
  partyMember: boolean;
  supervised: boolean;
}

function subjectOf(r: CaseSubjectTable): CaseSubject {
  return {
    id: r.id,
    seq: r.seq,
    subjectId: r.subject_id,
    name: r.name,
    position: r.position,
    employer: r.employer,
    authority: r.authority,
    regionCode: r.region_code,
    rank: r.rank,
    partyMember: Number(r.party_member) === 1,
    supervised: Number(r.supervised) === 1,
  };
}

/** The subjects of a case, in order (no access check: callers load the case first). */
export async function caseSubjectsOf(tx: Ctx, caseId: string): Promise<CaseSubject[]> {
  const rows = await tx.db
    .selectFrom('case_subjects')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map(subjectOf);
}

/** A current (or former) member of a case team. */
export interface CaseMember {
  id: string;
  userId: string;
  role: CaseMemberRole | 'drafter';
  name: string;
  unitName: string;
  checkId: string | null;
  exceptionNote: string | null;
  addedAt: string;
  removedAt: string | null;
  removalReason: string | null;
}

/**
 * The team of a case: current members (leader first), or everyone who ever was with
 * `{ all: true }`. No access check: callers load the case first.
 */
export async function caseMembersOf(tx: Ctx, caseId: string, opts: { all?: boolean } = {}): Promise<CaseMember[]> {
  let q = tx.db.selectFrom('case_members').selectAll().where('case_id', '=', caseId);
  if (!opts.all) q = q.where('removed_at', 'is', null);
  const rows = await q.orderBy('added_at').orderBy('id').execute();
  const order: Record<string, number> = { leader: 0, deputy: 1, member: 2, drafter: 3 };
  return rows
    .map((r) => ({
      id: r.id,
      userId: r.user_id,
      role: r.role as CaseMember['role'],
      name: r.name,
      unitName: r.unit_name,
      checkId: r.check_id,
      exceptionNote: r.exception_note,
      addedAt: r.added_at,
      removedAt: r.removed_at,
      removalReason: r.removal_reason,
    }))
    .sort((a, b) => Number(a.removedAt !== null) - Number(b.removedAt !== null) || order[a.role]! - order[b.role]!);
}

/**
 * Adds a person to a case's need-to-know rows with `role` (`drafter` for the filing request's
 * drafter until the team is formed). A current membership is updated in place (a new role), never
 * duplicated. The caller has run the conflict check (`checkId`) where the rules ask for one.
 */
export async function addCaseMember(
  tx: Ctx,
  caseId: string,
  person: { userId: string; name: string; unitName: string },
  role: CaseMemberRole | 'drafter',
  opts: { checkId?: string | null; exceptionNote?: string | null } = {},
): Promise<void> {
  const current = await tx.db
    .selectFrom('case_members')
    .select('id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', person.userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (current) {
    await tx.db
      .updateTable('case_members')
      .set({ role, check_id: opts.checkId ?? null, exception_note: opts.exceptionNote ?? null })
      .where('id', '=', current.id)
      .execute();
    return;
  }
  await tx.db
    .insertInto('case_members')
    .values({
      id: newId(),
      case_id: caseId,
      user_id: person.userId,
      role,
      name: person.name,
      unit_name: person.unitName,
      check_id: opts.checkId ?? null,
      exception_note: opts.exceptionNote ?? null,
      added_at: nowIso(tx),
      added_by: tx.actor?.userId ?? null,
      removed_at: null,
      removed_by: null,
      removal_reason: null,
    })
    .execute();
}

/** Ends a person's current membership (they lose access at once). Returns whether they were on the team. */
export async function removeCaseMember(tx: Ctx, caseId: string, userId: string, reason: string): Promise<boolean> {
  const res = await tx.db
    .updateTable('case_members')
    .set({ removed_at: nowIso(tx), removed_by: tx.actor?.userId ?? null, removal_reason: reason })
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
