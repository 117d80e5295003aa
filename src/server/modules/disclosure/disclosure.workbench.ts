/**
 * The disclosure's workbench cards: 待审核签字的村务公开 (the supervision committee's versions to
 * sign), 待编制的村务公开 (the clerk's drafts, returned ones first, and their village's period due)
 * and 村务公开逾期 (the villages in scope that missed their finances or their quarter's general
 * items: the township's view).
 */
import { countUpTo } from '../../db/count.js';
import type { Ctx } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { publicationCalendar } from './disclosure.calendar.js';
import { periodLabel } from './disclosure.lines.js';
import { type DisclosureAction, disclosureListWhere } from './disclosure.policy.js';

async function versions(
  ctx: Ctx,
  limit: number,
  status: 'draft' | 'submitted',
  action: DisclosureAction,
): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('disclosure_batches as b')
    .where('b.status', '=', status)
    .where((eb) => disclosureListWhere(ctx, 'b', action)(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('regions as r', 'r.code', 'b.region_code')
      .select([
        'b.id',
        'b.kind',
        'b.period',
        'b.title',
        'b.version',
        'b.line_count',
        'b.return_reason',
        'b.updated_at',
        'r.name',
      ])
      .orderBy('b.updated_at')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/disclosure',
    severity: status === 'submitted' ? 'warning' : 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: `${r.name} ${r.kind === 'major_matter' ? (r.title ?? '') : `${periodLabel(r.period)}${r.kind === 'general' ? '村务一般事项' : ''}`}${r.version > 1 ? `（更正第${r.version}版）` : ''}`,
      subtitle: r.return_reason
        ? `已退回：${r.return_reason}`
        : r.kind === 'general'
          ? `${r.line_count} 项公开内容`
          : `${r.line_count} 笔收支`,
      at: r.updated_at,
      dueOn: null,
      overdue: false,
      href: `/disclosure/${r.id}`,
    })),
  };
}

async function overdue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const lines = await publicationCalendar(ctx, { overdueOnly: true });
  if (lines.length === 0) return null;
  return {
    count: lines.length,
    countCapped: false,
    href: '/disclosure/calendar',
    severity: 'danger',
    message: '财务收支应于次月 10 日前公开，村务一般事项至少每季度公开、于季后次月 10 日前（村民委员会组织法第三十条）',
    items: lines.slice(0, limit).map((l) => ({
      id: l.regionCode,
      title: `${l.townshipName}${l.villageName} 未公开${[
        l.financeOverdue ? `${l.duePeriodLabel}财务收支` : null,
        l.generalOverdue ? `${l.generalDuePeriodLabel}村务一般事项` : null,
      ]
        .filter(Boolean)
        .join('、')}`,
      subtitle: [
        l.financeOverdue ? `财务最近公开：${l.lastPublished ? periodLabel(l.lastPublished) : '尚未公开过'}` : null,
        l.generalOverdue
          ? `一般事项最近公开：${l.generalLastPublished ? periodLabel(l.generalLastPublished) : '尚未公开过'}`
          : null,
      ]
        .filter(Boolean)
        .join('；'),
      at: null,
      dueOn:
        l.financeOverdue && l.generalOverdue
          ? l.dueOn < l.generalDueOn
            ? l.dueOn
            : l.generalDueOn
          : l.financeOverdue
            ? l.dueOn
            : l.generalDueOn,
      overdue: true,
      href: '/disclosure/calendar',
    })),
  };
}

/** The disclosure's cards. */
export const disclosureWorkbench: WorkbenchProvider[] = [
  {
    key: 'disclosure.to_sign',
    title: '待审核签字的村务公开',
    kind: 'todo',
    permissions: ['disclosure.review'],
    load: (ctx, { limit }) => versions(ctx, limit, 'submitted', 'review'),
  },
  {
    key: 'disclosure.to_prepare',
    title: '待编制的村务公开',
    kind: 'todo',
    permissions: ['disclosure.prepare'],
    load: (ctx, { limit }) => versions(ctx, limit, 'draft', 'prepare'),
  },
  {
    key: 'disclosure.overdue',
    title: '村务公开逾期',
    kind: 'alert',
    permissions: ['disclosure.read'],
    load: (ctx, { limit }) => overdue(ctx, limit),
  },
];
