/**
 * The recommendations' workbench cards: the issuer side's "建议书待回复" (issued and waiting for
 * the reply, overdue first, and refusals to rule on or recorded for accountability) and the
 * recipient's "收到的建议书" (issued to my unit, to reply to or refuse). No console page yet: no links.
 */
import { countUpTo } from '../../db/count.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { RECOMMENDATION_KIND_LABELS, type RecommendationKind } from '../../shared/recommendation.codes.js';
import { recommendationListWhere } from './rectification.recommendations.policy.js';

/** Issued recommendations of my side waiting for the reply, and refusals needing the issuer. */
async function awaitingReply(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('recommendations as r')
    .where((eb) => recommendationListWhere(ctx, 'r', 'issuer')(eb as never))
    .where((eb) =>
      eb.or([
        eb('r.status', '=', 'issued'),
        eb.and([
          eb('r.status', '=', 'refused'),
          eb.or([eb('r.refusal_justified', 'is', null), eb('r.accountability_flagged_at', 'is not', null)]),
        ]),
      ]),
    );
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('units as u', 'u.id', 'r.owner_unit_id')
      .select([
        'r.id',
        'r.kind',
        'r.number',
        'r.subject',
        'r.status',
        'r.reply_due_on',
        'r.issued_at',
        'r.refused_at',
        'r.accountability_flagged_at',
        'u.name',
      ])
      .orderBy((eb) => eb.case().when('r.status', '=', 'refused').then(0).else(1).end())
      .orderBy('r.reply_due_on')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  const overdue = (r: (typeof rows)[number]) => r.status === 'issued' && !!r.reply_due_on && r.reply_due_on < today;
  return {
    count,
    countCapped: capped,
    href: null,
    severity: rows.some((r) => overdue(r) || r.status === 'refused') ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.subject,
      subtitle: `${RECOMMENDATION_KIND_LABELS[r.kind as RecommendationKind] ?? r.kind} ${r.number ?? ''} · ${r.name} · ${
        r.status === 'refused'
          ? r.accountability_flagged_at
            ? '拒不采纳，已记录问责'
            : '拒不采纳，待认定理由'
          : '待回复'
      }`,
      at: r.refused_at ?? r.issued_at,
      dueOn: r.reply_due_on,
      overdue: overdue(r),
      href: null,
    })),
  };
}

/** Issued recommendations addressed to my unit (not my own side's), to reply to. */
async function received(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('recommendations as r')
    .where('r.status', '=', 'issued')
    .where((eb) => recommendationListWhere(ctx, 'r', 'recipient')(eb as never))
    .where((eb) => eb.not(recommendationListWhere(ctx, 'r', 'issuer')(eb as never)));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('units as u', 'u.id', 'r.issuer_unit_id')
      .select(['r.id', 'r.kind', 'r.number', 'r.subject', 'r.reply_due_on', 'r.issued_at', 'u.name'])
      .orderBy('r.reply_due_on')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: null,
    severity: rows.some((r) => !!r.reply_due_on && r.reply_due_on < today) ? 'danger' : 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.subject,
      subtitle: `${RECOMMENDATION_KIND_LABELS[r.kind as RecommendationKind] ?? r.kind} ${r.number ?? ''} · ${r.name}`,
      at: r.issued_at,
      dueOn: r.reply_due_on,
      overdue: !!r.reply_due_on && r.reply_due_on < today,
      href: null,
    })),
  };
}

/** The recommendations' cards. */
export const recommendationWorkbench: WorkbenchProvider[] = [
  {
    key: 'rectification.recommendations_awaiting',
    title: '建议书待回复',
    kind: 'clock',
    permissions: ['rectification.manage'],
    load: (ctx, { limit }) => awaitingReply(ctx, limit),
  },
  {
    key: 'rectification.recommendations_received',
    title: '收到的建议书',
    kind: 'clock',
    permissions: ['rectification.respond', 'rectification.manage'],
    load: (ctx, { limit }) => received(ctx, limit),
  },
];
