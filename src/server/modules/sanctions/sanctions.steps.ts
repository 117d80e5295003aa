/**
 * The steps after a sanction's decision (issue 14 §2, §3): delivered, announced (timer 14), job
 * and pay changes (timer 15, extendable to 6 months through the deadlines module), execution
 * reported (timer 16), submitted to the party committee and up (timer 17's two legs); for a state
 * sanction delivery (timer 19) opens execution and the 复审 application (19, 21). Each step is
 * version-checked, meets its clock, goes on the trail and is audited; a step out of order is
 * SANCTION_STEP_ORDER in words.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { SANCTION_EVENT_LABELS, type StateSanction } from '../../shared/sanctions.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { extendClock, meetClock, meetDeadline } from '../deadlines/index.js';
import { recordAudit } from '../audit/index.js';
import { stateSanctionClocks } from './sanctions.clocks.js';
import { openSanctionClocks } from './sanctions.decision.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The steps after the decision, in the order a record takes them. */
export const SANCTION_STEPS = [
  'delivered',
  'announced',
  'job_pay',
  'execution_reported',
  'submitted_committee',
  'submitted_up',
] as const;
/** A step after the decision. */
export type SanctionStep = (typeof SANCTION_STEPS)[number];

/** The column each step dates. */
const COLUMN: Record<SanctionStep, keyof SanctionRow> = {
  delivered: 'delivered_on',
  announced: 'announced_on',
  job_pay: 'job_pay_on',
  execution_reported: 'execution_reported_on',
  submitted_committee: 'submitted_on',
  submitted_up: 'submitted_up_on',
};

/** The clock kinds a step meets. */
const MEETS: Record<SanctionStep, string[]> = {
  delivered: ['admin_sanction_delivery'],
  announced: ['sanction_announce'],
  job_pay: ['sanction_job_pay', 'demotion_personnel'],
  execution_reported: ['sanction_execution_report', 'admin_sanction_execution'],
  submitted_committee: [],
  submitted_up: [],
};

/** The steps that must come before a step, by side. */
function prerequisites(row: SanctionRow, step: SanctionStep): SanctionStep[] {
  if (step === 'execution_reported') return row.system === 'state' ? ['delivered'] : ['announced'];
  if (step === 'announced' && row.system === 'state') return ['delivered'];
  if (step === 'submitted_up') return ['submitted_committee'];
  return [];
}

/** The running clocks of timer 17 on a record, first leg first. */
async function submissionClocks(tx: Ctx, id: string) {
  return tx.db
    .selectFrom('deadlines')
    .select(['id', 'seq', 'met_at'])
    .where('resource_type', '=', SANCTION_RESOURCE)
    .where('resource_id', '=', id)
    .where('kind', '=', 'committee_submission')
    .orderBy('seq')
    .execute();
}

/** Which steps a decided record may take now (the page's "what may be done next"). */
export async function stepsOpen(tx: Ctx, row: SanctionRow): Promise<SanctionStep[]> {
  if (row.status !== 'decided') return [];
  const legs = await submissionClocks(tx, row.id);
  return SANCTION_STEPS.filter((step) => {
    if (row[COLUMN[step]] !== null) return false;
    if (prerequisites(row, step).some((p) => row[COLUMN[p]] === null)) return false;
    if (step === 'job_pay')
      return ['post_removal', 'probation', 'expulsion', 'demotion', 'removal', 'discharge'].includes(row.kind);
    if (step === 'submitted_committee') return legs.length > 0;
    if (step === 'submitted_up') return legs.length > 1;
    if (step === 'delivered' || step === 'announced' || step === 'execution_reported')
      return row.system === 'party' || row.system === 'state';
    return true;
  });
}

const STEP_WORDS: Record<SanctionStep, string> = {
  delivered: '送达',
  announced: '宣布',
  job_pay: '调整职务、工资待遇',
  execution_reported: '报告执行情况',
  submitted_committee: '报送党委',
  submitted_up: '报上级纪委',
};

/**
 * Records step `step` on a decided record on date `on` (not before the decision, not after
 * today): SANCTION_STEP_ORDER when the record is not decided, the step was taken, does not apply
 * or comes before the one it follows. Meets the step's clock; a state sanction's delivery opens
 * its execution and 复审 application clocks. Needs `manage`.
 */
export async function recordSanctionStep(
  ctx: Ctx,
  id: string,
  step: SanctionStep,
  input: { version: number; on: string; note?: string | null | undefined },
) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    const refuse = (missing: string | null, words: string) =>
      domainError('SANCTION_STEP_ORDER', { step, status: row.status, missing }, words);
    if (row.status !== 'decided') throw refuse('decided', `处分尚未作出决定，不能${STEP_WORDS[step]}`);
    if (row[COLUMN[step]] !== null)
      throw refuse(null, `已于${String(row[COLUMN[step]])}${STEP_WORDS[step]}，不能重复记录`);
    const missing = prerequisites(row, step).find((p) => row[COLUMN[p]] === null);
    if (missing) throw refuse(missing, `须先${STEP_WORDS[missing]}，才能${STEP_WORDS[step]}`);
    const open = await stepsOpen(tx, row);
    if (!open.includes(step)) throw refuse(null, `该处分不需要${STEP_WORDS[step]}`);
    if (input.on < (row.decided_on ?? '')) throw errors.validation({ field: 'on' }, '日期不能早于处分决定日期');
    if (input.on > toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'on' }, '日期不能晚于今天');
    const version = await touchSanction(tx, id, row.version, { [COLUMN[step]]: input.on });
    for (const kind of MEETS[step]) await meetDeadline(tx, SANCTION_RESOURCE, id, kind);
    if (step === 'submitted_committee' || step === 'submitted_up') {
      const legs = await submissionClocks(tx, id);
      const leg = legs[step === 'submitted_committee' ? 0 : 1];
      if (leg && leg.met_at === null) await meetClock(tx, leg.id);
    }
    if (step === 'delivered' && row.system === 'state') {
      const clocks = stateSanctionClocks({
        kind: row.kind as StateSanction,
        decidedOn: row.decided_on!,
        deliveredOn: input.on,
      }).filter((c) => c.kind === 'admin_sanction_execution' || c.kind === 'state_review_apply');
      await openSanctionClocks(tx, row, clocks);
    }
    const note = input.note?.trim() || null;
    await addSanctionEvent(tx, id, step, `${input.on}${note ? `：${note}` : ''}`);
    await recordAudit(tx, {
      action: 'sanction.step',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { [COLUMN[step]]: [null, input.on] },
    });
    return { version, step, label: SANCTION_EVENT_LABELS[step] };
  });
}

/**
 * Extends the job and pay changes' clock (timer 15; a state sanction's personnel changes, timer
 * 20) through the deadlines module: up to 5 more months (6 in all) with the higher organ's
 * approval (the approver's role is checked there: DEADLINE_APPROVER_ROLE). Needs `manage`.
 */
export async function extendJobPay(
  ctx: Ctx,
  id: string,
  input: { version: number; reason: string; months: number; approverId?: string | undefined },
) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    if (row.status !== 'decided' || row.job_pay_on !== null)
      throw domainError(
        'SANCTION_STEP_ORDER',
        { step: 'job_pay', status: row.status, missing: null },
        '职务、工资待遇调整期限只能在调整完成前延长',
      );
    const reason = input.reason.trim();
    if (!reason) throw errors.validation({ field: 'reason' }, '请写明延长的理由');
    const kind = row.system === 'state' ? 'demotion_personnel' : 'sanction_job_pay';
    const c = await extendClock(
      tx,
      { resourceType: SANCTION_RESOURCE, resourceId: id, kind },
      { reason, amount: input.months, approverId: input.approverId },
    );
    const version = await touchSanction(tx, id, row.version);
    await addSanctionEvent(tx, id, 'job_pay', `延长${input.months}个月至${c.dueOn ?? ''}：${reason}`);
    await recordAudit(tx, {
      action: 'sanction.extend',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { dueOn: [null, c.dueOn], months: [null, input.months] },
    });
    return { version, dueOn: c.dueOn };
  });
}
