/**
 * The rectification ledger's workbench cards: the responsible unit's own items (rejected ones
 * first, with the reason), and for the issuer side the submissions waiting for acceptance, the
 * escalation rungs due, the 回头看 due and the extension requests waiting for its 呈批 (those
 * already in the chain are the approvals module's card, for the approvers); everyone who reads
 * the ledger sees its overdue items.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { countUpTo } from '../../db/count.js';
import type { Ctx } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchItem, WorkbenchProvider } from '../../shared/module.js';
import {
  RECTIFICATION_ESCALATION_LABELS,
  RECTIFICATION_STATUS_LABELS,
  type RectificationEscalation,
  type RectificationStatus,
} from '../../shared/rectification.codes.js';
import { scopePredicate } from '../../shared/scope.js';
import { issuerManageWhere, todayOf } from './rectification.items.js';
import { rectificationListWhere } from './rectification.policy.js';

/** The ledger page; each card links to it filtered to the card's rows, each row to its item page. */
const HREF = '/rectification';

type Base = ReturnType<typeof base>;

function base(ctx: Ctx) {
  return ctx.db.selectFrom('rectification_items as i').innerJoin('units as ou', 'ou.id', 'i.owner_unit_id');
}

async function card(
  ctx: Ctx,
  href: string,
  query: Base,
  limit: number,
  order: (q: Base) => Base,
  line: (r: Row, today: string) => Partial<WorkbenchItem>,
  severity: (rows: Row[], today: string) => WorkbenchCardContent['severity'],
): Promise<WorkbenchCardContent | null> {
  const today = todayOf(ctx);
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, query),
    order(query)
      .select([
        'i.id',
        'i.problem',
        'i.status',
        'i.due_on',
        'i.created_at',
        'i.last_rejection',
        'i.rejections',
        'i.next_escalation',
        'i.next_escalation_on',
        'i.follow_up_on',
        'ou.name as unit_name',
      ])
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href,
    severity: severity(rows, today),
    items: rows.map((r) => ({
      id: r.id,
      title: r.problem.length > 60 ? `${r.problem.slice(0, 60)}…` : r.problem,
      subtitle: r.unit_name,
      at: r.created_at,
      dueOn: r.due_on,
      overdue: r.status !== 'closed' && r.due_on < today,
      href: `${HREF}/${r.id}`,
      ...line(r, today),
    })),
  };
}

type Row = {
  id: string;
  problem: string;
  status: string;
  due_on: string;
  created_at: string;
  last_rejection: string | null;
  rejections: number;
  next_escalation: string | null;
  next_escalation_on: string | null;
  follow_up_on: string | null;
  unit_name: string;
};

/** Items addressed to the actor's own unit (or, for a contact, units in the respond scope). */
function mineWhere(ctx: Ctx) {
  return (eb: ExpressionBuilder<Database, 'rectification_items'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (ctx.actor?.unitId) parts.push(sql<SqlBool>`i.owner_unit_id = ${ctx.actor.unitId}`);
    const respond = ctx.actor?.scopes.get('rectification.respond');
    if (respond)
      parts.push(
        scopePredicate(eb as never, respond, {
          unitId: 'i.owner_unit_id',
          unitPath: 'i.owner_unit_path',
          regionPath: 'i.region_path',
        }),
      );
    return parts.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(parts);
  };
}

const anyOverdue = (rows: Row[], today: string) => (rows.some((r) => r.due_on < today) ? 'danger' : 'warning');

/** The rectification ledger's cards. */
export const rectificationWorkbench: WorkbenchProvider[] = [
  {
    key: 'rectification.mine',
    title: '本单位整改事项',
    kind: 'todo',
    permissions: ['rectification.respond', 'rectification.manage'],
    load: (ctx, { limit }) =>
      card(
        ctx,
        `${HREF}?side=owner&sort=dueOn`,
        base(ctx)
          .where('i.status', 'in', ['open', 'in_progress'])
          .where((eb) => mineWhere(ctx)(eb as never))
          .where((eb) => rectificationListWhere(ctx, 'i', 'owner')(eb as never)),
        limit,
        (q) =>
          q
            .orderBy((eb) => eb.case().when('i.last_rejection', 'is not', null).then(0).else(1).end())
            .orderBy('i.due_on')
            .orderBy('i.id'),
        (r) => ({
          subtitle: r.last_rejection
            ? `退回${Number(r.rejections)}次：${r.last_rejection}`
            : RECTIFICATION_STATUS_LABELS[r.status as RectificationStatus],
        }),
        anyOverdue,
      ),
  },
  {
    key: 'rectification.to_accept',
    title: '待验收整改',
    kind: 'todo',
    permissions: ['rectification.manage'],
    load: (ctx, { limit }) =>
      card(
        ctx,
        `${HREF}?status=submitted`,
        base(ctx)
          .where('i.status', '=', 'submitted')
          .where((eb) => issuerManageWhere(ctx)(eb as never)),
        limit,
        (q) => q.orderBy('i.submitted_at').orderBy('i.id'),
        () => ({}),
        () => 'info',
      ),
  },
  {
    key: 'rectification.overdue',
    title: '逾期整改事项',
    kind: 'alert',
    permissions: ['rectification.read'],
    load: (ctx, { limit }) => {
      const today = todayOf(ctx);
      return card(
        ctx,
        `${HREF}?overdue=true&sort=dueOn`,
        base(ctx)
          .where('i.status', '!=', 'closed')
          .where('i.due_on', '<', today)
          .where((eb) => rectificationListWhere(ctx, 'i')(eb as never)),
        limit,
        (q) => q.orderBy('i.due_on').orderBy('i.id'),
        () => ({}),
        () => 'danger',
      );
    },
  },
  {
    key: 'rectification.escalation_due',
    title: '应升级督办',
    kind: 'todo',
    permissions: ['rectification.manage'],
    load: (ctx, { limit }) => {
      const today = todayOf(ctx);
      return card(
        ctx,
        `${HREF}?overdue=true&sort=dueOn`,
        base(ctx)
          .where('i.status', '!=', 'closed')
          .where('i.next_escalation', 'is not', null)
          .where('i.next_escalation_on', '<=', today)
          .where((eb) => issuerManageWhere(ctx)(eb as never)),
        limit,
        (q) => q.orderBy('i.next_escalation_on').orderBy('i.id'),
        (r) => ({
          subtitle: `${r.unit_name} · 应予${RECTIFICATION_ESCALATION_LABELS[r.next_escalation as RectificationEscalation] ?? ''}`,
        }),
        () => 'warning',
      );
    },
  },
  {
    key: 'rectification.follow_up',
    title: '回头看',
    kind: 'todo',
    permissions: ['rectification.manage'],
    load: (ctx, { limit }) => {
      const today = todayOf(ctx);
      return card(
        ctx,
        `${HREF}?followUpDue=true`,
        base(ctx)
          .where('i.status', '=', 'closed')
          .where('i.followed_up_at', 'is', null)
          .where('i.follow_up_on', '<=', today)
          .where((eb) => issuerManageWhere(ctx)(eb as never)),
        limit,
        (q) => q.orderBy('i.follow_up_on').orderBy('i.id'),
        (r) => ({ dueOn: r.follow_up_on, overdue: false }),
        () => 'info',
      );
    },
  },
  {
    key: 'rectification.extensions_to_submit',
    title: '待呈批的延期申请',
    kind: 'todo',
    permissions: ['rectification.manage'],
    load: (ctx, { limit }) =>
      card(
        ctx,
        HREF,
        base(ctx)
          .where('i.status', '!=', 'closed')
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('rectification_extensions as x')
                .select('x.id')
                .whereRef('x.item_id', '=', 'i.id')
                .where('x.status', '=', 'pending'),
            ),
          )
          .where((eb) => issuerManageWhere(ctx)(eb as never)),
        limit,
        (q) => q.orderBy('i.due_on').orderBy('i.id'),
        (r) => ({ subtitle: `${r.unit_name} · 申请延期，待呈批` }),
        () => 'warning',
      ),
  },
];
