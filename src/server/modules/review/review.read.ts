/**
 * Reading reviews: the review ledger (every line the reader may see, in scope, paginated; the
 * content only where they are on the team or over the reviewing unit) and one review's page
 * (acceptance, team, talks, deliberations, report, clock, trail), each read audited.
 */
import { sql } from 'kysely';
import type { ReviewRoute, ReviewStatus } from '../../shared/review.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import { caseSubjectsOf } from '../cases/index.js';
import { deadlinesOf } from '../deadlines/index.js';
import { loadInScope } from '../access/index.js';
import { type ReviewAction, reviewFullWhere, reviewLineWhere, reviewPolicy } from './review.policy.js';
import { REVIEW_CLOCK, REVIEW_RESOURCE, loadReview } from './review.service.js';
import { type ReviewReportText, reportOf } from './review.report.js';
import { reviewMembersOf } from './review.team.js';

/** What the ledger filters on. */
export interface ReviewLedgerQuery {
  page: number;
  pageSize: number;
  status?: ReviewStatus | undefined;
  route?: ReviewRoute | undefined;
  caseId?: string | undefined;
}

/** One line of the review ledger. */
export interface ReviewLine {
  id: string;
  caseId: string;
  caseNumber: string | null;
  subjectName: string;
  status: ReviewStatus;
  route: ReviewRoute;
  reviewingUnitName: string;
  handlingUnitName: string;
  acceptedOn: string | null;
  /** The review clock's due date (null: not running, or paused). */
  dueOn: string | null;
  /** `full`: the reader sees its content; `line`: its status only (the case's handling unit). */
  visibility: 'full' | 'line';
  createdAt: string;
}

/**
 * The review ledger page, newest first, with its audit event naming the reviews shown in full
 * (none for a page of lines only), in one transaction.
 */
export async function listReviews(ctx: Ctx, query: ReviewLedgerQuery): Promise<{ items: ReviewLine[]; total: number }> {
  return inTransaction(ctx, async (tx) => {
    let base = tx.db.selectFrom('reviews as v').where((eb) => reviewLineWhere(tx, 'v')(eb as never));
    if (query.status) base = base.where('v.status', '=', query.status);
    if (query.route) base = base.where('v.route', '=', query.route);
    if (query.caseId) base = base.where('v.case_id', '=', query.caseId);
    const total = Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .innerJoin('units as o', 'o.id', 'v.owner_unit_id')
      .innerJoin('units as h', 'h.id', 'v.handling_unit_id')
      .leftJoin('deadlines as d', (j) =>
        j
          .onRef('d.resource_id', '=', 'v.id')
          .on('d.resource_type', '=', REVIEW_RESOURCE)
          .on('d.kind', '=', REVIEW_CLOCK)
          .on('d.met_at', 'is', null)
          .on('d.paused_at', 'is', null),
      )
      .select([
        'v.id',
        'v.case_id',
        'v.case_number',
        'v.subject_name',
        'v.status',
        'v.route',
        'v.accepted_on',
        'v.created_at',
        'o.name as owner_name',
        'h.name as handling_name',
        'd.due_on',
      ])
      .select((eb) =>
        sql<number | boolean>`case when ${reviewFullWhere(tx, 'v')(eb as never)} then 1 else 0 end`.as('full'),
      )
      .orderBy('v.created_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const items: ReviewLine[] = rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      subjectName: r.subject_name,
      status: r.status as ReviewStatus,
      route: r.route as ReviewRoute,
      reviewingUnitName: r.owner_name,
      handlingUnitName: r.handling_name,
      acceptedOn: r.accepted_on,
      dueOn: r.due_on ?? null,
      visibility: r.full === true || Number(r.full) === 1 ? 'full' : 'line',
      createdAt: r.created_at,
    }));
    const shown = items.filter((i) => i.visibility === 'full').map((i) => i.id);
    if (shown.length > 0)
      await recordAudit(tx, {
        action: 'review.list',
        resourceType: 'review',
        resourceId: null,
        unitId: null,
        changes: { shown: [null, shown] },
      });
    return { items, total };
  });
}

async function allowed(tx: Ctx, id: string, action: ReviewAction): Promise<boolean> {
  try {
    await loadInScope(tx, reviewPolicy, id, action);
    return true;
  } catch {
    return false;
  }
}

/**
 * The people the team picker offers: active accounts of the reviewing unit's subtree, less the
 * township commissions below it (a county review: the county commission's offices), by name, at
 * most 200. 查审分离 and recusal are still
 * decided by the conflict check and the save, which refuse an investigator in words.
 */
async function teamCandidates(
  tx: Ctx,
  ownerUnitId: string,
): Promise<{ userId: string; name: string; unitName: string | null }[]> {
  const owner = await tx.db.selectFrom('units').select('path').where('id', '=', ownerUnitId).executeTakeFirst();
  if (!owner) return [];
  const rows = await tx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('n.path', 'like', `${owner.path}%`)
    // A county review's team is county staff: the townships' commissions below it are left out.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('units as c')
            .select('c.id')
            .where('c.kind', '=', 'township_commission')
            .where('c.id', '<>', ownerUnitId)
            .where(sql<boolean>`n.path like c.path || '%'`),
        ),
      ),
    )
    .where('u.disabled', '<>', 1)
    .orderBy('u.display_name')
    .orderBy('u.id')
    .limit(200)
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.display_name, unitName: r.unit_name }));
}

/**
 * One review's page for a reader of its content (team or over the reviewing unit; NEED_TO_KNOW for
 * the line-only, NOT_FOUND out of scope or recused). Audited (`review.read`).
 */
export async function readReview(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadReview(tx, id, 'detail');
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [row.owner_unit_id, row.handling_unit_id])
      .execute();
    const unitName = (u: string) => units.find((x) => x.id === u)?.name ?? '';
    const members = await reviewMembersOf(tx, id, { all: true });
    const talks = await tx.db
      .selectFrom('review_talks')
      .selectAll()
      .where('review_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const deliberations = await tx.db
      .selectFrom('review_deliberations')
      .selectAll()
      .where('review_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const events = await tx.db
      .selectFrom('review_events')
      .select(['at', 'actor_name', 'action', 'label', 'note'])
      .where('review_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const report = await reportOf(tx, id);
    const assign = await allowed(tx, id, 'assign');
    const detail = {
      id: row.id,
      caseId: row.case_id,
      caseNumber: row.case_number,
      subjectName: row.subject_name,
      status: row.status as ReviewStatus,
      route: row.route as ReviewRoute,
      zoneId: row.zone_id,
      reviewingUnit: { id: row.owner_unit_id, name: unitName(row.owner_unit_id) },
      handlingUnit: { id: row.handling_unit_id, name: unitName(row.handling_unit_id) },
      transferredAt: row.transferred_at,
      acceptance: row.acceptance as 'accept' | 'defer' | 'refuse' | null,
      acceptanceReason: row.acceptance_reason,
      acceptedOn: row.accepted_on,
      decidedAt: row.decided_at,
      early: row.early_status
        ? { status: row.early_status, reason: row.early_reason, approvalId: row.early_approval_id }
        : null,
      pendingReturn:
        Number(row.return_pending) === 1
          ? { kind: row.return_kind, reason: row.return_reason, approvalId: row.return_approval_id }
          : null,
      lastReturn: row.return_kind ? { kind: row.return_kind, reason: row.return_reason } : null,
      version: row.version,
      subjects: (await caseSubjectsOf(tx, row.case_id)).map((s) => ({ id: s.id, name: s.name, position: s.position })),
      team: members.filter((m) => m.removedAt === null).map(({ removedAt: _, ...m }) => m),
      formerMembers: members.filter((m) => m.removedAt !== null),
      talks: talks.map((t) => ({
        id: t.id,
        subjectId: t.subject_row_id,
        heldOn: t.held_on,
        reason: t.reason,
        reviewers: JSON.parse(t.reviewers) as { userId: string; name: string }[],
        defence: t.defence,
        recordRef: t.record_ref,
      })),
      deliberations: deliberations.map((d) => ({
        id: d.id,
        kind: d.kind,
        heldOn: d.held_on,
        membersTotal: Number(d.members_total),
        present: JSON.parse(d.present) as { userId?: string; name: string }[],
        opinions: JSON.parse(d.opinions) as { name: string; opinion: string; vote: string | null }[],
        votesFor: Number(d.votes_for),
        votesAgainst: Number(d.votes_against),
        abstentions: Number(d.abstentions),
        quorate: Number(d.quorate) === 1,
        decision: d.decision,
        outcomes: d.outcomes
          ? (JSON.parse(d.outcomes) as { subjectId: string; summary: string; code: string | null }[])
          : null,
      })),
      report: report
        ? {
            ...(JSON.parse(report.content) as ReviewReportText),
            hash: report.content_hash,
            status: report.status,
            approvalId: report.approval_id,
            signatures: (
              JSON.parse(report.signatures) as { userId: string; name: string; hash: string; signedAt: string }[]
            ).filter((s) => s.hash === report.content_hash),
          }
        : null,
      clocks: await deadlinesOf(tx, REVIEW_RESOURCE, id),
      events: events.map((e) => ({
        at: e.at,
        actorName: e.actor_name,
        action: e.action,
        label: e.label,
        note: e.note,
      })),
      can: { assign, manage: await allowed(tx, id, 'manage') },
      candidates: assign ? await teamCandidates(tx, row.owner_unit_id) : [],
    };
    await recordAudit(tx, { action: 'review.read', resourceType: 'review', resourceId: id, unitId: row.owner_unit_id });
    return detail;
  });
}

/** The review page's shape. */
export type ReviewDetail = Awaited<ReturnType<typeof readReview>>;
