/** Labels of permissions: the console's translation when it has one, else the server's label. */
import i18n from '../../i18n/index.js';
import type { PermissionInfo } from '../../api/types.js';

/** The display label of a permission name. */
export function permissionLabel(name: string, catalogue?: PermissionInfo[]): string {
  const key = `permission.${name}`;
  if (i18n.exists(key)) return i18n.t(key);
  return catalogue?.find((p) => p.name === name)?.label ?? name;
}
