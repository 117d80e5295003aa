/**
 * The recipient's answer to a recommendation (issue 15 §2; JCF24 第七十一条): a reply with one or
 * more rectification measures, each opened as an item of the one ledger in the reply's
 * transaction (source `supervision_recommendation` / `discipline_recommendation`, source id the
 * recommendation, issuer the issuing commission, owner the recipient, due the recommendation's
 * deadline unless the measure states an earlier one); or a refusal. A refusal with a reason is an
 * objection the issuer rules on; one without a reason, or whose reason the issuer rules
 * unjustified, is recorded for accountability: `accountability_flagged_at`, a 问责 record of the
 * recipient unit (`rectification_unit_escalations`, on the unit's page) and the audit action
 * `rectification.recommendation_accountability`, all in the refusal's or the ruling's transaction.
 */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import type { ProblemSeverity } from '../../shared/rectification.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { meetDeadline } from '../deadlines/index.js';
import { noticeRecommendationAnswered } from './rectification.notices.js';
import { openRectificationItem } from './rectification.open.js';
import { recordRefusalAccountability } from './rectification.unit-escalations.js';
import {
  REPLY_CLOCK,
  type RecommendationView,
  recommendationView,
  setRecommendation,
} from './rectification.recommendations.js';
import {
  type RecommendationAction,
  onIssuerSide,
  onRecipientSide,
  recommendationPolicy,
} from './rectification.recommendations.policy.js';
import type { RecommendationRow } from './rectification.recommendations.tables.js';

/** One measure of a reply: it becomes a rectification item. */
export interface ReplyMeasure {
  /** The problem the measure addresses (from the recommendation's problems). */
  problem: string;
  /** What the unit will do. */
  measures: string;
  /** Earlier than the recommendation's deadline, or left out (the deadline). */
  dueOn?: string | null | undefined;
  severity?: ProblemSeverity | undefined;
  /** The person answerable (default: the recipient's principal). */
  responsiblePerson?: string | null | undefined;
  /** An account of the recipient unit answerable for it. */
  responsibleUserId?: string | null | undefined;
}

/** A reply. */
export interface ReplyInput {
  version: number;
  note?: string | null | undefined;
  measures: readonly ReplyMeasure[];
}

/** Loads a recommendation for the recipient: NOT_FOUND, CONFLICT, RECOMMENDATION_NOT_RECIPIENT, RECOMMENDATION_STATE. */
async function forRecipient(tx: Ctx, id: string, version: number, action: string): Promise<RecommendationRow> {
  const row = await loadInScope<RecommendationAction, RecommendationRow>(tx, recommendationPolicy, id, 'respond', {
    version,
    forUpdate: true,
  });
  if (!onRecipientSide(tx, row)) throw domainError('RECOMMENDATION_NOT_RECIPIENT', { action });
  if (row.status !== 'issued') throw domainError('RECOMMENDATION_STATE', { status: row.status, action });
  return row;
}

/** The issuing document as the ledger names it: the subject and the number. */
function sourceDocument(r: RecommendationRow): string {
  return `${r.subject}（${r.number ?? '未编号'}）`;
}

/**
 * The recipient replies with its measures (`rectification.respond` or `rectification.manage` over
 * the recipient unit, not the issuer side): each measure opens a rectification item in this
 * transaction; a measure due after the recommendation's deadline is refused (VALIDATION_FAILED
 * naming `measures[i].dueOn`), as is any the ledger refuses. Stops the reply clock. Audited
 * (`rectification.recommendation_reply`).
 */
export async function replyToRecommendation(ctx: Ctx, id: string, input: ReplyInput): Promise<RecommendationView> {
  return inTransaction(ctx, async (tx) => {
    const row = await forRecipient(tx, id, input.version, 'reply');
    if (input.measures.length === 0) throw errors.validation({ field: 'measures' }, '请至少写明一项整改措施');
    const deadline = row.deadline!;
    const source = row.kind === 'supervision' ? 'supervision_recommendation' : 'discipline_recommendation';
    const itemIds: string[] = [];
    for (const [i, m] of input.measures.entries()) {
      if (!m.measures.trim()) throw errors.validation({ field: `measures[${i}].measures` }, '请写明整改措施');
      if (m.dueOn && m.dueOn > deadline)
        throw errors.validation(
          { field: `measures[${i}].dueOn`, deadline },
          `整改措施的完成时限不能晚于建议书规定的整改期限（${deadline}）`,
        );
      const item = await openRectificationItem(tx, {
        source,
        sourceId: row.id,
        sourceDocument: sourceDocument(row),
        problem: m.problem,
        severity: m.severity,
        measures: m.measures,
        ownerUnitId: row.owner_unit_id,
        responsiblePerson: m.responsiblePerson?.trim() || row.recipient_principal,
        responsibleUserId: m.responsibleUserId ?? null,
        issuerUnitId: row.issuer_unit_id,
        dueOn: m.dueOn || deadline,
      });
      itemIds.push(item.id);
    }
    const now = nowIso(tx);
    await setRecommendation(tx, row, {
      status: 'replied',
      replied_at: now,
      replied_by: tx.actor?.userId ?? null,
      reply_note: input.note?.trim() || null,
    });
    await meetDeadline(tx, REPLY_CLOCK.resourceType, id, REPLY_CLOCK.kind);
    await noticeRecommendationAnswered(tx, row, 'replied');
    await recordAudit(tx, {
      action: 'rectification.recommendation_reply',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['issued', 'replied'], items: [null, itemIds] },
    });
    return recommendationView(tx, id);
  });
}

/**
 * Records a refusal without good reason for accountability (JCF24 第七十一条), in the caller's
 * transaction: the recipient unit's 问责 record (`rectification_unit_escalations`, shown on the
 * unit's page with its 问责记录) and the audit event naming it.
 */
async function flagForAccountability(
  tx: Ctx,
  row: RecommendationRow,
  why: 'no_reason' | 'ruled_unjustified',
  rulingNote: string | null = null,
) {
  const record = await recordRefusalAccountability(
    tx,
    row,
    why === 'no_reason' ? 'refused_without_reason' : 'refusal_ruled_unjustified',
    rulingNote,
  );
  await recordAudit(tx, {
    action: 'rectification.recommendation_accountability',
    resourceType: 'recommendation',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: {
      accountability: [null, why],
      recipient: [null, row.owner_unit_id],
      issuer: [null, row.issuer_unit_id],
      record: [null, record],
    },
  });
}

/**
 * The recipient refuses the recommendation: with a reason (an objection the issuer rules on), or
 * without one (recorded for accountability at once: `accountability_flagged_at`). Stops the reply
 * clock. Audited (`rectification.recommendation_refuse`, and `…_accountability` without a reason).
 */
export async function refuseRecommendation(
  ctx: Ctx,
  id: string,
  input: { version: number; reason?: string | null | undefined },
): Promise<RecommendationView> {
  return inTransaction(ctx, async (tx) => {
    const row = await forRecipient(tx, id, input.version, 'refuse');
    const reason = input.reason?.trim() || null;
    const now = nowIso(tx);
    await setRecommendation(tx, row, {
      status: 'refused',
      refused_at: now,
      refused_by: tx.actor?.userId ?? null,
      refusal_reason: reason,
      refusal_justified: reason ? null : 0,
      accountability_flagged_at: reason ? null : now,
    });
    await meetDeadline(tx, REPLY_CLOCK.resourceType, id, REPLY_CLOCK.kind);
    await noticeRecommendationAnswered(tx, row, 'refused');
    await recordAudit(tx, {
      action: 'rectification.recommendation_refuse',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['issued', 'refused'], reason: [null, reason] },
    });
    if (!reason) await flagForAccountability(tx, row, 'no_reason');
    return recommendationView(tx, id);
  });
}

/**
 * The issuer side rules on a refusal's reason (an objection): justified (the matter rests), or
 * not (recorded for accountability). RECOMMENDATION_STATE unless refused with a reason not yet
 * ruled on. Audited (`rectification.recommendation_ruling`, and `…_accountability` when unjustified).
 */
export async function ruleOnRefusal(
  ctx: Ctx,
  id: string,
  input: { version: number; justified: boolean; note: string },
): Promise<RecommendationView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<RecommendationAction, RecommendationRow>(tx, recommendationPolicy, id, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    if (!onIssuerSide(tx, row)) throw domainError('RECOMMENDATION_NOT_ISSUER', { action: 'ruling' });
    if (row.status !== 'refused' || !row.refusal_reason || row.refusal_justified !== null)
      throw domainError('RECOMMENDATION_STATE', { status: row.status, action: 'ruling' });
    const note = input.note.trim();
    if (!note) throw errors.validation({ field: 'note' }, '请写明认定意见');
    const now = nowIso(tx);
    await setRecommendation(tx, row, {
      refusal_justified: input.justified ? 1 : 0,
      refusal_ruling_note: note,
      accountability_flagged_at: input.justified ? null : now,
    });
    await recordAudit(tx, {
      action: 'rectification.recommendation_ruling',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { justified: [null, input.justified], note: [null, note] },
    });
    if (!input.justified) await flagForAccountability(tx, row, 'ruled_unjustified', note);
    return recommendationView(tx, id);
  });
}
