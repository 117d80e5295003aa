/**
 * The auth module: accounts, passwords, sessions, lockout and TOTP.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { authWorkbench } from './auth.workbench.js';
import { authRoutes } from './auth.routes.js';
import { userRoutes } from './users.routes.js';
import { authJobs } from './auth.jobs.js';

export { SESSION_COOKIE, csrfTokenFor, endSessionsOf, resolveSession } from './auth.service.js';
export type { AuthTables } from './auth.tables.js';
export { assertPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
export { createUser } from './users.service.js';
export { LOCK_AFTER_FAILURES } from './auth.throttle.js';

/** The auth module as the platform sees it: its routes, jobs and scoped tables. */
export const authModule: ModuleDefinition = {
  name: 'auth',
  routes: [authRoutes, userRoutes],
  jobs: authJobs,
  workbench: authWorkbench,
};
