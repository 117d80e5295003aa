/**
 * Lengthening the measures' clocks and the case's periods (domain rules §3.1, §3.4, §9 timers 12,
 * 24 to 30): an extension by the next step of the clock's rule, with the approver the rule names
 * (the clock engine checks the role) and, for 留置 and 限制出境, the approving organ's document; the
 * one restart of 留置 (newly found major crimes); the state-side investigation period's ≤ 6 months
 * extension with the higher organ's approval; the party-side period, only where the county set a
 * length. The engine extends an expired clock from its legal end: here an extension asked after
 * the due date (hour clocks: the due instant) is refused (MEASURE_EXTENSION_LATE).
 */
import { MEASURE_KIND_LABELS, type MeasureKind } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { DomainError, domainError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, deadlinesOf, extendClock, openClock, restartClock } from '../deadlines/index.js';
import { MEASURE_RESOURCE, claimMeasure, loadMeasure, ownerOf, requireMeasureStatus } from './cases.measures.js';
import { MEASURE_RULES, provincialOrgan } from './cases.measures.rules.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus, touchCase } from './cases.state.js';
import { CASE_WORKING_STATES } from '../../shared/cases.codes.js';

/** The approving organ's document (上级机关、省级机关的批准). */
export interface OrganApproval {
  organ: string;
  number: string;
  approvedOn: string;
}

/** An extension as the team records it. */
export interface ExtensionInput {
  version: number;
  reason: string;
  /** In the rule's unit; default the step's longest. */
  amount?: number | undefined;
  /** The account holding the role the rule names (default: the caller). */
  approverId?: string | undefined;
  /** 留置, 限制出境 and the investigation period: the approving organ's document. */
  approval?: OrganApproval | null | undefined;
}

/** The running clock of `kind` on a record, refused when it expired already (MEASURE_EXTENSION_LATE). */
async function runningInTime(tx: Ctx, resourceType: string, resourceId: string, kind: string): Promise<DeadlineView> {
  const clock = (await deadlinesOf(tx, resourceType, resourceId)).find((d) => d.kind === kind && d.state === 'running');
  if (!clock) throw domainError('DEADLINE_STATE', { reason: 'not_running', kind });
  if (clock.overdue)
    throw domainError(
      'MEASURE_EXTENSION_LATE',
      { kind, dueOn: clock.dueOn, dueAt: clock.dueAt },
      `${clock.label}已于${clock.dueAt ?? clock.dueOn}届满，不能再延长：延长须在期满前批准`,
    );
  return clock;
}

function approvalWords(a: OrganApproval | null | undefined): string {
  return a ? `（${a.organ}${a.number}，${a.approvedOn}批准）` : '';
}

/**
 * Extends a running measure's main clock (留置, 管护's decision, 冻结, 限制出境, 技术调查) by the next
 * step of its rule. 留置 and 限制出境 need the organ's document; 留置's second extension and every
 * 限制出境 extension a 省级以上 organ. Throws MEASURE_STEP (no extendable clock, not running),
 * MEASURE_EXTENSION_LATE, MEASURE_APPROVAL_MISSING, MEASURE_APPROVER_INVALID, the engine's
 * DEADLINE_NOT_EXTENDABLE, DEADLINE_EXTENSION_TOO_LONG, DEADLINE_APPROVER_ROLE, CONFLICT.
 */
export async function extendMeasure(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: ExtensionInput,
): Promise<{ version: number; dueOn: string | null; dueAt: string | null; extensions: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    const kind = pre.m.kind as MeasureKind;
    const clockKind = MEASURE_RULES[kind].mainClock;
    if (!clockKind)
      throw domainError(
        'MEASURE_STEP',
        { status: pre.m.status, step: 'extension' },
        `${MEASURE_KIND_LABELS[kind]}没有可以延长的期限`,
      );
    requireMeasureStatus(pre.m, ['running'], 'extension');
    const clock = await runningInTime(tx, MEASURE_RESOURCE, measureId, clockKind);
    if (kind === 'detention' || kind === 'exit_ban') {
      if (!input.approval)
        throw domainError(
          'MEASURE_APPROVAL_MISSING',
          { kind, missing: ['approval'] },
          kind === 'detention'
            ? '延长留置时间须经上一级监察机关批准：请填写批准机关、文号和日期'
            : '延长限制出境须经省级以上监察机关批准：请填写批准机关、文号和日期',
        );
      const provincial = kind === 'exit_ban' || clock.extensions >= 1;
      if (provincial && !provincialOrgan(input.approval.organ))
        throw domainError(
          'MEASURE_APPROVER_INVALID',
          { kind, organ: input.approval.organ },
          kind === 'detention' ? '再次延长留置时间须经省级监察机关批准' : '延长限制出境须经省级以上监察机关批准',
        );
    }
    const { row, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_extension');
    const reason = `${input.reason.trim()}${approvalWords(input.approval)}`;
    const extended = await extendClock(
      tx,
      { clockId: clock.id },
      { approverId: input.approverId, reason, amount: input.amount },
    );
    await addCaseEvent(tx, caseId, 'measure_extended', {
      label: `延长${MEASURE_KIND_LABELS[kind]}期限`,
      note: `${pre.m.subject_name}：至${extended.dueAt ?? extended.dueOn}；批准人：${extended.approver.displayName}；${reason}`,
    });
    await recordAudit(tx, {
      action: 'case.measure_extend',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: {
        clock: [null, clockKind],
        due: [clock.dueAt ?? clock.dueOn, extended.dueAt ?? extended.dueOn],
        approver: [null, extended.approver.userId],
      },
    });
    return { version, dueOn: extended.dueOn, dueAt: extended.dueAt, extensions: extended.extensions };
  });
}

/**
 * Restarts 留置's time once (JCF24 第四十八条: other major crimes newly found), with the approving
 * organ's document; the running clock ends as restarted and a new one starts now. Throws
 * MEASURE_STEP (not 留置, not running), MEASURE_APPROVAL_MISSING, DEADLINE_RESTART_LIMIT (a
 * second restart), CONFLICT, and the loading errors.
 */
export async function restartDetention(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: { version: number; reason: string; approval: OrganApproval },
): Promise<{ version: number; dueOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    if (pre.m.kind !== 'detention')
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'restart' }, '只有留置时间可以重新计算');
    requireMeasureStatus(pre.m, ['running'], 'restart');
    const note = `${input.reason.trim()}${approvalWords(input.approval)}`;
    const now = new Date(tx.clock.nowMs()).toISOString();
    const { row, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_restart', {
      restarted_at: now,
      restart_note: note,
    });
    const clock = await restartClock(tx, {
      resourceType: MEASURE_RESOURCE,
      resourceId: measureId,
      kind: 'detention',
      startAt: now,
      owner: ownerOf(row),
    });
    await addCaseEvent(tx, caseId, 'measure_restarted', {
      label: '重新计算留置时间',
      note: `${pre.m.subject_name}：${note}；至${clock.dueOn}`,
    });
    await recordAudit(tx, {
      action: 'case.measure_restart',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { restartedAt: [null, now], dueOn: [null, clock.dueOn] },
    });
    return { version, dueOn: clock.dueOn };
  });
}

/**
 * Extends the case's state-side investigation period (timer 12, `investigation`: ≤ 6 months with
 * the higher organ's approval, TL21 第一百八十五条) or the party-side period where the county set
 * one with extensions (`party_investigation`). Bumps the case's version. Throws DEADLINE_STATE
 * (no such period running), MEASURE_EXTENSION_LATE, MEASURE_APPROVAL_MISSING (investigation
 * without the higher organ's document), the engine's extension errors, CONFLICT.
 */
export async function extendPeriod(
  ctx: Ctx,
  caseId: string,
  input: ExtensionInput & { kind: 'investigation' | 'party_investigation' },
): Promise<{ version: number; dueOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'period_extension');
    const clock = await runningInTime(tx, 'case', caseId, input.kind);
    if (input.kind === 'investigation' && !input.approval)
      throw domainError(
        'MEASURE_APPROVAL_MISSING',
        { kind: input.kind, missing: ['approval'] },
        '延长审查调查期限须经上一级监察机关批准：请填写批准机关、文号和日期',
      );
    const version = await touchCase(tx, caseId, input.version);
    const reason = `${input.reason.trim()}${approvalWords(input.approval)}`;
    const extended = await extendClock(
      tx,
      { clockId: clock.id },
      { approverId: input.approverId, reason, amount: input.amount },
    );
    await addCaseEvent(tx, caseId, 'period_extended', {
      label: `延长${clock.label}期限`,
      note: `至${extended.dueOn}；批准人：${extended.approver.displayName}；${reason}`,
    });
    await recordAudit(tx, {
      action: 'case.period_extend',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { kind: [null, input.kind], dueOn: [clock.dueOn, extended.dueOn], version: [input.version, version] },
    });
    return { version, dueOn: extended.dueOn };
  });
}

/**
 * Starts the party-side investigation period (`party_investigation`) from the filing, where the
 * county (or province) set a length: there is no national one (domain rules §10 item 1). Throws
 * MEASURE_PERIOD_UNSET where none is set, CASE_TRANSITION (not filed), CONFLICT.
 */
export async function openPartyPeriod(
  ctx: Ctx,
  caseId: string,
  input: { version: number },
): Promise<{ version: number; dueOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'manage', { forUpdate: true });
    await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'party_period');
    const version = await touchCase(tx, caseId, input.version);
    let clock;
    try {
      clock = await openClock(tx, {
        resourceType: 'case',
        resourceId: caseId,
        kind: 'party_investigation',
        startAt: row.filed_at ?? new Date(tx.clock.nowMs()).toISOString(),
        owner: ownerOf(row),
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'TIMER_NOT_CONFIGURED')
        throw domainError('MEASURE_PERIOD_UNSET', { kind: 'party_investigation' });
      throw e;
    }
    await addCaseEvent(tx, caseId, 'party_period_opened', {
      label: '开始计算审查期限（地方规定）',
      note: `至${clock.dueOn}`,
    });
    await recordAudit(tx, {
      action: 'case.party_period_open',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { dueOn: [null, clock.dueOn], version: [input.version, version] },
    });
    return { version, dueOn: clock.dueOn };
  });
}
