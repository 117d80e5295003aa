/** The workbench card "线索池待分配": pooled clues waiting for people, for zone leaders and unit heads. */
import type { WorkbenchProvider } from '../../shared/module.js';
import { listPool } from './clues.pools.js';

/** The module's cards. */
export const clueAssignmentWorkbench: WorkbenchProvider[] = [
  {
    key: 'clues.pool',
    title: '线索池待分配',
    kind: 'todo',
    permissions: ['clue.assign'],
    load: async (ctx, { limit }) => {
      const { items, total } = await listPool(ctx, {});
      if (total === 0) return null;
      return {
        count: total,
        countCapped: total >= 500,
        href: '/clue-pools',
        severity: items.some((r) => r.overdue) ? 'danger' : undefined,
        items: items.slice(0, limit).map((r) => ({
          id: r.id,
          title: r.number,
          subtitle: `${r.zoneName ?? r.handlingUnitName ?? ''} · 已等待${r.ageDays}天`,
          at: r.pooledAt,
          dueOn: r.dueOn,
          overdue: r.overdue,
          href: `/clue-pools?clue=${r.id}`,
        })),
      };
    },
  },
];
