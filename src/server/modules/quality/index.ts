/**
 * The quality module: case quality review (案件质量评查, issue 14 §5): the county's checklist,
 * reviews by county or zone panels across townships over closed cases, the automatic items checked
 * from the case records, the problem lists (问题清单) addressed to the handling units with their
 * rectification and confirmation, the per-unit counts and the workbench card.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { qualityRoutes } from './quality.routes.js';
import { qualityWorkbench } from './quality.workbench.js';

export type { QualityTables } from './quality.tables.js';
export { type AutoFinding, runAutoCheck } from './quality.auto.js';
export { checklistFor, readChecklist, setChecklist } from './quality.checklist.js';
export {
  type ItemResultInput,
  type PickInput,
  type ReviewInput,
  type ReviewView,
  closeReview,
  createReview,
  listReviews,
  pickCase,
  readReview,
  recordResults,
} from './quality.reviews.js';
export {
  type ConcludeInput,
  type ProblemQuery,
  type ProblemView,
  type UnitProblemCount,
  concludeCase,
  confirmProblem,
  listProblems,
  problemCountsByUnit,
  rectifyProblem,
} from './quality.problems.js';
export { addProblemFile, openProblemFile, readProblem } from './quality.files.js';
export { problemListDocument } from './quality.document.js';
export { problemPolicy, reviewPolicy } from './quality.policy.js';

/** The quality module as the platform sees it: its routes, scoped tables and workbench card. */
export const qualityModule: ModuleDefinition = {
  name: 'quality',
  routes: [qualityRoutes],
  scopedTables: ['quality_reviews', 'quality_problems'],
  workbench: qualityWorkbench,
};
