/**
 * The 审查调查报告 (GZ 第五十二条; TL21 第一百八十九条): its parts (background, facts found, the
 * person's attitude and defence, the proposed handling, the evidence cited), saved by a team
 * member (cited evidence must pass the evidence register's check), signed by every current team
 * member over the hash of its exact text (a change voids the signatures, as the verification
 * report), submitted with the self-reflection, the facts material and the property report noted
 * (`case.investigation_report`, the principal leader): `reported`; approved, the case is
 * `transferred` to review; returned or rejected, it goes back to `facts_shown`.
 */
import {
  type CaseReportStatus,
  type CaseStatus,
  CASE_PLAN_EVENT_LABELS,
  CASE_REPORT_ATTACHMENTS,
  CASE_REPORT_ATTACHMENT_LABELS,
} from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  type ApprovalDecidedEvent,
  canonicalJson,
  contentHash,
  onApprovalDecided,
  startApproval,
} from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { clockOf, meetDeadline } from '../deadlines/index.js';
import { commissionOf } from '../numbering/index.js';
import { uncitableEvidence } from './cases.citations.js';
import { currentTeam } from './cases.conclusion.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus, setCaseState } from './cases.state.js';
import type { CaseReportTable } from './cases.plans.tables.js';

/** The parts of the 审查调查报告. */
export interface CaseReportText {
  /** 一、被审查调查人基本情况, one paragraph each. */
  background: string[];
  /** 二、违纪违法事实 (facts found), one per fact. */
  facts: string[];
  /** 三、被审查调查人的态度和认识，以及对其申辩意见的核实情况. */
  attitude: string[];
  /** 四、处理意见 (the proposed handling and its grounds). */
  proposal: string;
  /** The evidence items cited (ids of the evidence register). */
  evidenceIds: string[];
}

/** One attachment noted at submission: attached with its reference, or not and why. */
export interface ReportAttachment {
  attached: boolean;
  /** A file or register reference (when attached). */
  reference?: string | null | undefined;
  /** Why it is not attached (e.g. 本案不涉及涉案财物). */
  note?: string | null | undefined;
}

/** The three attachments of GZ 第五十二条. */
export type ReportAttachments = Record<(typeof CASE_REPORT_ATTACHMENTS)[number], ReportAttachment>;

/** The attachments as stored with the submitted report. */
export type StoredAttachments = Record<
  (typeof CASE_REPORT_ATTACHMENTS)[number],
  { attached: boolean; reference: string | null; note: string | null }
>;

/** The canonical hash of a report's text: what the members sign. */
export function caseReportHash(text: CaseReportText): string {
  return contentHash(canonicalJson(text));
}

function normalised(t: CaseReportText): CaseReportText {
  const items = (xs: readonly string[]) => xs.map((x) => x.trim()).filter(Boolean);
  return {
    background: items(t.background),
    facts: items(t.facts),
    attitude: items(t.attitude),
    proposal: t.proposal.trim(),
    evidenceIds: [...new Set(t.evidenceIds)],
  };
}

/** The report of a case, or null. */
export async function caseReportOf(tx: Ctx, caseId: string): Promise<CaseReportTable | null> {
  return (await tx.db.selectFrom('case_reports').selectAll().where('case_id', '=', caseId).executeTakeFirst()) ?? null;
}

/** The actor must be on the current team (CASE_REPORT_NOT_MEMBER). */
async function requireTeamMember(tx: Ctx, caseId: string) {
  const me = (await currentTeam(tx, caseId)).find((m) => m.userId === requireActor(tx).userId);
  if (!me) throw domainError('CASE_REPORT_NOT_MEMBER');
  return me;
}

/** Refuses cited evidence the register refuses, naming each item and why (CASE_EVIDENCE_UNCITABLE). */
async function requireCitable(tx: Ctx, caseId: string, ids: readonly string[]) {
  const bad = await uncitableEvidence(tx, caseId, ids);
  if (bad.length > 0)
    throw domainError(
      'CASE_EVIDENCE_UNCITABLE',
      { items: bad },
      `审查调查报告引用了不能引用的证据：${bad.map((b) => `${b.id}（${b.reason}）`).join('；')}`,
    );
}

/** The live signatures over `hash`, by user. */
export async function reportSignatures(tx: Ctx, reportId: string, hash: string) {
  const rows = await tx.db
    .selectFrom('case_report_signatures')
    .select(['user_id', 'name', 'signed_at'])
    .where('report_id', '=', reportId)
    .where('content_hash', '=', hash)
    .where('voided_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.user_id, { name: r.name, signedAt: r.signed_at }]));
}

/**
 * Saves the 审查调查报告 (a current team member, after the facts were shown; first save creates it,
 * later saves pass the report's `version`). Cited evidence must be citable (CASE_EVIDENCE_UNCITABLE
 * names the items; nothing is saved). A change of text voids every live signature. Throws
 * NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION, CASE_REPORT_NOT_MEMBER, CASE_REPORT_STATE (being
 * approved or approved), CONFLICT.
 */
export async function saveCaseReport(
  ctx: Ctx,
  caseId: string,
  input: CaseReportText & { version?: number | null | undefined },
): Promise<{ version: number; contentHash: string; voided: number }> {
  const { version: expected, ...body } = input;
  const text = normalised(body);
  if (text.facts.length === 0) throw errors.validation({ field: 'facts' }, '审查调查报告须写明查明的违纪违法事实');
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail', { forUpdate: true });
    await requireCaseStatus(tx, caseId, ['facts_shown'], 'report_save');
    await requireTeamMember(tx, caseId);
    await requireCitable(tx, caseId, text.evidenceIds);
    const hash = caseReportHash(text);
    const now = nowIso(tx);
    const report = await caseReportOf(tx, caseId);
    let version = 1;
    let voided = 0;
    if (!report) {
      await tx.db
        .insertInto('case_reports')
        .values({
          id: newId(),
          case_id: caseId,
          status: 'draft',
          content: JSON.stringify(text),
          content_hash: hash,
          attachments: null,
          discussion_id: null,
          approval_id: null,
          version: 1,
          created_by: requireActor(tx).userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } else {
      if (report.status !== 'draft' && report.status !== 'returned')
        throw domainError('CASE_REPORT_STATE', { status: report.status });
      if (expected == null || expected !== report.version) throw errors.conflict({ version: report.version });
      version = report.version + 1;
      const res = await tx.db
        .updateTable('case_reports')
        .set({ content: JSON.stringify(text), content_hash: hash, version, updated_at: now })
        .where('id', '=', report.id)
        .where('version', '=', report.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ version: report.version });
      if (hash !== report.content_hash) {
        const v = await tx.db
          .updateTable('case_report_signatures')
          .set({ voided_at: now })
          .where('report_id', '=', report.id)
          .where('voided_at', 'is', null)
          .executeTakeFirst();
        voided = Number(v.numUpdatedRows);
      }
    }
    await addCaseEvent(tx, caseId, 'report_saved', { label: CASE_PLAN_EVENT_LABELS.report_saved });
    if (voided > 0)
      await addCaseEvent(tx, caseId, 'report_signatures_voided', {
        label: CASE_PLAN_EVENT_LABELS.report_signatures_voided,
        note: `${voided}人`,
      });
    await recordAudit(tx, {
      action: 'case.report_save',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { contentHash: [report?.content_hash ?? null, hash], voidedSignatures: [0, voided] },
    });
    return { version, contentHash: hash, voided };
  });
}

/**
 * Signs the report's current text as oneself (a current team member). `contentHash` is the text
 * read: another answers CONFLICT (changed since), as does a second signature. Throws NOT_FOUND,
 * NEED_TO_KNOW, CASE_TRANSITION, CASE_REPORT_NOT_MEMBER, CASE_REPORT_STATE, CONFLICT.
 */
export async function signCaseReport(
  ctx: Ctx,
  caseId: string,
  input: { contentHash: string },
): Promise<{ signedAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail', { forUpdate: true });
    await requireCaseStatus(tx, caseId, ['facts_shown'], 'report_sign');
    const me = await requireTeamMember(tx, caseId);
    const report = await caseReportOf(tx, caseId);
    if (!report || (report.status !== 'draft' && report.status !== 'returned'))
      throw domainError('CASE_REPORT_STATE', { status: report?.status ?? null });
    if (input.contentHash !== report.content_hash) throw errors.conflict({ contentHash: report.content_hash });
    const held = (await reportSignatures(tx, report.id, report.content_hash)).get(me.userId);
    if (held) throw errors.conflict({ signedAt: held.signedAt });
    const signedAt = nowIso(tx);
    await tx.db
      .insertInto('case_report_signatures')
      .values({
        id: newId(),
        report_id: report.id,
        user_id: me.userId,
        name: me.name,
        content_hash: report.content_hash,
        signed_at: signedAt,
        voided_at: null,
      })
      .execute();
    await addCaseEvent(tx, caseId, 'report_signed', { label: CASE_PLAN_EVENT_LABELS.report_signed, note: me.name });
    await recordAudit(tx, {
      action: 'case.report_sign',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: { signedHash: [null, report.content_hash] },
    });
    return { signedAt };
  });
}

function attachmentsChecked(a: ReportAttachments): StoredAttachments {
  const missing = CASE_REPORT_ATTACHMENTS.filter((k) => (a[k].attached ? !a[k].reference?.trim() : !a[k].note?.trim()));
  if (missing.length > 0)
    throw domainError(
      'CASE_REPORT_ATTACHMENTS',
      { missing },
      `请注明${missing.map((k) => CASE_REPORT_ATTACHMENT_LABELS[k]).join('、')}的附送情况：随附的写明材料编号或存放位置，不随附的写明理由`,
    );
  return Object.fromEntries(
    CASE_REPORT_ATTACHMENTS.map((k) => [
      k,
      { attached: a[k].attached, reference: a[k].reference?.trim() || null, note: a[k].note?.trim() || null },
    ]),
  ) as StoredAttachments;
}

/**
 * Submits the report signed by every current team member for approval
 * (`case.investigation_report`), with the three attachments noted and the latest collective
 * discussion cited; the case moves to `reported`. A current team member only. Throws NOT_FOUND,
 * NEED_TO_KNOW, CASE_TRANSITION, CASE_REPORT_NOT_MEMBER, CASE_REPORT_STATE, CONFLICT,
 * CASE_REPORT_UNSIGNED (`details.missing`), CASE_DISCUSSION_INCOMPLETE (no discussion),
 * CASE_REPORT_ATTACHMENTS, CASE_EVIDENCE_UNCITABLE, NO_APPROVER. One transaction.
 */
export async function submitCaseReport(
  ctx: Ctx,
  caseId: string,
  input: { version: number; caseVersion: number; attachments: ReportAttachments },
): Promise<{ approvalId: string; version: number }> {
  const attachments = attachmentsChecked(input.attachments);
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadCase(tx, caseId, 'detail', { version: input.caseVersion, forUpdate: true });
    await requireCaseStatus(tx, caseId, ['facts_shown'], 'report_submit');
    await requireTeamMember(tx, caseId);
    const report = await caseReportOf(tx, caseId);
    if (!report || (report.status !== 'draft' && report.status !== 'returned'))
      throw domainError('CASE_REPORT_STATE', { status: report?.status ?? null });
    if (report.version !== input.version) throw errors.conflict({ version: report.version });
    const text = JSON.parse(report.content) as CaseReportText;
    // The register may have changed since the text was saved: check again.
    await requireCitable(tx, caseId, text.evidenceIds);
    const team = await currentTeam(tx, caseId);
    const signed = await reportSignatures(tx, report.id, report.content_hash);
    const missing = team.filter((m) => !signed.has(m.userId)).map((m) => m.name);
    if (missing.length > 0)
      throw domainError('CASE_REPORT_UNSIGNED', { missing }, `以下审查调查组成员尚未签字：${missing.join('、')}`);
    const discussion = await tx.db
      .selectFrom('case_discussions')
      .select(['id', 'held_on', 'conclusion'])
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!discussion)
      throw domainError(
        'CASE_DISCUSSION_INCOMPLETE',
        { reason: 'no_discussion' },
        '报送审查调查报告前须记录审查调查组集体讨论情况',
      );
    const commission = await commissionOf(tx, row.owner_unit_id);
    const noted = CASE_REPORT_ATTACHMENTS.map(
      (k) =>
        `${CASE_REPORT_ATTACHMENT_LABELS[k]}：${attachments[k].attached ? `随附（${attachments[k].reference}）` : `未附（${attachments[k].note}）`}`,
    );
    const approval = await startApproval(tx, {
      action: 'case.investigation_report',
      targetLevel: row.target_level as 'ordinary',
      resourceType: 'case',
      resourceId: caseId,
      title: `关于${row.subject_name}案的审查调查报告`,
      content: {
        summary: [
          `案件编号：${row.number ?? ''}`,
          `违纪违法事实：${text.facts.join('；')}`,
          `处理意见：${text.proposal}`,
          `集体讨论：${discussion.held_on}，${discussion.conclusion}`,
          ...noted,
          `审查调查组全体成员已签字：${team.map((m) => m.name).join('、')}`,
        ].join('\n'),
        caseNumber: row.number,
        report: text,
        reportHash: report.content_hash,
        discussionId: discussion.id,
        attachments,
        signatures: team.map((m) => ({ name: m.name, signedAt: signed.get(m.userId)!.signedAt })),
      },
      draftingUnitId: actor.unitId ?? commission.id,
      ownerUnitId: commission.id,
      ownerUnitPath: commission.path,
      regionPath: row.region_path,
      countyCode: row.county_code,
    });
    const now = nowIso(tx);
    await tx.db
      .updateTable('case_reports')
      .set({
        status: 'pending',
        attachments: JSON.stringify(attachments),
        discussion_id: discussion.id,
        approval_id: approval.id,
        version: report.version + 1,
        submitted_at: now,
        updated_at: now,
      })
      .where('id', '=', report.id)
      .execute();
    await setCaseState(tx, caseId, input.caseVersion, 'reported');
    await addCaseEvent(tx, caseId, 'report_submitted', {
      label: CASE_PLAN_EVENT_LABELS.report_submitted,
      note: approval.number,
    });
    await recordAudit(tx, {
      action: 'case.report_submit',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
      changes: {
        status: ['facts_shown', 'reported'],
        approval: [null, approval.id],
        reportHash: [null, report.content_hash],
      },
    });
    return { approvalId: approval.id, version: report.version + 1 };
  });
}

const DECISION_WORDS: Record<string, string> = {
  approved: '批准，移送审理',
  returned: '退回修改',
  rejected: '不予批准',
  withdrawn: '撤回',
};

/**
 * Applies the report's approval in the deciding transaction: approved, the report is final and
 * the case is `transferred` to review (`casesAwaitingReview`); otherwise the report returns to the
 * team (`returned`) and the case to `facts_shown`.
 */
export async function onReportDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const report = await tx.db
    .selectFrom('case_reports')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!report) return;
  const kase = await tx.db
    .selectFrom('cases')
    .select(['id', 'status', 'version', 'owner_unit_id'])
    .where('id', '=', report.case_id)
    .executeTakeFirstOrThrow();
  const now = nowIso(tx);
  const approved = e.outcome === 'approved';
  await tx.db
    .updateTable('case_reports')
    .set({ status: approved ? 'approved' : 'returned', decided_at: now, version: report.version + 1, updated_at: now })
    .where('id', '=', report.id)
    .execute();
  const to = approved ? 'transferred' : 'facts_shown';
  await setCaseState(tx, kase.id, kase.version, to);
  await addCaseEvent(tx, kase.id, 'report_decided', {
    label: CASE_PLAN_EVENT_LABELS.report_decided,
    note: `${DECISION_WORDS[e.outcome] ?? e.outcome}${e.opinion ? `：${e.opinion}` : ''}`,
  });
  if (approved) {
    // The investigation is over: its periods (timer 12 and a county's party-side period) stop
    // here, met, so a closed case never shows them overdue.
    await meetDeadline(tx, 'case', kase.id, 'investigation');
    await meetDeadline(tx, 'case', kase.id, 'party_investigation');
    await addCaseEvent(tx, kase.id, 'transferred', { label: CASE_PLAN_EVENT_LABELS.transferred });
  }
  await recordAudit(tx, {
    action: 'case.report_decided',
    resourceType: 'case',
    resourceId: kase.id,
    unitId: kase.owner_unit_id,
    changes: { status: [kase.status, to], outcome: [null, e.outcome] },
  });
}

// Registered once at module load: the approvals engine calls it inside the deciding transaction.
onApprovalDecided('case.investigation_report', onReportDecided);

/** The end of the investigation as the case page shows it. */
export interface CaseConclusionView {
  caseStatus: CaseStatus;
  caseVersion: number;
  factsShown: {
    id: string;
    subjectName: string;
    shownOn: string;
    shownBy: string[];
    materialRef: string | null;
    signed: boolean;
    opinion: string | null;
    refused: boolean;
    refusalNote: string | null;
  }[];
  discussions: {
    id: string;
    heldOn: string;
    present: string[];
    absent: { name: string; reason: string }[];
    conclusion: string;
  }[];
  report: {
    status: CaseReportStatus;
    version: number;
    text: CaseReportText;
    contentHash: string;
    attachments: StoredAttachments | null;
    approvalId: string | null;
    submittedAt: string | null;
    decidedAt: string | null;
    /** Every current team member with the date they signed the current text, or null. */
    signatures: { userId: string; name: string; signedAt: string | null }[];
  } | null;
  closing: {
    closedOn: string;
    higherDueOn: string | null;
    higherFiledOn: string | null;
    higherDocumentNumber: string | null;
    late: boolean | null;
    /** Not filed yet and past its due date (today in Shanghai on the server's clock). */
    overdue: boolean;
    version: number;
  } | null;
}

/** The facts shown, discussions, report with signatures and closing of a case (needs `detail`), audited. */
export async function readConclusion(ctx: Ctx, caseId: string): Promise<CaseConclusionView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, caseId, 'detail');
    const shown = await tx.db
      .selectFrom('case_facts_showings as f')
      .innerJoin('case_subjects as s', 's.id', 'f.subject_row_id')
      .selectAll('f')
      .select('s.name as subject_name')
      .where('f.case_id', '=', caseId)
      .orderBy('f.created_at')
      .orderBy('f.id')
      .execute();
    const discussions = await tx.db
      .selectFrom('case_discussions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const report = await caseReportOf(tx, caseId);
    const closing = await tx.db
      .selectFrom('case_closings')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    // The clock's due date (a calendar change recomputes it), the closing's own copy otherwise.
    const higherClock = closing ? await clockOf(tx, 'case', caseId, 'case_filing_higher') : undefined;
    const higherDueOn = higherClock?.due_on ?? closing?.higher_due_on ?? null;
    let reportView: CaseConclusionView['report'] = null;
    if (report) {
      const signed = await reportSignatures(tx, report.id, report.content_hash);
      reportView = {
        status: report.status as CaseReportStatus,
        version: report.version,
        text: JSON.parse(report.content) as CaseReportText,
        contentHash: report.content_hash,
        attachments: report.attachments ? (JSON.parse(report.attachments) as StoredAttachments) : null,
        approvalId: report.approval_id,
        submittedAt: report.submitted_at,
        decidedAt: report.decided_at,
        signatures: (await currentTeam(tx, caseId)).map((m) => ({
          userId: m.userId,
          name: m.name,
          signedAt: signed.get(m.userId)?.signedAt ?? null,
        })),
      };
    }
    await recordAudit(tx, {
      action: 'case.conclusion_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: row.owner_unit_id,
    });
    return {
      caseStatus: row.status as CaseStatus,
      caseVersion: row.version,
      factsShown: shown.map((f) => ({
        id: f.id,
        subjectName: f.subject_name,
        shownOn: f.shown_on,
        shownBy: (JSON.parse(f.shown_by) as { name: string }[]).map((x) => x.name),
        materialRef: f.material_ref,
        signed: Number(f.signed) === 1,
        opinion: f.opinion,
        refused: Number(f.refused) === 1,
        refusalNote: f.refusal_note,
      })),
      discussions: discussions.map((d) => ({
        id: d.id,
        heldOn: d.held_on,
        present: (JSON.parse(d.present) as { name: string }[]).map((x) => x.name),
        absent: (JSON.parse(d.absent) as { name: string; reason: string }[]).map((x) => ({
          name: x.name,
          reason: x.reason,
        })),
        conclusion: d.conclusion,
      })),
      report: reportView,
      closing: closing
        ? {
            closedOn: closing.closed_on,
            higherDueOn,
            higherFiledOn: closing.higher_filed_on,
            higherDocumentNumber: closing.higher_document_number,
            late: closing.higher_late === null ? null : Number(closing.higher_late) === 1,
            overdue: !closing.higher_filed_on && higherDueOn !== null && higherDueOn < toShanghaiDate(nowIso(tx)),
            version: closing.version,
          }
        : null,
    };
  });
}
