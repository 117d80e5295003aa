/** The system administrator's workbench alert when the last good backup is older than a day, or none exists. */
import type { WorkbenchProvider } from '../shared/module.js';
import { nowIso } from '../shared/context.js';
import { lastGoodBackupAt } from './backup.js';

/** Age past which the card warns. */
const STALE_MS = 24 * 3600_000;

/** Formats an instant in Asia/Shanghai, minute precision. */
function shanghai(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The cards of operations. */
export const opsWorkbench: WorkbenchProvider[] = [
  {
    key: 'ops.backup_stale',
    title: '数据备份',
    kind: 'alert',
    permissions: ['setting.manage'],
    load: async (ctx) => {
      const last = await lastGoodBackupAt(ctx.db);
      const now = Date.parse(nowIso(ctx));
      if (last && now - Date.parse(last) <= STALE_MS) return null;
      return {
        count: 1,
        severity: last ? 'warning' : 'danger',
        message: last
          ? `最近一次成功备份：${shanghai(last)}（已超过一天）。请检查定时备份（QF_BACKUP_DIR）或运行 qingfeng backup。`
          : '尚无成功备份。请设置 QF_BACKUP_DIR 开启每日备份，或运行 qingfeng backup；主密钥须另行保管。',
        items: [],
        href: null,
      };
    },
  },
];
