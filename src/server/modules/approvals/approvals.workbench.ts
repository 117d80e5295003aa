/**
 * The approvals module's workbench cards: 待我审批 (approvals whose current step is the person's,
 * oldest first) and 被退回的呈批 (the person's drafts sent back for revision). Shown to anyone
 * who holds a post or has something waiting; the content is the person's own.
 */
import { APPROVAL_ACTION_LABELS } from '../../shared/approvals.codes.js';
import { type Ctx, requireActor } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { listApprovals } from './approvals.read.js';

async function holdsPost(ctx: Ctx): Promise<boolean> {
  const actor = requireActor(ctx);
  const row = await ctx.db
    .selectFrom('approval_posts')
    .select('id')
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  return !!row;
}

async function card(
  ctx: Ctx,
  box: 'waiting' | 'submitted',
  limit: number,
  href: string,
): Promise<WorkbenchCardContent> {
  const page = await listApprovals(ctx, {
    box,
    ...(box === 'submitted' ? { status: 'returned' as const } : {}),
    page: 1,
    pageSize: limit,
  });
  return {
    count: page.total,
    href,
    items: page.items.map((a) => ({
      id: a.id,
      title: `${a.number} ${a.title}`,
      subtitle: `${APPROVAL_ACTION_LABELS[a.action]}｜拟稿：${a.drafterName}（${a.draftingUnitName}）`,
      at: a.submittedAt,
      dueOn: null,
      overdue: false,
      href: `/approvals/${a.id}`,
    })),
  };
}

/** The approvals module's cards. */
export const approvalWorkbench: WorkbenchProvider[] = [
  {
    key: 'approvals.waiting',
    title: '待我审批',
    kind: 'todo',
    // Every business role reads the organisation; whether the card shows is decided by the data.
    permissions: ['org.read'],
    async load(ctx, { limit }) {
      const content = await card(ctx, 'waiting', limit, '/approvals?box=waiting');
      if (content.count === 0 && !(await holdsPost(ctx))) return null;
      return content;
    },
  },
  {
    key: 'approvals.returned',
    title: '被退回的呈批件',
    kind: 'todo',
    permissions: ['org.read'],
    async load(ctx, { limit }) {
      const content = await card(ctx, 'submitted', limit, '/approvals?box=submitted&status=returned');
      return content.count === 0 ? null : { ...content, severity: 'warning' };
    },
  },
];
