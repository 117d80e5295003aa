/**
 * The quality review's workbench card: the problems addressed to my unit (in my scope) that are
 * still outstanding, overdue first, then by due date, so a township sees what its rectification
 * owes before the panel chases it.
 */
import { countUpTo } from '../../db/count.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { QUALITY_PROBLEM_STATUS_LABELS, type QualityProblemStatus } from '../../shared/quality.codes.js';
import { problemListWhere } from './quality.policy.js';

/** Outstanding problems addressed to units in my scope, overdue first. */
async function myProblems(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('quality_problems as p')
    .where('p.status', '!=', 'confirmed')
    .where((eb) => problemListWhere(ctx, 'p', 'owner')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('quality_review_cases as rc', 'rc.id', 'p.review_case_id')
      .select(['p.id', 'p.item_label', 'p.status', 'p.due_on', 'p.created_at', 'rc.case_number', 'rc.case_title'])
      .orderBy('p.due_on')
      .orderBy('p.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/quality-reviews',
    severity: rows.some((r) => r.due_on < today) ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.item_label,
      subtitle: `${QUALITY_PROBLEM_STATUS_LABELS[r.status as QualityProblemStatus] ?? r.status} · ${r.case_number ?? r.case_title}`,
      at: r.created_at,
      dueOn: r.due_on,
      overdue: r.due_on < today,
      href: '/quality-reviews',
    })),
  };
}

/** The quality review's cards. */
export const qualityWorkbench: WorkbenchProvider[] = [
  {
    key: 'quality.problems',
    title: '本单位待整改的评查问题',
    kind: 'clock',
    permissions: ['quality.read'],
    load: (ctx, { limit }) => myProblems(ctx, limit),
  },
];
