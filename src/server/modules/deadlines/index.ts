/**
 * The deadlines module: clocks of time limits on records, their worklist and reminders.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { deadlineWorkbench } from './deadlines.workbench.js';
import { deadlineRoutes } from './deadlines.routes.js';
import { deadlineJobs } from './deadlines.jobs.js';

export {
  DEADLINE_KINDS,
  DUE_SOON_DAYS,
  type DeadlineKind,
  type DeadlineView,
  addDays,
  clockOf,
  deadlinesOf,
  extendDeadline,
  meetAllDeadlines,
  meetDeadline,
  moveDeadlines,
  openDeadline,
  restartDeadline,
  worklist,
} from './deadlines.service.js';
export { sendDeadlineReminders } from './deadlines.jobs.js';
export type { DeadlinesTables } from './deadlines.tables.js';

/** The deadlines module as the platform sees it: its routes, jobs and scoped tables. */
export const deadlinesModule: ModuleDefinition = {
  name: 'deadlines',
  routes: [deadlineRoutes],
  jobs: deadlineJobs,
  scopedTables: ['deadlines'],
  workbench: deadlineWorkbench,
};
