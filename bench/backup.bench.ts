/**
 * Backup and restore at the issue's scale (issue 17 §6): the database of the demo county with
 * BENCH_BACKUP_ROWS (default 5,000,000) reports bulk-loaded (bench/lib/reports-load.ts), on
 * SQLite and, with BENCH_PG_URL, PostgreSQL.
 *
 *   1. The app runs in a child process (bench/lib/server-child.ts). BENCH_BACKUP_CLIENTS (8)
 *      closed-loop clients submit distinct public reports for BENCH_BACKUP_SECONDS (10): the
 *      intake rate without a backup.
 *   2. `qingfeng backup --to <dir>` runs as the operator runs it (its own process), while the
 *      same clients go on submitting until it ends: its time, the archive's size, and the intake
 *      rate meanwhile as a ratio to step 1's (target >= 0.5: a county's office keeps working).
 *   3. Ceiling of the backup's time, same run: the bare copy of the same bytes — SQLite: `cp` of
 *      the quiet database file (after a checkpoint); PostgreSQL: `pg_dump --format=custom` of the
 *      schema alone. The backup does more (a consistent snapshot, blobs, manifest hashes): the
 *      ratio says how much more.
 *   4. `qingfeng restore --from <archive>` into an empty data folder / schema (it verifies the
 *      manifest, every file's hash and the audit chain, and counts every table): its time.
 *
 * Env: BENCH_BACKUP_ROWS, BENCH_BACKUP_SECONDS, BENCH_BACKUP_CLIENTS, BENCH_BACKUP_KEEP=<dir>
 * (keep the loaded data and reuse it, see `dataHome`), BENCH_BACKUP_SKIP_SQLITE=1, BENCH_PG_URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { cleanEnv, fmt, heading, makeTempDir, report, runMain, spawnChild, tsxArgs } from './lib/common.js';
import { type Engine, dataHome, hostLoad, loadOnce } from './lib/ledger-bench.js';
import { TARGETS_SQL, type Target, loadPostgres, loadSqlite, weightTargets } from './lib/reports-load.js';
import { startServer } from './lib/server.js';

const B = 'backup';
const ROWS = Number(process.env.BENCH_BACKUP_ROWS ?? 5_000_000);
const SECONDS = Number(process.env.BENCH_BACKUP_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_BACKUP_CLIENTS ?? 8);
const KEEP = process.env.BENCH_BACKUP_KEEP;

const MATTERS = [
  '危房改造补助优亲厚友',
  '低保评定不公开',
  '集体土地租金去向不明',
  '工程项目未公开招标',
  '惠农补贴冒领',
];

/** A distinct valid public report about one of `villages`. */
function body(i: number, villages: string[]): string {
  return JSON.stringify({
    regionCode: villages[i % villages.length],
    named: false,
    subject: { name: `备份测${i}`, position: '村委会主任' },
    content: `第${i}件：${MATTERS[i % MATTERS.length]}。涉及金额约${(i % 97) + 3}万元。`,
  });
}

/** Closed-loop clients submitting until `stop()` says so: 201 answers and the seconds it ran. */
async function drive(
  base: string,
  villages: string[],
  start: number,
  stop: () => boolean,
): Promise<{ created: number; failed: number; seconds: number; next: number }> {
  let i = start;
  let created = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!stop()) {
        const n = i++;
        try {
          const res = await fetch(`${base}/api/public/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: body(n, villages),
          });
          await res.arrayBuffer();
          if (res.status === 201) created++;
          else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { created, failed, seconds: (performance.now() - t0) / 1000, next: i };
}

function dbEnv(engine: Engine, dir: string, file: string, pgUrl: string | undefined, schema: string | undefined) {
  return cleanEnv({
    QF_DATA_DIR: dir,
    DATABASE_URL: engine === 'sqlite' ? `sqlite:${file}` : pgUrl!,
    ...(schema ? { QF_PG_SCHEMA: schema } : {}),
    LOG_LEVEL: 'warn',
  });
}

/** Runs the CLI to its end; its wall time in seconds and its output. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; output: string }> {
  const t0 = performance.now();
  const child = spawnChild(process.execPath, tsxArgs('src/server/main.ts', ...args), env);
  const code = await child.exited;
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`qingfeng ${args.join(' ')} exited ${code}:\n${child.output()}`);
  return { seconds, output: child.output() };
}

function dirBytes(path: string): number {
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

async function runOn(engine: Engine, pgUrl: string | undefined): Promise<void> {
  heading(`backup and restore on ${engine}: ${fmt(ROWS)} reports, demo county (host load ${hostLoad()})`);
  const home = await dataHome('backup', engine, ROWS, pgUrl, KEEP);
  await loadOnce(B, engine, home, pgUrl, `${fmt(ROWS)} reports`, {
    async spec(db) {
      const { rows } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(db);
      return {
        rows: ROWS,
        targets: weightTargets(rows),
        end: new Date().toISOString(),
        years: 5,
        progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(ROWS)}`),
      };
    },
    sqlite: (db, spec) => loadSqlite(db, spec).loadMs,
    postgres: async (client, schema, spec) => (await loadPostgres(client, schema, spec)).loadMs,
  });

  // The villages to report about, from the loaded database.
  let villages: string[];
  if (engine === 'sqlite') {
    const db = new SqliteDatabase(home.file, { readonly: true });
    villages = (db.prepare(`select code from regions where level = 'village'`).all() as { code: string }[]).map(
      (r) => r.code,
    );
    db.close();
  } else {
    const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${home.schema}` });
    await c.connect();
    villages = (await c.query<{ code: string }>(`select code from regions where level = 'village'`)).rows.map(
      (r) => r.code,
    );
    await c.end();
  }

  const server = await startServer({
    mode: 'app',
    dataDir: home.dir,
    preset: 'none',
    log: 'off',
    ...(engine === 'postgres' ? { dbUrl: pgUrl!, pgSchema: home.schema! } : {}),
  });
  const backups = makeTempDir(`backup-${engine}-archives`);
  let archive: string;
  try {
    // Warm-up, then the rate without a backup.
    let t = performance.now();
    let next = (await drive(server.base, villages, 0, () => performance.now() - t > 2000)).next;
    t = performance.now();
    const quiet = await drive(server.base, villages, next, () => performance.now() - t > SECONDS * 1000);
    next = quiet.next;
    const quietRate = quiet.created / quiet.seconds;
    report({ bench: B, name: `${engine}: intake without a backup (info)`, value: quietRate, unit: 'req/s' });

    // The backup, as its own process, while the clients go on.
    let done = false;
    const during = drive(server.base, villages, next, () => done);
    const run = cli(['backup', '--to', backups], dbEnv(engine, home.dir, home.file, pgUrl, home.schema)).finally(
      () => (done = true),
    );
    const [{ seconds }, load] = await Promise.all([run, during]);
    archive = join(
      backups,
      readdirSync(backups).find((f) => f.endsWith('.qfbak'))!,
    );
    const bytes = statSync(archive).size;
    const rate = load.created / load.seconds;
    console.log(
      `  backup ${seconds.toFixed(1)} s, ${(bytes / 1e9).toFixed(2)} GB; ${load.created} reports filed meanwhile (${load.failed} failed)`,
    );
    report({ bench: B, name: `${engine}: archive size (info)`, value: bytes / 1e9, unit: 'GB' });
    report({
      bench: B,
      name: `${engine}: intake while the backup runs`,
      value: rate,
      unit: 'req/s',
      ceiling: { name: 'intake without a backup', value: quietRate },
      status: rate / quietRate >= 0.5 ? 'PASS' : 'MISS',
      note: 'target: ratio >= 0.5',
    });

    // Ceiling of the backup's time: the bare copy of the same bytes.
    await server.child.stop();
    let ceilingSeconds: number;
    const scratch = makeTempDir(`backup-${engine}-ceiling`);
    if (engine === 'sqlite') {
      const db = new SqliteDatabase(home.file);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const t0 = performance.now();
      execFileSync('cp', [home.file, join(scratch, 'copy.sqlite')]);
      execFileSync('sync');
      ceilingSeconds = (performance.now() - t0) / 1000;
    } else {
      const t0 = performance.now();
      execFileSync('pg_dump', [
        '--format=custom',
        `--schema=${home.schema}`,
        `--file=${join(scratch, 'dump')}`,
        pgUrl!,
      ]);
      ceilingSeconds = (performance.now() - t0) / 1000;
    }
    report({
      bench: B,
      name: `${engine}: backup of ${fmt(ROWS)} reports (under load)`,
      value: seconds,
      unit: 's',
      ceiling: {
        name: engine === 'sqlite' ? 'cp of the idle database file' : 'bare pg_dump -Fc',
        value: ceilingSeconds,
      },
    });

    // Restore into an empty folder (SQLite) or a new, empty database (PostgreSQL: the archive's
    // schema name is restored as it was, so not beside the live one).
    const dir = makeTempDir(`backup-${engine}-restored`);
    mkdirSync(dir, { recursive: true });
    const restoreDb = engine === 'postgres' ? `qf_bench_restore_${process.pid}` : undefined;
    let restoreUrl: string | undefined;
    if (restoreDb) {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${restoreDb}`);
      await admin.end();
      const u = new URL(pgUrl!);
      u.pathname = `/${restoreDb}`;
      restoreUrl = u.toString();
    }
    try {
      const env = {
        ...dbEnv(engine, dir, join(dir, 'qingfeng.sqlite'), restoreUrl, home.schema),
        QF_MASTER_KEY_FILE: join(home.dir, 'master.key'),
      };
      const restored = await cli(['restore', '--from', archive], env);
      report({
        bench: B,
        name: `${engine}: restore (with manifest, hashes, audit chain and counts checked)`,
        value: restored.seconds,
        unit: 's',
        ceiling: {
          name: engine === 'sqlite' ? 'cp of the idle database file' : 'bare pg_dump -Fc',
          value: ceilingSeconds,
        },
      });
      if (engine === 'sqlite') console.log(`  restored folder ${(dirBytes(dir) / 1e9).toFixed(2)} GB`);
    } finally {
      if (restoreDb) {
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${restoreDb}`).catch(() => undefined);
        await admin.end();
      }
    }
  } finally {
    await server.child.stop().catch(() => undefined);
  }
}

runMain(B, async () => {
  const pgUrl = process.env.BENCH_PG_URL;
  if (process.env.BENCH_BACKUP_SKIP_SQLITE !== '1') await runOn('sqlite', undefined);
  if (pgUrl) await runOn('postgres', pgUrl);
});
