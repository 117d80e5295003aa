/** The access module's workbench card, for the security administrator: active accounts holding no role. */
import type { WorkbenchProvider } from '../../shared/module.js';

/** The module's cards. */
export const accessWorkbench: WorkbenchProvider[] = [
  {
    key: 'access.unassigned_accounts',
    title: '尚未分配角色的账号',
    kind: 'todo',
    permissions: ['role.assign'],
    load: async (ctx, { limit }) => {
      const rows = await ctx.db
        .selectFrom('users as u')
        .select(['u.id', 'u.username', 'u.display_name', 'u.created_at'])
        .where('u.disabled', '=', 0)
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('role_assignments as ra').select('ra.id').whereRef('ra.user_id', '=', 'u.id')),
          ),
        )
        .orderBy('u.created_at', 'desc')
        .limit(200)
        .execute();
      return {
        count: rows.length,
        items: rows.slice(0, limit).map((u) => ({
          id: u.id,
          title: `${u.display_name}（${u.username}）`,
          subtitle: '未分配角色，登录后无可用功能',
          at: u.created_at,
          dueOn: null,
          overdue: false,
          href: '/roles',
        })),
        href: '/roles',
      };
    },
  },
];
