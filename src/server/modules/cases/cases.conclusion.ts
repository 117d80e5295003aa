/**
 * The end of the investigation (GZ 第五十一条, 第五十二条; TL21 第一百八十七条 to 第一百八十九条)
 * before the report, and what follows it: the facts material shown to the person (事实材料见面,
 * their signed opinion or the refusal noted: the case moves to `facts_shown`), the team's collective
 * discussion (集体讨论: every current member present or the absence noted), the cases handed to
 * review (`casesAwaitingReview`, the review stage's entry point), and closing (结案) with the filing
 * with the higher organ within 7 working days (timer 34, `case_filing_higher`, TL21 第二百零六条).
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CASE_MIN_OFFICERS, CASE_PLAN_EVENT_LABELS } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { clockOf, meetDeadline, openClock } from '../deadlines/index.js';
import { loadCase } from './cases.read.js';
import { type CaseMember, addCaseEvent, caseMembersOf, caseSubjectsOf } from './cases.service.js';
import { requireCaseStatus, setCaseState, touchCase } from './cases.state.js';

/** The current team proper (leader, deputies, members: not the filing request's drafter). */
export async function currentTeam(tx: Ctx, caseId: string): Promise<CaseMember[]> {
  return (await caseMembersOf(tx, caseId)).filter((m) => m.role !== 'drafter');
}

/** The facts material shown to a person, as recorded. */
export interface FactsShownInput {
  /** The case's version read (optimistic lock). */
  version: number;
  /** The case subject (`subjects[].id` of the case page) shown the material. */
  subjectId: string;
  shownOn: string;
  /** The team members who showed it (at least two). */
  shownBy: string[];
  /** Where the material shown is kept (a file reference), if recorded. */
  materialRef?: string | null | undefined;
  /** The person signed their opinion on the material. */
  signed: boolean;
  /** The opinion the person wrote (required when signed). */
  opinion?: string | null | undefined;
  /** The person refused to sign (or disagreed): the note says so. */
  refused: boolean;
  refusalNote?: string | null | undefined;
}

async function teamPeople(tx: Ctx, caseId: string, userIds: readonly string[]) {
  const team = await currentTeam(tx, caseId);
  const notOnTeam = userIds.filter((id) => !team.some((m) => m.userId === id));
  return { team, notOnTeam, people: team.filter((m) => userIds.includes(m.userId)) };
}

/**
 * Records that the facts material was shown to a subject (GZ 第五十一条): at least two current team
 * members, and either the person's signed opinion or their refusal noted. The case moves from
 * `investigating` to `facts_shown` (staying there for another subject). Needs `manage`. Throws
 * NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CONFLICT, CASE_FACTS_OPINION, VALIDATION_FAILED.
 */
export async function recordFactsShown(
  ctx: Ctx,
  caseId: string,
  input: FactsShownInput,
): Promise<{ id: string; version: number }> {
  const opinion = input.opinion?.trim() || null;
  const refusalNote = input.refusalNote?.trim() || null;
  if (input.signed === input.refused)
    throw domainError('CASE_FACTS_OPINION', { reason: input.signed ? 'both' : 'neither' });
  if (input.signed && !opinion) throw domainError('CASE_FACTS_OPINION', { reason: 'opinion_missing' });
  if (input.refused && !refusalNote)
    throw domainError('CASE_FACTS_OPINION', { reason: 'refusal_note_missing' }, '被审查调查人拒绝签署的，须注明情况');
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { version: input.version, forUpdate: true });
    const status = await requireCaseStatus(tx, caseId, ['investigating', 'facts_shown'], 'facts_shown');
    const subject = (await caseSubjectsOf(tx, caseId)).find((s) => s.id === input.subjectId);
    if (!subject) throw domainError('CASE_FACTS_OPINION', { reason: 'not_subject' }, '所选人员不是本案被审查调查人');
    const today = toShanghaiDate(nowIso(tx));
    if (input.shownOn > today) throw errors.validation({ field: 'shownOn' }, '见面日期不能晚于今天');
    if (row.filed_on && input.shownOn < row.filed_on)
      throw errors.validation({ field: 'shownOn' }, `见面日期不能早于立案日期（${row.filed_on}）`);
    const ids = [...new Set(input.shownBy)];
    const { notOnTeam, people } = await teamPeople(tx, caseId, ids);
    if (notOnTeam.length > 0 || people.length < CASE_MIN_OFFICERS)
      throw domainError(
        'CASE_FACTS_OPINION',
        { reason: 'officers', notOnTeam },
        `事实材料见面须由${CASE_MIN_OFFICERS}名以上审查调查组成员进行`,
      );
    const version =
      status === 'investigating'
        ? (await setCaseState(tx, caseId, input.version, 'facts_shown')).version
        : await touchCase(tx, caseId, input.version);
    const id = newId();
    await tx.db
      .insertInto('case_facts_showings')
      .values({
        id,
        case_id: caseId,
        subject_row_id: subject.id,
        shown_on: input.shownOn,
        shown_by: JSON.stringify(people.map((p) => ({ userId: p.userId, name: p.name }))),
        material_ref: input.materialRef?.trim() || null,
        signed: input.signed ? 1 : 0,
        opinion,
        refused: input.refused ? 1 : 0,
        refusal_note: refusalNote,
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await addCaseEvent(tx, caseId, 'facts_shown', {
      label: CASE_PLAN_EVENT_LABELS.facts_shown,
      note: `${subject.name}：${input.refused ? `拒绝签署（${refusalNote}）` : '已签署意见'}`,
    });
    await recordAudit(tx, {
      action: 'case.facts_shown',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { status: [status, 'facts_shown'], refused: [null, input.refused], version: [input.version, version] },
    });
    return { id, version };
  });
}

/** The team's collective discussion as recorded. */
export interface DiscussionInput {
  version: number;
  heldOn: string;
  /** Team members present. */
  present: string[];
  /** Team members absent, each with the reason. */
  absent: { userId: string; reason: string }[];
  conclusion: string;
}

/**
 * Records the team's collective discussion (集体讨论, GZ 第五十二条) after the facts were shown:
 * every current team member is either present or listed absent with the reason, at least two
 * present. Needs `manage`. Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CONFLICT,
 * CASE_DISCUSSION_INCOMPLETE (`details.missing` names the members left out), VALIDATION_FAILED.
 */
export async function recordDiscussion(
  ctx: Ctx,
  caseId: string,
  input: DiscussionInput,
): Promise<{ id: string; version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, caseId, ['facts_shown'], 'discussion');
    const today = toShanghaiDate(nowIso(tx));
    if (input.heldOn > today) throw errors.validation({ field: 'heldOn' }, '讨论日期不能晚于今天');
    const listed = [...input.present, ...input.absent.map((a) => a.userId)];
    if (new Set(listed).size !== listed.length)
      throw errors.validation({ field: 'present' }, '同一人员不能既出席又缺席，也不能列两次');
    const team = await currentTeam(tx, caseId);
    const missing = team.filter((m) => !listed.includes(m.userId)).map((m) => m.name);
    const notOnTeam = listed.filter((id) => !team.some((m) => m.userId === id));
    if (missing.length > 0 || notOnTeam.length > 0)
      throw domainError(
        'CASE_DISCUSSION_INCOMPLETE',
        { missing, notOnTeam },
        missing.length > 0
          ? `集体讨论未列明以下审查调查组成员出席或缺席：${missing.join('、')}`
          : '所列人员不是本案审查调查组的现任成员',
      );
    if (input.present.length < CASE_MIN_OFFICERS)
      throw domainError(
        'CASE_DISCUSSION_INCOMPLETE',
        { reason: 'too_few' },
        `集体讨论出席的审查调查组成员不得少于${CASE_MIN_OFFICERS}人`,
      );
    const name = (id: string) => team.find((m) => m.userId === id)!.name;
    const absent = input.absent.map((a) => ({ userId: a.userId, name: name(a.userId), reason: a.reason.trim() }));
    const version = await touchCase(tx, caseId, input.version);
    const id = newId();
    await tx.db
      .insertInto('case_discussions')
      .values({
        id,
        case_id: caseId,
        held_on: input.heldOn,
        present: JSON.stringify(input.present.map((u) => ({ userId: u, name: name(u) }))),
        absent: JSON.stringify(absent),
        conclusion: input.conclusion.trim(),
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await addCaseEvent(tx, caseId, 'discussion', {
      label: CASE_PLAN_EVENT_LABELS.discussion,
      note: `出席${input.present.length}人${absent.length > 0 ? `，缺席：${absent.map((a) => `${a.name}（${a.reason}）`).join('、')}` : ''}`,
    });
    await recordAudit(tx, {
      action: 'case.discussion',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { discussion: [null, id], version: [input.version, version] },
    });
    return { id, version };
  });
}

/** A case handed to review (审理), as the review stage takes it over. */
export interface CaseAwaitingReview {
  id: string;
  number: string | null;
  subjectNames: string;
  handlingUnitId: string;
  /** The approved 审查调查报告 and its approval. */
  reportId: string;
  reportApprovalId: string | null;
  transferredAt: string | null;
}

/**
 * The cases transferred to review (`transferred`: their 审查调查报告 approved), oldest first,
 * optionally in one county: the review stage's entry point. No access check: the review stage
 * scopes what it shows (its own reviewers may not have been on the team, 查审分离).
 */
export async function casesAwaitingReview(
  tx: Ctx,
  opts: { countyCode?: string | null } = {},
): Promise<CaseAwaitingReview[]> {
  let q = tx.db
    .selectFrom('cases as c')
    .innerJoin('case_reports as r', 'r.case_id', 'c.id')
    .select([
      'c.id',
      'c.number',
      'c.subject_name',
      'c.handling_unit_id',
      'r.id as report_id',
      'r.approval_id',
      'r.decided_at',
    ])
    .where('c.status', '=', 'transferred')
    .where('r.status', '=', 'approved');
  if (opts.countyCode) q = q.where('c.county_code', '=', opts.countyCode);
  const rows = await q.orderBy('r.decided_at').orderBy('c.id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    subjectNames: r.subject_name,
    handlingUnitId: r.handling_unit_id,
    reportId: r.report_id,
    reportApprovalId: r.approval_id,
    transferredAt: r.decided_at,
  }));
}

/**
 * Closes a transferred case (结案) inside the caller's transaction: the review stage calls it
 * when its decision is final. The case moves to `closed` and the clock for filing with the higher
 * organ opens (timer 34, 7 working days, TL21 第二百零六条). Throws CASE_TRANSITION (not
 * transferred), CONFLICT (stale version).
 */
export async function closeCase(
  tx: Ctx,
  caseId: string,
  version: number,
  opts: { note?: string | null } = {},
): Promise<{ version: number; higherDueOn: string | null }> {
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row) throw errors.notFound('case');
  const moved = await setCaseState(tx, caseId, version, 'closed');
  const now = nowIso(tx);
  const clock = await openClock(tx, {
    resourceType: 'case',
    resourceId: caseId,
    kind: 'case_filing_higher',
    startAt: now,
    owner: {
      owner_unit_id: row.owner_unit_id,
      owner_unit_path: row.owner_unit_path,
      region_path: row.region_path,
      county_code: row.county_code,
    },
  });
  await tx.db
    .insertInto('case_closings')
    .values({
      case_id: caseId,
      closed_at: now,
      closed_on: toShanghaiDate(now),
      closed_by: tx.actor?.userId ?? null,
      note: opts.note?.trim() || null,
      higher_filed_on: null,
      higher_document_number: null,
      higher_due_on: clock.dueOn,
      higher_late: null,
      higher_recorded_by: null,
      higher_recorded_at: null,
      version: 1,
    })
    .execute();
  await addCaseEvent(tx, caseId, 'closed', {
    label: CASE_PLAN_EVENT_LABELS.closed,
    note: `${opts.note?.trim() ? `${opts.note.trim()}；` : ''}应于${clock.dueOn ?? clock.legalDueOn}前报上级备案`,
  });
  await recordAudit(tx, {
    action: 'case.close',
    resourceType: 'case',
    resourceId: caseId,
    unitId: row.owner_unit_id,
    changes: { status: [moved.from, 'closed'], higherDueOn: [null, clock.dueOn] },
  });
  return { version: moved.version, higherDueOn: clock.dueOn };
}

/** The filing with the higher organ as recorded. */
export interface HigherFilingInput {
  /** The closing record's version read (optimistic lock). */
  version: number;
  filedOn: string;
  documentNumber: string;
}

/**
 * Records the closed case's filing with the higher organ (报上级备案: date, document number), which
 * meets timer 34; `late` says whether it was after the due date. Needs `manage` on the case.
 * Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION (not closed), CASE_REPORT_STATE (recorded
 * already), CONFLICT, VALIDATION_FAILED (a date before the closing or after today).
 */
export async function recordHigherFiling(
  ctx: Ctx,
  caseId: string,
  input: HigherFilingInput,
): Promise<{ version: number; dueOn: string | null; late: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    // A closed case is final for the base's guard: only this record is still written on it.
    if (row.status !== 'closed') throw domainError('CASE_TRANSITION', { status: row.status, action: 'higher_filing' });
    const closing = await tx.db
      .selectFrom('case_closings')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (closing.higher_filed_on)
      throw domainError('CASE_TRANSITION', {
        status: row.status,
        action: 'higher_filing',
        filedOn: closing.higher_filed_on,
      });
    if (input.filedOn < closing.closed_on)
      throw errors.validation({ field: 'filedOn' }, `备案日期不能早于结案日期（${closing.closed_on}）`);
    if (input.filedOn > toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'filedOn' }, '备案日期不能晚于今天');
    const clock = await clockOf(tx, 'case', caseId, 'case_filing_higher');
    const dueOn = clock?.due_on ?? closing.higher_due_on;
    const late = dueOn !== null && input.filedOn > dueOn;
    const res = await tx.db
      .updateTable('case_closings')
      .set({
        higher_filed_on: input.filedOn,
        higher_document_number: input.documentNumber.trim(),
        higher_late: late ? 1 : 0,
        higher_recorded_by: actor.userId,
        higher_recorded_at: nowIso(tx),
        version: input.version + 1,
      })
      .where('case_id', '=', caseId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ version: closing.version });
    await meetDeadline(tx, 'case', caseId, 'case_filing_higher');
    await addCaseEvent(tx, caseId, 'higher_filing', {
      label: CASE_PLAN_EVENT_LABELS.higher_filing,
      note: `${input.documentNumber.trim()}，${input.filedOn}${late ? '（超过期限）' : ''}`,
    });
    await recordAudit(tx, {
      action: 'case.higher_filing',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        filedOn: [null, input.filedOn],
        documentNumber: [null, input.documentNumber.trim()],
        late: [null, late],
      },
    });
    return { version: input.version + 1, dueOn, late };
  });
}
