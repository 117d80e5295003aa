/**
 * QR supervision's workbench cards for the department liaison: 未公开的立码监督事项 (drafts and
 * withdrawn items of the department) and 被拒绝的补贴名册 (rejected roster imports not followed by an
 * accepted import of the same title and year).
 */
import { countUpTo } from '../../db/count.js';
import type { Ctx } from '../../shared/context.js';
import { QR_ITEM_KIND_LABELS, type QrItemKind } from '../../shared/qr-supervision.codes.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { qrItemListWhere, rosterListWhere } from './qr-supervision.policy.js';

async function unpublished(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('qr_items as i')
    .where('i.status', 'in', ['draft', 'withdrawn'])
    .where(qrItemListWhere(ctx, 'i', 'manage'));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['i.id', 'i.kind', 'i.title', 'i.status', 'i.updated_at'])
      .orderBy('i.updated_at')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/qr-supervision',
    severity: 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: `${QR_ITEM_KIND_LABELS[r.kind as QrItemKind] ?? r.kind}：${r.title}`,
      subtitle: r.status === 'withdrawn' ? '已撤回，未公开' : '草稿，尚未公开',
      at: r.updated_at,
      dueOn: null,
      overdue: false,
      href: `/qr-supervision/items/${r.id}`,
    })),
  };
}

async function rejectedRosters(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const base = ctx.db
    .selectFrom('subsidy_rosters as r')
    .where('r.status', '=', 'rejected')
    .where(rosterListWhere(ctx, 'r', 'manage'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('subsidy_rosters as ok')
            .select('ok.id')
            .where('ok.status', '=', 'accepted')
            .whereRef('ok.owner_unit_id', '=', 'r.owner_unit_id')
            .whereRef('ok.title', '=', 'r.title')
            .whereRef('ok.year', '=', 'r.year')
            .whereRef('ok.created_at', '>=', 'r.created_at'),
        ),
      ),
    );
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['r.id', 'r.title', 'r.year', 'r.problem_count', 'r.created_at'])
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/qr-supervision/rosters',
    severity: 'warning',
    message: '名册有不合格的行，未导入：请按行修改后重新导入',
    items: rows.map((r) => ({
      id: r.id,
      title: `${r.year}年 ${r.title}`,
      subtitle: `${r.problem_count} 处不合格`,
      at: r.created_at,
      dueOn: null,
      overdue: false,
      href: '/qr-supervision/rosters',
    })),
  };
}

/** QR supervision's cards. */
export const qrSupervisionWorkbench: WorkbenchProvider[] = [
  {
    key: 'qr_supervision.unpublished',
    title: '未公开的立码监督事项',
    kind: 'todo',
    permissions: ['qr_supervision.manage'],
    load: (ctx, { limit }) => unpublished(ctx, limit),
  },
  {
    key: 'qr_supervision.rejected_rosters',
    title: '被拒绝的补贴名册',
    kind: 'alert',
    permissions: ['qr_supervision.manage'],
    load: (ctx, { limit }) => rejectedRosters(ctx, limit),
  },
];
