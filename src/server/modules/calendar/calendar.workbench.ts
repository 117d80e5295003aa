/**
 * The calendar module's workbench card, for whoever maintains the holiday arrangements: a
 * year that clocks will soon run into (this year, or next year from October, when the State
 * Council usually publishes it) without a loaded arrangement. Such clocks count weekends only.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { nowIso } from '../../shared/context.js';
import type { WorkbenchProvider } from '../../shared/module.js';

/** The module's cards. */
export const calendarWorkbench: WorkbenchProvider[] = [
  {
    key: 'calendar.missing_years',
    title: '节假日安排待导入',
    kind: 'alert',
    permissions: ['calendar.manage'],
    load: async (ctx) => {
      const today = toShanghaiDate(nowIso(ctx));
      const year = Number(today.slice(0, 4));
      const wanted = Number(today.slice(5, 7)) >= 10 ? [year, year + 1] : [year];
      // A year counts as loaded only with at least one day in its arrangement.
      const loaded = new Set(
        (await ctx.db.selectFrom('calendar_days').select('year').distinct().where('year', 'in', wanted).execute()).map(
          (r) => Number(r.year),
        ),
      );
      const missing = wanted.filter((y) => !loaded.has(y));
      if (missing.length === 0) return null;
      return {
        count: missing.length,
        severity: missing.includes(year) ? 'danger' : 'warning',
        message: `${missing.join('、')} 年的节假日安排尚未导入：跨入该年的时限只按周末计算，请在国务院办公厅通知发布后导入。`,
        items: missing.map((y) => ({
          id: String(y),
          title: `${y} 年节假日安排`,
          subtitle: '未导入',
          at: null,
          dueOn: null,
          overdue: false,
          href: '/calendar',
        })),
        href: '/calendar',
      };
    },
  },
];
