/**
 * The access module: permissions and built-in roles, access profiles (data scope per permission), roles and assignments.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { accessWorkbench } from './access.workbench.js';
import { accessRoutes } from './access.routes.js';

export {
  type AccessProfile,
  type RoleHolder,
  buildAccessProfile,
  invalidateAccessCache,
  loadAccessProfile,
  roleHoldersCovering,
  scopeUnits,
  zoneScope,
} from './access.service.js';
export type { AccessTables } from './access.tables.js';
export type { Permission } from './permissions.js';
export {
  type LoadOptions,
  type Policy,
  type PolicyDefinition,
  type RecusalLookup,
  type RecusalPredicate,
  type RecusalPresence,
  type ReachPredicate,
  type TeamPredicate,
  type Visibility,
  assertNotRecusedThrough,
  definePolicy,
  fullVisibility,
  loadInScope,
  recusalWhere,
  recusalWhereIfAny,
  recusedAmong,
  registerRecusal,
  registerRecusalLookup,
  registerRecusalPresence,
  visibilityOf,
  visibleWhere,
} from './policy.js';
export { assignRole, ensureBuiltinRoles } from './roles.service.js';

/** The access module as the platform sees it: its routes, jobs and scoped tables. */
export const accessModule: ModuleDefinition = {
  name: 'access',
  routes: [accessRoutes],
  workbench: accessWorkbench,
};
