/**
 * The org-transfer module: the organisation workbook: Excel export and import of regions, units, zones, staff and subjects.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { organisationTransferRoutes } from './org-transfer.routes.js';

/** The org-transfer module as the platform sees it: its routes, jobs and scoped tables. */
export const orgTransferModule: ModuleDefinition = {
  name: 'org-transfer',
  routes: [organisationTransferRoutes],
};
