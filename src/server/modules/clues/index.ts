/**
 * The clues module: the clue ledger (问题线索).
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';

export { registerClue } from './clues.service.js';
export type { CluesTables } from './clues.tables.js';

/** The clues module as the platform sees it: its routes, jobs and scoped tables. */
export const cluesModule: ModuleDefinition = {
  name: 'clues',
  scopedTables: ['clues'],
};
