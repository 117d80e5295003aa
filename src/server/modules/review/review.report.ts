/**
 * The 审理报告 and the decision (GZ 第五十五条, 第五十六条): the team drafts the report (facts,
 * classification, opinion, the proposed outcome per person, the 起诉意见书 flag), every member
 * signs its exact text (a change voids the signatures), it goes to the 主要负责人 (approval
 * `review.report`), then to the 纪委常委会, whose deliberation is recorded like a meeting (members
 * present, quorum: more than half of the members; the decision, per-member opinions optional). The
 * decision ends the review and closes the case (`closeCase`). The report renders as PDF and DOCX.
 */
import { reviewReport } from '../../documents/review-templates.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  REVIEW_MEMBER_ROLE_LABELS,
  REVIEW_TALK_REASON_LABELS,
  type ReviewMemberRole,
  type ReviewTalkReason,
  type ReviewVote,
} from '../../shared/review.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type ApprovalDecidedEvent, canonicalJson, contentHash } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { caseSubjectsOf, closeCase } from '../cases/index.js';
import { meetDeadline } from '../deadlines/index.js';
import { checkOutcomeCodes, draftSanctionsFromDecision } from '../sanctions/index.js';
import { tally } from './review.records.js';
import { startReviewApproval } from './review.returns.js';
import {
  REVIEW_CLOCK,
  REVIEW_RESOURCE,
  addReviewEvent,
  caseOf,
  loadReview,
  requireReviewStatus,
  setReviewState,
  touchReview,
} from './review.service.js';
import { reviewMembersOf } from './review.team.js';
import type { ReviewRow } from './review.tables.js';

/**
 * The proposed outcome for one subject: free text and its outcome codes (`FORM_OUTCOMES` keys,
 * e.g. `party.serious_warning` and `state.demerit` for one person), checked by the sanctions
 * module; the committee's decision drafts one sanction record per code.
 */
export interface ProposedOutcome {
  /** The case subject (`subjects[].id`). */
  subjectId: string;
  summary: string;
  /** One outcome code (the older single form), or null: taken with `codes`. */
  code?: string | null | undefined;
  /** The outcome codes. */
  codes?: string[] | null | undefined;
}

/** The report's text. */
export interface ReviewReportText {
  facts: string;
  analysis: string;
  opinion: string;
  proposedOutcomes: ProposedOutcome[];
  prosecution: boolean;
}

/** A signature over the report's exact text. */
interface Signature {
  userId: string;
  name: string;
  hash: string;
  signedAt: string;
}

/**
 * Refuses outcomes that leave out a subject of the case, name one twice or name someone who is
 * not a subject (REVIEW_OUTCOMES_INVALID, naming the people left out). Returns them normalised.
 */
async function checkOutcomes(tx: Ctx, caseId: string, outcomes: readonly ProposedOutcome[]) {
  const subjects = await caseSubjectsOf(tx, caseId);
  const ids = outcomes.map((o) => o.subjectId);
  const unknown = ids.filter((id) => !subjects.some((s) => s.id === id));
  const missing = subjects.filter((s) => !ids.includes(s.id)).map((s) => s.name);
  if (
    unknown.length > 0 ||
    missing.length > 0 ||
    new Set(ids).size !== ids.length ||
    outcomes.some((o) => !o.summary.trim())
  )
    throw domainError(
      'REVIEW_OUTCOMES_INVALID',
      { missing, unknown },
      missing.length > 0 ? `未列明以下被审查调查人的拟处理意见：${missing.join('、')}` : undefined,
    );
  return outcomes.map((o) => {
    const single = o.code?.trim() || null;
    const codes = checkOutcomeCodes([
      ...new Set([...(single ? [single] : []), ...(o.codes ?? []).map((c) => c.trim())]),
    ]);
    return { subjectId: o.subjectId, summary: o.summary.trim(), code: codes[0] ?? null, codes };
  });
}

async function requireMember(tx: Ctx, reviewId: string, action: string) {
  const actor = requireActor(tx);
  const team = await reviewMembersOf(tx, reviewId);
  const me = team.find((m) => m.userId === actor.userId);
  if (!me) throw domainError('REVIEW_NOT_MEMBER', { action });
  return { team, me };
}

/** The stored report of a review, if any. */
export async function reportOf(tx: Ctx, reviewId: string) {
  return tx.db.selectFrom('review_reports').selectAll().where('review_id', '=', reviewId).executeTakeFirst();
}

/**
 * Saves the draft of the 审理报告 (a current team member, REVIEW_NOT_MEMBER otherwise) while the
 * review is under way; a changed text voids the signatures. Throws REVIEW_TRANSITION (not under
 * review, or the report is being approved), REVIEW_OUTCOMES_INVALID, NOT_FOUND, CONFLICT.
 */
export async function saveReviewReport(ctx: Ctx, id: string, input: ReviewReportText & { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'report');
    await requireMember(tx, id, 'report');
    const text: ReviewReportText = {
      facts: input.facts.trim(),
      analysis: input.analysis.trim(),
      opinion: input.opinion.trim(),
      proposedOutcomes: await checkOutcomes(tx, row.case_id, input.proposedOutcomes),
      prosecution: input.prosecution,
    };
    if (!text.facts || !text.analysis || !text.opinion)
      throw errors.validation(
        { field: !text.facts ? 'facts' : !text.analysis ? 'analysis' : 'opinion' },
        '审理报告的事实、定性和审理意见不能为空',
      );
    const hash = contentHash(canonicalJson(text));
    const existing = await reportOf(tx, id);
    const kept = existing && existing.content_hash === hash ? (JSON.parse(existing.signatures) as Signature[]) : [];
    const voided = existing ? (JSON.parse(existing.signatures) as Signature[]).length - kept.length : 0;
    const now = nowIso(tx);
    const values = {
      content: JSON.stringify(text),
      content_hash: hash,
      prosecution: text.prosecution ? 1 : 0,
      signatures: JSON.stringify(kept),
      status: 'draft',
      updated_by: tx.actor?.userId ?? null,
      updated_at: now,
    };
    if (existing)
      await tx.db
        .updateTable('review_reports')
        .set({ ...values, version: existing.version + 1 })
        .where('review_id', '=', id)
        .execute();
    else
      await tx.db
        .insertInto('review_reports')
        .values({ review_id: id, ...values, approval_id: null, submitted_at: null, version: 1 })
        .execute();
    const version = await touchReview(tx, id, input.version);
    await addReviewEvent(tx, id, 'report_saved', voided > 0 ? `修改后${voided}人的签字作废` : null);
    await recordAudit(tx, {
      action: 'review.report_save',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { hash: [existing?.content_hash ?? null, hash], prosecution: [null, text.prosecution] },
    });
    return { version, hash, voided };
  });
}

/**
 * Signs the report's exact text (`hash`, as read): a current team member; a stale hash answers
 * CONFLICT. Throws REVIEW_NOT_MEMBER, REVIEW_TRANSITION (no report, or being approved).
 */
export async function signReviewReport(ctx: Ctx, id: string, input: { hash: string }) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'manage', { forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'report_sign');
    const { me } = await requireMember(tx, id, 'report_sign');
    const report = await reportOf(tx, id);
    if (!report) throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'report_sign', report: null });
    if (report.content_hash !== input.hash) throw errors.conflict({ hash: report.content_hash });
    const signatures = (JSON.parse(report.signatures) as Signature[]).filter((s) => s.userId !== me.userId);
    signatures.push({ userId: me.userId, name: me.name, hash: input.hash, signedAt: nowIso(tx) });
    await tx.db
      .updateTable('review_reports')
      .set({ signatures: JSON.stringify(signatures), version: report.version + 1 })
      .where('review_id', '=', id)
      .execute();
    const version = await touchReview(tx, id, row.version);
    await addReviewEvent(tx, id, 'report_signed', me.name);
    await recordAudit(tx, {
      action: 'review.report_sign',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { hash: [null, input.hash] },
    });
    return { version, signed: signatures.length };
  });
}

/**
 * Sends the signed report to the 主要负责人 (approval `review.report`): every current team member
 * must have signed its current text (REVIEW_REPORT_UNSIGNED naming who has not). The review moves
 * to `reported`. Needs `manage`. Throws REVIEW_TRANSITION, NO_APPROVER, CONFLICT.
 */
export async function submitReviewReport(ctx: Ctx, id: string, input: { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['reviewing'], 'report_submit');
    const report = await reportOf(tx, id);
    if (!report) throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'report_submit', report: null });
    const team = await reviewMembersOf(tx, id);
    const signed = (JSON.parse(report.signatures) as Signature[]).filter((s) => s.hash === report.content_hash);
    const missing = team.filter((m) => !signed.some((s) => s.userId === m.userId)).map((m) => m.name);
    if (missing.length > 0 || team.length === 0)
      throw domainError(
        'REVIEW_REPORT_UNSIGNED',
        { missing },
        `审理报告尚未经以下审理组成员签字：${missing.join('、') || '（未组成审理组）'}`,
      );
    const text = JSON.parse(report.content) as ReviewReportText;
    const approval = await startReviewApproval(tx, row, 'review.report', `关于${row.subject_name}案的审理报告`, {
      summary: text.opinion,
      proposedOutcomes: text.proposedOutcomes,
      prosecution: text.prosecution,
      hash: report.content_hash,
    });
    const moved = await setReviewState(tx, id, input.version, 'reported');
    await tx.db
      .updateTable('review_reports')
      .set({ status: 'submitted', approval_id: approval.id, submitted_at: nowIso(tx), version: report.version + 1 })
      .where('review_id', '=', id)
      .execute();
    await addReviewEvent(tx, id, 'report_submitted', approval.number);
    await recordAudit(tx, {
      action: 'review.report_submit',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [moved.from, 'reported'], approvalId: [null, approval.id] },
    });
    return { version: moved.version, approvalId: approval.id };
  });
}

/** The report's approval end, in the deciding transaction: approved, to the standing committee; else back to the team. */
export async function onReviewReportDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const report = await tx.db
    .selectFrom('review_reports')
    .selectAll()
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!report) return;
  const row = await tx.db
    .selectFrom('reviews')
    .selectAll()
    .where('id', '=', report.review_id)
    .executeTakeFirstOrThrow();
  const approved = e.outcome === 'approved';
  const to = approved ? 'deliberation' : 'reviewing';
  await setReviewState(tx, row.id, row.version, to);
  await tx.db
    .updateTable('review_reports')
    .set({ status: approved ? 'approved' : 'returned', version: report.version + 1 })
    .where('review_id', '=', row.id)
    .execute();
  await addReviewEvent(
    tx,
    row.id,
    'report_decided',
    `${approved ? '同意，提请纪委常委会审议' : '退回修改'}${e.opinion ? `：${e.opinion}` : ''}`,
  );
  await recordAudit(tx, {
    action: 'review.report_decided',
    resourceType: 'review',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: { status: [row.status, to], outcome: [null, e.outcome] },
  });
}

/** The standing committee's deliberation as recorded. */
export interface CommitteeInput {
  version: number;
  heldOn: string;
  /** Members of the 纪委常委会 (who should attend). */
  membersTotal: number;
  /** Names of the members present. */
  present: string[];
  /** Per-member opinions (optional), each of a member present. */
  opinions?: { name: string; opinion: string; vote?: ReviewVote | null | undefined }[] | undefined;
  decision: string;
  proposedOutcomes: ProposedOutcome[];
}

/**
 * Records the 纪委常委会's deliberation of the approved report and its decision: more than half of
 * the members present (REVIEW_QUORUM_NOT_MET, exactly half fails, nothing written), the decision
 * per subject (REVIEW_OUTCOMES_INVALID). The review is decided, its clock met, and the case closed
 * (`closeCase`, opening timer 34); each outcome code is drafted as a sanction record
 * (`draftSanctionsFromDecision`, refusing a village cadre's excluded state sanction with nothing
 * written). Needs `manage`. Throws REVIEW_TRANSITION (the report is not
 * approved), REVIEW_DELIBERATION_INVALID, CONFLICT, VALIDATION_FAILED.
 */
export async function recordCommitteeDecision(ctx: Ctx, id: string, input: CommitteeInput) {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadReview(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireReviewStatus(row, ['deliberation'], 'committee');
    if (input.heldOn > toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'heldOn' }, '会议日期不能晚于今天');
    const present = [...new Set(input.present.map((n) => n.trim()).filter(Boolean))];
    if (present.length !== input.present.length || present.length > input.membersTotal)
      throw domainError(
        'REVIEW_DELIBERATION_INVALID',
        { reason: 'present' },
        '出席人员不能重复，且不能多于应到会委员人数',
      );
    // Quorum: more than half of the members (exactly half is not enough).
    if (present.length * 2 <= input.membersTotal)
      throw domainError(
        'REVIEW_QUORUM_NOT_MET',
        { present: present.length, total: input.membersTotal },
        `应到会委员${input.membersTotal}人，实到${present.length}人，未超过半数，不能作出决定`,
      );
    const opinions = (input.opinions ?? []).map((o) => ({
      name: o.name.trim(),
      opinion: o.opinion.trim(),
      vote: o.vote ?? null,
    }));
    if (opinions.some((o) => !present.includes(o.name)))
      throw domainError(
        'REVIEW_DELIBERATION_INVALID',
        { reason: 'opinion_not_present' },
        '发表意见的须是出席会议的委员',
      );
    const outcomes = await checkOutcomes(tx, row.case_id, input.proposedOutcomes);
    const decision = input.decision.trim();
    if (!decision) throw errors.validation({ field: 'decision' }, '请写明常委会的决定');
    const t = tally(opinions);
    const moved = await setReviewState(tx, id, input.version, 'decided', { decided_at: nowIso(tx) });
    await tx.db
      .insertInto('review_deliberations')
      .values({
        id: newId(),
        review_id: id,
        kind: 'committee',
        held_on: input.heldOn,
        members_total: input.membersTotal,
        present: JSON.stringify(present.map((name) => ({ name }))),
        opinions: JSON.stringify(opinions),
        votes_for: t.votesFor,
        votes_against: t.votesAgainst,
        abstentions: t.abstentions,
        quorate: 1,
        decision,
        outcomes: JSON.stringify(outcomes),
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    await meetDeadline(tx, REVIEW_RESOURCE, id, REVIEW_CLOCK);
    const kase = await caseOf(tx, row.case_id);
    const closed = await closeCase(tx, kase.id, kase.version, { note: `纪委常委会审议决定：${decision}` });
    // The decided outcomes become drafted sanction records, in this transaction (a refusal undoes the decision).
    const sanctionIds = await draftSanctionsFromDecision(tx, { caseId: row.case_id, reviewId: id, outcomes });
    await addReviewEvent(tx, id, 'committee', `应到${input.membersTotal}人，实到${present.length}人：${decision}`);
    await addReviewEvent(tx, id, 'decided', null);
    await recordAudit(tx, {
      action: 'review.committee',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        status: [moved.from, 'decided'],
        present: [null, present.length],
        total: [null, input.membersTotal],
        outcomes: [null, outcomes],
      },
    });
    return { version: moved.version, caseVersion: closed.version, higherDueOn: closed.higherDueOn, sanctionIds };
  });
}

/**
 * The 审理报告 as PDF or DOCX, from the stored text, the talks and the signatures. Needs `detail`
 * (NOT_FOUND, NEED_TO_KNOW); REVIEW_TRANSITION while no report was drafted. Audited
 * (`review.document`).
 */
export async function reviewReportDocument(ctx: Ctx, id: string, format: 'pdf' | 'docx') {
  return inTransaction(ctx, async (tx) => {
    const row: ReviewRow = await loadReview(tx, id, 'detail');
    const report = await reportOf(tx, id);
    if (!report) throw domainError('REVIEW_TRANSITION', { status: row.status, action: 'document', report: null });
    const text = JSON.parse(report.content) as ReviewReportText;
    const kase = await caseOf(tx, row.case_id);
    const subjects = await caseSubjectsOf(tx, row.case_id);
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [row.owner_unit_id, kase.handling_unit_id])
      .execute();
    const unitName = (u: string) => units.find((x) => x.id === u)?.name ?? '';
    const talks = await tx.db
      .selectFrom('review_talks')
      .selectAll()
      .where('review_id', '=', id)
      .orderBy('held_on')
      .orderBy('id')
      .execute();
    const signatures = (JSON.parse(report.signatures) as Signature[]).filter((s) => s.hash === report.content_hash);
    const team = await reviewMembersOf(tx, id);
    const doc = reviewReport({
      caseNumber: kase.number ?? '',
      subjects: subjects.map((s) => ({ name: s.name, position: [s.employer, s.position].filter(Boolean).join('') })),
      handlingUnit: unitName(kase.handling_unit_id),
      reviewingUnit: unitName(row.owner_unit_id),
      acceptedOn: row.accepted_on,
      facts: text.facts,
      analysis: text.analysis,
      opinion: text.opinion,
      outcomes: text.proposedOutcomes.map((o) => ({
        name: subjects.find((s) => s.id === o.subjectId)?.name ?? '',
        summary: o.summary,
      })),
      prosecution: text.prosecution,
      talks: talks.map((t) => {
        const who = (JSON.parse(t.reviewers) as { name: string }[]).map((r) => r.name).join('、');
        const subject = subjects.find((s) => s.id === t.subject_row_id)?.name ?? '';
        return `${t.held_on}，${who}与${subject}谈话（${REVIEW_TALK_REASON_LABELS[t.reason as ReviewTalkReason] ?? t.reason}）。本人陈述和申辩：${t.defence}`;
      }),
      team: team.map((m) => ({
        role: REVIEW_MEMBER_ROLE_LABELS[m.role as ReviewMemberRole] ?? '',
        name: m.name,
        signedAt: signatures.find((s) => s.userId === m.userId)?.signedAt ?? null,
      })),
      date: toShanghaiDate(report.submitted_at ?? report.updated_at),
    });
    await recordAudit(tx, {
      action: 'review.document',
      resourceType: 'review',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { document: [null, `review_report.${format}`] },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: `审理报告（${kase.number ?? row.subject_name}）` };
  });
}
