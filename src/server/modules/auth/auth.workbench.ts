/** The auth module's workbench card, for the system administrator: accounts locked out now. */
import { nowIso } from '../../shared/context.js';
import type { WorkbenchProvider } from '../../shared/module.js';

/** The module's cards. */
export const authWorkbench: WorkbenchProvider[] = [
  {
    key: 'auth.locked_accounts',
    title: '被锁定的账号',
    kind: 'todo',
    permissions: ['user.manage'],
    load: async (ctx, { limit }) => {
      const now = nowIso(ctx);
      const rows = await ctx.db
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'locked_until'])
        .where('locked_until', '>', now)
        .where('disabled', '=', 0)
        .orderBy('locked_until', 'desc')
        .limit(200)
        .execute();
      return {
        count: rows.length,
        items: rows.slice(0, limit).map((u) => ({
          id: u.id,
          title: `${u.display_name}（${u.username}）`,
          subtitle: '登录失败次数过多，已锁定',
          at: null,
          dueOn: null,
          overdue: false,
          href: '/users',
        })),
        href: '/users',
      };
    },
  },
];
