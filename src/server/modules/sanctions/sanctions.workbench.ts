/**
 * The sanctions' workbench cards: drafted records waiting for a decision (for whoever may manage
 * them), and the steps due (running sanction clocks overdue or due soon) of the records I may
 * read. Scope in SQL (`visibleWhere`: the policy's scope and the case's recusal); counted and
 * cut as every card is (`queryCard`).
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { FORM_OUTCOME_LABELS, type FormOutcome } from '../../shared/sanctions.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { visibleWhere } from '../access/index.js';
import { DUE_SOON_DAYS, addDays } from '../deadlines/index.js';
import { queryCard } from '../workbench/index.js';
import { sanctionPolicy } from './sanctions.policy.js';
import { SANCTION_RESOURCE } from './sanctions.service.js';

const label = (code: string) => FORM_OUTCOME_LABELS[code as FormOutcome] ?? code;

/** Drafted records in my `manage` scope, oldest first. */
async function toDecide(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('sanctions as s')
    .where('s.status', '=', 'drafted')
    .where(visibleWhere(ctx, sanctionPolicy, 'manage', { alias: 's' }));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['s.id', 's.person_name', 's.outcome_code', 's.case_number', 's.created_at'])
        .orderBy('s.created_at')
        .orderBy('s.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: null,
      items: rows.map((r) => ({
        id: r.id,
        title: `${r.person_name} · ${label(r.outcome_code)}`,
        subtitle: `待决定${r.case_number ? ` · ${r.case_number}` : ''}`,
        at: r.created_at,
        dueOn: null,
        overdue: false,
        href: `/sanctions/${r.id}`,
      })),
    }),
  );
}

/** Running clocks of decided records I may read, overdue or due within DUE_SOON_DAYS, most urgent first. */
async function stepsDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('deadlines as d')
    .innerJoin('sanctions as s', 's.id', 'd.resource_id')
    .where('d.resource_type', '=', SANCTION_RESOURCE)
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where(visibleWhere(ctx, sanctionPolicy, 'read', { alias: 's' }));
  return queryCard(
    ctx,
    base,
    (q) =>
      q
        .select(['s.id', 's.person_name', 's.outcome_code', 'd.id as clock_id', 'd.kind', 'd.due_on'])
        .orderBy('d.due_on')
        .orderBy('d.id')
        .limit(limit)
        .execute(),
    (rows) => ({
      href: null,
      severity: rows.some((r) => r.due_on !== null && r.due_on < today) ? 'danger' : 'warning',
      items: rows.map((r) => ({
        id: r.clock_id,
        title: `${r.person_name} · ${label(r.outcome_code)}`,
        subtitle: STEP_CLOCK_WORDS[r.kind] ?? r.kind,
        at: null,
        dueOn: r.due_on,
        overdue: r.due_on !== null && r.due_on < today,
        href: `/sanctions/${r.id}`,
      })),
    }),
  );
}

const STEP_CLOCK_WORDS: Record<string, string> = {
  sanction_announce: '处分决定宣布期限',
  sanction_job_pay: '职务、工资等变更期限',
  sanction_execution_report: '处分执行情况报告期限',
  committee_submission: '报党委审批期限',
  admin_sanction_delivery: '政务处分决定送达期限',
  admin_sanction_execution: '政务处分执行期限',
  demotion_personnel: '人事变动期限',
  state_review_apply: '申请复审期限',
};

/** The sanctions' cards. */
export const sanctionWorkbench: WorkbenchProvider[] = [
  {
    key: 'sanction.to_decide',
    title: '待决定的处分',
    kind: 'todo',
    permissions: ['sanction.manage'],
    load: (ctx, { limit }) => toDecide(ctx, limit),
  },
  {
    key: 'sanction.steps_due',
    title: '处分执行期限临期',
    kind: 'clock',
    permissions: ['sanction.read'],
    load: (ctx, { limit }) => stepsDue(ctx, limit),
  },
];
