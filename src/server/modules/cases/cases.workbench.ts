/**
 * The case stage's workbench cards: clues proposed for filing whose filing request is still to be
 * drafted (for whoever may draft it), filing requests returned to their drafter for revision,
 * and the clocks of my cases due soon or overdue. Each reads in the person's scope in SQL.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { waitingFilings } from '../clues/index.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { queryCard } from '../workbench/index.js';
import { caseLineWhere, caseMemberWhere } from './cases.policy.js';

/** The card's words for the case clocks (other parts of the stage add their kinds). */
const CLOCK_WORDS: Record<string, string> = {
  investigation: '审查调查期限',
};

/** Clues in 拟立案 whose filing handover waits, oldest first (the clues module reads its own table). */
async function toDraft(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const { count, capped, items } = await waitingFilings(ctx, limit);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/clues?status=case_proposed',
    items: items.map((w) => ({
      id: w.clueId,
      title: w.number,
      subtitle: `拟立案 · ${w.subjectName}`,
      at: w.handedOverAt,
      dueOn: null,
      overdue: false,
      href: `/clues/${w.clueId}`,
    })),
  };
}

/** Filing requests I drafted that came back for revision (立案呈批退回), oldest first. */
async function returned(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('cases as c')
    .where('c.status', '=', 'filing_returned')
    .where('c.created_by', '=', ctx.actor?.userId ?? '')
    .where((eb) => caseLineWhere(ctx, 'c')(eb as never));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['c.id', 'c.title', 'c.subject_name', 'c.updated_at'])
        .orderBy('c.updated_at')
        .orderBy('c.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: '/cases?status=filing_returned',
      severity: 'warning',
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        subtitle: `退回修改 · ${r.subject_name}`,
        at: r.updated_at,
        dueOn: null,
        overdue: false,
        href: `/cases/${r.id}/filing`,
      })),
    }),
  );
}

/** Running clocks of the cases I am on the team of, overdue or due within DUE_SOON_DAYS, most urgent first. */
async function clocksDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('deadlines as d')
    .innerJoin('cases as c', 'c.id', 'd.resource_id')
    .where('d.resource_type', '=', 'case')
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where(caseMemberWhere(ctx, 'c.id'))
    .where((eb) => caseLineWhere(ctx, 'c')(eb as never));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['c.id', 'c.number', 'c.subject_name', 'd.id as clock_id', 'd.kind', 'd.due_on'])
        .orderBy('d.due_on')
        .orderBy('d.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: '/cases?mine=1',
      severity: rows.some((r) => r.due_on < today) ? 'danger' : 'warning',
      items: rows.map((r) => ({
        id: r.clock_id,
        title: r.number ?? r.subject_name,
        subtitle: `${CLOCK_WORDS[r.kind] ?? r.kind} · ${r.subject_name}`,
        at: null,
        dueOn: r.due_on,
        overdue: r.due_on < today,
        href: `/cases/${r.id}?tab=clocks`,
      })),
    }),
  );
}

/** The case stage's cards. */
export const caseWorkbench: WorkbenchProvider[] = [
  {
    key: 'cases.to_draft',
    title: '待起草立案呈批报告的线索',
    kind: 'todo',
    permissions: ['case.manage'],
    load: (ctx, { limit }) => toDraft(ctx, limit),
  },
  {
    key: 'cases.filing_returned',
    title: '退回修改的立案呈批报告',
    kind: 'todo',
    permissions: ['case.manage'],
    load: (ctx, { limit }) => returned(ctx, limit),
  },
  {
    key: 'cases.clocks_due',
    title: '我的案件时限临期',
    kind: 'clock',
    permissions: ['case.read'],
    load: (ctx, { limit }) => clocksDue(ctx, limit),
  },
];
