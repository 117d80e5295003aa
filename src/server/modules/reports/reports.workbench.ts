/**
 * The reports module's workbench cards: reports waiting to be accepted or disposed of, re-check
 * requests and reviews (复核) waiting for an answer, new reports and reporters' new messages since the person last
 * looked, and reports received per month for leaders. Every card reads in the person's scope
 * through the report policy (scope in SQL).
 */
import { type ExpressionBuilder, sql } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Ctx } from '../../shared/context.js';
import { nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchItem, WorkbenchProvider } from '../../shared/module.js';
import { CLOSED_STATUSES, KIND_LABELS, type ReportKind, type ReportStatus } from '../../shared/reports.codes.js';
import { visibleWhere } from '../access/index.js';
import { reportPolicy } from './reports.policy.js';
import { reviewWorkbench } from './reports.review-card.js';

type Eb = ExpressionBuilder<Database, never>;
const DAY = 86_400_000;

function reportItem(r: {
  id: string;
  number: string | null;
  subject_name: string;
  received_at: string;
}): WorkbenchItem {
  return {
    id: r.id,
    title: r.number ?? '（未编号）',
    subtitle: `被反映人：${r.subject_name}`,
    at: r.received_at,
    dueOn: null,
    overdue: false,
    href: `/reports/${r.id}`,
  };
}

/** Reports of one status in the person's manage scope, oldest first (the longest waiting). */
async function byStatus(ctx: Ctx, status: string, limit: number, href: string): Promise<WorkbenchCardContent> {
  const base = ctx.db
    .selectFrom('reports as r')
    .where('r.status', '=', status)
    .where((eb) => visibleWhere(ctx, reportPolicy, 'manage', { alias: 'r' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['r.id', 'r.number', 'r.subject_name', 'r.received_at'])
      .orderBy('r.received_at')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
  ]);
  return { count, countCapped: capped, items: rows.map(reportItem), href };
}

/** The reports module's cards. */
export const reportWorkbench: WorkbenchProvider[] = [
  {
    key: 'reports.to_accept',
    title: '待受理的信访举报',
    kind: 'todo',
    permissions: ['report.manage'],
    load: (ctx, { limit }) => byStatus(ctx, 'received', limit, '/reports?status=received'),
  },
  {
    key: 'reports.to_dispose',
    title: '已受理待处置',
    kind: 'todo',
    permissions: ['report.manage'],
    load: (ctx, { limit }) => byStatus(ctx, 'accepted', limit, '/reports?status=accepted'),
  },
  {
    key: 'reports.rechecks',
    title: '待答复的复查申请',
    kind: 'todo',
    permissions: ['report.manage'],
    load: async (ctx, { limit }) => {
      const base = ctx.db
        .selectFrom('reports as r')
        .innerJoin('deadlines as d', (j) =>
          j.onRef('d.resource_id', '=', 'r.id').on('d.resource_type', '=', 'report').on('d.kind', '=', 'recheck'),
        )
        .where('d.met_at', 'is', null)
        .where((eb) => visibleWhere(ctx, reportPolicy, 'manage', { alias: 'r' })(eb as Eb));
      const [{ count, capped }, rows] = await Promise.all([
        countUpTo(ctx.db, base),
        base
          .select(['r.id', 'r.number', 'r.subject_name', 'r.received_at', 'd.due_on'])
          .orderBy('d.due_on')
          .limit(limit)
          .execute(),
      ]);
      const today = toShanghaiDate(nowIso(ctx));
      return {
        count,
        countCapped: capped,
        items: rows.map((r) => ({ ...reportItem(r), dueOn: r.due_on, overdue: r.due_on < today })),
        href: '/reports',
      };
    },
  },
  reviewWorkbench,
  {
    key: 'reports.new',
    title: '新收到的信访举报',
    kind: 'new',
    permissions: ['report.read'],
    load: async (ctx, { since, limit }) => {
      // Never looked: the last seven days.
      const from = since ?? new Date(ctx.clock.nowMs() - 7 * DAY).toISOString();
      const base = ctx.db
        .selectFrom('reports as r')
        .where('r.received_at', '>', from)
        .where('r.in_ledger', '=', 1)
        .where((eb) => visibleWhere(ctx, reportPolicy, 'read', { alias: 'r' })(eb as Eb));
      const [{ count, capped }, rows] = await Promise.all([
        countUpTo(ctx.db, base),
        base
          .select(['r.id', 'r.number', 'r.subject_name', 'r.received_at'])
          .orderBy('r.received_at', 'desc')
          .limit(limit)
          .execute(),
      ]);
      return { count, countCapped: capped, items: rows.map(reportItem), href: '/reports' };
    },
  },
  {
    key: 'reports.messages',
    title: '举报人新留言',
    kind: 'new',
    permissions: ['report.manage'],
    load: async (ctx, { since, limit }) => {
      const from = since ?? new Date(ctx.clock.nowMs() - 7 * DAY).toISOString();
      const base = ctx.db
        .selectFrom('report_messages as m')
        .innerJoin('reports as r', 'r.id', 'm.report_id')
        .where('m.author', '=', 'reporter')
        .where('m.created_at', '>', from)
        .where((eb) => visibleWhere(ctx, reportPolicy, 'manage', { alias: 'r' })(eb as Eb));
      const [{ count, capped }, rows] = await Promise.all([
        countUpTo(ctx.db, base),
        base
          .select(['r.id', 'r.number', 'r.subject_name', 'm.created_at'])
          .orderBy('m.created_at', 'desc')
          .limit(limit)
          .execute(),
      ]);
      return {
        count,
        countCapped: capped,
        // The message text is not repeated here: the person opens the report to read it.
        items: rows.map((r) => ({ ...reportItem({ ...r, received_at: r.created_at }), subtitle: '举报人补充了留言' })),
        href: '/reports',
      };
    },
  },
  {
    key: 'reports.monthly',
    title: '近 12 个月受理的信访举报',
    kind: 'chart',
    permissions: ['report.export'],
    load: async (ctx) => {
      const today = toShanghaiDate(nowIso(ctx));
      const months: string[] = [];
      for (let i = 11; i >= 0; i--) {
        const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
        d.setUTCMonth(d.getUTCMonth() - i);
        months.push(d.toISOString().slice(0, 7));
      }
      // Month boundaries in Shanghai time: the month starts at 16:00 UTC of the day before.
      const startUtc = new Date(Date.parse(`${months[0]}-01T00:00:00+08:00`)).toISOString();
      // Grouped in SQL by the Shanghai month (received_at is an ISO instant in UTC).
      const month =
        ctx.dialect.name === 'postgres'
          ? sql<string>`to_char((r.received_at)::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM')`
          : sql<string>`strftime('%Y-%m', r.received_at, '+8 hours')`;
      const rows = await ctx.db
        .selectFrom('reports as r')
        .select([month.as('month'), 'r.kind', 'r.status', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('r.received_at', '>=', startUtc)
        .where('r.in_ledger', '=', 1)
        .where((eb) => visibleWhere(ctx, reportPolicy, 'read', { alias: 'r' })(eb as Eb))
        .groupBy([month, 'r.kind', 'r.status'])
        .execute();
      const kinds = [...new Set(rows.map((r) => r.kind as ReportKind))].sort();
      const counts = new Map<string, number>();
      let total = 0;
      let thisMonth = 0;
      let closed = 0;
      for (const r of rows) {
        const n = Number(r.n);
        const key = `${r.month}|${r.kind}`;
        counts.set(key, (counts.get(key) ?? 0) + n);
        total += n;
        if (r.month === months[11]) thisMonth += n;
        if (CLOSED_STATUSES.includes(r.status as ReportStatus)) closed += n;
      }
      return {
        count: total,
        message: `近 12 个月共 ${total} 件，本月 ${thisMonth} 件；尚在办理 ${total - closed} 件，已办结或转出 ${closed} 件。`,
        items: [],
        href: '/reports',
        chart: {
          type: 'bar',
          categories: months,
          series: kinds.map((k) => ({
            name: KIND_LABELS[k] ?? k,
            data: months.map((m) => counts.get(`${m}|${k}`) ?? 0),
          })),
        },
      };
    },
  },
];
