/**
 * What the ledger tells people as it happens (notifications, in the caller's transaction): the
 * responsible unit when an item is assigned to it (交办), the recipient when a recommendation is
 * issued to it, the issuing side when the recipient replies or refuses. The daily reminders and
 * escalation notices are the escalation job's (`rectification.escalation.ts`).
 */
import type { Ctx } from '../../shared/context.js';
import { nowIso } from '../../shared/context.js';
import { RECOMMENDATION_KIND_LABELS, type RecommendationKind } from '../../shared/recommendation.codes.js';
import { notify, usersCovering } from '../notifications/index.js';
import type { RecommendationRow } from './rectification.recommendations.tables.js';

/** The accounts that work items of unit `owner` (rectification.respond over it). */
async function responders(tx: Ctx, owner: { owner_unit_id: string; owner_unit_path: string; region_path: string }) {
  return usersCovering(tx.db, tx.clock.nowMs(), 'rectification.respond', owner);
}

/** Tells the responsible unit's accounts that item `item` was assigned to it, with its due date. */
export async function noticeItemAssigned(
  tx: Ctx,
  item: { id: string; problem: string; dueOn: string; owner: { id: string; path: string; region_path: string } },
): Promise<void> {
  const users = await responders(tx, {
    owner_unit_id: item.owner.id,
    owner_unit_path: item.owner.path,
    region_path: item.owner.region_path,
  });
  await notify(tx.db, nowIso(tx), users, {
    kind: 'rectification_assigned',
    title: '新交办整改事项',
    body: `整改事项“${item.problem.slice(0, 60)}”已交办本单位，整改期限为${item.dueOn}，请按期整改并报送整改材料。`,
    resourceType: 'rectification_item',
    resourceId: item.id,
    dedupeKey: `rectification:${item.id}:assigned`,
  });
}

/**
 * Tells the responsible unit's accounts how the extension it asked for ended: approved (the new
 * due date) or refused (with the reason given), so the unit does not learn it only from the page.
 */
export async function noticeExtensionDecided(
  tx: Ctx,
  item: { id: string; problem: string; owner_unit_id: string; owner_unit_path: string; region_path: string },
  decision: { extensionId: string; approved: boolean; moved: boolean; dueOn: string; note: string | null },
): Promise<void> {
  const problem = item.problem.slice(0, 60);
  await notify(tx.db, nowIso(tx), await responders(tx, item), {
    kind: 'rectification_extension_decided',
    title: decision.approved ? '延期申请已批准' : '延期申请未获批准',
    body: decision.approved
      ? decision.moved
        ? `整改事项“${problem}”的延期申请已批准，整改期限调整为${decision.dueOn}。`
        : `整改事项“${problem}”的延期申请已批准；该事项已不在整改中，期限未调整。`
      : `整改事项“${problem}”的延期申请未获批准，整改期限仍为${decision.dueOn}${decision.note ? `。理由：${decision.note.slice(0, 200)}` : ''}。`,
    resourceType: 'rectification_item',
    resourceId: item.id,
    dedupeKey: `rectification:${item.id}:extension:${decision.extensionId}`,
  });
}

/** Tells the recipient unit's accounts that recommendation `row` was issued to it. */
export async function noticeRecommendationIssued(
  tx: Ctx,
  row: RecommendationRow,
  number: string,
  replyDueOn: string,
): Promise<void> {
  const label = RECOMMENDATION_KIND_LABELS[row.kind as RecommendationKind] ?? '建议书';
  await notify(tx.db, nowIso(tx), await responders(tx, row), {
    kind: 'recommendation_issued',
    title: `收到${label}（${number}）`,
    body: `${row.subject}：请于${replyDueOn}前书面回复整改情况。`,
    resourceType: 'recommendation',
    resourceId: row.id,
    dedupeKey: `recommendation:${row.id}:issued`,
  });
}

/** Tells the issuing side (rectification.manage over the issuer) that the recipient replied or refused. */
export async function noticeRecommendationAnswered(
  tx: Ctx,
  row: RecommendationRow,
  how: 'replied' | 'refused',
): Promise<void> {
  const users = await usersCovering(tx.db, tx.clock.nowMs(), 'rectification.manage', {
    owner_unit_id: row.issuer_unit_id,
    owner_unit_path: row.issuer_unit_path,
    region_path: row.issuer_region_path,
  });
  await notify(tx.db, nowIso(tx), users, {
    kind: 'recommendation_answered',
    title: how === 'replied' ? `建议书已回复（${row.number ?? ''}）` : `建议书被提出异议或拒绝（${row.number ?? ''}）`,
    body:
      how === 'replied'
        ? `${row.subject}：主送单位已回复，整改措施已纳入整改台账。`
        : `${row.subject}：主送单位拒绝或提出异议，请审查其理由。`,
    resourceType: 'recommendation',
    resourceId: row.id,
    dedupeKey: `recommendation:${row.id}:${how}`,
  });
}
