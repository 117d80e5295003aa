/**
 * The steps of a running 留置 or 管护 (JCF24 第二十五条, 第五十条): the notice of the person's unit
 * and family within 24 hours (met by recording it, or by the principal leader's approved decision
 * not to notify with its reason: notice would obstruct the investigation), 管护's transfer to the
 * 留置场所 within 24 hours, and a change request decided within 3 days (its own clock).
 */
import { MEASURE_KIND_LABELS, type MeasureKind } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { meetDeadline, restartClock } from '../deadlines/index.js';
import {
  MEASURE_RESOURCE,
  checkInstant,
  claimMeasure,
  loadMeasure,
  ownerOf,
  requireMeasureStatus,
} from './cases.measures.js';
import { MEASURE_RULES, postOver } from './cases.measures.rules.js';
import { addCaseEvent } from './cases.service.js';

/** The 24-hour notice: recorded, or withheld by an approved decision. */
export interface NoticeInput {
  version: number;
  /** When the unit and family were notified. */
  notifiedAt?: string | null | undefined;
  /** The unit notified (its name). */
  unit?: string | null | undefined;
  /** The family member notified (name and relation). */
  family?: string | null | undefined;
  /** Not notified: why notice would obstruct the investigation. */
  withheldReason?: string | null | undefined;
  /** Not notified: the principal leader who approved it. */
  withheldApproverId?: string | null | undefined;
}

/**
 * Records the notice of the unit and family of a person under 留置 or 管护 (its clock
 * `detention_notice` is met), or the principal leader's approved decision not to notify with its
 * reason. Throws MEASURE_STEP (another measure, not running, recorded already), VALIDATION_FAILED
 * (neither a notice nor a withholding, or both), MEASURE_APPROVAL_MISSING / MEASURE_APPROVER_INVALID
 * (a withholding without the principal leader), CONFLICT, and the loading errors.
 */
export async function recordNotice(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: NoticeInput,
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    if (!MEASURE_RULES[pre.m.kind as MeasureKind].notice24h)
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'notice' }, '只有留置、管护须通知单位和家属');
    requireMeasureStatus(pre.m, ['running'], 'notice');
    if (pre.m.notified_at || pre.m.notice_withheld_reason)
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'notice' }, '通知情况已经登记');
    const withheld = Boolean(input.withheldReason?.trim());
    const notified = Boolean(input.notifiedAt);
    if (withheld === notified)
      throw domainError(
        'VALIDATION_FAILED',
        { field: 'notifiedAt' },
        '请登记通知的时间和对象，或者登记经批准不通知的理由（二者选一）',
      );
    let approverName: string | null = null;
    if (withheld) {
      if (!input.withheldApproverId)
        throw domainError(
          'MEASURE_APPROVAL_MISSING',
          { kind: pre.m.kind, missing: ['withheldApproverId'] },
          '不通知单位和家属须经主要负责人批准：请选择批准人',
        );
      const held = await postOver(tx, pre.row.handling_unit_id, input.withheldApproverId);
      if (!held || held.post !== 'principal_leader')
        throw domainError(
          'MEASURE_APPROVER_INVALID',
          { kind: pre.m.kind, level: 3 },
          '不通知单位和家属须经主要负责人批准',
        );
      approverName = held.name;
    } else {
      checkInstant(tx, 'notifiedAt', input.notifiedAt!, pre.m.started_at);
      if (!input.unit?.trim() && !input.family?.trim())
        throw domainError('VALIDATION_FAILED', { field: 'unit' }, '请填写通知的单位或家属');
    }
    const { row, m, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_notice', {
      notified_at: notified ? input.notifiedAt! : null,
      notified_unit: input.unit?.trim() || null,
      notified_family: input.family?.trim() || null,
      notice_withheld_reason: withheld ? input.withheldReason!.trim() : null,
      notice_withheld_by: withheld ? approverName : null,
    });
    await meetDeadline(tx, MEASURE_RESOURCE, measureId, 'detention_notice');
    await addCaseEvent(tx, caseId, withheld ? 'measure_notice_withheld' : 'measure_notice', {
      label: withheld ? '经批准不通知单位和家属' : `通知${MEASURE_KIND_LABELS[m.kind as MeasureKind]}对象的单位和家属`,
      note: withheld
        ? `${m.subject_name}：${input.withheldReason!.trim()}（批准人：${approverName}）`
        : `${m.subject_name}：${[input.unit, input.family].filter((x) => x?.trim()).join('、')}`,
    });
    await recordAudit(tx, {
      action: withheld ? 'case.measure_notice_withheld' : 'case.measure_notice',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { notifiedAt: [null, input.notifiedAt ?? null], withheld: [null, withheld] },
    });
    return { version };
  });
}

/**
 * Records that a person under 管护 was sent to the 留置场所 (its clock `custody_transfer` is met).
 * Throws MEASURE_STEP (another measure, not running, recorded already), VALIDATION_FAILED,
 * CONFLICT, and the loading errors.
 */
export async function recordTransfer(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: { version: number; transferredAt: string },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    if (pre.m.kind !== 'custody' || pre.m.transferred_at)
      throw domainError(
        'MEASURE_STEP',
        { status: pre.m.status, step: 'transfer' },
        '只有管护须登记送交留置场所，且只登记一次',
      );
    requireMeasureStatus(pre.m, ['running'], 'transfer');
    checkInstant(tx, 'transferredAt', input.transferredAt, pre.m.started_at);
    const { row, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_transfer', {
      transferred_at: input.transferredAt,
    });
    await meetDeadline(tx, MEASURE_RESOURCE, measureId, 'custody_transfer');
    await addCaseEvent(tx, caseId, 'measure_transferred', { label: '管护对象送交留置场所', note: pre.m.subject_name });
    await recordAudit(tx, {
      action: 'case.measure_transfer',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { transferredAt: [null, input.transferredAt] },
    });
    return { version };
  });
}

/** A request to change 留置 (by the person, their family or lawyer). */
export interface ChangeRequestInput {
  version: number;
  receivedAt: string;
  applicant: string;
  request: string;
}

/**
 * Records a request to change 留置 (JCF24 第五十条): its clock `detention_change_decision` (3
 * days) opens at receipt. One at a time. Throws MEASURE_STEP (not 留置, not running, one pending),
 * VALIDATION_FAILED, CONFLICT, and the loading errors.
 */
export async function recordChangeRequest(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: ChangeRequestInput,
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    if (pre.m.kind !== 'detention')
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'change_request' }, '变更申请只适用于留置');
    requireMeasureStatus(pre.m, ['running'], 'change_request');
    if (pre.m.change_requested_at && !pre.m.change_decided_at)
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'change_request' }, '上一次变更申请尚未答复');
    checkInstant(tx, 'receivedAt', input.receivedAt, pre.m.started_at);
    const { row, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_change_request', {
      change_requested_at: input.receivedAt,
      change_applicant: input.applicant.trim(),
      change_request: input.request.trim(),
      change_decided_at: null,
      change_decision: null,
    });
    // Each request is the next occurrence of the kind (no request is running: checked above).
    await restartClock(tx, {
      resourceType: MEASURE_RESOURCE,
      resourceId: measureId,
      kind: 'detention_change_decision',
      startAt: input.receivedAt,
      owner: ownerOf(row),
    });
    await addCaseEvent(tx, caseId, 'measure_change_requested', {
      label: '收到变更留置措施申请',
      note: `${input.applicant.trim()}：${input.request.trim()}`,
    });
    await recordAudit(tx, {
      action: 'case.measure_change_request',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { receivedAt: [null, input.receivedAt] },
    });
    return { version };
  });
}

/**
 * Answers the pending change request (its clock is met). A granted change is carried out as its
 * own records (lifting 留置, a new 责令候查). Throws MEASURE_STEP (none pending), CONFLICT, and the
 * loading errors.
 */
export async function decideChangeRequest(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  input: { version: number; granted: boolean; answer: string },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const pre = await loadMeasure(tx, caseId, measureId, 'manage');
    if (!pre.m.change_requested_at || pre.m.change_decided_at)
      throw domainError('MEASURE_STEP', { status: pre.m.status, step: 'change_decision' }, '没有待答复的变更申请');
    const decision = `${input.granted ? '同意' : '不同意'}：${input.answer.trim()}`;
    const { row, version } = await claimMeasure(tx, caseId, measureId, input.version, 'measure_change_decision', {
      change_decided_at: nowIso(tx),
      change_decision: decision,
    });
    await meetDeadline(tx, MEASURE_RESOURCE, measureId, 'detention_change_decision');
    await addCaseEvent(tx, caseId, 'measure_change_decided', { label: '答复变更留置措施申请', note: decision });
    await recordAudit(tx, {
      action: 'case.measure_change_decision',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { decision: [null, decision] },
    });
    return { version };
  });
}
