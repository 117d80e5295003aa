import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  currentSchemaVersion,
  migrateTo,
  migrateToLatest,
} from '../../src/server/db/migrate.js';
import { verifyBackup } from '../../src/server/ops/index.js';
import { PROBE_MIGRATION, probeMigration } from './probe-migration.js';
import { ENGINES, type UpgradeDb, createUpgradeDb, seedOldRows, snapshot } from './upgrade-db.js';

/**
 * Migrations in processes of their own (`migrate-child.ts`), on a real SQLite file and a real
 * PostgreSQL schema: a process SIGKILLed halfway through a migration that has already created a
 * table, rewritten rows and altered a table leaves exactly the schema and rows from before, and
 * the migration is not recorded; two processes migrating the same database at once apply each
 * migration exactly once between them. And the `migrate` command: exit 65 on a newer schema, the
 * pre-migration backup called before migrating a database with data.
 */
const KNOWN = Object.keys(MIGRATIONS).sort();

interface Child {
  process: ChildProcess;
  out: string;
  exited: Promise<number | null>;
}

function startChild(target: UpgradeDb, mode: 'hang' | 'slow'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/upgrade/migrate-child.ts')], {
    env: {
      ...process.env,
      QF_CHILD_DB: target.url,
      QF_CHILD_SCHEMA: target.schema ?? '',
      QF_CHILD_MODE: mode,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handle: Child = {
    process: child,
    out: '',
    exited: new Promise((res) => child.once('exit', (code) => res(code))),
  };
  child.stdout.on('data', (b: Buffer) => (handle.out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (handle.out += b.toString()));
  return handle;
}

describe.each(ENGINES)('migrations in processes of their own (%s)', (engine) => {
  let target: UpgradeDb | null = null;
  let children: Child[] = [];
  afterEach(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
    await target?.drop();
    target = null;
  });

  it(
    'leaves exactly the previous schema and rows when killed halfway through a migration',
    { timeout: 120_000 },
    async () => {
      target = await createUpgradeDb(engine);
      let database = target.open();
      await migrateToLatest(database.db, target.schema);
      await seedOldRows(database);
      const before = await snapshot(database, target.schema);
      await database.close();

      const child = startChild(target, 'hang');
      children.push(child);
      await expect.poll(() => child.out, { timeout: 60_000, interval: 50 }).toContain('HALFWAY');
      child.process.kill('SIGKILL');
      expect(await child.exited).toBeNull();

      database = target.open();
      try {
        expect(await snapshot(database, target.schema)).toEqual(before);
        expect(await currentSchemaVersion(database.db, target.schema)).toBe(SCHEMA_VERSION);
        // A normal run then applies it.
        const applied = await migrateToLatest(database.db, target.schema, {
          migrations: { ...MIGRATIONS, [PROBE_MIGRATION]: probeMigration() },
        });
        expect(applied).toEqual([PROBE_MIGRATION]);
        const { rows } = await sql<{ n: number }>`select count(*) as n from upgrade_probe`.execute(database.db);
        expect(Number(rows[0]!.n)).toBe(before.rows['regions']!.length);
      } finally {
        await database.close();
      }
    },
  );

  it('applies each migration once when two processes migrate at the same time', { timeout: 120_000 }, async () => {
    target = await createUpgradeDb(engine);
    let database = target.open();
    await migrateTo(database.db, KNOWN.at(-3)!, target.schema);
    await seedOldRows(database);
    await database.close();

    children = [startChild(target, 'slow'), startChild(target, 'slow')];
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes, children.map((c) => c.out).join('\n')).toEqual([0, 0]);
    const lists = children.map((c) => JSON.parse(/^DONE (.*)$/m.exec(c.out)![1]!) as string[]);
    // Between them, every pending migration once; none twice.
    expect([...lists[0]!, ...lists[1]!].sort()).toEqual([KNOWN.at(-2), KNOWN.at(-1), PROBE_MIGRATION]);

    database = target.open();
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
      expect(rows.map((r) => r.name).sort()).toEqual([...KNOWN, PROBE_MIGRATION].sort());
      // The probe appends to every region's name: once.
      const names = await sql<{ name: string }>`select name from regions`.execute(database.db);
      expect(names.rows.map((r) => r.name).sort()).toEqual(['渑池县（改）', '城关镇（改）', '英豪镇（改）'].sort());
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(process.env.TEST_SQLITE === '0')('the migrate command (SQLite)', () => {
  let target: UpgradeDb | null = null;
  afterEach(async () => {
    await target?.drop();
    target = null;
  });

  function runCli(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
    const { DATABASE_URL: _ignored, QF_PG_SCHEMA: _schema, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/server/main.ts'), 'migrate'], {
      env: { ...inherited, QF_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    return new Promise((res) => child.once('exit', (code) => res({ code, stderr })));
  }

  it(
    'exits 65 with one line on a database upgraded by a newer version, writing nothing',
    { timeout: 120_000 },
    async () => {
      target = await createUpgradeDb('sqlite');
      const database = target.open();
      await migrateToLatest(database.db, undefined);
      await seedOldRows(database);
      await sql`insert into kysely_migration (name, timestamp) values ('2099123100_from_the_future', '2099-12-31T00:00:00.000Z')`.execute(
        database.db,
      );
      const before = await snapshot(database, undefined);
      await database.close();

      const dataDir = dirname(target.url.slice('sqlite:'.length));
      const { code, stderr } = await runCli(dataDir);
      expect(code).toBe(65);
      expect(stderr).toBe(
        'qingfeng: the database was upgraded by a newer Qingfeng: migration 2099123100_from_the_future; install that version or restore a backup\n',
      );
      expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
      const after = target.open();
      try {
        expect(await snapshot(after, undefined)).toEqual(before);
      } finally {
        await after.close();
      }
    },
  );

  it('backs up a database with data before migrating it, then migrates', { timeout: 180_000 }, async () => {
    target = await createUpgradeDb('sqlite');
    const database = target.open();
    await migrateTo(database.db, KNOWN.at(-2)!, undefined);
    await seedOldRows(database);
    await database.close();
    const dataDir = dirname(target.url.slice('sqlite:'.length));
    // The key an earlier start made (the backup's manifest is MACed under it).
    const key = randomBytes(32);
    writeFileSync(join(dataDir, 'master.key'), `${key.toString('base64')}\n`, { mode: 0o600 });
    const backups = mkdtempSync(join(tmpdir(), 'qf-premigrate-'));
    try {
      const { code, stderr } = await runCli(dataDir, { QF_BACKUP_DIR: backups });
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`about to apply 1 migration(s) after ${KNOWN.at(-2)} (${SCHEMA_VERSION})`);
      expect(stderr).toContain(`qingfeng: applied migration ${SCHEMA_VERSION}\n`);
      expect(stderr.indexOf('backup before the upgrade')).toBeLessThan(stderr.indexOf('applied migration'));
      // The archive holds the database as it was: the old schema version, and it verifies.
      const archives = readdirSync(backups).filter((f) => f.endsWith('.qfbak'));
      expect(archives).toHaveLength(1);
      const { manifest } = await verifyBackup(join(backups, archives[0]!), key);
      expect(manifest.schemaVersion).toBe(KNOWN.at(-2));
      const after = target.open();
      try {
        expect(await currentSchemaVersion(after.db, undefined)).toBe(SCHEMA_VERSION);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(backups, { recursive: true, force: true });
    }
  });

  it('migrates nothing when the backup before it cannot be made', { timeout: 120_000 }, async () => {
    target = await createUpgradeDb('sqlite');
    const database = target.open();
    await migrateTo(database.db, KNOWN.at(-2)!, undefined);
    await seedOldRows(database);
    const before = await snapshot(database, undefined);
    await database.close();
    const dataDir = dirname(target.url.slice('sqlite:'.length));
    writeFileSync(join(dataDir, 'master.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    // A backup folder inside the data folder is refused: the upgrade stops before any migration.
    const { code, stderr } = await runCli(dataDir, { QF_BACKUP_DIR: join(dataDir, 'backups') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/inside the data folder/);
    expect(stderr).not.toContain('applied migration');
    const after = target.open();
    try {
      expect(await snapshot(after, undefined)).toEqual(before);
    } finally {
      await after.close();
    }
  });
});
