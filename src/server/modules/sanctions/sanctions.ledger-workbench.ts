/**
 * The sanctions ledger's workbench card for leaders: the last 12 months' outcomes by four form
 * (a stacked bar chart drawn with ECharts by the console), in the reader's scope, with the number
 * of people under an effect period today in words.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { nowIso } from '../../shared/context.js';
import type { WorkbenchProvider } from '../../shared/module.js';
import { FOUR_FORMS, FOUR_FORM_LABELS } from '../../shared/sanctions.codes.js';
import { monthsBetween } from './sanctions.counts.js';
import { sanctionVisibleWhere, underEffectWhere } from './sanctions.ledger.js';

type Eb = ExpressionBuilder<Database, never>;

/** The first day of the month `back` months before `today`'s. */
function monthStart(today: string, back: number): string {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/** The sanctions ledger's cards. */
export const sanctionLedgerWorkbench: WorkbenchProvider[] = [
  {
    key: 'sanctions.four_forms',
    title: '近 12 个月运用“四种形态”情况',
    kind: 'chart',
    permissions: ['sanction.export'],
    load: async (ctx) => {
      const today = toShanghaiDate(nowIso(ctx));
      const from = monthStart(today, 11);
      const months = monthsBetween(from, today);
      const visible = sanctionVisibleWhere(ctx, 'read');
      const month = sql<string>`substr(s.decided_on, 1, 7)`;
      const rows = await ctx.db
        .selectFrom('sanctions as s')
        .where((eb) => visible(eb as Eb))
        .where('s.status', '=', 'decided')
        .where('s.superseded_by', 'is', null)
        .where('s.decided_on', '>=', from)
        .where('s.decided_on', '<=', today)
        .select([month.as('month'), 's.four_form', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy([month, 's.four_form'])
        .execute();
      const under = await ctx.db
        .selectFrom('sanctions as s')
        .where((eb) => visible(eb as Eb))
        .where((eb) => underEffectWhere(today)(eb as Eb))
        .select(sql<number | string>`count(distinct coalesce(s.subject_id, s.id))`.as('n'))
        .executeTakeFirstOrThrow();
      const counts = new Map<string, number>();
      let total = 0;
      for (const r of rows) {
        const n = Number(r.n);
        counts.set(`${r.month}|${r.four_form ?? 0}`, (counts.get(`${r.month}|${r.four_form ?? 0}`) ?? 0) + n);
        total += n;
      }
      const byForm = FOUR_FORMS.map((f) => months.reduce((a, m) => a + (counts.get(`${m}|${f}`) ?? 0), 0));
      return {
        count: total,
        message:
          `近 12 个月共处理 ${total} 人次：` +
          FOUR_FORMS.map((f, i) => `${FOUR_FORM_LABELS[f]} ${byForm[i]}`).join('，') +
          `；今日处于处分影响期内 ${Number(under.n)} 人。`,
        items: [],
        href: '/sanctions',
        chart: {
          type: 'bar',
          categories: months,
          series: FOUR_FORMS.map((f) => ({
            name: FOUR_FORM_LABELS[f],
            data: months.map((m) => counts.get(`${m}|${f}`) ?? 0),
          })),
        },
      };
    },
  },
];
