import type { MigrationPlan } from '../db/migrate.js';
import type { AppConfig } from '../shared/config.js';
import { createBackup } from './backup.js';
import { readMasterKey } from './restore.js';

/**
 * The backup `serve`, `migrate` and the other commands take before migrating a database that has
 * data (`PlatformOptions.beforeMigrate`), into the backup folder (`QF_BACKUP_DIR`, else beside the
 * data folder): the same archive as `qingfeng backup`, at the old schema version, so a failed or
 * regretted upgrade is undone with `qingfeng restore` and the previous release. It is not
 * recorded in `backup_runs` (that table may not exist before the migrations); the command line
 * prints where it went. If it fails (a full disk, no pg_dump), it throws and nothing is migrated.
 */
export async function preMigrationBackup(config: AppConfig, plan: MigrationPlan): Promise<void> {
  const what = `${plan.pending.length} migration(s) after ${plan.current ?? 'none'} (${plan.pending.join(', ')})`;
  process.stderr.write(`qingfeng: about to apply ${what}; backing up first\n`);
  // The database was created by an earlier start, so its master key exists; none is made here.
  const masterKey = readMasterKey(config.masterKeyFile);
  const made = await createBackup({ config, masterKey });
  process.stderr.write(
    `qingfeng: backup before the upgrade: ${made.file} (${made.bytes} bytes, ${(made.ms / 1000).toFixed(1)} s)\n`,
  );
}
