/**
 * Changing a case's handling mode after filing (issue 13 §2.1): the team or a supervisor asks for
 * a new mode with a reason of the county's list and the unit, zone or other organ the mode needs;
 * the request goes up the `case.mode_change` chain (GZ 第十条: department head, leader in charge,
 * the commission's principal leader), and its approval is applied in the deciding transaction
 * (`onModeChangeDecided`): the case's mode, handling unit (its ownership), zone and other organ
 * change, its open clocks move with it, and the history stays in `case_mode_changes`. The old
 * handling unit's people who are not on the team lose the content at that moment (scope is data).
 */
import type { TargetLevel } from '../../shared/approvals.codes.js';
import {
  type CaseStatus,
  DEFAULT_MODE_REASONS,
  HANDLING_MODE_LABELS,
  type HandlingMode,
  MODE_CHANGE_STATES,
  MODE_CHANGE_STATUS_LABELS,
  type ModeChangeStatus,
  ZONE_EVENT_LABELS,
} from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { ApprovalDecidedEvent } from '../approvals/index.js';
import { startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { moveDeadlines } from '../deadlines/index.js';
import { type Handling, resolveHandling } from './cases.modes.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus, setCaseState } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** The new owner of a case's rows after a change of handling unit (the case's scope columns). */
export interface CaseOwner {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

/** Moves a part's own scoped rows of a case to its new handling unit, in the deciding transaction. */
export type CaseOwnerMove = (tx: Ctx, caseId: string, owner: CaseOwner) => Promise<void>;

const ownerMoves: CaseOwnerMove[] = [];

/**
 * Registers a part of the case stage whose rows carry scope columns (evidence, measures…): when a
 * mode change moves the case to another handling unit, `move` runs in the same transaction, so
 * those rows follow the case (once, at module load).
 */
export function onCaseOwnerMoved(move: CaseOwnerMove): void {
  if (!ownerMoves.includes(move)) ownerMoves.push(move);
}

/** A request to change the handling mode. */
export interface ModeChangeInput {
  /** The case version read (optimistic lock). */
  version: number;
  mode: HandlingMode;
  /** A reason code of `DEFAULT_MODE_REASONS` supporting `mode`. */
  reason: string;
  reasonNote?: string | null | undefined;
  handlingUnitId?: string | null | undefined;
  zoneId?: string | null | undefined;
  coOrgan?: string | null | undefined;
}

/** One mode change as the case page lists it. */
export interface ModeChangeView {
  id: string;
  status: ModeChangeStatus;
  fromMode: HandlingMode;
  fromUnitName: string;
  toMode: HandlingMode;
  toUnitName: string;
  toZoneName: string | null;
  toCoOrgan: string | null;
  reason: string;
  reasonLabel: string;
  reasonNote: string | null;
  requestedByName: string;
  requestedAt: string;
  approvalId: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  opinion: string | null;
}

/** Checks the reason against the county's list and the mode (VALIDATION_FAILED in words otherwise). */
function checkReason(input: Pick<ModeChangeInput, 'mode' | 'reason' | 'reasonNote'>) {
  const reason = DEFAULT_MODE_REASONS.find((r) => r.code === input.reason);
  if (!reason) throw errors.validation({ field: 'reason' }, '请从办理方式理由清单中选择');
  if (!reason.modes.includes(input.mode))
    throw errors.validation({ field: 'reason' }, `“${reason.label}”不是${HANDLING_MODE_LABELS[input.mode]}的理由`);
  if (reason.code === 'other' && !input.reasonNote?.trim())
    throw errors.validation({ field: 'reasonNote' }, '选择“其他”须写明理由');
  return reason;
}

async function unitName(tx: Ctx, id: string): Promise<string> {
  const u = await tx.db.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst();
  return u?.name ?? '';
}

/** The handling a change would give the case (the first subject's region decides as at filing). */
async function resolveFor(tx: Ctx, row: CaseRow, input: ModeChangeInput): Promise<Handling> {
  const region = await tx.db
    .selectFrom('case_subjects')
    .select('region_code')
    .where('case_id', '=', row.id)
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  return resolveHandling(tx, {
    mode: input.mode,
    regionCode: region.region_code ?? '',
    countyCode: row.county_code,
    filingUnitId: row.filing_unit_id,
    handlingUnitId: input.handlingUnitId,
    zoneId: input.zoneId,
    coOrgan: input.coOrgan,
  });
}

/**
 * Asks for a change of a filed case's handling mode and sends it up `case.mode_change`, in one
 * transaction: the request row, the approval, the trail step and the audit event. Needs `manage`
 * on the case (the team or a supervisor). Refused: VALIDATION_FAILED (a reason the mode does not
 * take), CASE_MODE_INVALID (the unit does not fit the mode), CASE_MODE_UNCHANGED (same mode, unit
 * and zone), CASE_MODE_CHANGE_PENDING (one is being approved), CASE_TRANSITION (not under
 * investigation: closed, withdrawn, before filing, or gone to review), NOT_FOUND, NEED_TO_KNOW,
 * CONFLICT (stale version), NO_APPROVER.
 */
export async function requestModeChange(
  ctx: Ctx,
  caseId: string,
  input: ModeChangeInput,
): Promise<{ id: string; approvalId: string; approvalNumber: string }> {
  const reason = checkReason(input);
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'manage', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, caseId, MODE_CHANGE_STATES, 'mode_change');
    const pending = await tx.db
      .selectFrom('case_mode_changes')
      .select(['id', 'approval_id', 'status'])
      .where('case_id', '=', caseId)
      // A returned request waits for its drafter to resubmit or withdraw it (the approvals' routes).
      .where('status', 'in', ['pending', 'returned'])
      .executeTakeFirst();
    if (pending)
      throw domainError('CASE_MODE_CHANGE_PENDING', { approvalId: pending.approval_id, status: pending.status });
    const to = await resolveFor(tx, row, input);
    if (to.mode === row.mode && to.unit.id === row.handling_unit_id && to.zoneId === row.zone_id)
      throw domainError('CASE_MODE_UNCHANGED', { mode: to.mode, unitId: to.unit.id });
    const fromUnit = await unitName(tx, row.handling_unit_id);
    const filingUnit = await tx.db
      .selectFrom('units')
      .select(['id', 'path', 'county_code', 'kind', 'parent_id'])
      .where('id', '=', row.filing_unit_id)
      .executeTakeFirstOrThrow();
    // Who decides: the filing commission, except that a township commission's case changes its
    // handler only by the commission above (GZ 第九条: 提级 and 指定管辖 are the higher organ's;
    // the county assigns zone and cross handling), so a township never approves its own escalation.
    const decidingUnit =
      filingUnit.kind === 'township_commission' && filingUnit.parent_id
        ? await tx.db
            .selectFrom('units')
            .select(['id', 'path', 'county_code'])
            .where('id', '=', filingUnit.parent_id)
            .executeTakeFirstOrThrow()
        : filingUnit;
    const now = nowIso(tx);
    const id = newId();
    const from = `${HANDLING_MODE_LABELS[row.mode as HandlingMode]}（${fromUnit}）`;
    const target = `${HANDLING_MODE_LABELS[to.mode]}（${to.unit.name}${to.coOrgan ? `；${to.coOrgan}` : ''}）`;
    // The deciding commission's principal leader ends the chain (GZ 第十条).
    const approval = await startApproval(tx, {
      action: 'case.mode_change',
      targetLevel: row.target_level as TargetLevel,
      resourceType: 'case',
      resourceId: caseId,
      title: `关于变更${row.number ?? row.title}办理方式的请示`,
      content: {
        summary: [
          `案件：${row.number ?? ''} ${row.subject_name}`,
          `现办理方式：${from}`,
          `拟变更为：${target}`,
          `理由：${reason.label}${input.reasonNote?.trim() ? `（${input.reasonNote.trim()}）` : ''}`,
        ].join('\n'),
        changeId: id,
        from: { mode: row.mode, unitId: row.handling_unit_id, zoneId: row.zone_id, coOrgan: row.co_organ },
        to: { mode: to.mode, unitId: to.unit.id, unitName: to.unit.name, zoneId: to.zoneId, coOrgan: to.coOrgan },
        reason: input.reason,
        reasonNote: input.reasonNote?.trim() || null,
      },
      draftingUnitId: actor.unitId ?? filingUnit.id,
      ownerUnitId: decidingUnit.id,
      ownerUnitPath: decidingUnit.path,
      regionPath: row.region_path,
      countyCode: row.county_code ?? filingUnit.county_code,
    });
    await tx.db
      .insertInto('case_mode_changes')
      .values({
        id,
        case_id: caseId,
        status: 'pending',
        from_mode: row.mode,
        from_unit_id: row.handling_unit_id,
        from_zone_id: row.zone_id,
        from_co_organ: row.co_organ,
        to_mode: to.mode,
        to_unit_id: to.unit.id,
        to_zone_id: to.zoneId,
        to_co_organ: to.coOrgan,
        reason: input.reason,
        reason_note: input.reasonNote?.trim() || null,
        requested_by: actor.userId,
        requested_by_name: actor.displayName,
        requested_at: now,
        approval_id: approval.id,
        decided_at: null,
        decided_by: null,
        decided_by_name: null,
        opinion: null,
      })
      .execute();
    await addCaseEvent(tx, caseId, 'mode_change_requested', {
      label: ZONE_EVENT_LABELS.mode_change_requested,
      note: `${approval.number}；${from} → ${target}`,
    });
    await recordAudit(tx, {
      action: 'case.mode_change_request',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { mode: [row.mode, to.mode], handlingUnit: [row.handling_unit_id, to.unit.id], approval: [null, id] },
    });
    return { id, approvalId: approval.id, approvalNumber: approval.number };
  });
}

const OUTCOME_STATUS: Record<ApprovalDecidedEvent['outcome'], ModeChangeStatus> = {
  approved: 'approved',
  returned: 'returned',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

/**
 * Applies the end of a `case.mode_change` chain in the deciding transaction. Approved: the case's
 * mode, reason, handling unit (owner columns), zone and other organ change, with the decider (the
 * last principal leader who signed) and the time; its open clocks move to the new unit; a trail
 * step and an audit event. A case no longer under investigation by then is left as it is (the
 * request `lapsed`). Returned: the request waits for its drafter (resubmitted through the approvals'
 * route, the change as requested is applied when approved; or withdrawn). Rejected or withdrawn:
 * closed with the opinion, and a new request may follow.
 */
export async function onModeChangeDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const change = await tx.db
    .selectFrom('case_mode_changes')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!change || (change.status !== 'pending' && change.status !== 'returned')) return;
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', change.case_id).executeTakeFirstOrThrow();
  const now = nowIso(tx);
  const decider = await tx.db
    .selectFrom('approval_steps')
    .select(['holder_id', 'holder_name'])
    .where('approval_id', '=', e.approvalId)
    .where('status', 'in', ['approved', 'returned', 'rejected'])
    .orderBy('round', 'desc')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  let status = OUTCOME_STATUS[e.outcome];
  if (e.outcome === 'approved' && !MODE_CHANGE_STATES.includes(row.status as CaseStatus)) status = 'lapsed';
  await tx.db
    .updateTable('case_mode_changes')
    .set({
      status,
      decided_at: now,
      decided_by: decider?.holder_id ?? null,
      decided_by_name: decider?.holder_name ?? null,
      opinion: e.opinion,
    })
    .where('id', '=', change.id)
    .execute();
  const toLabel = `${HANDLING_MODE_LABELS[change.to_mode as HandlingMode]}（${await unitName(tx, change.to_unit_id)}）`;
  if (status !== 'approved') {
    const why =
      status === 'lapsed'
        ? '案件已不在审查调查中，未执行'
        : `${MODE_CHANGE_STATUS_LABELS[status]}${e.opinion ? `（${e.opinion}）` : ''}`;
    await addCaseEvent(tx, row.id, 'mode_change_declined', {
      label: status === 'returned' ? '变更办理方式呈批被退回' : ZONE_EVENT_LABELS.mode_change_declined,
      note: `${toLabel}：${why}`,
    });
    await recordAudit(tx, {
      action: 'case.mode_change_decided',
      resourceType: 'case',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { status: [change.status, status] },
    });
    return;
  }
  const unit = await tx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('id', '=', change.to_unit_id)
    .executeTakeFirstOrThrow();
  const { version } = await setCaseState(tx, row.id, row.version, row.status as CaseStatus, {
    mode: change.to_mode,
    mode_reason: change.reason,
    mode_reason_note: change.reason_note,
    handling_unit_id: unit.id,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    zone_id: change.to_zone_id,
    co_organ: change.to_co_organ,
    mode_decided_by: decider?.holder_id ?? null,
    mode_decided_by_name: decider?.holder_name ?? null,
    mode_decided_at: now,
  });
  const owner: CaseOwner = {
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
  // The clocks of the case follow its new handling unit (who is reminded, whose ledger shows them overdue).
  await moveDeadlines(tx, 'case', row.id, owner);
  for (const move of ownerMoves) await move(tx, row.id, owner);
  // 一案一授权 is per zone: leaving the zone ends its authorisation (a new zone authorises afresh).
  if (change.to_zone_id !== change.from_zone_id)
    await tx.db
      .updateTable('case_authorizations')
      .set({ superseded_at: now })
      .where('case_id', '=', row.id)
      .where('superseded_at', 'is', null)
      .execute();
  await addCaseEvent(tx, row.id, 'mode_changed', {
    label: ZONE_EVENT_LABELS.mode_changed,
    note: `${HANDLING_MODE_LABELS[change.from_mode as HandlingMode]} → ${toLabel}`,
  });
  await recordAudit(tx, {
    action: 'case.mode_change_decided',
    resourceType: 'case',
    resourceId: row.id,
    unitId: unit.id,
    changes: {
      mode: [change.from_mode, change.to_mode],
      handlingUnit: [change.from_unit_id, unit.id],
      zone: [change.from_zone_id, change.to_zone_id],
      version: [row.version, version],
    },
  });
}

/** The mode changes of a case, newest first (a reader of its content: NOT_FOUND, NEED_TO_KNOW). */
export async function listModeChanges(ctx: Ctx, caseId: string): Promise<ModeChangeView[]> {
  return inTransaction(ctx, async (tx) => {
    await loadCase(tx, caseId, 'detail');
    const rows = await tx.db
      .selectFrom('case_mode_changes as m')
      .leftJoin('units as fu', 'fu.id', 'm.from_unit_id')
      .leftJoin('units as tu', 'tu.id', 'm.to_unit_id')
      .leftJoin('zones as z', 'z.id', 'm.to_zone_id')
      .selectAll('m')
      .select(['fu.name as from_unit_name', 'tu.name as to_unit_name', 'z.name as to_zone_name'])
      .where('m.case_id', '=', caseId)
      .orderBy('m.requested_at', 'desc')
      .orderBy('m.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status as ModeChangeStatus,
      fromMode: r.from_mode as HandlingMode,
      fromUnitName: r.from_unit_name ?? '',
      toMode: r.to_mode as HandlingMode,
      toUnitName: r.to_unit_name ?? '',
      toZoneName: r.to_zone_name ?? null,
      toCoOrgan: r.to_co_organ,
      reason: r.reason,
      reasonLabel: DEFAULT_MODE_REASONS.find((x) => x.code === r.reason)?.label ?? r.reason,
      reasonNote: r.reason_note,
      requestedByName: r.requested_by_name,
      requestedAt: r.requested_at,
      approvalId: r.approval_id,
      decidedAt: r.decided_at,
      decidedByName: r.decided_by_name,
      opinion: r.opinion,
    }));
  });
}
