/**
 * The clue module's workbench cards: my clues (keeper, handler or team member, in scope or not), clues whose disposal opinion
 * (timer 1) is due, and clues flagged for the higher organ (GZ 第二十二条) not yet reported. Each
 * reads in the person's scope through the clue policy (scope in SQL).
 */
import type { ExpressionBuilder } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CLUE_STATUS_LABELS, type ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { visibleWhere } from '../access/index.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { memberClues } from './clues.ledger-plan.js';
import { cluePolicy } from './clues.policy.js';
import { LEDGER_CLOCKS } from './clues.ledger.js';
import { DISPOSAL_CLOCK } from './clues.service.js';
import { VERIFICATION_CLOCK } from './clues.verification.clock.js';
import { inquiryWorkbenchCard } from './clues.inquiry.workbench.js';

type Eb = ExpressionBuilder<Database, never>;

/**
 * The clues the person works on (keeper, handler, team member; not removed), newest first: in
 * their scope or not (a township officer on a zone team sees the county's clue here, the team
 * reaching out of scope), never one they are recused from.
 */
async function myClues(ctx: Ctx, limit: number): Promise<WorkbenchCardContent> {
  const userId = ctx.actor?.userId ?? '';
  const base = ctx.db
    .selectFrom('clues as c')
    .where((eb) => visibleWhere(ctx, cluePolicy, 'read', { alias: 'c', team: true })(eb as Eb))
    .where('c.status', 'not in', ['concluded', 'transferred'])
    .where('c.id', 'in', memberClues(ctx, userId));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.status', 'c.subject_name', 'c.received_at'])
      .orderBy('c.received_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return {
    count,
    countCapped: capped,
    href: '/clues?mine=1',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: `${CLUE_STATUS_LABELS[r.status as ClueStatus] ?? r.status} · ${r.subject_name}`,
      at: r.received_at,
      dueOn: null,
      overdue: false,
      href: `/clues/${r.id}`,
    })),
  };
}

/** The card's words for each ledger clock. */
const CLOCK_WORDS: Record<string, string> = {
  [DISPOSAL_CLOCK]: '处置意见期限',
  [VERIFICATION_CLOCK]: '初核工作方案期限',
};

/**
 * Clues in scope whose timer 1 or verification plan period (`LEDGER_CLOCKS`) is overdue or due
 * within DUE_SOON_DAYS, most urgent first.
 */
async function disposalDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('deadlines as d')
    .innerJoin('clues as c', 'c.id', 'd.resource_id')
    .where('d.resource_type', '=', 'clue')
    .where('d.kind', 'in', LEDGER_CLOCKS)
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where((eb) => visibleWhere(ctx, cluePolicy, 'read', { alias: 'c' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.received_at', 'd.due_on', 'd.kind'])
      .orderBy('d.due_on')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  ]);
  return {
    count,
    countCapped: capped,
    href: '/clues?clock=due_soon',
    severity: rows.some((r) => r.due_on !== null && r.due_on < today) ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: CLOCK_WORDS[r.kind] ?? r.kind,
      at: r.received_at,
      dueOn: r.due_on,
      overdue: r.due_on !== null && r.due_on < today,
      href: `/clues/${r.id}`,
    })),
  };
}

/** Flagged clues (GZ 第二十二条) in the person's register scope not yet reported to the higher organ. */
async function unreported(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('clues as c')
    .where('c.higher_report_required', '=', 1)
    .where('c.higher_reported_on', 'is', null)
    .where((eb) => visibleWhere(ctx, cluePolicy, 'register', { alias: 'c' })(eb as Eb));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.subject_name', 'c.received_at'])
      .orderBy('c.received_at')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/clues?unreported=1',
    severity: 'danger',
    message:
      '以下线索涉及同级党委委员、纪委常委或管辖范围内单位主要负责人，须及时报告上级纪委（监督执纪工作规则第二十二条）',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: `反映对象：${r.subject_name}`,
      at: r.received_at,
      dueOn: null,
      overdue: false,
      href: `/clues/${r.id}`,
    })),
  };
}

/** The clue module's cards. */
export const clueWorkbench: WorkbenchProvider[] = [
  {
    key: 'clues.mine',
    title: '我承办的问题线索',
    kind: 'todo',
    permissions: ['clue.read'],
    load: (ctx, { limit }) => myClues(ctx, limit),
  },
  {
    key: 'clues.disposal_due',
    title: '问题线索时限临期',
    kind: 'clock',
    permissions: ['clue.register', 'clue.manage'],
    load: (ctx, { limit }) => disposalDue(ctx, limit),
  },
  {
    key: 'clues.unreported',
    title: '待报告上级纪委的线索',
    kind: 'alert',
    permissions: ['clue.register'],
    load: (ctx, { limit }) => unreported(ctx, limit),
  },
  inquiryWorkbenchCard,
];
