/** The recusal module's workbench card, for the organ's principal leader: requests waiting for my decision. */
import type { WorkbenchProvider } from '../../shared/module.js';
import { RECUSAL_REQUESTER_LABELS } from '../../shared/recusal.codes.js';
import { recusalsToDecide } from './recusals.service.js';

/** The module's cards. */
export const recusalWorkbench: WorkbenchProvider[] = [
  {
    key: 'recusal.to_decide',
    title: '待我决定的回避申请',
    kind: 'todo',
    permissions: ['recusal.decide'],
    load: async (ctx, { limit }) => {
      const { total, items } = await recusalsToDecide(ctx, limit);
      if (total === 0) return { count: 0, items: [], href: '/recusals' };
      return {
        count: total,
        countCapped: total >= 200,
        items: items.map((r) => ({
          id: r.id,
          title: `${r.userName}：${RECUSAL_REQUESTER_LABELS[r.requestedBy]}${r.oral ? '（口头）' : ''}`,
          subtitle: r.escalated ? '主要负责人回避，由上一级机关决定' : r.reasons.slice(0, 60),
          at: r.createdAt,
          dueOn: null,
          overdue: false,
          href: `/recusals?id=${r.id}`,
        })),
        href: '/recusals',
      };
    },
  },
];
