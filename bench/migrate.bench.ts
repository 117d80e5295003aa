/**
 * What a transaction per migration costs. Times a full migration of an empty database (every
 * migration, SQLite file with durable commits, and PostgreSQL when BENCH_PG_URL is set) with the
 * runner (`migrateToLatest`: one transaction and one durable commit per migration, the lock row
 * taken in each) against Kysely's own Migrator on the same migrations in the same run (the
 * ceiling: no transaction at all on SQLite, one for everything on PostgreSQL). Median of
 * BENCH_MIGRATE_RUNS (default 5) fresh databases each. Target: at most 1.5x Kysely's time.
 */
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { openDatabase } from '../src/server/db/database.js';
import { MIGRATIONS, migrateToLatest } from '../src/server/db/migrate.js';
import { createPgSchema, fmt, heading, makeTempDir, pgSchemaName, report, runMain } from './lib/common.js';

const RUNS = Number(process.env.BENCH_MIGRATE_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Milliseconds to migrate one fresh database `url` (schema `pgSchema`) one way or the other. */
async function timeOne(url: string, pgSchema: string | undefined, how: 'runner' | 'kysely'): Promise<number> {
  const database = openDatabase(url, { pgSchema });
  try {
    const t0 = performance.now();
    if (how === 'runner') await migrateToLatest(database.db, pgSchema);
    else {
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
        ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
      });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
    }
    return performance.now() - t0;
  } finally {
    await database.close();
  }
}

async function leg(
  engine: 'sqlite' | 'postgres',
  fresh: (i: number, how: string) => Promise<[string, string | undefined]>,
) {
  heading(
    `full migration of an empty database (${engine}, ${Object.keys(MIGRATIONS).length} migrations, median of ${RUNS})`,
  );
  const runner: number[] = [];
  const kysely: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither always runs on a warmer cache.
    for (const how of i % 2 === 0 ? (['runner', 'kysely'] as const) : (['kysely', 'runner'] as const)) {
      const [url, schema] = await fresh(i, how);
      (how === 'runner' ? runner : kysely).push(await timeOne(url, schema, how));
    }
  }
  const ceiling = median(kysely);
  report({
    bench: 'migrate',
    name: `${engine}: full migration, a transaction per migration`,
    value: median(runner),
    unit: 'ms',
    target: { op: '<=', value: ceiling * 1.5 },
    ceiling: { name: "Kysely's Migrator, same migrations", value: ceiling },
    note: `runner ${runner.map(fmt).join(', ')}; Kysely ${kysely.map(fmt).join(', ')}`,
  });
}

runMain('migrate', async () => {
  const dir = makeTempDir('qf-bench-migrate-');
  await leg('sqlite', (i, how) => Promise.resolve([`sqlite:${join(dir, `${how}-${i}.sqlite`)}`, undefined]));
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl)
    await leg('postgres', async (i, how) => {
      const schema = pgSchemaName(`mig_${how}_${i}`);
      await createPgSchema(pgUrl, schema);
      return [pgUrl, schema];
    });
});
