/**
 * The inspections' workbench cards: a team member's inspections to work ("我的检查任务": approved or
 * in progress, on whose team I am) and the organiser's inspections waiting for approval or under
 * way ("待审批/进行中的检查", in my `inspection.manage` scope).
 */
import { countUpTo } from '../../db/count.js';
import { type Ctx, scopeFor } from '../../shared/context.js';
import { INSPECTION_KIND_LABELS, INSPECTION_STATUS_LABELS } from '../../shared/inspections.codes.js';
import type { InspectionKind, InspectionStatus } from '../../shared/inspections.codes.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { scopePredicate } from '../../shared/scope.js';
import { inspectionTeamWhere } from './inspections.policy.js';

async function card(ctx: Ctx, limit: number, side: 'team' | 'organiser'): Promise<WorkbenchCardContent | null> {
  const statuses = side === 'team' ? ['approved', 'in_progress'] : ['submitted', 'approved', 'in_progress', 'reported'];
  const base = ctx.db
    .selectFrom('inspections as i')
    .where('i.status', 'in', statuses)
    .where((eb) =>
      side === 'team'
        ? inspectionTeamWhere(ctx, 'i.id')
        : scopePredicate(eb as never, scopeFor(ctx, 'inspection.manage'), {
            unitId: 'i.owner_unit_id',
            unitPath: 'i.owner_unit_path',
            regionPath: 'i.region_path',
          }),
    );
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['i.id', 'i.title', 'i.kind', 'i.status', 'i.period_to', 'i.updated_at'])
      .orderBy('i.period_to')
      .orderBy('i.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/inspections',
    severity: 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${INSPECTION_KIND_LABELS[r.kind as InspectionKind] ?? r.kind} · ${INSPECTION_STATUS_LABELS[r.status as InspectionStatus] ?? r.status}`,
      at: r.updated_at,
      dueOn: r.period_to,
      overdue: false,
      href: `/inspections/${r.id}`,
    })),
  };
}

/** The inspections' cards. */
export const inspectionWorkbench: WorkbenchProvider[] = [
  {
    key: 'inspections.mine',
    title: '我的检查任务',
    kind: 'todo',
    permissions: ['inspection.read'],
    load: (ctx, { limit }) => card(ctx, limit, 'team'),
  },
  {
    key: 'inspections.organised',
    title: '待审批/进行中的检查',
    kind: 'todo',
    permissions: ['inspection.manage'],
    load: (ctx, { limit }) => card(ctx, limit, 'organiser'),
  },
];
