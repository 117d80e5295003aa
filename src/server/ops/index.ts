/**
 * Operations (issue 17): backups that restore. `createBackup` / `restoreBackup` / `verifyBackup`
 * behind the CLI's `backup`, `restore` and `verify-backup`, the scheduled `ops.backup` job with
 * retention, the workbench warning about stale backups, and `compareDatabases` for drills.
 * This file is its only import surface.
 */
import type { ModuleDefinition } from '../shared/module.js';
import { opsJobs } from './ops.jobs.js';
import { opsWorkbench } from './ops.workbench.js';

export { createBackup, defaultBackupDir, isInside, lastGoodBackupAt, ARCHIVE_NAME } from './backup.js';
export type { BackupOptions, BackupResult } from './backup.js';
export { restoreBackup, verifyBackup, readMasterKey } from './restore.js';
export type { RestoreResult } from './restore.js';
export { compareDatabases, countRows } from './compare.js';
export type { CompareResult, CompareSide, TableDifference } from './compare.js';
export { DEFAULT_KEEP, applyRetention, parseKeepRule, selectRetained } from './retention.js';
export type { KeepRule } from './retention.js';
export { configureBackups } from './ops.jobs.js';
export { OPS_ERROR_CODES, OpsError } from './ops.codes.js';
export type { OpsErrorCode } from './ops.codes.js';
export type { ArchiveSink } from './archive.js';
export type { BackupManifest } from './manifest.js';
export type { BackupRunRow, OpsTables } from './ops.tables.js';

/** Operations as the platform sees it: the scheduled backup and the workbench warning. */
export const opsModule: ModuleDefinition = {
  name: 'ops',
  jobs: opsJobs,
  workbench: opsWorkbench,
};
