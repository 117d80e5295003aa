/**
 * The workbench module: the first page after sign-in, made of the cards every module contributes.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { workbenchRoutes } from './workbench.routes.js';

export { type CardBody, queryCard } from './workbench.cards.js';
export { type WorkbenchCard, loadWorkbench } from './workbench.service.js';
export type { WorkbenchTables } from './workbench.tables.js';

/** The workbench module as the platform sees it: its routes. */
export const workbenchModule: ModuleDefinition = {
  name: 'workbench',
  routes: [workbenchRoutes],
};
