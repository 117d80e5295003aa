/**
 * The zones module: collaboration zones (协作区), their membership history and roles.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { zoneRoutes } from './zones.routes.js';

export {
  type ZoneImport,
  type ZoneMembershipImport,
  applyZoneImport,
  applyZoneMembershipImport,
} from './zones.import.js';
export type { ZoneMembershipRow, ZoneRoleTable, ZoneRow, ZonesTables } from './zones.tables.js';

/** The zones module as the platform sees it: its routes, jobs and scoped tables. */
export const zonesModule: ModuleDefinition = {
  name: 'zones',
  routes: [zoneRoutes],
  scopedTables: ['zones'],
};
