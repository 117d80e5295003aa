/**
 * The grid module: grid supervision (网格监督 / 廉情前哨站, issue 16 §4): outposts per village, informants per villager group with invitation links and PIN sessions, their reports (intake channel informant), tasks pushed by the township, event scoring and quarterly rankings.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { gridRoutes } from './grid.routes.js';
import { gridJobs } from './grid.score.js';
import { gridCleanupJobs } from './grid.jobs.js';
import { gridWorkbench } from './grid.workbench.js';

export type { GridTables, GridInformantRow } from './grid.tables.js';
export {
  DEFAULT_RULES,
  GROUP_MAX,
  GRID_TASK_KINDS,
  INVITATION_DAYS,
  type InformantInput,
  type ScoreRules,
  createInformant,
  createOutpost,
  createTask,
  issueInvitation,
  listInformants,
  listOutposts,
} from './grid.service.js';
export {
  DEVICE_COOKIE,
  INFORMANT_COOKIE,
  type InformantActor,
  informantCsrf,
  resolveInformantSession,
} from './grid.informant.js';
export { SCORE_JOB, quarterOf, rankings, scoreGrid } from './grid.score.js';
export { gridWhere } from './grid.policy.js';
export { purgeGridCredentials } from './grid.jobs.js';

/** The grid module as the platform sees it: its routes, scoring job, scoped tables and workbench cards. */
export const gridModule: ModuleDefinition = {
  name: 'grid',
  routes: [gridRoutes],
  jobs: [...gridJobs, ...gridCleanupJobs],
  scopedTables: ['grid_outposts', 'grid_informants', 'grid_tasks', 'grid_score_events'],
  workbench: gridWorkbench,
};
