/**
 * The numbering module: numbering patterns and yearly counters per commission and series.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { numberingRoutes } from './numbering.routes.js';

export { COMMISSION_KINDS, commissionOf, issueNumber } from './numbering.service.js';
export type { NumberingTables } from './numbering.tables.js';

/** The numbering module as the platform sees it: its routes, jobs and scoped tables. */
export const numberingModule: ModuleDefinition = {
  name: 'numbering',
  routes: [numberingRoutes],
};
