/**
 * The org module: the region tree, the unit tree and the competent body by cadre authority.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { orgPublicRoutes } from './org.public.js';
import { orgRoutes } from './org.routes.js';

export {
  UNIT_SCOPE_COLUMNS,
  type UnitAction,
  loadRegionInUnitsReach,
  regionPrefixesInScope,
  unitPolicy,
} from './org.policy.js';
export { type RegionImport, type UnitImport, applyRegionImport, applyUnitImport } from './org.import.js';
export {
  UNIT_KINDS,
  type UnitInput,
  clearUnitZone,
  competentUnitIn,
  createUnit,
  findCompetentUnit,
  getUnit,
  moveScopedRows,
  setUnitZone,
  updateUnit,
} from './org.service.js';
export {
  DEPARTMENT_KIND,
  type DepartmentGroupView,
  activeDepartmentGroup,
  departmentGroupView,
  setDepartmentGroup,
} from './org.department-groups.js';
export type { DepartmentGroupTable, OrgTables, RegionRow, UnitRow } from './org.tables.js';
export {
  type RegionLevel,
  chineseOrdinal,
  countyCodeOf,
  expectedParentCode,
  levelOfCode,
  regionPath,
} from './regions.js';

/** The org module as the platform sees it: its routes, jobs and scoped tables. */
export const orgModule: ModuleDefinition = {
  name: 'org',
  routes: [orgRoutes, orgPublicRoutes],
};
