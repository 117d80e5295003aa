/**
 * 一案一剖析 (issue 13 §2.4): the closing analysis of a case (causes, lessons, weaknesses found)
 * and its 以案促改 recommendations to the unit concerned, each with the person answerable, a due
 * date and open/done; listed per case and across the cases the reader sees in full. A
 * recommendation to a unit of the organisation (other than the case's own) also opens its item in
 * the rectification ledger (source `case_reform`), in the same transaction, and each open/done
 * step moves that item along: the ledger counts, exports and escalates it, the case's tab works it.
 */
import { countUpTo } from '../../db/count.js';
import { ANALYSIS_STATES, type RecommendationStatus, ZONE_EVENT_LABELS } from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { recordAudit } from '../audit/index.js';
import { mirrorSourceStep, openRectificationItem } from '../rectification/index.js';
import { caseFullWhere } from './cases.policy.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';

/** The closing analysis (一案一剖析). */
export interface AnalysisInput {
  /** The analysis row version read; 0 to write the first. */
  version: number;
  causes: string;
  lessons: string;
  weaknesses: string;
}

/**
 * Writes or revises the case's closing analysis (一案一剖析: causes, lessons, weaknesses found),
 * by the team or a supervisor (`manage`), from the investigation until review; version-checked
 * (0 for the first). Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CONFLICT.
 */
export async function saveAnalysis(ctx: Ctx, caseId: string, input: AnalysisInput): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, ANALYSIS_STATES, 'analysis');
    const current = await tx.db
      .selectFrom('case_analyses')
      .select('version')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const values = {
      causes: input.causes.trim(),
      lessons: input.lessons.trim(),
      weaknesses: input.weaknesses.trim(),
      written_by: actor.userId,
      written_by_name: actor.displayName,
      updated_at: nowIso(tx),
    };
    if ((current?.version ?? 0) !== input.version) throw errors.conflict({ version: current?.version ?? 0 });
    if (!current)
      await tx.db
        .insertInto('case_analyses')
        .values({ case_id: caseId, ...values, version: 1 })
        .execute();
    else {
      const res = await tx.db
        .updateTable('case_analyses')
        .set({ ...values, version: input.version + 1 })
        .where('case_id', '=', caseId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ caseId });
    }
    await addCaseEvent(tx, caseId, 'analysis_saved', { label: ZONE_EVENT_LABELS.analysis_saved });
    await recordAudit(tx, {
      action: 'case.analysis',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { version: [input.version, input.version + 1] },
    });
    return { version: input.version + 1 };
  });
}

/** A 以案促改 recommendation as proposed. */
export interface RecommendationInput {
  measure: string;
  unitId?: string | null | undefined;
  unitName?: string | null | undefined;
  ownerName: string;
  dueOn: string;
}

/**
 * Adds a 以案促改 recommendation to the unit concerned (a unit of the organisation, or one named in
 * words), with the person answerable and a due date, after the analysis is written. Throws
 * NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CASE_ANALYSIS_MISSING, VALIDATION_FAILED (no unit,
 * an unknown unit, a due date in the past).
 */
export async function addRecommendation(ctx: Ctx, caseId: string, input: RecommendationInput): Promise<{ id: string }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, ANALYSIS_STATES, 'recommendation');
    const analysis = await tx.db
      .selectFrom('case_analyses')
      .select('case_id')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!analysis) throw domainError('CASE_ANALYSIS_MISSING');
    let unitName = input.unitName?.trim() ?? '';
    if (input.unitId) {
      const unit = await tx.db.selectFrom('units').select('name').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit) throw errors.validation({ field: 'unitId' }, '所选单位不存在');
      unitName = unit.name;
    }
    if (!unitName) throw errors.validation({ field: 'unitName' }, '请选择或填写整改单位');
    if (input.dueOn < toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'dueOn' }, '完成时限不能早于今天');
    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('case_recommendations')
      .values({
        id,
        case_id: caseId,
        measure: input.measure.trim(),
        unit_id: input.unitId ?? null,
        unit_name: unitName,
        owner_name: input.ownerName.trim(),
        due_on: input.dueOn,
        status: 'open',
        done_on: null,
        done_note: null,
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // The ledger takes the measure over when the unit is one of the organisation's, not the
    // case's own (the ledger's acceptance must come from a unit other than the responsible one).
    if (input.unitId && input.unitId !== row.owner_unit_id)
      await openRectificationItem(tx, {
        source: 'case_reform',
        sourceId: id,
        sourceDocument: `${row.number ?? '案件'} 一案一剖析`,
        problem: input.measure.trim(),
        measures: input.measure.trim(),
        ownerUnitId: input.unitId,
        responsiblePerson: input.ownerName.trim(),
        issuerUnitId: row.owner_unit_id,
        dueOn: input.dueOn,
      });
    await addCaseEvent(tx, caseId, 'recommendation_added', {
      label: ZONE_EVENT_LABELS.recommendation_added,
      note: `${unitName}：${input.measure.trim().slice(0, 40)}（${input.ownerName.trim()}，${input.dueOn}前）`,
    });
    await recordAudit(tx, {
      action: 'case.recommendation',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { recommendation: [null, id] },
    });
    return { id };
  });
}

/**
 * Marks a recommendation done (with the date and a note) or open again, version-checked; also
 * after the case is closed (以案促改 outlives the case). Throws NOT_FOUND (the case, or a
 * recommendation of another case), NEED_TO_KNOW, CASE_TRANSITION (before the investigation,
 * withdrawn), CONFLICT.
 */
export async function updateRecommendation(
  ctx: Ctx,
  caseId: string,
  recommendationId: string,
  input: { version: number; status: RecommendationStatus; doneNote?: string | null | undefined },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    if (![...ANALYSIS_STATES, 'closed'].includes(row.status))
      throw domainError('CASE_TRANSITION', { status: row.status, action: 'recommendation_update' });
    const rec = await tx.db
      .selectFrom('case_recommendations')
      .select(['status', 'version'])
      .where('id', '=', recommendationId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!rec) throw errors.notFound('recommendation');
    const done = input.status === 'done';
    const res = await tx.db
      .updateTable('case_recommendations')
      .set({
        status: input.status,
        done_on: done ? toShanghaiDate(nowIso(tx)) : null,
        done_note: done ? input.doneNote?.trim() || null : null,
        version: input.version + 1,
        updated_at: nowIso(tx),
      })
      .where('id', '=', recommendationId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ version: rec.version });
    if (rec.status !== input.status)
      await mirrorSourceStep(
        tx,
        'case_reform',
        recommendationId,
        done ? 'closed' : 'reopened',
        done ? input.doneNote?.trim() || '以案促改措施已完成' : '重新打开',
      );
    await addCaseEvent(tx, caseId, 'recommendation_updated', {
      label: ZONE_EVENT_LABELS.recommendation_updated,
      note: done ? '已完成' : '重新打开',
    });
    await recordAudit(tx, {
      action: 'case.recommendation_update',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { status: [rec.status, input.status], version: [input.version, input.version + 1] },
    });
    return { version: input.version + 1 };
  });
}

/** The analysis and its recommendations (a reader of the case's content). */
export async function readAnalysis(ctx: Ctx, caseId: string) {
  return inTransaction(ctx, async (tx) => {
    await loadCase(tx, caseId, 'detail');
    const a = await tx.db.selectFrom('case_analyses').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    const recs = await tx.db
      .selectFrom('case_recommendations as r')
      .selectAll('r')
      .select((eb) =>
        eb
          .selectFrom('rectification_items as li')
          .select('li.id')
          .where('li.source_kind', '=', 'case_reform')
          .whereRef('li.source_id', '=', 'r.id')
          .limit(1)
          .as('rectification_item_id'),
      )
      .where('r.case_id', '=', caseId)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute();
    const today = toShanghaiDate(nowIso(tx));
    return {
      analysis: a
        ? {
            causes: a.causes,
            lessons: a.lessons,
            weaknesses: a.weaknesses,
            writtenByName: a.written_by_name,
            updatedAt: a.updated_at,
            version: a.version,
          }
        : null,
      recommendations: recs.map((r) => ({
        id: r.id,
        measure: r.measure,
        unitId: r.unit_id,
        unitName: r.unit_name,
        ownerName: r.owner_name,
        dueOn: r.due_on,
        status: r.status as RecommendationStatus,
        overdue: r.status === 'open' && r.due_on < today,
        doneOn: r.done_on,
        doneNote: r.done_note,
        rectificationItemId: r.rectification_item_id ?? null,
        version: r.version,
      })),
    };
  });
}

/** Filters of the recommendations list. */
export interface RecommendationQuery {
  status?: RecommendationStatus | undefined;
  /** Only open ones past their due date. */
  overdue?: boolean | undefined;
  /** Only those whose person answerable is the reader (the owner is named in words: by display name). */
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

/**
 * The 以案促改 recommendations of every case the reader sees in full (team or supervisors), the
 * soonest due first, with their case; `mine` keeps those whose person answerable bears the
 * reader's name. Audited as a read of those cases' content.
 */
export async function listRecommendations(ctx: Ctx, query: RecommendationQuery) {
  return inTransaction(ctx, async (tx) => {
    const today = toShanghaiDate(nowIso(tx));
    let q = tx.db
      .selectFrom('case_recommendations as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .where((eb) => caseFullWhere(tx, 'c')(eb as never));
    if (query.status) q = q.where('r.status', '=', query.status);
    if (query.overdue) q = q.where('r.status', '=', 'open').where('r.due_on', '<', today);
    if (query.mine) q = q.where('r.owner_name', '=', requireActor(tx).displayName);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .select([
        'r.id',
        'r.case_id',
        'c.number',
        'c.subject_name',
        'r.measure',
        'r.unit_name',
        'r.owner_name',
        'r.due_on',
        'r.status',
        'r.done_on',
        'r.version',
      ])
      .select((eb) =>
        eb
          .selectFrom('rectification_items as li')
          .select('li.id')
          .where('li.source_kind', '=', 'case_reform')
          .whereRef('li.source_id', '=', 'r.id')
          .limit(1)
          .as('rectification_item_id'),
      )
      .orderBy('r.due_on')
      .orderBy('r.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const cases = [...new Set(rows.map((r) => r.case_id))];
    if (cases.length > 0)
      await recordAudit(tx, {
        action: 'case.recommendation_list',
        resourceType: 'case',
        resourceId: null,
        unitId: null,
        changes: { shown: [null, cases] },
      });
    return {
      items: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        subjectNames: r.subject_name,
        measure: r.measure,
        unitName: r.unit_name,
        ownerName: r.owner_name,
        dueOn: r.due_on,
        status: r.status as RecommendationStatus,
        overdue: r.status === 'open' && r.due_on < today,
        doneOn: r.done_on,
        rectificationItemId: r.rectification_item_id ?? null,
        version: Number(r.version),
      })),
      total: Number(total?.n ?? 0),
    };
  });
}

/**
 * The open 以案促改 recommendations the reader answers for (the list's `mine`: the person
 * answerable bears the reader's name, in the cases the reader sees in full, as the page reads
 * them), the overdue first, then the soonest due. Null when there is none.
 */
async function myOpenRecommendations(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const name = ctx.actor?.displayName;
  if (!name) return null;
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('case_recommendations as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .where('r.status', '=', 'open')
    .where('r.owner_name', '=', name)
    .where((eb) => caseFullWhere(ctx, 'c')(eb as never));
  const [{ count, capped }, overdue, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    countUpTo(ctx.db, base.where('r.due_on', '<', today)),
    base
      .select(['r.id', 'r.case_id', 'r.measure', 'r.unit_name', 'r.due_on', 'c.number', 'c.subject_name'])
      .orderBy('r.due_on')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/case-recommendations?mine=1',
    severity: overdue.count > 0 ? 'danger' : 'warning',
    message: overdue.count > 0 ? `其中${overdue.count}${overdue.capped ? '+' : ''}项已超过落实期限` : null,
    items: rows.map((r) => ({
      id: r.id,
      title: r.measure.length > 40 ? `${r.measure.slice(0, 40)}…` : r.measure,
      subtitle: `${r.number ?? r.subject_name} · ${r.unit_name}`,
      at: null,
      dueOn: r.due_on,
      overdue: r.due_on < today,
      href: `/cases/${r.case_id}?tab=zone`,
    })),
  };
}

/** This part's workbench card: the recommendations the reader is answerable for, still open. */
export const recommendationWorkbench: WorkbenchProvider[] = [
  {
    key: 'cases.recommendations_mine',
    title: '待落实的以案促改建议',
    kind: 'todo',
    permissions: ['case.read'],
    load: (ctx, { limit }) => myOpenRecommendations(ctx, limit),
  },
];
