import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPlatform } from '../../src/server/bootstrap.js';
import {
  MIGRATIONS,
  MigrationFailedError,
  type MigrationPlan,
  SCHEMA_VERSION,
  SchemaNewerError,
  currentSchemaVersion,
  migrateTo,
  migrateToLatest,
} from '../../src/server/db/migrate.js';
import { loadConfig } from '../../src/server/shared/config.js';
import { PROBE_MIGRATION, probeMigration } from './probe-migration.js';
import { ENGINES, type UpgradeDb, createUpgradeDb, seedOldRows, snapshot } from './upgrade-db.js';

/**
 * The migration runner in one process: a migration that throws halfway leaves the schema and
 * data exactly as they were and is named in the error; a database upgraded by a newer version is
 * refused with nothing written; the hook before migrating a database with data sees the pending
 * list, and when it throws nothing is migrated; on PostgreSQL a connection ended by the server
 * mid-migration (as in a failover) is a clear error with the old schema kept.
 */
const KNOWN = Object.keys(MIGRATIONS).sort();
const BEFORE_LATEST = KNOWN.at(-2)!;

describe.each(ENGINES)('migration runner (%s)', (engine) => {
  let target: UpgradeDb | null = null;
  afterEach(async () => {
    await target?.drop();
    target = null;
  });

  /** A database at `at` (a real migration) holding old rows. */
  async function oldDatabase(at: string) {
    target = await createUpgradeDb(engine);
    const database = target.open();
    await migrateTo(database.db, at, target.schema);
    await seedOldRows(database);
    return database;
  }

  it('rolls back a migration that throws halfway, names it, and keeps the migration before it', async () => {
    const database = await oldDatabase(BEFORE_LATEST);
    const { schema } = target!;
    const throwing = probeMigration(() => Promise.reject(new Error('disk said no')));
    const run = () =>
      migrateToLatest(database.db, schema, { migrations: { ...MIGRATIONS, [PROBE_MIGRATION]: throwing } });

    // The real migration before it was applied in its own transaction and stays.
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as Error).message).toBe(
      `migration ${PROBE_MIGRATION} failed: disk said no; it was rolled back and the database is left at ${SCHEMA_VERSION}`,
    );
    expect(await currentSchemaVersion(database.db, schema)).toBe(SCHEMA_VERSION);

    // Now at the last real migration: a second failing run leaves exactly this.
    const before = await snapshot(database, schema);
    await expect(run()).rejects.toThrow(`migration ${PROBE_MIGRATION} failed: disk said no`);
    expect(await snapshot(database, schema)).toEqual(before);

    // A working version of it then applies normally.
    const applied = await migrateToLatest(database.db, schema, {
      migrations: { ...MIGRATIONS, [PROBE_MIGRATION]: probeMigration() },
    });
    expect(applied).toEqual([PROBE_MIGRATION]);
    const names = await sql<{ name: string; probe_note: string }>`select name, probe_note from regions`.execute(
      database.db,
    );
    expect(names.rows.map((r) => r.name).sort()).toEqual(['渑池县（改）', '城关镇（改）', '英豪镇（改）'].sort());
    expect(names.rows.every((r) => r.probe_note === 'done')).toBe(true);
    await database.close();
  });

  it('refuses a database upgraded by a newer version, writing nothing (not even a master key)', async () => {
    const database = await oldDatabase(SCHEMA_VERSION);
    const { schema } = target!;
    await sql`insert into kysely_migration (name, timestamp) values ('2099123100_from_the_future', '2099-12-31T00:00:00.000Z')`.execute(
      database.db,
    );
    const before = await snapshot(database, schema);
    const message =
      'the database was upgraded by a newer Qingfeng: migration 2099123100_from_the_future; install that version or restore a backup';
    await expect(migrateToLatest(database.db, schema)).rejects.toThrow(message);

    const dir = mkdtempSync(join(tmpdir(), 'qf-newer-'));
    let hookCalled = false;
    try {
      const config = {
        ...loadConfig({}),
        dataDir: dir,
        masterKeyFile: join(dir, 'master.key'),
        auditAnchorFile: join(dir, 'audit-anchors.log'),
        databaseUrl: target!.url,
        pgSchema: schema,
      };
      const err = await openPlatform(config, {
        beforeMigrate: async () => {
          hookCalled = true;
        },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SchemaNewerError);
      expect((err as Error).message).toBe(message);
      expect(hookCalled).toBe(false);
      expect(existsSync(join(dir, 'master.key'))).toBe(false);
      expect(existsSync(join(dir, 'audit-anchors.log'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await snapshot(database, schema)).toEqual(before);
    await database.close();
  });

  it('calls the hook with the pending list before migrating a database with data, and not otherwise', async () => {
    const database = await oldDatabase(KNOWN.at(-3)!);
    const { schema } = target!;
    const plans: MigrationPlan[] = [];
    const beforeMigrate = async (plan: MigrationPlan) => {
      plans.push(plan);
      // Called before anything is migrated.
      expect(await currentSchemaVersion(database.db, schema)).toBe(KNOWN.at(-3));
    };
    expect(await migrateToLatest(database.db, schema, { beforeMigrate })).toEqual([BEFORE_LATEST, SCHEMA_VERSION]);
    expect(plans).toEqual([{ pending: [BEFORE_LATEST, SCHEMA_VERSION], current: KNOWN.at(-3) }]);
    // Up to date: no call.
    expect(await migrateToLatest(database.db, schema, { beforeMigrate })).toEqual([]);
    expect(plans).toHaveLength(1);
    await database.close();

    // An empty database: nothing to keep, no call.
    const empty = await createUpgradeDb(engine);
    const fresh = empty.open();
    try {
      expect(await migrateToLatest(fresh.db, empty.schema, { beforeMigrate })).toHaveLength(KNOWN.length);
      expect(plans).toHaveLength(1);
    } finally {
      await fresh.close();
      await empty.drop();
    }
  });

  it('migrates nothing when the hook throws', async () => {
    const database = await oldDatabase(BEFORE_LATEST);
    const { schema } = target!;
    const before = await snapshot(database, schema);
    await expect(
      migrateToLatest(database.db, schema, {
        beforeMigrate: () => Promise.reject(new Error('backup failed: disk full')),
      }),
    ).rejects.toThrow('backup failed: disk full');
    expect(await snapshot(database, schema)).toEqual(before);
    expect(await currentSchemaVersion(database.db, schema)).toBe(BEFORE_LATEST);
    await database.close();
  });

  it.runIf(engine === 'postgres')(
    'keeps the old schema when the server ends the connection mid-migration',
    async () => {
      const database = await oldDatabase(SCHEMA_VERSION);
      const { schema } = target!;
      const before = await snapshot(database, schema);
      const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
      await admin.connect();
      try {
        // Halfway, the migration's own backend is terminated by another connection (what a
        // failover does to it), then the migration goes on.
        const cut = probeMigration(async (db) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        });
        const err = await migrateToLatest(database.db, schema, {
          migrations: { ...MIGRATIONS, [PROBE_MIGRATION]: cut },
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MigrationFailedError);
        expect((err as Error).message).toMatch(
          new RegExp(
            `^migration ${PROBE_MIGRATION} failed: the connection to the database was lost \\(.+\\); it was rolled back and the database is left at ${SCHEMA_VERSION}$`,
          ),
        );
      } finally {
        await admin.end();
      }
      expect(await snapshot(database, schema)).toEqual(before);
      await database.close();
    },
  );
});
