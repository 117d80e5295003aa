/**
 * The audit module: the hash-chained audit log: append in the change's transaction, verify, search, export.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { auditWorkbench } from './audit.workbench.js';
import { auditRoutes } from './audit.routes.js';

export { verifyAuditChainParallel } from './audit-verify.js';
export {
  GENESIS_HASH,
  appendAuditEvent,
  diffChanges,
  hashEvent,
  recordAudit,
  verifyAuditChain,
} from './audit.service.js';
export type { AuditEventRow, AuditTables } from './audit.tables.js';

/** The audit module as the platform sees it: its routes, jobs and scoped tables. */
export const auditModule: ModuleDefinition = {
  name: 'audit',
  routes: [auditRoutes],
  workbench: auditWorkbench,
};
