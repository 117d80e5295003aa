/**
 * The problem list (问题清单) of a quality review: concluding a picked case scores it and issues
 * one problem per fault, addressed to the case's handling unit with an owner and a due date;
 * the handling unit rectifies each with a note and evidence files, the panel confirms (销号) or
 * sends it back. Due dates are plain dates (a county sets them per list; no statutory timer
 * exists), overdue is read from them in SQL: outstanding and past due. Open and overdue problems
 * are counted per unit for the unit's later assessment.
 * Each problem also opens its item in the rectification ledger (source `quality_review`) and each
 * rectify / confirm / return step moves it along, in the same transaction.
 */
import { sql } from 'kysely';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type QualityProblemStatus, type QualitySeverity, qualityGrade } from '../../shared/quality.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { mirrorSourceStep, openRectificationItem } from '../rectification/index.js';
import { type ProblemAction, problemListWhere, problemPolicy, reviewPanelWhere } from './quality.policy.js';
import { type ReviewView, examinedCase, reviewViewOf, touchReviewCase } from './quality.reviews.js';
import type { QualityProblemRow } from './quality.tables.js';

/** What concluding a case takes. */
export interface ConcludeInput {
  version: number;
  /** When the handling unit must have rectified (YYYY-MM-DD, today or later). */
  dueOn: string;
  /** The handling unit's person answerable for the problems (optional). */
  ownerUserId?: string | null | undefined;
}

/**
 * Concludes a picked case (its examiner): every manual item must be recorded
 * (QUALITY_ITEMS_INCOMPLETE, naming them); the score is 100 less the weights of the faults, the
 * grade follows; one problem per fault is addressed to the handling unit. VALIDATION_FAILED for a
 * past due date or an owner who is not of the handling unit; the refusals of `examinedCase`.
 * Audited (`quality.case_conclude`), in one transaction.
 */
export async function concludeCase(
  ctx: Ctx,
  reviewId: string,
  caseId: string,
  input: ConcludeInput,
): Promise<ReviewView> {
  return inTransaction(ctx, async (tx) => {
    const { review, rc, checklist } = await examinedCase(tx, reviewId, caseId, input.version);
    const today = toShanghaiDate(nowIso(tx));
    if (input.dueOn < today) throw errors.validation({ field: 'dueOn', today }, '整改期限不能早于今天');
    const results = await tx.db
      .selectFrom('quality_item_results')
      .select(['item_code', 'outcome', 'note'])
      .where('review_case_id', '=', rc.id)
      .execute();
    const missing = checklist.filter((i) => !results.some((r) => r.item_code === i.code));
    if (missing.length > 0)
      throw domainError('QUALITY_ITEMS_INCOMPLETE', { missing: missing.map((i) => i.code) }, undefined);
    const unit = await tx.db
      .selectFrom('units')
      .select(['id', 'path', 'region_path', 'county_code'])
      .where('id', '=', rc.handling_unit_id)
      .executeTakeFirstOrThrow();
    let owner: { id: string; name: string } | null = null;
    if (input.ownerUserId) {
      const u = await tx.db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', '=', input.ownerUserId)
        .where('unit_id', '=', unit.id)
        .where('disabled', '=', 0)
        .executeTakeFirst();
      if (!u) throw errors.validation({ field: 'ownerUserId' }, '整改责任人应当是承办单位的在岗人员');
      owner = { id: u.id, name: u.display_name };
    }
    const faults = checklist.filter((i) => results.some((r) => r.item_code === i.code && r.outcome === 'fault'));
    const score = Math.max(0, 100 - faults.reduce((s, i) => s + i.weight, 0));
    const grade = qualityGrade(score);
    const now = nowIso(tx);
    for (const [n, item] of faults.entries()) {
      const result = results.find((r) => r.item_code === item.code)!;
      const problemId = newId();
      await tx.db
        .insertInto('quality_problems')
        .values({
          id: problemId,
          review_id: reviewId,
          review_case_id: rc.id,
          case_id: caseId,
          seq: n + 1,
          item_code: item.code,
          item_label: item.label,
          severity: item.severity,
          description: result.note ?? item.label,
          owner_unit_id: unit.id,
          owner_unit_path: unit.path,
          region_path: unit.region_path,
          county_code: unit.county_code,
          organiser_unit_id: review.owner_unit_id,
          organiser_unit_path: review.owner_unit_path,
          organiser_region_path: review.region_path,
          owner_user_id: owner?.id ?? null,
          owner_user_name: owner?.name ?? null,
          due_on: input.dueOn,
          status: 'open',
          rectification_note: null,
          submitted_at: null,
          submitted_by: null,
          returned_note: null,
          confirmed_at: null,
          confirmed_by: null,
          confirm_note: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // The ledger takes the problem over: counted, exported and escalated with every other
      // (the organiser accepts; a review of its own unit's cases stays out of the ledger).
      if (unit.id !== review.owner_unit_id)
        await openRectificationItem(tx, {
          source: 'quality_review',
          sourceId: problemId,
          sourceDocument: `${review.title}（${rc.case_number ?? rc.case_title}）`,
          problem: `${item.label}：${result.note ?? item.label}`,
          severity: item.severity,
          ownerUnitId: unit.id,
          responsibleUserId: owner?.id ?? null,
          issuerUnitId: review.owner_unit_id,
          dueOn: input.dueOn,
        });
    }
    await touchReviewCase(tx, rc, { status: 'concluded', score, grade, concluded_at: now });
    await recordAudit(tx, {
      action: 'quality.case_conclude',
      resourceType: 'quality_review',
      resourceId: reviewId,
      unitId: review.owner_unit_id,
      changes: {
        case: [null, caseId],
        score: [null, score],
        grade: [null, grade],
        problems: [null, faults.map((f) => f.code)],
        dueOn: [null, input.dueOn],
      },
    });
    return reviewViewOf(tx, review);
  });
}

/** A problem as shown. */
export interface ProblemView {
  id: string;
  reviewId: string;
  reviewTitle: string;
  caseId: string;
  caseNumber: string | null;
  caseTitle: string;
  seq: number;
  itemCode: string;
  itemLabel: string;
  severity: QualitySeverity;
  description: string;
  unitId: string;
  unitName: string;
  ownerUserId: string | null;
  ownerUserName: string | null;
  dueOn: string;
  status: QualityProblemStatus;
  /** Outstanding (not confirmed) and past its due date. */
  overdue: boolean;
  rectificationNote: string | null;
  submittedAt: string | null;
  returnedNote: string | null;
  confirmedAt: string | null;
  confirmNote: string | null;
  /** Its item in the rectification ledger (null: not in the ledger). */
  rectificationItemId: string | null;
  version: number;
}

const VIEW_COLUMNS = [
  'p.id',
  'p.review_id',
  'p.case_id',
  'p.seq',
  'p.item_code',
  'p.item_label',
  'p.severity',
  'p.description',
  'p.owner_unit_id',
  'p.owner_user_id',
  'p.owner_user_name',
  'p.due_on',
  'p.status',
  'p.rectification_note',
  'p.submitted_at',
  'p.returned_note',
  'p.confirmed_at',
  'p.confirm_note',
  'p.version',
  'r.title as review_title',
  'rc.case_number',
  'rc.case_title',
  'u.name as unit_name',
] as const;

/** The problem's item in the rectification ledger (the ledger takes quality problems over). */
const LEDGER_ITEM = sql<
  string | null
>`(select li.id from rectification_items li where li.source_kind = 'quality_review' and li.source_id = p.id limit 1)`.as(
  'rectification_item_id',
);

function baseQuery(tx: Ctx) {
  return tx.db
    .selectFrom('quality_problems as p')
    .innerJoin('quality_reviews as r', 'r.id', 'p.review_id')
    .innerJoin('quality_review_cases as rc', 'rc.id', 'p.review_case_id')
    .innerJoin('units as u', 'u.id', 'p.owner_unit_id');
}

type ViewRow = {
  id: string;
  review_id: string;
  case_id: string;
  seq: number;
  item_code: string;
  item_label: string;
  severity: string;
  description: string;
  owner_unit_id: string;
  owner_user_id: string | null;
  owner_user_name: string | null;
  due_on: string;
  status: string;
  rectification_note: string | null;
  submitted_at: string | null;
  returned_note: string | null;
  confirmed_at: string | null;
  confirm_note: string | null;
  version: number;
  rectification_item_id: string | null;
  review_title: string;
  case_number: string | null;
  case_title: string;
  unit_name: string;
};

function present(r: ViewRow, today: string): ProblemView {
  return {
    id: r.id,
    reviewId: r.review_id,
    reviewTitle: r.review_title,
    caseId: r.case_id,
    caseNumber: r.case_number,
    caseTitle: r.case_title,
    seq: Number(r.seq),
    itemCode: r.item_code,
    itemLabel: r.item_label,
    severity: r.severity as QualitySeverity,
    description: r.description,
    unitId: r.owner_unit_id,
    unitName: r.unit_name,
    ownerUserId: r.owner_user_id,
    ownerUserName: r.owner_user_name,
    dueOn: r.due_on,
    status: r.status as QualityProblemStatus,
    overdue: r.status !== 'confirmed' && r.due_on < today,
    rectificationNote: r.rectification_note,
    submittedAt: r.submitted_at,
    returnedNote: r.returned_note,
    confirmedAt: r.confirmed_at,
    confirmNote: r.confirm_note,
    rectificationItemId: r.rectification_item_id ?? null,
    version: Number(r.version),
  };
}

/** Filters of the problem ledger. */
export interface ProblemQuery {
  status?: string | undefined;
  /** true: outstanding and past due only. */
  overdue?: boolean | undefined;
  /** Outstanding (open or submitted) only. */
  outstanding?: boolean | undefined;
  unitId?: string | undefined;
  reviewId?: string | undefined;
  caseId?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The problem ledger (问题清单台账) the actor may see (addressed to a unit in scope, or of a review
 * on their side), overdue first, then by due date.
 */
export async function listProblems(ctx: Ctx, query: ProblemQuery): Promise<{ items: ProblemView[]; total: number }> {
  requireActor(ctx);
  const today = toShanghaiDate(nowIso(ctx));
  let q = baseQuery(ctx).where((eb) => problemListWhere(ctx, 'p')(eb as never));
  if (query.status) q = q.where('p.status', '=', query.status);
  if (query.outstanding || query.overdue) q = q.where('p.status', '!=', 'confirmed');
  if (query.overdue) q = q.where('p.due_on', '<', today);
  if (query.unitId) q = q.where('p.owner_unit_id', '=', query.unitId);
  if (query.reviewId) q = q.where('p.review_id', '=', query.reviewId);
  if (query.caseId) q = q.where('p.case_id', '=', query.caseId);
  const [rows, count] = await Promise.all([
    q
      .select([...VIEW_COLUMNS, LEDGER_ITEM])
      .orderBy((eb) => eb.case().when('p.status', '=', 'confirmed').then(1).else(0).end())
      .orderBy('p.due_on')
      .orderBy('p.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), items: rows.map((r) => present(r, today)) };
}

/** The problems of one picked case, in order (no access check: the caller loaded the review). */
export async function problemsOfCase(tx: Ctx, reviewId: string, caseId: string): Promise<ProblemView[]> {
  const today = toShanghaiDate(nowIso(tx));
  const rows = await baseQuery(tx)
    .select([...VIEW_COLUMNS, LEDGER_ITEM])
    .where('p.review_id', '=', reviewId)
    .where('p.case_id', '=', caseId)
    .orderBy('p.seq')
    .execute();
  return rows.map((r) => present(r, today));
}

/** A problem's view by id (no access check). */
export async function problemView(tx: Ctx, id: string): Promise<ProblemView> {
  const row = await baseQuery(tx)
    .select([...VIEW_COLUMNS, LEDGER_ITEM])
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
  return present(row, toShanghaiDate(nowIso(tx)));
}

/**
 * Loads problem `id` for the handling unit's rectification: NOT_FOUND (out of sight), CONFLICT
 * (stale version), QUALITY_NOT_HANDLING_UNIT (the actor is not of the unit it is addressed to),
 * QUALITY_PROBLEM_STATE (not open).
 */
export async function problemForRectification(tx: Ctx, id: string, version?: number): Promise<QualityProblemRow> {
  const row = await loadInScope<ProblemAction, QualityProblemRow>(
    tx,
    problemPolicy,
    id,
    'rectify',
    version === undefined ? {} : { version },
  );
  if (row.owner_unit_id !== tx.actor?.unitId) throw domainError('QUALITY_NOT_HANDLING_UNIT');
  if (row.status !== 'open') throw domainError('QUALITY_PROBLEM_STATE', { status: row.status, action: 'rectify' });
  return row;
}

async function setProblem(tx: Ctx, row: QualityProblemRow, set: Partial<QualityProblemRow>): Promise<void> {
  const res = await tx.db
    .updateTable('quality_problems')
    .set({ ...set, version: Number(row.version) + 1, updated_at: nowIso(tx) })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: row.id });
}

/**
 * The handling unit reports problem `id` rectified (整改完成) with a note; at least one evidence
 * file must be on it (QUALITY_EVIDENCE_MISSING). Audited (`quality.problem_rectify`); the refusals
 * of `problemForRectification`.
 */
export async function rectifyProblem(
  ctx: Ctx,
  id: string,
  input: { version: number; note: string },
): Promise<ProblemView> {
  return inTransaction(ctx, async (tx) => {
    const row = await problemForRectification(tx, id, input.version);
    const files = await tx.db
      .selectFrom('quality_problem_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('problem_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(files.n) === 0) throw domainError('QUALITY_EVIDENCE_MISSING');
    await setProblem(tx, row, {
      status: 'submitted',
      rectification_note: input.note.trim(),
      submitted_at: nowIso(tx),
      submitted_by: tx.actor?.userId ?? null,
    });
    await mirrorSourceStep(tx, 'quality_review', id, 'submitted', input.note.trim());
    await recordAudit(tx, {
      action: 'quality.problem_rectify',
      resourceType: 'quality_problem',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'submitted'], files: [null, Number(files.n)] },
    });
    return problemView(tx, id);
  });
}

/**
 * The panel confirms a rectified problem (销号) or sends it back with the reason: a panel member
 * or the review's creator (QUALITY_NOT_PANEL), never the person who reported it rectified
 * (QUALITY_SELF_CONFIRM); the problem must be submitted (QUALITY_PROBLEM_STATE). Audited
 * (`quality.problem_confirm` / `quality.problem_return`).
 */
export async function confirmProblem(
  ctx: Ctx,
  id: string,
  input: { version: number; accepted: boolean; note?: string | null | undefined },
): Promise<ProblemView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ProblemAction, QualityProblemRow>(tx, problemPolicy, id, 'confirm', {
      version: input.version,
    });
    const panel = await tx.db
      .selectFrom('quality_problems as p')
      .select('p.id')
      .where('p.id', '=', id)
      .where(() => reviewPanelWhere(tx, 'p.review_id'))
      .executeTakeFirst();
    if (!panel) throw domainError('QUALITY_NOT_PANEL');
    if (row.status !== 'submitted')
      throw domainError('QUALITY_PROBLEM_STATE', { status: row.status, action: 'confirm' });
    if (row.submitted_by === tx.actor?.userId) throw domainError('QUALITY_SELF_CONFIRM');
    const note = input.note?.trim() || null;
    if (!input.accepted && !note) throw errors.validation({ field: 'note' }, '退回整改须写明理由');
    const now = nowIso(tx);
    await setProblem(
      tx,
      row,
      input.accepted
        ? { status: 'confirmed', confirmed_at: now, confirmed_by: tx.actor?.userId ?? null, confirm_note: note }
        : { status: 'open', returned_note: note },
    );
    await mirrorSourceStep(
      tx,
      'quality_review',
      id,
      input.accepted ? 'closed' : 'returned',
      note ?? '评查组确认整改到位',
    );
    await recordAudit(tx, {
      action: input.accepted ? 'quality.problem_confirm' : 'quality.problem_return',
      resourceType: 'quality_problem',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, input.accepted ? 'confirmed' : 'open'], ...(note ? { note: [null, note] } : {}) },
    });
    return problemView(tx, id);
  });
}

/** Open and overdue problems of one unit. */
export interface UnitProblemCount {
  unitId: string;
  unitName: string;
  /** Not yet confirmed (open or waiting for the panel). */
  outstanding: number;
  /** Outstanding and past due. */
  overdue: number;
  /** Confirmed (销号). */
  confirmed: number;
}

/** Problems counted per handling unit the actor may see (for the unit's assessment), most overdue first. */
export async function problemCountsByUnit(ctx: Ctx): Promise<UnitProblemCount[]> {
  requireActor(ctx);
  const today = toShanghaiDate(nowIso(ctx));
  const rows = await ctx.db
    .selectFrom('quality_problems as p')
    .innerJoin('units as u', 'u.id', 'p.owner_unit_id')
    .where((eb) => problemListWhere(ctx, 'p')(eb as never))
    .select(['p.owner_unit_id', 'u.name'])
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('p.status', '!=', 'confirmed').then(1).else(0).end()).as('outstanding'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('p.status', '!=', 'confirmed'), eb('p.due_on', '<', today)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn.sum<number>(eb.case().when('p.status', '=', 'confirmed').then(1).else(0).end()).as('confirmed'),
    ])
    .groupBy(['p.owner_unit_id', 'u.name'])
    .execute();
  return rows
    .map((r) => ({
      unitId: r.owner_unit_id,
      unitName: r.name,
      outstanding: Number(r.outstanding ?? 0),
      overdue: Number(r.overdue ?? 0),
      confirmed: Number(r.confirmed ?? 0),
    }))
    .sort((a, b) => b.overdue - a.overdue || b.outstanding - a.outstanding || a.unitName.localeCompare(b.unitName));
}
