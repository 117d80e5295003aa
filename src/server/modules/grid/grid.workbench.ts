/**
 * The grid's workbench cards: 待确认的监督员任务 (tasks the informants marked done, waiting for the
 * township to confirm: only confirmed tasks score) and 本季度网格监督得分 (a bar chart of the
 * villages' points this quarter, for the township and the county).
 */
import { countUpTo } from '../../db/count.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { gridWhere } from './grid.policy.js';
import { quarterOf, rankings } from './grid.score.js';

async function doneTasks(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('grid_tasks as t')
    .where('t.status', '=', 'done')
    .where((eb) => gridWhere(ctx, 'grid.manage', 't')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('grid_informants as i', 'i.id', 't.informant_id')
      .innerJoin('regions as v', 'v.code', 't.region_code')
      .select(['t.id', 't.title', 't.done_at', 'i.name_masked', 'v.name as village'])
      .orderBy('t.done_at')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/grid',
    severity: 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${r.village} · ${r.name_masked} 已完成`,
      at: r.done_at,
      dueOn: null,
      overdue: false,
      href: '/grid',
    })),
  };
}

async function quarterChart(ctx: Ctx): Promise<WorkbenchCardContent | null> {
  const quarter = quarterOf(nowIso(ctx));
  const { villages } = await rankings(ctx, quarter);
  if (villages.length === 0) return null;
  const top = villages.slice(0, 10);
  return {
    count: villages.length,
    href: '/grid',
    items: [],
    chart: {
      type: 'bar',
      categories: top.map((v) => v.name),
      series: [{ name: `${quarter} 得分`, data: top.map((v) => v.points) }],
    },
  };
}

/** The grid's cards. */
export const gridWorkbench: WorkbenchProvider[] = [
  {
    key: 'grid.done_tasks',
    title: '待确认的监督员任务',
    kind: 'todo',
    permissions: ['grid.manage'],
    load: (ctx, { limit }) => doneTasks(ctx, limit),
  },
  {
    key: 'grid.quarter_scores',
    title: '本季度网格监督得分',
    kind: 'chart',
    permissions: ['grid.read'],
    load: (ctx) => quarterChart(ctx),
  },
];
