/** The workbench card "线索池待分配": pooled clues waiting for people, for zone leaders and unit heads. */
import type { WorkbenchProvider } from '../../shared/module.js';
import { listPool, poolHasOverdue } from './clues.pools.js';

/** The module's cards. */
export const clueAssignmentWorkbench: WorkbenchProvider[] = [
  {
    key: 'clues.pool',
    title: '线索池待分配',
    kind: 'todo',
    permissions: ['clue.assign'],
    load: async (ctx, { limit }) => {
      // The pool's first page carries the count, exact up to the ledger's cap (no guessed "500+").
      const { items, total, totalCapped } = await listPool(ctx, { page: 1, pageSize: Math.max(1, limit) });
      if (total === 0) return null;
      return {
        count: total,
        countCapped: totalCapped,
        href: '/clue-pools',
        // Any overdue clue in the pools, not only among the lines shown.
        severity: items.some((r) => r.overdue) || (await poolHasOverdue(ctx)) ? 'danger' : undefined,
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
