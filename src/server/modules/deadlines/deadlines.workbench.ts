/** The deadlines module's workbench card: clocks overdue or due within three days, in scope. */
import type { WorkbenchProvider } from '../../shared/module.js';
import { worklist } from './deadlines.views.js';

/** How many clocks the card counts before it says "at least". */
const CAP = 500;

/** The module's cards. */
export const deadlineWorkbench: WorkbenchProvider[] = [
  {
    key: 'deadlines.due',
    title: '即将到期和已超期的时限',
    kind: 'clock',
    permissions: ['report.read'],
    load: async (ctx, { limit }) => {
      const all = await worklist(ctx, { limit: CAP });
      const overdue = all.filter((d) => d.overdue).length;
      return {
        count: all.length,
        countCapped: all.length >= CAP,
        severity: overdue > 0 ? 'danger' : all.length > 0 ? 'warning' : 'info',
        message: all.length ? `已超期 ${overdue} 项，3 日内到期 ${all.length - overdue} 项` : null,
        items: all.slice(0, limit).map((d) => ({
          id: `${d.resourceType}:${d.resourceId}:${d.kind}`,
          title: `${d.label}：${d.reportNumber ?? ''}`,
          subtitle: [d.subjectName, d.ownerUnitName].filter(Boolean).join(' · ') || null,
          at: null,
          dueOn: d.dueOn,
          overdue: d.overdue,
          href: d.resourceType === 'report' ? `/reports/${d.resourceId}` : null,
        })),
        href: '/deadlines',
      };
    },
  },
];
