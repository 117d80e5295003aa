/**
 * The audit module: the keyed hash chain of audit events, anchored outside the database: append
 * in the change's transaction, verify, search, export.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { auditWorkbench } from './audit.workbench.js';
import { auditRoutes } from './audit.routes.js';
import { auditJobs } from './audit.jobs.js';

export { verifyAuditChainParallel } from './audit-verify.js';
export {
  GENESIS_HASH,
  appendAuditEvent,
  diffChanges,
  ensureAuditChainKeyed,
  recordAudit,
  verifyAuditChain,
} from './audit.service.js';
export type { VerifyResult } from './audit.service.js';
export { EVENT_COLUMNS } from './audit.service.js';
export {
  ANCHOR_KEY_LABEL,
  chainHasherOf,
  configureAuditChain,
  eventHasher,
  hashEvent,
  macEvent,
  readAuditHead,
} from './audit.chain.js';
export { parseAnchors, writeAuditAnchor } from './audit.anchors.js';
export {
  ARCHIVE_FOLDER,
  MIN_AUDIT_ONLINE_MONTHS,
  archiveAuditEvents,
  archiveCutoff,
  configureAuditRetention,
  listAuditArchives,
  pruneArchivedEvents,
} from './audit.archive.js';
export type { ArchiveRun } from './audit.archive.js';
export type { Anchor } from './audit.anchors.js';
export type { AuditEventRow, AuditTables } from './audit.tables.js';
export {
  ACCESS_DENIED,
  ACCESS_DENIED_BURST,
  SECURITY_ACTION_PREFIX,
  SECURITY_EVENTS_PER_WINDOW,
  SECURITY_WINDOW_MS,
  recordSecurityDenials,
  resetSecurityLimiterForTest,
} from './audit.security.js';

/** The audit module as the platform sees it: its routes, jobs and scoped tables. */
export const auditModule: ModuleDefinition = {
  name: 'audit',
  routes: [auditRoutes],
  jobs: auditJobs,
  workbench: auditWorkbench,
};
