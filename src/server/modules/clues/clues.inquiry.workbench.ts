/**
 * The workbench card of 谈话函询 clocks (timers 2–5): the reply to a letter, the written
 * explanation, the delegated talk and the situation report, overdue or due within
 * DUE_SOON_DAYS, on clues in the person's scope (scope in SQL through the clue policy).
 */
import type { ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { visibleWhere } from '../access/index.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { INQUIRY_CLOCKS } from './clues.inquiry.js';
import { cluePolicy } from './clues.policy.js';

type Eb = ExpressionBuilder<Database, never>;

/** The Chinese names of the inquiry clocks, as the card shows them. */
export const INQUIRY_CLOCK_LABELS: Record<string, string> = {
  [INQUIRY_CLOCKS.letterReply]: '函询回复期限',
  [INQUIRY_CLOCKS.writtenExplanation]: '书面说明期限',
  [INQUIRY_CLOCKS.delegatedTalk]: '委托谈话期限',
  [INQUIRY_CLOCKS.report]: '谈话函询情况报告期限',
};

/** Inquiry clocks in scope overdue or due within DUE_SOON_DAYS, most urgent first. */
async function inquiryDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('deadlines as d')
    .innerJoin('clues as c', 'c.id', 'd.resource_id')
    .where('d.resource_type', '=', 'clue')
    .where('d.kind', 'in', Object.values(INQUIRY_CLOCKS))
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where((eb) => visibleWhere(ctx, cluePolicy, 'read', { alias: 'c' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['d.id', 'c.id as clue_id', 'c.number', 'd.kind', 'd.due_on'])
      .orderBy('d.due_on')
      .orderBy('d.id')
      .limit(limit)
      .execute(),
  ]);
  return {
    count,
    countCapped: capped,
    href: '/clues?status=inquiry',
    severity: rows.some((r) => r.due_on !== null && r.due_on < today) ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: INQUIRY_CLOCK_LABELS[r.kind] ?? r.kind,
      at: null,
      dueOn: r.due_on,
      overdue: r.due_on !== null && r.due_on < today,
      href: `/clues/${r.clue_id}`,
    })),
  };
}

/** The card. */
export const inquiryWorkbenchCard: WorkbenchProvider = {
  key: 'clues.inquiry_due',
  title: '谈话函询时限临期',
  kind: 'clock',
  permissions: ['clue.manage'],
  load: (ctx, { limit }) => inquiryDue(ctx, limit),
};
