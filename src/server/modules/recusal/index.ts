/**
 * The recusal module (回避): the conflict register (declared relations), the conflict check run
 * before every assignment, and recusal requests and decisions, whose effect (a recused person
 * gets 404 on the record) it registers with the access seam when loaded.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { registerRecusal, registerRecusalLookup, registerRecusalPresence } from '../access/index.js';
import { registerClueConflictGate } from '../clues/index.js';
import { recusalRoutes } from './recusal.routes.js';
import { loadRecusalTarget } from './recusal.targets.js';
import { recusalSettingsRoutes } from './recusal.settings.routes.js';
import { recusalWorkbench } from './recusal.workbench.js';
import { recusedFromAny, recusedPredicate, recusedUsers } from './recusals.service.js';
import { checkConflicts, requireAssignable } from './conflict.service.js';

export {
  type ConflictCheckInput,
  type ConflictCheckResult,
  type ConflictReason,
  type PersonConflicts,
  CONFLICT_CHECK_TTL_HOURS,
  checkConflicts,
  confirmConflictWarning,
  requireAssignable,
  subjectsKey,
} from './conflict.service.js';
export { type RecordedCheckOutcome, recordedCheckOutcomes } from './conflict.recorded.js';
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
export { DEFAULT_WORKPLACE_YEARS, MAX_WORKPLACE_YEARS, workplaceWindow } from './recusal.settings.js';

// The recusal effect: from load on, every scoped load and list leaves out what the actor is recused from.
registerRecusal(recusedPredicate);
registerRecusalLookup(recusedUsers);
registerRecusalPresence(recusedFromAny);
// The clue stages check their teams through this (clues may not import recusal: reports → clues).
// A clue's team is checked against the clue's subjects and named reporter as its recusal target
// loads them (the clue-assignment module registers it), so the check and the later
// `requireAssignable` compare the same people (a check recorded against other data is stale).
registerClueConflictGate({
  check: async (ctx, input) => {
    const target = await loadRecusalTarget(ctx, input.resource, input.resourceId);
    return checkConflicts(ctx, {
      ...input,
      subjects: target.subjects,
      reporter: target.reporter,
      countyCode: input.countyCode ?? target.county_code,
    });
  },
  requireAssignable,
});

/** The recusal module as the platform sees it: its routes, scoped tables and workbench card. */
export const recusalModule: ModuleDefinition = {
  name: 'recusal',
  routes: [recusalRoutes, recusalSettingsRoutes],
  scopedTables: ['declared_relations', 'recusals'],
  workbench: recusalWorkbench,
};
