/**
 * The recusal module (回避): the conflict register (declared relations), the conflict check run
 * before every assignment, and recusal requests and decisions, whose effect (a recused person
 * gets 404 on the record) it registers with the access seam when loaded.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { registerRecusal, registerRecusalLookup } from '../access/index.js';
import { recusalRoutes } from './recusal.routes.js';
import { recusalWorkbench } from './recusal.workbench.js';
import { recusedPredicate, recusedUsers } from './recusals.service.js';
import { registerClueConflictGate } from '../clues/index.js';
import { checkConflicts, requireAssignable } from './conflict.service.js';

export {
  type ConflictCheckInput,
  type ConflictCheckResult,
  type ConflictReason,
  DEFAULT_WORKPLACE_YEARS,
  type PersonConflicts,
  checkConflicts,
  confirmConflictWarning,
  requireAssignable,
  workplaceYearsKey,
} from './conflict.service.js';
export { type RecusalInput, type RecusalView, createRecusal, recusalsOf } from './recusals.service.js';
export {
  type ConflictReporter,
  type ConflictSubject,
  type RecusalTarget,
  type RecusalTargetLoader,
  idNumberHash,
  registerRecusalTarget,
} from './recusal.targets.js';
export type { RecusalTables } from './recusal.tables.js';

// The recusal effect: from load on, every scoped load and list leaves out what the actor is recused from.
registerRecusal(recusedPredicate);
registerRecusalLookup(recusedUsers);
// The clue flows' recusal gate (clues cannot import this module: intake, which it depends on, imports clues).
registerClueConflictGate({ check: checkConflicts, requireAssignable });

/** The recusal module as the platform sees it: its routes, scoped tables and workbench card. */
export const recusalModule: ModuleDefinition = {
  name: 'recusal',
  routes: [recusalRoutes],
  scopedTables: ['declared_relations', 'recusals'],
  workbench: recusalWorkbench,
};
