/**
 * The audit module's workbench cards, for the audit administrator: when the hash chain was last
 * verified (and with what result), and the sensitive actions since they last looked (revealing a
 * reporter's identity, exports, role grants, account changes); for the security administrator:
 * the refused access attempts (security events) since they last looked, and the accounts a system
 * administrator unlocked (who, which account, why).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { auditActionLabel } from '../../shared/audit.codes.js';
import { SECURITY_ACTION_PREFIX } from './audit.security.js';

/** Actions the audit administrator reviews first. */
export const SENSITIVE_ACTIONS = [
  'report.identity_reveal',
  'report.identity_export',
  'organisation.export',
  'organisation.import',
  'audit.export',
  'role.create',
  'role.update',
  'role.assign',
  'role.revoke',
  'user.create',
  'user.update',
  'user.password_reset',
  'user.totp_reset',
  'user.unlock',
] as const;

const DAY = 86_400_000;

/**
 * A card of the audit events `pick` selects since the person last looked (the last 7 days at
 * first), newest first: up to 500 counted, `limit` shown with their actor; `severity` marks a
 * non-empty card as a warning.
 */
async function recentEventsCard(
  ctx: Ctx,
  since: string | null,
  limit: number,
  pick: (eb: ExpressionBuilder<Database, 'audit_events'>) => Expression<SqlBool>,
  opts: { who: string; href: string; severity: boolean },
): Promise<WorkbenchCardContent> {
  const from = since ?? new Date(ctx.clock.nowMs() - 7 * DAY).toISOString();
  const rows = await ctx.db
    .selectFrom('audit_events')
    .select(['id', 'occurred_at', 'action', 'actor_username'])
    .where('occurred_at', '>', from)
    .where(pick)
    .orderBy('seq', 'desc')
    .limit(500)
    .execute();
  return {
    count: rows.length,
    countCapped: rows.length >= 500,
    ...(opts.severity ? { severity: rows.length > 0 ? ('warning' as const) : ('info' as const) } : {}),
    items: rows.slice(0, limit).map((e) => ({
      id: e.id,
      title: auditActionLabel(e.action),
      subtitle: e.actor_username ? `${opts.who}：${e.actor_username}` : null,
      at: e.occurred_at,
      dueOn: null,
      overdue: false,
      href: opts.href,
    })),
    href: opts.href,
  };
}

/** The module's cards. */
export const auditWorkbench: WorkbenchProvider[] = [
  {
    key: 'audit.chain',
    title: '审计日志链校验',
    kind: 'alert',
    permissions: ['audit.verify'],
    load: async (ctx) => {
      const last = await ctx.db
        .selectFrom('audit_events')
        .select(['occurred_at', 'changes'])
        .where('action', '=', 'audit.verify')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const stale = !last || Date.parse(last.occurred_at) < ctx.clock.nowMs() - 7 * DAY;
      const failed = last?.changes?.includes('"ok":false') ?? false;
      return {
        count: last ? 1 : 0,
        severity: failed ? 'danger' : stale ? 'warning' : 'info',
        message: !last
          ? '审计日志链尚未校验过，请执行一次校验。'
          : failed
            ? `最近一次校验（${last.occurred_at}）发现断链，请立即核查。`
            : stale
              ? `最近一次校验在 ${last.occurred_at}，已超过 7 天。`
              : `最近一次校验在 ${last.occurred_at}，结果完整。`,
        items: [],
        href: '/audit',
      };
    },
  },
  {
    key: 'audit.sensitive',
    title: '新的敏感操作',
    kind: 'new',
    permissions: ['audit.read'],
    load: (ctx, { since, limit }) =>
      recentEventsCard(ctx, since, limit, (eb) => eb('action', 'in', [...SENSITIVE_ACTIONS]), {
        who: '操作人',
        href: '/audit',
        severity: false,
      }),
  },
  {
    key: 'audit.security',
    title: '越权访问尝试',
    kind: 'new',
    permissions: ['security_event.read'],
    load: (ctx, { since, limit }) =>
      recentEventsCard(ctx, since, limit, (eb) => eb('action', 'like', `${SECURITY_ACTION_PREFIX}%`), {
        who: '账号',
        href: '/audit?category=security',
        severity: true,
      }),
  },
  {
    key: 'audit.admin_unlocks',
    title: '系统管理员解锁的账号',
    kind: 'new',
    // 三员: the system administrator unlocks, the security administrator is told.
    permissions: ['security_event.read'],
    load: async (ctx, { since, limit }) => {
      // Never looked: the last 30 days.
      const from = since ?? new Date(ctx.clock.nowMs() - 30 * DAY).toISOString();
      const rows = await ctx.db
        .selectFrom('audit_events as e')
        .leftJoin('users as u', 'u.id', 'e.resource_id')
        .select(['e.id', 'e.occurred_at', 'e.actor_username', 'e.changes', 'u.username', 'u.display_name'])
        .where('e.occurred_at', '>', from)
        .where('e.action', '=', 'user.unlock')
        .orderBy('e.seq', 'desc')
        .limit(500)
        .execute();
      return {
        count: rows.length,
        countCapped: rows.length >= 500,
        severity: rows.length > 0 ? 'warning' : 'info',
        items: rows.slice(0, limit).map((e) => {
          const reason = unlockReason(e.changes);
          return {
            id: e.id,
            title: e.username ? `${e.display_name}（${e.username}）` : '已删除的账号',
            subtitle: `由 ${e.actor_username ?? '系统'} 解锁${reason ? `：${reason}` : ''}`,
            at: e.occurred_at,
            dueOn: null,
            overdue: false,
            // The security administrator opens neither the accounts page nor the audit log.
            href: null,
          };
        }),
        href: null,
      };
    },
  },
];

/** The reason an administrator gave for an unlock (older unlocks recorded none). */
function unlockReason(changes: string | null): string | null {
  if (!changes) return null;
  const reason = (JSON.parse(changes) as { reason?: [unknown, unknown] }).reason?.[1];
  return typeof reason === 'string' ? reason : null;
}
