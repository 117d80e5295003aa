/**
 * The auth module's workbench card: accounts locked after too many failed sign-ins, for the system
 * administrator (who unlocks) and the security administrator (who is told).
 */
import type { WorkbenchProvider } from '../../shared/module.js';

/** The module's cards. */
export const authWorkbench: WorkbenchProvider[] = [
  {
    key: 'auth.locked_accounts',
    title: '被锁定的账号',
    kind: 'todo',
    // The system administrator unlocks; the security administrator is told (三员: security events).
    permissions: ['user.manage', 'role.assign'],
    load: async (ctx, { limit }) => {
      const rows = await ctx.db
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'locked_at', 'totp_enabled'])
        .where('locked_at', 'is not', null)
        .where('disabled', '=', 0)
        .orderBy('locked_at', 'desc')
        .limit(200)
        .execute();
      return {
        count: rows.length,
        items: rows.slice(0, limit).map((u) => ({
          id: u.id,
          title: `${u.display_name}（${u.username}）`,
          subtitle:
            u.totp_enabled === 1
              ? '登录失败次数过多，已锁定；本人可用动态验证码登录解锁'
              : '登录失败次数过多，已锁定；未绑定动态验证码，须核实本人后由系统管理员解锁',
          at: u.locked_at,
          dueOn: null,
          overdue: false,
          href: '/users',
        })),
        href: '/users',
      };
    },
  },
];
