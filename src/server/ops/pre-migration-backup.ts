import type { MigrationPlan } from '../db/migrate.js';
import type { AppConfig } from '../shared/config.js';

/**
 * The backup `serve`, `migrate` and the other commands take before migrating a database that has
 * data (`PlatformOptions.beforeMigrate`): one seam, so the command line does not depend on how
 * backups are made. If it throws, nothing is migrated and the command exits with its message.
 *
 * INTEGRATION: until the backup module (`ops/backup.ts`, `createBackup`) is wired in here, this
 * only says on stderr that no backup was taken; the integrator replaces that line with the call.
 */
export async function preMigrationBackup(config: AppConfig, plan: MigrationPlan): Promise<void> {
  await Promise.resolve();
  const what = `${plan.pending.length} migration(s) after ${plan.current ?? 'none'} (${plan.pending.join(', ')})`;
  process.stderr.write(
    `qingfeng: about to apply ${what} to ${config.pgSchema ? `schema ${config.pgSchema}` : 'the database'}; ` +
      'no backup module is present, so no backup was taken first\n',
  );
}
