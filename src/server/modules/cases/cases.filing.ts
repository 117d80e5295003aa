/**
 * Filing (立案, GZ 第三十七条、第三十八条; domain rules §1.6): the handling unit drafts the
 * 立案审查调查呈批报告 — from a clue's filing handover (the verification proposed 拟立案) or,
 * where the rules allow, directly (上级交办, 以事立案, TL21 第一百八十一条 to 第一百八十二条: with
 * its reason) — stating the conditions met, the facts established, the subjects and the proposed
 * handling mode with its reason. It goes up the `case.filing` chain: the commission's principal
 * leader, then the same-level party committee's principal leader (usually on paper, recorded by
 * the drafter). The decision is applied in the deciding transaction (`onFilingDecided`): the
 * number (per filing commission and year), the state, the handling unit's ownership and the
 * state-side investigation clock (timer 12) for subjects who are 监察对象.
 */
import type { TargetLevel } from '../../shared/approvals.codes.js';
import {
  CASE_TARGET_LABELS,
  type CaseTarget,
  DEFAULT_MODE_REASONS,
  FILING_CONDITIONS,
  FILING_CONDITION_LABELS,
  type FilingCondition,
  HANDLING_MODE_LABELS,
  type HandlingMode,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, resubmitApproval, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import {
  type ClueAction,
  addClueEvent,
  clueSubjectsOf,
  clueTargetLevel,
  cluePolicy,
  filingHandoverOf,
  releaseFilingHandover,
  takeFilingHandover,
} from '../clues/index.js';
import { openClock } from '../deadlines/index.js';
import { commissionOf, issueNumber } from '../numbering/index.js';
import { type Handling, resolveHandling } from './cases.modes.js';
import { type CaseAction, casePolicy } from './cases.policy.js';
import { addCaseEvent, addCaseMember, caseSubjectsOf } from './cases.service.js';
import { setCaseState } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/** A subject of a directly filed case (a clue's subjects come from the clue). */
export interface CaseSubjectInput {
  subjectId?: string | null | undefined;
  name: string;
  position?: string | null | undefined;
  employer?: string | null | undefined;
  authority?: string | null | undefined;
  regionCode?: string | null | undefined;
  rank?: string | null | undefined;
  partyMember?: boolean | undefined;
  supervised?: boolean | undefined;
}

/** The proposed handling mode, with its reason. */
export interface ModeInput {
  mode: HandlingMode;
  reason: string;
  reasonNote?: string | null | undefined;
  handlingUnitId?: string | null | undefined;
  zoneId?: string | null | undefined;
  coOrgan?: string | null | undefined;
}

/** The filing request (立案审查调查呈批报告) as drafted. */
export interface FilingInput {
  /** The clue whose filing handover this request takes (absent: a direct filing). */
  clueId?: string | null | undefined;
  /** Why the case is filed without a clue (required for a direct filing). */
  directReason?: string | null | undefined;
  title: string;
  targetKind: CaseTarget;
  summary: string;
  basis: string;
  conditions: readonly FilingCondition[];
  /** Direct filings only: the subjects and their region. */
  subjects?: readonly CaseSubjectInput[] | undefined;
  regionCode?: string | null | undefined;
  /** Whether each subject is a party member / a 监察对象, by position (default both). */
  subjectFlags?: readonly { partyMember: boolean; supervised: boolean }[] | undefined;
  handling: ModeInput;
}

/** Checks the stated conditions and the mode's reason (CASE_FILING_CONDITIONS, VALIDATION_FAILED). */
function checkFiling(input: Pick<FilingInput, 'conditions' | 'handling'>) {
  const missing = FILING_CONDITIONS.filter((c) => c !== 'accountability' && !input.conditions.includes(c));
  if (missing.length > 0)
    throw domainError(
      'CASE_FILING_CONDITIONS',
      { missing },
      `立案条件不具备：${missing.map((m) => FILING_CONDITION_LABELS[m]).join('；')}`,
    );
  const reason = DEFAULT_MODE_REASONS.find((r) => r.code === input.handling.reason);
  if (!reason) throw errors.validation({ field: 'handling.reason' }, '请从办理方式理由清单中选择');
  if (!reason.modes.includes(input.handling.mode))
    throw errors.validation(
      { field: 'handling.reason' },
      `“${reason.label}”不是${HANDLING_MODE_LABELS[input.handling.mode]}的理由`,
    );
  if (reason.code === 'other' && !input.handling.reasonNote?.trim())
    throw errors.validation({ field: 'handling.reasonNote' }, '选择“其他”须写明理由');
}

/** What the filing's approval carries (`summary` is printed on the 呈批表). */
function filingContent(
  input: FilingInput,
  subjects: { name: string; position: string | null }[],
  handling: Handling,
  filingUnitName: string,
) {
  const reason = DEFAULT_MODE_REASONS.find((r) => r.code === input.handling.reason)!;
  return {
    summary: [
      `立案对象：${subjects.map((s) => `${s.name}${s.position ? `（${s.position}）` : ''}`).join('、')}（${CASE_TARGET_LABELS[input.targetKind]}）`,
      `主要问题：${input.summary}`,
      `立案依据：${input.basis}`,
      `立案条件：${input.conditions.map((c) => FILING_CONDITION_LABELS[c]).join('；')}`,
      `办理方式：${HANDLING_MODE_LABELS[handling.mode]}，承办单位：${handling.unit.name}${handling.coOrgan ? `（${handling.coOrgan}）` : ''}`,
      `理由：${reason.label}${input.handling.reasonNote ? `（${input.handling.reasonNote}）` : ''}`,
      ...(input.directReason ? [`直接立案理由：${input.directReason}`] : []),
      `立案机关：${filingUnitName}`,
    ].join('\n'),
    title: input.title,
    targetKind: input.targetKind,
    caseSummary: input.summary,
    basis: input.basis,
    conditions: [...input.conditions],
    handling: {
      mode: handling.mode,
      reason: input.handling.reason,
      reasonNote: input.handling.reasonNote ?? null,
      unitId: handling.unit.id,
      unitName: handling.unit.name,
      zoneId: handling.zoneId,
      coOrgan: handling.coOrgan,
    },
  };
}

async function drafter(tx: Ctx) {
  const actor = requireActor(tx);
  const unit = actor.unitId
    ? await tx.db.selectFrom('units').select('name').where('id', '=', actor.unitId).executeTakeFirst()
    : undefined;
  return { userId: actor.userId, name: actor.displayName, unitName: unit?.name ?? '' };
}

/**
 * Drafts the filing request and sends it up the `case.filing` chain, in one transaction: the
 * case row (`filing_requested`, no number yet), its subjects, the drafter's need-to-know row, the
 * approval, the clue's trail and the audit event. From a clue: needs the clue's detail (its team
 * or 案管) and its waiting filing handover (CASE_HANDOVER_TAKEN when drafted already). Directly:
 * needs `directReason` and the subjects. Throws NOT_FOUND, NEED_TO_KNOW, CASE_FILING_CONDITIONS,
 * CASE_MODE_INVALID, CASE_HANDOVER_TAKEN, CLUE_TRANSITION (a clue not proposed for filing),
 * VALIDATION_FAILED, NO_APPROVER.
 */
export async function requestFiling(
  ctx: Ctx,
  input: FilingInput,
): Promise<{ id: string; approvalId: string; approvalNumber: string }> {
  checkFiling(input);
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    let subjects: CaseSubjectInput[];
    let regionCode: string;
    let countyCode: string | null;
    let filingUnitId: string;
    let handoverId: string | null = null;
    let targetLevel: TargetLevel;
    if (input.clueId) {
      const clue = await loadInScope<
        ClueAction,
        {
          id: string;
          status: string;
          owner_unit_id: string;
          region_code: string | null;
          county_code: string | null;
          number: string;
        }
      >(tx, cluePolicy, input.clueId, 'detail');
      if (clue.status !== 'case_proposed')
        throw domainError('CLUE_TRANSITION', { status: clue.status, action: 'case_filing' });
      const handover = await filingHandoverOf(tx, clue.id);
      if (!handover) throw domainError('CLUE_TRANSITION', { status: clue.status, action: 'case_filing' });
      await takeFilingHandover(tx, handover.id);
      handoverId = handover.id;
      const clueSubjects = await clueSubjectsOf(tx, clue.id);
      subjects = clueSubjects.map((s, i) => ({
        ...s,
        partyMember: input.subjectFlags?.[i]?.partyMember ?? true,
        supervised: input.subjectFlags?.[i]?.supervised ?? true,
      }));
      regionCode = clueSubjects.find((s) => s.regionCode)?.regionCode ?? clue.region_code ?? '';
      countyCode = clue.county_code;
      filingUnitId = (await commissionOf(tx, clue.owner_unit_id)).id;
      targetLevel = clueTargetLevel(clueSubjects.map((s) => s.rank));
    } else {
      if (!input.directReason?.trim())
        throw domainError(
          'CASE_FILING_CONDITIONS',
          { missing: ['directReason'] },
          '直接立案须写明理由（如上级交办、以事立案）',
        );
      if (!input.subjects?.length || !input.regionCode)
        throw errors.validation({ field: 'subjects' }, '直接立案须填写立案对象及其所在区划');
      if (!actor.unitId) throw errors.validation({ field: 'unit' }, '当前账号不属于任何机关');
      subjects = [...input.subjects];
      regionCode = input.regionCode;
      countyCode = null;
      filingUnitId = (await commissionOf(tx, actor.unitId)).id;
      targetLevel = clueTargetLevel(subjects.map((s) => s.rank ?? null));
    }
    // A direct filing must lie in the actor's case.manage scope (its handling unit or filing commission).
    const handling = await resolveHandling(tx, {
      ...input.handling,
      regionCode,
      countyCode,
      filingUnitId,
    });
    const filingUnit = await tx.db
      .selectFrom('units')
      .select(['id', 'name', 'path', 'county_code'])
      .where('id', '=', filingUnitId)
      .executeTakeFirstOrThrow();
    const manage = actor.scopes.get('case.manage');
    if (
      !input.clueId &&
      (!manage ||
        !(
          manage.global ||
          manage.unitIds.includes(filingUnit.id) ||
          manage.unitPaths.some((p) => filingUnit.path.startsWith(p))
        ))
    )
      throw errors.forbidden('case.manage');
    const now = nowIso(tx);
    const id = newId();
    // Until the filing is approved the case is owned by the filing commission (its approvers and
    // the drafter work on it); the approval moves it to the handling unit.
    await tx.db
      .insertInto('cases')
      .values({
        id,
        number: null,
        status: 'filing_requested',
        title: input.title,
        target_kind: input.targetKind,
        subject_name: subjects.map((s) => s.name).join('、'),
        summary: input.summary,
        basis: input.basis,
        conditions: JSON.stringify(input.conditions),
        direct_reason: input.clueId ? null : (input.directReason?.trim() ?? null),
        clue_id: input.clueId ?? null,
        handover_id: handoverId,
        mode: handling.mode,
        mode_reason: input.handling.reason,
        mode_reason_note: input.handling.reasonNote?.trim() || null,
        mode_decided_by: null,
        mode_decided_by_name: null,
        mode_decided_at: null,
        filing_unit_id: filingUnit.id,
        handling_unit_id: handling.unit.id,
        zone_id: handling.zoneId,
        co_organ: handling.coOrgan,
        subject_unit_id: handling.subjectUnit?.id ?? null,
        subject_unit_path: handling.subjectUnit?.path ?? null,
        target_level: targetLevel,
        filing_approval_id: null,
        filed_at: null,
        filed_on: null,
        announced_on: null,
        notified_on: null,
        version: 1,
        owner_unit_id: filingUnit.id,
        owner_unit_path: filingUnit.path,
        region_path: handling.regionPath,
        county_code: countyCode ?? filingUnit.county_code,
        created_by: actor.userId,
        updated_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.db
      .insertInto('case_subjects')
      .values(
        subjects.map((s, i) => ({
          id: newId(),
          case_id: id,
          seq: i + 1,
          subject_id: s.subjectId ?? null,
          name: s.name,
          position: s.position ?? null,
          employer: s.employer ?? null,
          authority: s.authority ?? null,
          region_code: s.regionCode ?? regionCode,
          rank: s.rank ?? null,
          party_member: s.partyMember === false ? 0 : 1,
          supervised: s.supervised === false ? 0 : 1,
        })),
      )
      .execute();
    await addCaseMember(tx, id, await drafter(tx), 'drafter');
    const approval = await startApproval(tx, {
      action: 'case.filing',
      targetLevel,
      resourceType: 'case',
      resourceId: id,
      title: input.title,
      content: filingContent(
        input,
        subjects.map((s) => ({ name: s.name, position: s.position ?? null })),
        handling,
        filingUnit.name,
      ),
      draftingUnitId: actor.unitId ?? filingUnit.id,
      ownerUnitId: filingUnit.id,
      ownerUnitPath: filingUnit.path,
      regionPath: handling.regionPath,
      countyCode: countyCode ?? filingUnit.county_code,
    });
    await tx.db.updateTable('cases').set({ filing_approval_id: approval.id }).where('id', '=', id).execute();
    await addCaseEvent(tx, id, 'filing_requested', {
      note: `${approval.number}；${HANDLING_MODE_LABELS[handling.mode]}（${handling.unit.name}）`,
    });
    if (input.clueId) await addClueEvent(tx, input.clueId, 'filing_drafted', { note: approval.number });
    await recordAudit(tx, {
      action: 'case.filing_request',
      resourceType: 'case',
      resourceId: id,
      unitId: filingUnit.id,
      changes: {
        status: [null, 'filing_requested'],
        clue: [null, input.clueId ?? null],
        mode: [null, handling.mode],
        handlingUnit: [null, handling.unit.id],
        approval: [null, approval.id],
      },
    });
    return { id, approvalId: approval.id, approvalNumber: approval.number };
  });
}

/**
 * Revises a returned filing request and sends it up again (the drafter only, through the
 * approval's resubmission: a new round, the chain resolved afresh). The case moves back to
 * `filing_requested`. Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CONFLICT, CASE_MODE_INVALID,
 * CASE_FILING_CONDITIONS, NOT_APPROVER (not the drafter), APPROVAL_STATE.
 */
export async function reviseFiling(
  ctx: Ctx,
  caseId: string,
  input: Omit<FilingInput, 'clueId' | 'directReason' | 'subjects' | 'regionCode' | 'subjectFlags'> & {
    version: number;
    approvalVersion: number;
  },
): Promise<{ version: number }> {
  checkFiling(input);
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<CaseAction, CaseRow>(tx, casePolicy, caseId, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    if (row.status !== 'filing_returned')
      throw domainError('CASE_TRANSITION', { status: row.status, action: 'filing_revise' });
    const region = await tx.db
      .selectFrom('case_subjects')
      .select('region_code')
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const handling = await resolveHandling(tx, {
      ...input.handling,
      regionCode: region.region_code ?? '',
      countyCode: row.county_code,
      filingUnitId: row.filing_unit_id,
    });
    const filingUnit = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', row.filing_unit_id)
      .executeTakeFirstOrThrow();
    const subjects = await caseSubjectsOf(tx, caseId);
    await resubmitApproval(
      tx,
      row.filing_approval_id!,
      {
        version: input.approvalVersion,
        title: input.title,
        content: filingContent({ ...input, directReason: row.direct_reason }, subjects, handling, filingUnit.name),
      },
      { fromRecord: true },
    );
    const { version } = await setCaseState(tx, caseId, input.version, 'filing_requested', {
      title: input.title,
      target_kind: input.targetKind,
      summary: input.summary,
      basis: input.basis,
      conditions: JSON.stringify(input.conditions),
      mode: handling.mode,
      mode_reason: input.handling.reason,
      mode_reason_note: input.handling.reasonNote?.trim() || null,
      handling_unit_id: handling.unit.id,
      zone_id: handling.zoneId,
      co_organ: handling.coOrgan,
    });
    await addCaseEvent(tx, caseId, 'filing_resubmitted', {
      note: `${HANDLING_MODE_LABELS[handling.mode]}（${handling.unit.name}）`,
    });
    await recordAudit(tx, {
      action: 'case.filing_revise',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        status: ['filing_returned', 'filing_requested'],
        mode: [row.mode, handling.mode],
        version: [input.version, version],
      },
    });
    return { version };
  });
}

const DECISION_WORDS: Record<string, string> = {
  approved: '批准立案',
  returned: '退回修改',
  rejected: '不予立案',
  withdrawn: '撤回',
};

/**
 * Applies the filing chain's end, in the deciding transaction. Approved: the number (the filing
 * commission's series, this year), `filed`, ownership moves to the handling unit, the mode's
 * decider is the last signer, and the state-side investigation period (timer 12, 1 year) opens
 * when a subject is a 监察对象. Returned: `filing_returned`. Rejected or withdrawn:
 * `filing_rejected`, and the clue's handover waits for a new request. Except when returned, the
 * drafter's need-to-know row ends with the decision.
 */
export async function onFilingDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const row = await tx.db
    .selectFrom('cases')
    .selectAll()
    .where('filing_approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!row) return;
  const now = nowIso(tx);
  if (e.outcome === 'returned') {
    await setCaseState(tx, row.id, row.version, 'filing_returned');
  } else if (e.outcome === 'rejected' || e.outcome === 'withdrawn') {
    await setCaseState(tx, row.id, row.version, 'filing_rejected');
    if (row.handover_id) await releaseFilingHandover(tx, row.handover_id);
    if (row.clue_id)
      await addClueEvent(tx, row.clue_id, 'filing_declined', { note: e.opinion ?? DECISION_WORDS[e.outcome] });
  } else {
    const number = await issueNumber(tx, row.filing_unit_id, 'case', now);
    const unit = await tx.db
      .selectFrom('units')
      .select(['id', 'path'])
      .where('id', '=', row.handling_unit_id)
      .executeTakeFirstOrThrow();
    const decider = await tx.db
      .selectFrom('approval_steps')
      .select(['holder_id', 'holder_name'])
      .where('approval_id', '=', e.approvalId)
      .where('post', '=', 'principal_leader')
      // The principal leader signed, or drafted the request themselves (their step skipped as the drafter's).
      .where((eb) => eb.or([eb('status', '=', 'approved'), eb('skip_reason', '=', 'drafter')]))
      .where('holder_id', 'is not', null)
      .orderBy('round', 'desc')
      .executeTakeFirst();
    await setCaseState(tx, row.id, row.version, 'filed', {
      number,
      filed_at: now,
      filed_on: toShanghaiDate(now),
      owner_unit_id: unit.id,
      owner_unit_path: unit.path,
      mode_decided_by: decider?.holder_id ?? null,
      mode_decided_by_name: decider?.holder_name ?? null,
      mode_decided_at: now,
    });
    const subjects = await caseSubjectsOf(tx, row.id);
    if (subjects.some((s) => s.supervised)) {
      await openClock(tx, {
        resourceType: 'case',
        resourceId: row.id,
        kind: 'investigation',
        startAt: now,
        owner: {
          owner_unit_id: unit.id,
          owner_unit_path: unit.path,
          region_path: row.region_path,
          county_code: row.county_code,
        },
      });
    }
    await addCaseEvent(tx, row.id, 'filed', { note: `${number}；${HANDLING_MODE_LABELS[row.mode as HandlingMode]}` });
    if (row.clue_id) await addClueEvent(tx, row.clue_id, 'case_filed', { note: number });
  }
  if (e.outcome !== 'returned') {
    // The drafter's need-to-know lasts while the request is theirs to revise; after the decision
    // the handling unit, its supervisors and the team (formed by case.assign) work the case.
    await tx.db
      .updateTable('case_members')
      .set({ removed_at: now, removed_by: tx.actor?.userId ?? null, removal_reason: '立案审批结束' })
      .where('case_id', '=', row.id)
      .where('role', '=', 'drafter')
      .where('removed_at', 'is', null)
      .execute();
  }
  await addCaseEvent(tx, row.id, 'filing_decided', {
    note: `${DECISION_WORDS[e.outcome] ?? e.outcome}${e.opinion ? `：${e.opinion}` : ''}`,
  });
  await recordAudit(tx, {
    action: 'case.filing_decided',
    resourceType: 'case',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { outcome: [null, e.outcome] },
  });
}
