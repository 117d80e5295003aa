/** The scheduled backup: once a day when QF_BACKUP_DIR is set, then retention by rule. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { AppConfig } from '../shared/config.js';
import type { JobDefinition } from '../shared/module.js';
import { createBackup } from './backup.js';
import { DEFAULT_KEEP, applyRetention, parseKeepRule } from './retention.js';

/** What the job needs that a job's env does not carry: the configuration and the master key. */
interface BackupSetup {
  config: AppConfig;
  masterKey: Buffer;
}

const setups = new WeakMap<Kysely<Database>, BackupSetup>();

/** Gives the scheduled backup of `db` its configuration and master key (`openPlatform` calls it). */
export function configureBackups(db: Kysely<Database>, config: AppConfig, masterKey: Buffer): void {
  setups.set(db, { config, masterKey });
}

/** The module's jobs. */
export const opsJobs: JobDefinition[] = [
  {
    kind: 'ops.backup',
    every: 'day',
    run: async (_payload, _job, env) => {
      const setup = setups.get(env.db);
      // Only where the operator chose a folder: a default next to the data folder may be the same disk.
      if (!setup?.config.backupDir) return;
      const result = await createBackup({ config: setup.config, masterKey: setup.masterKey, db: env.db });
      const rule = parseKeepRule(setup.config.backupKeep ?? '') ?? DEFAULT_KEEP;
      const removed = await applyRetention(setup.config.backupDir, rule);
      env.log.info({ file: result.file, bytes: result.bytes, ms: result.ms, removed: removed.length }, 'backup made');
    },
  },
];
