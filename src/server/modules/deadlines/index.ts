/**
 * The deadlines module: the timer catalogue (national defaults, province and county overrides,
 * their history) and the clock engine (clocks that repeat, pause, restart and extend under their
 * rule, recomputed when a calendar year is loaded), the worklist and reminders.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onCalendarYearChanged } from '../calendar/index.js';
import { timerRuleRoutes } from './deadlines.catalogue.routes.js';
import { deadlineWorkbench } from './deadlines.workbench.js';
import { deadlineJobs } from './deadlines.jobs.js';
import { recomputeClocksCrossing } from './deadlines.recompute.js';
import { deadlineRoutes } from './deadlines.routes.js';

export { type OpenClockCount, countOpenClocks } from './deadlines.metrics.js';

export {
  DEADLINE_KINDS,
  DUE_SOON_DAYS,
  PAUSED_DUE_ON,
  type ClockState,
  type ClockTarget,
  type DeadlineKind,
  type DeadlineOwner,
  type ExtensionResult,
  type OpenInput,
  addDays,
  extendClock,
  extendDeadline,
  extensionApprovers,
  meetAllDeadlines,
  meetClock,
  meetDeadline,
  moveDeadlines,
  openClock,
  openDeadline,
  pauseClock,
  restartClock,
  restartDeadline,
  resumeClock,
} from './deadlines.service.js';
export {
  type DeadlineView,
  type ExtensionView,
  type WorklistItem,
  clockOf,
  deadlinesOf,
  deadlinesOfMany,
  extensionsOf,
  uncoveredYearsOf,
  worklist,
} from './deadlines.views.js';
export { DeadlineSchema, UncoveredYears } from './deadlines.schema.js';
export { invalidateCatalogue, seedTimerCatalogue } from './deadlines.catalogue.js';
export {
  type OverrideInput,
  effectiveRuleFor,
  listTimerRules,
  setTimerOverride,
  timerRuleHistory,
  withdrawTimerOverride,
} from './deadlines.catalogue.service.js';
export { NATIONAL_TIMERS } from './deadlines.catalogue-defaults.js';
export { recomputeClocksCrossing } from './deadlines.recompute.js';
export { sendDeadlineReminders } from './deadlines.jobs.js';
export type { DeadlinesTables } from './deadlines.tables.js';

// A calendar year loaded, edited or emptied recomputes the open clocks crossing it, in the
// change's transaction (the calendar module cannot import this one: that would be a cycle).
onCalendarYearChanged(async (change) => {
  await recomputeClocksCrossing(change);
});

/** The deadlines module as the platform sees it: its routes, jobs and scoped tables. */
export const deadlinesModule: ModuleDefinition = {
  name: 'deadlines',
  routes: [deadlineRoutes, timerRuleRoutes],
  jobs: deadlineJobs,
  scopedTables: ['deadlines'],
  workbench: deadlineWorkbench,
};
