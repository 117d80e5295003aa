/**
 * The workbench card of open petition reviews (复核, XF 第三十六条) for the organ that must answer
 * them: each review asked for and not yet answered whose clock (`petition_review`) the person's
 * report.manage scope reaches, with its 30-day due date, oldest request first. The 30 days are not
 * extendable (XF 第三十六条 allows no extension; only a hearing's time is not counted), so the
 * card says so beside the date. Read-only: it reads the review columns and the clock, in SQL scope.
 */
import { type ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, scopeFor } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchItem, WorkbenchProvider } from '../../shared/module.js';
import { scopeColumns, scopePredicate } from '../../shared/scope.js';
import { visibleWhere } from '../access/index.js';
import { PAUSED_DUE_ON } from '../deadlines/index.js';
import { reportPolicy } from './reports.policy.js';

type Eb = ExpressionBuilder<Database, never>;

/** What the card says beside each due date: the 30 days cannot be extended. */
export const REVIEW_NOT_EXTENDABLE = '不可延期';

/**
 * Open reviews the caller answers: the report in their report.manage scope (policy seam) and the
 * review clock held by a unit their report.manage scope reaches (the reviewing organ, or the organ
 * that keeps a review sent up off the platform), oldest request first.
 */
export async function openReviews(ctx: Ctx, limit: number): Promise<WorkbenchCardContent> {
  const manage = scopeFor(ctx, 'report.manage');
  const base = ctx.db
    .selectFrom('reports as r')
    .innerJoin('deadlines as d', (j) =>
      j
        .onRef('d.resource_id', '=', 'r.id')
        .on('d.resource_type', '=', 'report')
        .on('d.kind', '=', 'petition_review')
        .on('d.met_at', 'is', null),
    )
    .where('r.review_requested_at', 'is not', null)
    .where('r.review_answered_at', 'is', null)
    .where((eb) => scopePredicate(eb, manage, scopeColumns('d')))
    .where((eb) => visibleWhere(ctx, reportPolicy, 'manage', { alias: 'r' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['r.id', 'r.number', 'r.review_requested_at', 'r.review_forwarded_to', 'd.due_on'])
      .orderBy('r.review_requested_at')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
  ]);
  const today = toShanghaiDate(nowIso(ctx));
  const items: WorkbenchItem[] = rows.map((r) => {
    const paused = r.due_on === PAUSED_DUE_ON;
    return {
      id: r.id,
      title: r.number ?? '（未编号）',
      subtitle: paused
        ? '听证中，复核期限暂停计算'
        : // The date itself is the item's due date (the card shows it beside this line).
          `复核意见 30 日内答复，${REVIEW_NOT_EXTENDABLE}${r.review_forwarded_to ? '；须转送上级机关复核' : ''}`,
      at: r.review_requested_at,
      dueOn: paused ? null : r.due_on,
      overdue: !paused && r.due_on < today,
      href: `/reports/${r.id}`,
    };
  });
  return { count, countCapped: capped, items, href: '/reports' };
}

/** The card: open reviews waiting for the caller's organ's answer. */
export const reviewWorkbench: WorkbenchProvider = {
  key: 'reports.reviews',
  title: '待答复的复核申请',
  kind: 'todo',
  permissions: ['report.manage'],
  load: (ctx, { limit }) => openReviews(ctx, limit),
};
