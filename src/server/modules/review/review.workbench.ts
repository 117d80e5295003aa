/**
 * The review stage's workbench cards: transferred cases waiting for acceptance in my reviewing
 * unit (for whoever may accept them), and the review clocks due soon or overdue (timer 13) of the
 * reviews I may see in full. Each reads in the person's scope in SQL.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, scopeFor } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { scopePredicate } from '../../shared/scope.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { queryCard } from '../workbench/index.js';
import { notRecusedFromCase, reviewFullWhere } from './review.policy.js';
import { REVIEW_CLOCK, REVIEW_RESOURCE } from './review.service.js';

/** Reviews waiting for acceptance (待受理, 暂缓受理) whose reviewing unit is in my review.manage scope, oldest first. */
async function awaiting(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const scope = scopeFor(ctx, 'review.manage');
  const notRecused = notRecusedFromCase(ctx, 'v');
  let base = ctx.db
    .selectFrom('reviews as v')
    .where('v.status', 'in', ['awaiting', 'deferred'])
    .where((eb) =>
      scopePredicate(
        eb,
        { ...scope, regionPaths: [] },
        {
          unitId: 'v.owner_unit_id',
          unitPath: 'v.owner_unit_path',
          regionPath: 'v.region_path',
        },
      ),
    );
  if (notRecused) base = base.where((eb) => notRecused(eb as never));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['v.id', 'v.case_number', 'v.subject_name', 'v.status', 'v.transferred_at'])
        .orderBy('v.transferred_at')
        .orderBy('v.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: '/reviews?status=awaiting',
      items: rows.map((r) => ({
        id: r.id,
        title: r.case_number ?? r.subject_name,
        subtitle: `${r.status === 'deferred' ? '暂缓受理' : '待受理'} · ${r.subject_name}`,
        at: r.transferred_at,
        dueOn: null,
        overdue: false,
        href: `/reviews/${r.id}`,
      })),
    }),
  );
}

/** Running review clocks overdue or due within DUE_SOON_DAYS, of reviews I see in full, most urgent first. */
async function clocksDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const notRecused = notRecusedFromCase(ctx, 'v');
  let base = ctx.db
    .selectFrom('deadlines as d')
    .innerJoin('reviews as v', 'v.id', 'd.resource_id')
    .where('d.resource_type', '=', REVIEW_RESOURCE)
    .where('d.kind', '=', REVIEW_CLOCK)
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where((eb) => reviewFullWhere(ctx, 'v')(eb as never));
  if (notRecused) base = base.where((eb) => notRecused(eb as never));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['v.id', 'v.case_number', 'v.subject_name', 'd.id as clock_id', 'd.due_on'])
        .orderBy('d.due_on')
        .orderBy('d.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: '/reviews?status=reviewing',
      severity: rows.some((r) => r.due_on < today) ? 'danger' : 'warning',
      items: rows.map((r) => ({
        id: r.clock_id,
        title: r.case_number ?? r.subject_name,
        subtitle: `审理期限 · ${r.subject_name}`,
        at: null,
        dueOn: r.due_on,
        overdue: r.due_on < today,
        href: `/reviews/${r.id}`,
      })),
    }),
  );
}

/** The review stage's cards. */
export const reviewWorkbench: WorkbenchProvider[] = [
  {
    key: 'review.awaiting',
    title: '待受理的审理案件',
    kind: 'todo',
    permissions: ['review.manage'],
    load: (ctx, { limit }) => awaiting(ctx, limit),
  },
  {
    key: 'review.clocks_due',
    title: '审理期限临期',
    kind: 'clock',
    permissions: ['review.read'],
    load: (ctx, { limit }) => clocksDue(ctx, limit),
  },
];
