/**
 * The system module: health.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { healthRoutes } from './health.routes.js';

/** The system module as the platform sees it: its routes, jobs and scoped tables. */
export const systemModule: ModuleDefinition = {
  name: 'system',
  routes: [healthRoutes],
};
