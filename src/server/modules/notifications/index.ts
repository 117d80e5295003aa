/**
 * The notifications module: in-app notifications.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { notificationRoutes } from './notifications.routes.js';
import { notificationJobs } from './notifications.jobs.js';

export { notify, usersCovering } from './notifications.service.js';
export { READ_NOTIFICATION_RETENTION_DAYS, purgeReadNotifications } from './notifications.jobs.js';

export type { NotificationsTables } from './notifications.tables.js';

/** The notifications module as the platform sees it: its routes, jobs and scoped tables. */
export const notificationsModule: ModuleDefinition = {
  name: 'notifications',
  routes: [notificationRoutes],
  jobs: notificationJobs,
};
