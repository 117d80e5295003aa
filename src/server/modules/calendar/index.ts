/**
 * The calendar module: official holiday arrangements in the database, administrator edits and imports.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { calendarWorkbench } from './calendar.workbench.js';
import { calendarRoutes } from './calendar.routes.js';

export {
  type CalendarChange,
  type CalendarListener,
  computeDeadline,
  loadCalendar,
  onCalendarYearChanged,
  readCalendar,
  seedOfficialCalendar,
} from './calendar.service.js';
export type { CalendarTables } from './calendar.tables.js';

/** The calendar module as the platform sees it: its routes, jobs and scoped tables. */
export const calendarModule: ModuleDefinition = {
  name: 'calendar',
  routes: [calendarRoutes],
  workbench: calendarWorkbench,
};
