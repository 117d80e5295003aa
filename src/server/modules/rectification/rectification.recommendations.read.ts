/**
 * Recommendations as read (监察建议书 / 纪律检查建议书): one with the items of its reply, and the
 * list either side sees, filtered, overdue replies first. Split from
 * `rectification.recommendations.ts` (the issuing side's writes), which re-exports these.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso, requireActor } from '../../shared/context.js';
import {
  RECOMMENDATION_REQUIRED_PARTS,
  type RecommendationKind,
  type RecommendationPart,
  type RecommendationSourceKind,
  type RecommendationStatus,
} from '../../shared/recommendation.codes.js';
import { loadInScope } from '../access/index.js';
import {
  type RecommendationAction,
  onIssuerSide,
  onRecipientSide,
  recommendationListWhere,
  recommendationPolicy,
} from './rectification.recommendations.policy.js';
import type {
  RecommendationItemView,
  RecommendationQuery,
  RecommendationView,
} from './rectification.recommendations.js';
import type { RecommendationRow } from './rectification.recommendations.tables.js';

/** The parts a row still lacks, in the rules' order. */
export function missingParts(
  r: Pick<
    RecommendationRow,
    'subject' | 'recipient_principal' | 'situation' | 'problems' | 'requirements' | 'deadline' | 'report_back'
  >,
): RecommendationPart[] {
  const have: Record<RecommendationPart, string | null> = {
    subject: r.subject,
    recipientPrincipal: r.recipient_principal,
    situation: r.situation,
    problems: r.problems,
    requirements: r.requirements,
    deadline: r.deadline,
    reportBack: r.report_back,
  };
  return (Object.keys(RECOMMENDATION_REQUIRED_PARTS) as RecommendationPart[]).filter((p) => !have[p]?.trim());
}

/** Reads one recommendation (either side; NOT_FOUND otherwise). */
export async function readRecommendation(ctx: Ctx, id: string): Promise<RecommendationView> {
  await loadInScope<RecommendationAction, RecommendationRow>(ctx, recommendationPolicy, id, 'read');
  return recommendationView(ctx, id);
}

const LINE_COLUMNS = [
  'r.id',
  'r.kind',
  'r.number',
  'r.subject',
  'r.issuer_unit_id',
  'r.issuer_unit_path',
  'r.issuer_region_path',
  'r.owner_unit_id',
  'r.owner_unit_path',
  'r.region_path',
  'r.county_code',
  'r.recipient_principal',
  'r.situation',
  'r.problems',
  'r.requirements',
  'r.deadline',
  'r.report_back',
  'r.source_kind',
  'r.source_id',
  'r.status',
  'r.reply_due_on',
  'r.issued_at',
  'r.issued_by',
  'r.replied_at',
  'r.replied_by',
  'r.reply_note',
  'r.refused_at',
  'r.refused_by',
  'r.refusal_reason',
  'r.refusal_justified',
  'r.refusal_ruling_note',
  'r.accountability_flagged_at',
  'r.created_by',
  'r.approval_id',
  'r.submitted_by',
  'r.submitted_at',
  'r.version',
  'r.created_at',
  'r.updated_at',
  'iu.name as issuer_name',
  'ou.name as recipient_name',
  'ap.status as approval_status',
] as const;

function baseQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('recommendations as r')
    .innerJoin('units as iu', 'iu.id', 'r.issuer_unit_id')
    .innerJoin('units as ou', 'ou.id', 'r.owner_unit_id')
    .leftJoin('approvals as ap', 'ap.id', 'r.approval_id');
}

type LineRow = RecommendationRow & { issuer_name: string; recipient_name: string; approval_status: string | null };

function present(ctx: Ctx, r: LineRow, today: string, items: RecommendationItemView[]): RecommendationView {
  return {
    id: r.id,
    kind: r.kind as RecommendationKind,
    number: r.number,
    subject: r.subject,
    issuerUnitId: r.issuer_unit_id,
    issuerUnitName: r.issuer_name,
    recipientUnitId: r.owner_unit_id,
    recipientUnitName: r.recipient_name,
    recipientPrincipal: r.recipient_principal,
    situation: r.situation,
    problems: r.problems,
    requirements: r.requirements,
    deadline: r.deadline,
    reportBack: r.report_back,
    sourceKind: r.source_kind as RecommendationSourceKind | null,
    sourceId: r.source_id,
    status: r.status as RecommendationStatus,
    approvalId: r.approval_id,
    approvalStatus: r.approval_status,
    submittedAt: r.submitted_at,
    missing: missingParts(r),
    replyDueOn: r.reply_due_on,
    replyOverdue: r.status === 'issued' && !!r.reply_due_on && r.reply_due_on < today,
    issuedAt: r.issued_at,
    repliedAt: r.replied_at,
    replyNote: r.reply_note,
    refusedAt: r.refused_at,
    refusalReason: r.refusal_reason,
    refusalJustified: r.refusal_justified === null ? null : Number(r.refusal_justified) === 1,
    refusalRulingNote: r.refusal_ruling_note,
    accountabilityFlaggedAt: r.accountability_flagged_at,
    items,
    canManage: onIssuerSide(ctx, r),
    canRespond: onRecipientSide(ctx, r),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A recommendation's view by id, with the items of its reply (no access check). */
export async function recommendationView(ctx: Ctx, id: string): Promise<RecommendationView> {
  const row = (await baseQuery(ctx)
    .select([...LINE_COLUMNS])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow()) as LineRow;
  const items = await ctx.db
    .selectFrom('rectification_items')
    .select(['id', 'problem', 'measures', 'due_on', 'status'])
    .where('source_kind', 'in', ['supervision_recommendation', 'discipline_recommendation'])
    .where('source_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return present(
    ctx,
    row,
    toShanghaiDate(nowIso(ctx)),
    items.map((i) => ({ id: i.id, problem: i.problem, measures: i.measures, dueOn: i.due_on, status: i.status })),
  );
}

/** Recommendations either side sees, filtered; overdue replies first, then newest. */
export async function listRecommendations(
  ctx: Ctx,
  query: RecommendationQuery,
): Promise<{ items: RecommendationView[]; total: number }> {
  requireActor(ctx);
  const today = toShanghaiDate(nowIso(ctx));
  let q = baseQuery(ctx).where((eb) => recommendationListWhere(ctx, 'r')(eb as never));
  if (query.kind) q = q.where('r.kind', '=', query.kind);
  if (query.status) q = q.where('r.status', '=', query.status);
  if (query.recipientUnitId) q = q.where('r.owner_unit_id', '=', query.recipientUnitId);
  if (query.issuerUnitId) q = q.where('r.issuer_unit_id', '=', query.issuerUnitId);
  if (query.overdue) q = q.where('r.status', '=', 'issued').where('r.reply_due_on', '<', today);
  if (query.accountability) q = q.where('r.accountability_flagged_at', 'is not', null);
  const [rows, count] = await Promise.all([
    q
      .select([...LINE_COLUMNS])
      .orderBy((eb) =>
        eb
          .case()
          .when(eb.and([eb('r.status', '=', 'issued'), eb('r.reply_due_on', '<', today)]))
          .then(0)
          .else(1)
          .end(),
      )
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), items: rows.map((r) => present(ctx, r as LineRow, today, [])) };
}
