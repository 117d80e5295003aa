/**
 * A process of its own that runs the migration runner over the real migrations plus the probe
 * migration (upgrade tests). Environment: QF_CHILD_DB (database URL), QF_CHILD_SCHEMA
 * (PostgreSQL schema, optional), QF_CHILD_MODE: `hang` prints `HALFWAY` when the probe is
 * halfway and then waits to be killed; `slow` waits 1.5 s there and finishes. At the end it
 * prints `DONE <JSON list of the migrations it applied>`.
 */
import { MIGRATIONS, migrateToLatest } from '../../src/server/db/migrate.js';
import { openDatabase } from '../../src/server/db/database.js';
import { PROBE_MIGRATION, probeMigration } from './probe-migration.js';

const url = process.env.QF_CHILD_DB;
const schema = process.env.QF_CHILD_SCHEMA || undefined;
const mode = process.env.QF_CHILD_MODE;
if (!url || (mode !== 'hang' && mode !== 'slow')) {
  process.stderr.write('migrate-child: QF_CHILD_DB and QF_CHILD_MODE (hang|slow) are required\n');
  process.exit(2);
}

const halfway = async (): Promise<void> => {
  if (mode === 'slow') return new Promise((r) => setTimeout(r, 1500));
  process.stdout.write('HALFWAY\n');
  // Wait to be killed (the interval keeps the process alive).
  setInterval(() => undefined, 60_000);
  return new Promise<void>(() => undefined);
};

const database = openDatabase(url, { pgSchema: schema });
try {
  const applied = await migrateToLatest(database.db, schema, {
    migrations: { ...MIGRATIONS, [PROBE_MIGRATION]: probeMigration(halfway) },
  });
  process.stdout.write(`DONE ${JSON.stringify(applied)}\n`);
} finally {
  await database.close();
}
