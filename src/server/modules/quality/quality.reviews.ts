/**
 * Quality reviews (案件质量评查, issue 14 §5): a county or zone panel reviews closed cases across
 * townships. An organiser (`quality.manage`) opens a review with its panel and picks closed cases
 * in their scope, each for one panel member who is neither of the case's township (the seeds'
 * rule: nobody checks their own township's cases) nor refused by the recusal check (查审分离 and
 * the conflict register); the engine runs the automatic items at once. The examiner records the
 * other items with a note and concludes the case: its score, grade and problem list (问题清单)
 * addressed to the handling unit (`quality.problems.ts`).
 */
import type {
  QualityCaseStatus,
  QualityChecklistItem,
  QualityGrade,
  QualityOutcome,
  QualityReviewKind,
  QualitySeverity,
} from '../../shared/quality.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { caseConflictPeople, caseLineWhere, caseMembersOf } from '../cases/index.js';
import { checkConflicts, requireAssignable } from '../recusal/index.js';
import { runAutoCheck } from './quality.auto.js';
import { actorUnit, checklistFor } from './quality.checklist.js';
import { type ReviewAction, reviewListWhere, reviewPolicy } from './quality.policy.js';
import type { QualityReviewCaseRow, QualityReviewRow } from './quality.tables.js';

/** What opening a review takes. */
export interface ReviewInput {
  title: string;
  kind: 'periodic' | 'ad_hoc';
  /** 评查期间 in words (e.g. 2026年第三季度), for a periodic review. */
  periodLabel?: string | null | undefined;
  /** The panel (评查组): at least two accounts. */
  panel: readonly string[];
}

/** A panel member as shown. */
export interface PanelMember {
  userId: string;
  name: string;
  unitName: string;
}

/** One item's result on a picked case. */
export interface ItemResultView {
  code: string;
  label: string;
  severity: QualitySeverity;
  weight: number;
  automatic: boolean;
  /** null: not recorded yet (a manual item). */
  outcome: QualityOutcome | null;
  note: string | null;
  details: { id: string; text: string }[];
}

/** A picked case as shown. */
export interface ReviewCaseView {
  caseId: string;
  caseNumber: string | null;
  caseTitle: string;
  handlingUnitId: string;
  handlingUnitName: string;
  examinerId: string;
  examinerName: string;
  status: QualityCaseStatus;
  score: number | null;
  grade: QualityGrade | null;
  concludedAt: string | null;
  version: number;
  results: ItemResultView[];
}

/** A review as shown. */
export interface ReviewView {
  id: string;
  title: string;
  kind: QualityReviewKind;
  periodLabel: string | null;
  status: string;
  organiserUnitId: string;
  checklist: QualityChecklistItem[];
  panel: PanelMember[];
  cases: ReviewCaseView[];
  createdAt: string;
  version: number;
}

/**
 * Opens a review owned by the actor's unit (`quality.manage`), with the county's checklist frozen
 * and the panel recorded; audited (`quality.review_create`). VALIDATION_FAILED for a panel of
 * fewer than two, a repeated, unknown or disabled account, or an account without a unit.
 */
export async function createReview(ctx: Ctx, input: ReviewInput): Promise<{ id: string }> {
  const panel = [...input.panel];
  if (panel.length < 2 || new Set(panel).size !== panel.length)
    throw errors.validation({ field: 'panel' }, '评查组至少2人，且不得重复');
  return inTransaction(ctx, async (tx) => {
    const unit = await actorUnit(tx);
    const people = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'u.unit_id', 'n.name as unit_name'])
      .where('u.id', 'in', panel)
      .where('u.disabled', '=', 0)
      .execute();
    const missing = panel.filter((id) => !people.some((p) => p.id === id));
    if (missing.length > 0) throw errors.validation({ field: 'panel', missing }, '评查组成员不存在或已停用');
    const id = newId();
    const now = nowIso(tx);
    const { items } = await checklistFor(tx, unit.county_code);
    await tx.db
      .insertInto('quality_reviews')
      .values({
        id,
        title: input.title.trim(),
        kind: input.kind,
        period_label: input.periodLabel?.trim() || null,
        status: 'open',
        checklist: JSON.stringify(items),
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        version: 1,
        created_by: tx.actor?.userId ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.db
      .insertInto('quality_review_members')
      .values(
        panel.map((userId) => {
          const p = people.find((x) => x.id === userId)!;
          return { review_id: id, user_id: userId, name: p.display_name, unit_id: p.unit_id, unit_name: p.unit_name };
        }),
      )
      .execute();
    await recordAudit(tx, {
      action: 'quality.review_create',
      resourceType: 'quality_review',
      resourceId: id,
      unitId: unit.id,
      changes: { title: [null, input.title.trim()], panel: [null, panel] },
    });
    return { id };
  });
}

/** A line of the review list. */
export interface ReviewLine {
  id: string;
  title: string;
  kind: QualityReviewKind;
  periodLabel: string | null;
  status: string;
  cases: number;
  createdAt: string;
}

/** The reviews the actor may see (in scope or on the panel), newest first. */
export async function listReviews(
  ctx: Ctx,
  query: { status?: string | undefined; page: number; pageSize: number },
): Promise<{ items: ReviewLine[]; total: number }> {
  requireActor(ctx);
  let q = ctx.db.selectFrom('quality_reviews as r').where((eb) => reviewListWhere(ctx, 'r')(eb as never));
  if (query.status) q = q.where('r.status', '=', query.status);
  const [rows, count] = await Promise.all([
    q
      .select(['r.id', 'r.title', 'r.kind', 'r.period_label', 'r.status', 'r.created_at'])
      .select((eb) =>
        eb
          .selectFrom('quality_review_cases as rc')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('rc.review_id', '=', 'r.id')
          .as('cases'),
      )
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind as QualityReviewKind,
      periodLabel: r.period_label,
      status: r.status,
      cases: Number(r.cases ?? 0),
      createdAt: r.created_at,
    })),
  };
}

async function viewOf(tx: Ctx, review: QualityReviewRow): Promise<ReviewView> {
  const checklist = JSON.parse(review.checklist) as QualityChecklistItem[];
  const [panel, cases, results] = await Promise.all([
    tx.db
      .selectFrom('quality_review_members')
      .select(['user_id', 'name', 'unit_name'])
      .where('review_id', '=', review.id)
      .orderBy('name')
      .execute(),
    tx.db
      .selectFrom('quality_review_cases')
      .selectAll()
      .where('review_id', '=', review.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    tx.db
      .selectFrom('quality_item_results as ir')
      .innerJoin('quality_review_cases as rc', 'rc.id', 'ir.review_case_id')
      .select(['ir.review_case_id', 'ir.item_code', 'ir.automatic', 'ir.outcome', 'ir.note', 'ir.details'])
      .where('rc.review_id', '=', review.id)
      .execute(),
  ]);
  return {
    id: review.id,
    title: review.title,
    kind: review.kind as QualityReviewKind,
    periodLabel: review.period_label,
    status: review.status,
    organiserUnitId: review.owner_unit_id,
    checklist,
    panel: panel.map((p) => ({ userId: p.user_id, name: p.name, unitName: p.unit_name })),
    cases: cases.map((c) => ({
      caseId: c.case_id,
      caseNumber: c.case_number,
      caseTitle: c.case_title,
      handlingUnitId: c.handling_unit_id,
      handlingUnitName: c.handling_unit_name,
      examinerId: c.examiner_id,
      examinerName: c.examiner_name,
      status: c.status as QualityCaseStatus,
      score: c.score === null ? null : Number(c.score),
      grade: c.grade as QualityGrade | null,
      concludedAt: c.concluded_at,
      version: Number(c.version),
      results: checklist.map((item) => {
        const r = results.find((x) => x.review_case_id === c.id && x.item_code === item.code);
        return {
          code: item.code,
          label: item.label,
          severity: item.severity,
          weight: item.weight,
          automatic: item.autoCheck !== null,
          outcome: (r?.outcome as QualityOutcome | undefined) ?? null,
          note: r?.note ?? null,
          details: r?.details ? (JSON.parse(r.details) as { id: string; text: string }[]) : [],
        };
      }),
    })),
    createdAt: review.created_at,
    version: Number(review.version),
  };
}

/** A review with its panel, cases and results (in scope or on the panel; NOT_FOUND otherwise). */
export async function readReview(ctx: Ctx, id: string): Promise<ReviewView> {
  return inTransaction(ctx, async (tx) =>
    viewOf(tx, await loadInScope<ReviewAction, QualityReviewRow>(tx, reviewPolicy, id, 'read')),
  );
}

/** What picking a case takes. */
export interface PickInput {
  /** The review's version read (optimistic lock). */
  version: number;
  caseId: string;
  /** The panel member who examines it. */
  examinerId: string;
}

/**
 * Picks closed case `caseId` for review `reviewId` (organisers: `quality.manage`) and runs the
 * automatic items. Refuses: NOT_FOUND (review or case outside the actor's scope), CONFLICT (stale
 * version), QUALITY_REVIEW_STATE (review concluded), QUALITY_CASE_NOT_CLOSED, QUALITY_CASE_PICKED,
 * VALIDATION_FAILED (the examiner is not on the panel), QUALITY_OWN_TOWNSHIP (the examiner belongs
 * to the case's handling unit or the subject's own township), CONFLICT_REFUSED /
 * CONFLICT_UNCONFIRMED (the recusal check: kinship, interest, or they investigated the case).
 */
export async function pickCase(ctx: Ctx, reviewId: string, input: PickInput): Promise<ReviewView> {
  return inTransaction(ctx, async (tx) => {
    const review = await loadInScope<ReviewAction, QualityReviewRow>(tx, reviewPolicy, reviewId, 'manage', {
      version: input.version,
    });
    if (review.status !== 'open') throw domainError('QUALITY_REVIEW_STATE', { status: review.status });
    const kase = await tx.db
      .selectFrom('cases as c')
      .innerJoin('units as hu', 'hu.id', 'c.handling_unit_id')
      .select([
        'c.id',
        'c.number',
        'c.title',
        'c.status',
        'c.handling_unit_id',
        'c.subject_unit_id',
        'c.county_code',
        'c.clue_id',
      ])
      .select('hu.name as handling_unit_name')
      .where('c.id', '=', input.caseId)
      .where((eb) => caseLineWhere(tx, 'c')(eb as never))
      .executeTakeFirst();
    if (!kase) throw errors.notFound('case');
    if (kase.status !== 'closed') throw domainError('QUALITY_CASE_NOT_CLOSED', { status: kase.status });
    const already = await tx.db
      .selectFrom('quality_review_cases')
      .select('id')
      .where('review_id', '=', reviewId)
      .where('case_id', '=', kase.id)
      .executeTakeFirst();
    if (already) throw domainError('QUALITY_CASE_PICKED', { caseId: kase.id });
    const examiner = await tx.db
      .selectFrom('quality_review_members')
      .select(['user_id', 'name', 'unit_id', 'unit_name'])
      .where('review_id', '=', reviewId)
      .where('user_id', '=', input.examinerId)
      .executeTakeFirst();
    if (!examiner) throw errors.validation({ field: 'examinerId' }, '评查人应当是本次评查的评查组成员');
    // The seeds' cross-township rule: nobody checks their own township's cases.
    if (examiner.unit_id && [kase.handling_unit_id, kase.subject_unit_id].includes(examiner.unit_id))
      throw domainError(
        'QUALITY_OWN_TOWNSHIP',
        { userId: examiner.user_id, unit: examiner.unit_name },
        `${examiner.name}（${examiner.unit_name}）不得评查本单位（本乡镇）办理或涉及本乡镇的案件`,
      );
    // 回避 and 查审分离 (GZ 第五十四条): the conflict register, and anyone who was on the case team.
    const { subjects, reporter } = await caseConflictPeople(tx, kase);
    const team = await caseMembersOf(tx, kase.id, { all: true });
    const check = await checkConflicts(tx, {
      resource: 'case',
      resourceId: kase.id,
      userIds: [examiner.user_id],
      subjects,
      reporter,
      role: 'reviewer',
      priorRoles: team
        .filter((m) => m.userId === examiner.user_id)
        .map((m) => ({ userId: m.userId, role: 'investigated' as const })),
      countyCode: kase.county_code,
    });
    await requireAssignable(tx, check.checkId, {
      resource: 'case',
      resourceId: kase.id,
      userId: examiner.user_id,
      role: 'reviewer',
      subjects,
      reporter,
    });
    const rcId = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('quality_review_cases')
      .values({
        id: rcId,
        review_id: reviewId,
        case_id: kase.id,
        case_number: kase.number,
        case_title: kase.title,
        handling_unit_id: kase.handling_unit_id,
        handling_unit_name: kase.handling_unit_name,
        examiner_id: examiner.user_id,
        examiner_name: examiner.name,
        check_id: check.checkId,
        status: 'examining',
        score: null,
        grade: null,
        concluded_at: null,
        version: 1,
        created_at: now,
      })
      .execute();
    const checklist = JSON.parse(review.checklist) as QualityChecklistItem[];
    const found: Record<string, string> = {};
    for (const item of checklist) {
      if (!item.autoCheck) continue;
      const f = await runAutoCheck(tx, item.autoCheck, kase.id);
      found[item.code] = f.outcome;
      await tx.db
        .insertInto('quality_item_results')
        .values({
          id: newId(),
          review_case_id: rcId,
          item_code: item.code,
          automatic: 1,
          outcome: f.outcome,
          note: f.note,
          details: JSON.stringify(f.details),
          recorded_by: null,
          recorded_at: now,
        })
        .execute();
    }
    await bumpReview(tx, review);
    await recordAudit(tx, {
      action: 'quality.case_pick',
      resourceType: 'quality_review',
      resourceId: reviewId,
      unitId: review.owner_unit_id,
      changes: { case: [null, kase.id], examiner: [null, examiner.user_id], automatic: [null, found] },
    });
    return viewOf(tx, { ...review, version: review.version + 1 });
  });
}

/**
 * Closes review `reviewId` (organisers: `quality.manage`) once every picked case is concluded:
 * no more cases may be picked; the problems live on until confirmed. QUALITY_REVIEW_STATE (already
 * closed), QUALITY_CASE_STATE (`details.examining`: cases still being examined, or none picked),
 * CONFLICT (stale version). Audited (`quality.review_close`).
 */
export async function closeReview(ctx: Ctx, reviewId: string, input: { version: number }): Promise<ReviewView> {
  return inTransaction(ctx, async (tx) => {
    const review = await loadInScope<ReviewAction, QualityReviewRow>(tx, reviewPolicy, reviewId, 'manage', {
      version: input.version,
    });
    if (review.status !== 'open') throw domainError('QUALITY_REVIEW_STATE', { status: review.status });
    const cases = await tx.db
      .selectFrom('quality_review_cases')
      .select(['case_id', 'status'])
      .where('review_id', '=', reviewId)
      .execute();
    const examining = cases.filter((x) => x.status !== 'concluded').map((x) => x.case_id);
    if (cases.length === 0 || examining.length > 0)
      throw domainError('QUALITY_CASE_STATE', { examining, action: 'close_review' });
    await bumpReview(tx, review);
    await tx.db.updateTable('quality_reviews').set({ status: 'concluded' }).where('id', '=', reviewId).execute();
    await recordAudit(tx, {
      action: 'quality.review_close',
      resourceType: 'quality_review',
      resourceId: reviewId,
      unitId: review.owner_unit_id,
      changes: { status: ['open', 'concluded'], cases: [null, cases.length] },
    });
    return viewOf(tx, { ...review, status: 'concluded', version: review.version + 1 });
  });
}

async function bumpReview(tx: Ctx, review: QualityReviewRow): Promise<void> {
  const res = await tx.db
    .updateTable('quality_reviews')
    .set({ version: review.version + 1, updated_at: nowIso(tx) })
    .where('id', '=', review.id)
    .where('version', '=', review.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: review.id });
}

/**
 * Loads picked case `caseId` of review `reviewId` for its examiner: NOT_FOUND (review out of
 * sight, case not picked), QUALITY_NOT_EXAMINER (another person), CONFLICT (stale version),
 * QUALITY_CASE_STATE (already concluded).
 */
export async function examinedCase(
  tx: Ctx,
  reviewId: string,
  caseId: string,
  version: number,
): Promise<{ review: QualityReviewRow; rc: QualityReviewCaseRow; checklist: QualityChecklistItem[] }> {
  const review = await loadInScope<ReviewAction, QualityReviewRow>(tx, reviewPolicy, reviewId, 'read');
  const rc = await tx.db
    .selectFrom('quality_review_cases')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!rc) throw errors.notFound('quality_review_case');
  if (rc.examiner_id !== tx.actor?.userId) throw domainError('QUALITY_NOT_EXAMINER', { examiner: rc.examiner_name });
  if (Number(rc.version) !== version) throw errors.conflict({ version: Number(rc.version) });
  if (rc.status !== 'examining') throw domainError('QUALITY_CASE_STATE', { status: rc.status });
  return { review, rc, checklist: JSON.parse(review.checklist) as QualityChecklistItem[] };
}

/** One manual item's result as recorded. */
export interface ItemResultInput {
  code: string;
  outcome: QualityOutcome;
  note?: string | null | undefined;
}

/**
 * Records the examiner's results of manual items on a picked case (each replaces that item's
 * earlier result); audited (`quality.results_record`). VALIDATION_FAILED for an unknown or
 * automatic item, a repeated item, or a fault without a note; the refusals of `examinedCase`.
 */
export async function recordResults(
  ctx: Ctx,
  reviewId: string,
  caseId: string,
  input: { version: number; items: readonly ItemResultInput[] },
): Promise<ReviewView> {
  return inTransaction(ctx, async (tx) => {
    const { review, rc, checklist } = await examinedCase(tx, reviewId, caseId, input.version);
    const codes = input.items.map((i) => i.code);
    if (new Set(codes).size !== codes.length) throw errors.validation({ field: 'items', reason: 'repeated' });
    for (const item of input.items) {
      const def = checklist.find((c) => c.code === item.code);
      if (!def || def.autoCheck)
        throw errors.validation({ field: 'items', code: item.code }, `“${item.code}”不是本次评查须人工评定的项目`);
      if (item.outcome === 'fault' && !item.note?.trim())
        throw errors.validation({ field: 'items', code: item.code }, `评定“${def.label}”存在问题的，须写明具体问题`);
    }
    const now = nowIso(tx);
    if (codes.length > 0)
      await tx.db
        .deleteFrom('quality_item_results')
        .where('review_case_id', '=', rc.id)
        .where('item_code', 'in', codes)
        .execute();
    for (const item of input.items)
      await tx.db
        .insertInto('quality_item_results')
        .values({
          id: newId(),
          review_case_id: rc.id,
          item_code: item.code,
          automatic: 0,
          outcome: item.outcome,
          note: item.note?.trim() || null,
          details: null,
          recorded_by: tx.actor?.userId ?? null,
          recorded_at: now,
        })
        .execute();
    await touchReviewCase(tx, rc);
    await recordAudit(tx, {
      action: 'quality.results_record',
      resourceType: 'quality_review',
      resourceId: reviewId,
      unitId: review.owner_unit_id,
      changes: { case: [null, caseId], results: [null, input.items.map((i) => [i.code, i.outcome])] },
    });
    return viewOf(tx, review);
  });
}

/** Bumps a picked case's version (version-checked: CONFLICT when stale). */
export async function touchReviewCase(
  tx: Ctx,
  rc: QualityReviewCaseRow,
  set: Partial<Pick<QualityReviewCaseRow, 'status' | 'score' | 'grade' | 'concluded_at'>> = {},
): Promise<void> {
  const res = await tx.db
    .updateTable('quality_review_cases')
    .set({ ...set, version: Number(rc.version) + 1 })
    .where('id', '=', rc.id)
    .where('version', '=', rc.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: rc.id });
}

export { viewOf as reviewViewOf };
