/**
 * Intake ledger list (GET /api/reports) with filters over a large ledger (default 5,000,000
 * reports) on SQLite and, with BENCH_PG_URL, PostgreSQL. The database is migrated with the real
 * migrations, seeded with the demo county, then bulk-loaded with raw SQL (`bench/lib/reports-load.ts`:
 * rows generated inside the database, the production indexes rebuilt from their own
 * definitions). The app then runs in a child process (`bench/lib/server-child.ts`) and this
 * process sends sequential real HTTP requests (fetch, keep-alive) as `township1` (one township)
 * and `leader` (the whole county) for each filter class: no filter page 1, page 50 (by number
 * and by the next-page cursor the console follows),
 * status=received, channel=visit with a 90-day from/to window, overdue=true, q=<a number>,
 * q=<its last four digits>, q=<a surname> (one character), q=<a full name> (three characters,
 * one seen in the user's ledger), zoneId=<a zone>. p95 per user × class and overall (target <= 50 ms);
 * q=<the adversarial full name> (1 in 100 reports) is reported apart as a stress figure.
 *
 * Ceiling: the count and page statements of each request, captured from the app's own
 * `listReports` (run once through a logging Kysely on its own connection) and
 * replayed raw (better-sqlite3 prepared statements; on PostgreSQL two pooled `pg` connections in
 * parallel, as the app's pool runs them). A class whose p95 misses the target gets its plans
 * printed (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE).
 *
 * Env: BENCH_LEDGER_ROWS (default 5,000,000), BENCH_LEDGER_PG_ROWS (default = BENCH_LEDGER_ROWS),
 * BENCH_LEDGER_REQUESTS (measured requests per class, default 20), BENCH_LEDGER_CLASS_SECONDS
 * (time cap per class and user, default 8; at least 3 requests are always measured),
 * BENCH_LEDGER_PLANS=1 (print the plans of every search class), BENCH_LEDGER_SKIP_SQLITE=1, BENCH_PG_URL.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, SqliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openPlatform } from '../src/server/bootstrap.js';
import { postgresDialect, sqliteDialect } from '../src/server/db/dialect.js';
import type { Database } from '../src/server/db/types.js';
import { resolveSession } from '../src/server/modules/auth/index.js';
import { type LedgerQuery, readLedgerPage } from '../src/server/modules/reports/index.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { systemClock } from '../src/server/shared/clock.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { silentLogger } from '../src/server/shared/logger.js';
import type { Ctx } from '../src/server/shared/context.js';
import { Keyring, loadOrCreateMasterKey } from '../src/server/shared/crypto.js';
import {
  BENCH_PASSWORD,
  createPgSchema,
  fmt,
  heading,
  login,
  makeTempDir,
  percentile,
  pgSchemaName,
  report,
  runMain,
} from './lib/common.js';
import {
  ADVERSARIAL_NAME,
  COMMON_SURNAMES,
  TARGETS_SQL,
  type Target,
  loadPostgres,
  loadSqlite,
  weightTargets,
} from './lib/reports-load.js';
import { type Captured, openRaw } from './lib/raw-replay.js';
import { startServer } from './lib/server.js';

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 5_000_000);
const PG_ROWS = Number(process.env.BENCH_LEDGER_PG_ROWS ?? ROWS);
const REQUESTS = Number(process.env.BENCH_LEDGER_REQUESTS ?? 20);
const CLASS_SECONDS = Number(process.env.BENCH_LEDGER_CLASS_SECONDS ?? 8);
const MIN_REQUESTS = 3;
/** BENCH_LEDGER_PLANS=1: print the plans of every search class, not only of the classes that miss. */
const PLANS = process.env.BENCH_LEDGER_PLANS === '1';
/** BENCH_LEDGER_SKIP_SQLITE=1: the PostgreSQL leg alone (to run the two engines as two processes). */
const SKIP_SQLITE = process.env.BENCH_LEDGER_SKIP_SQLITE === '1';
/**
 * BENCH_LEDGER_KEEP=<folder>: load once and keep. The first run loads into `<folder>/<engine>` (and
 * a PostgreSQL schema named in `<folder>/<engine>/bench-state.json`) and leaves both in place; later
 * runs with the same folder and row count measure the kept data without loading (minutes saved per
 * iteration at 5 M). Delete the folder and `drop schema … cascade` by hand when done.
 */
const KEEP = process.env.BENCH_LEDGER_KEEP;
/** BENCH_LEDGER_CLASSES=<regex>: measure only the classes whose name matches (e.g. `surname`). */
const CLASS_FILTER = process.env.BENCH_LEDGER_CLASSES ? new RegExp(process.env.BENCH_LEDGER_CLASSES) : null;
/** BENCH_LEDGER_USERS=township1,leader: the accounts measured (default both). */
const USERS = (process.env.BENCH_LEDGER_USERS ?? 'township1,leader').split(',');
const WARMUP = 1;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const B = 'ledger-list';
/** The commonest surnames the loader uses (`bench/lib/reports-load.ts`: 王 李 张 ~7 % each). */
const SURNAMES = COMMON_SURNAMES;
/** Classes measured apart, as stress figures: not part of the per-user and overall p95. */
const STRESS = new Set(['q=<adversarial full name> (stress)']);
/** The loaded span ends now and covers three years. */
const YEARS = 3;

type Engine = 'sqlite' | 'postgres';
type Params = Record<string, string | number | boolean>;

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
}

function qs(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}

async function getJson(
  u: string,
  cookie: string,
): Promise<{ total: number; items: { number: string | null; subjectName: string | null }[] }> {
  const res = await fetch(u, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${u}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as { total: number; items: { number: string | null; subjectName: string | null }[] };
}

/**
 * A Kysely on its own connection to the bench database that logs each statement it runs: the
 * app's `listReports` runs through it for real (zone lookups and the count included, so every
 * strategy's statements are captured as the server runs them).
 */
function captureDb(engine: Engine, sink: Captured[], file: string, pgUrl?: string, schema?: string): Kysely<Database> {
  const log = (e: LogEvent) => {
    if (e.level === 'query') sink.push({ sql: e.query.sql, params: e.query.parameters });
  };
  return new Kysely<Database>({
    dialect:
      engine === 'sqlite'
        ? new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true }) })
        : new PostgresDialect({
            pool: new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` }),
          }),
    log,
  });
}

/** The statements the ledger page read (`readLedgerPage`, the audited `listReports` without its audit write) runs for `q` as `ctx.actor`. */
async function capture(ctx: Ctx, sink: Captured[], q: Params): Promise<Captured[]> {
  sink.length = 0;
  const query = { page: 1, pageSize: PAGE_SIZE, ...q } as LedgerQuery & { page: number; pageSize: number };
  await readLedgerPage(ctx, query);
  return [...sink];
}

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`ledger list on ${engine}: ${fmt(rows)} reports, demo county`);
  const dir = KEEP ? join(KEEP, engine) : makeTempDir(`ledger-${engine}`);
  const file = join(dir, 'qingfeng.sqlite');
  const stateFile = join(dir, 'bench-state.json');
  const kept = KEEP && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as KeptState) : null;
  if (kept && kept.rows !== rows)
    throw new Error(`${stateFile} holds ${kept.rows} rows, not ${rows}: use another folder`);
  let schema: string | undefined = kept?.schema;
  if (engine === 'postgres' && !kept) {
    schema = pgSchemaName('ledger');
    if (KEEP) await keepPgSchema(pgUrl!, schema);
    else await createPgSchema(pgUrl!, schema);
  }
  if (KEEP) mkdirSync(dir, { recursive: true });
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: engine === 'sqlite' ? `sqlite:${file}` : pgUrl!,
    pgSchema: schema,
    rateLimits: false,
    serveConsole: false,
  };

  if (kept) console.log(`kept data from ${kept.loadedAt} (${dir}${schema ? `, schema ${schema}` : ''}): no load`);
  else await loadLedger(engine, rows, config, dir, schema, pgUrl);
  if (KEEP && !kept) {
    writeFileSync(stateFile, JSON.stringify({ rows, schema, loadedAt: new Date().toISOString() } satisfies KeptState));
  }
  await measure(engine, rows, dir, file, schema, pgUrl);
}

/** What a kept load left for the next run (BENCH_LEDGER_KEEP). */
interface KeptState {
  rows: number;
  schema?: string;
  loadedAt: string;
}

/** Creates a schema that outlives the run (no drop registered). */
async function keepPgSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
}

/** Migrates, seeds the demo county and bulk-loads `rows` reports. */
async function loadLedger(
  engine: Engine,
  rows: number,
  config: AppConfig,
  dir: string,
  schema: string | undefined,
  pgUrl: string | undefined,
): Promise<void> {
  void dir;
  // Migrate, seed, bulk-load.
  const tSetup = performance.now();
  const platform = await openPlatform(config);
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const { rows: targetRows } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(platform.database.db);
  const targets = weightTargets(targetRows);
  const spec = {
    rows,
    targets,
    end: new Date().toISOString(),
    years: YEARS,
    progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
  };
  let timing: { loadMs: number; indexMs: number };
  if (engine === 'sqlite') {
    timing = loadSqlite(platform.database.sqlite!, spec);
    await platform.database.close();
  } else {
    await platform.database.close();
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      timing = await loadPostgres(client, schema!, spec);
    } finally {
      await client.end();
    }
  }
  process.stdout.write('\n');
  console.log(
    `${targets.length} (unit, region) targets; rows ${(timing.loadMs / 1000).toFixed(1)} s (${fmt(rows / (timing.loadMs / 1000))} rows/s), indexes ${(timing.indexMs / 1000).toFixed(1)} s; setup total ${((performance.now() - tSetup) / 1000).toFixed(1)} s`,
  );
  report({
    bench: B,
    name: `${engine}: bulk load of ${fmt(rows)} reports incl. index build (setup, info)`,
    value: (timing.loadMs + timing.indexMs) / 1000,
    unit: 's',
  });
}

/** Measures every class against the loaded (or kept) ledger. */
async function measure(
  engine: Engine,
  rows: number,
  dir: string,
  file: string,
  schema: string | undefined,
  pgUrl: string | undefined,
): Promise<void> {
  const server = await startServer({
    mode: 'app',
    dataDir: dir,
    preset: 'none',
    log: 'info',
    ...(engine === 'postgres' ? { dbUrl: pgUrl!, pgSchema: schema! } : {}),
  });

  // The capturing side: the app's own resolveSession and listReports, statements logged.
  const readDb =
    engine === 'sqlite'
      ? new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true }) }) })
      : new Kysely<Database>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: pgUrl, max: 1, options: `-c search_path=${schema}` }),
          }),
        });
  const sink: Captured[] = [];
  const capturing = captureDb(engine, sink, file, pgUrl, schema);
  const baseCtx: Ctx = {
    db: readDb,
    dialect: engine === 'sqlite' ? sqliteDialect : postgresDialect,
    clock: systemClock,
    keyring: new Keyring(loadOrCreateMasterKey(join(dir, 'master.key'))),
    config: loadConfig({}),
    actor: null,
    requestId: null,
    log: silentLogger(),
  };
  const raw = openRaw(engine, file, pgUrl, schema);
  const zones = (await readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  const allHttp: number[] = [];
  const allRaw: number[] = [];
  try {
    for (const username of USERS) {
      const { cookie, token } = await login(server.base, username);
      const actor = await resolveSession(baseCtx, token);
      if (!actor) throw new Error(`session of ${username} did not resolve`);
      const ctx: Ctx = { ...baseCtx, db: capturing, actor };
      const userUnit = await readDb
        .selectFrom('users as u')
        .innerJoin('units as n', 'n.id', 'u.unit_id')
        .select(['n.zone_id'])
        .where('u.username', '=', username)
        .executeTakeFirst();
      const first = await getJson(`${server.base}/api/reports?pageSize=${PAGE_SIZE}`, cookie);
      const numbers: string[] = [];
      const names: string[] = [];
      for (const page of [1, 20, 200, 2000]) {
        const r = await getJson(`${server.base}/api/reports?page=${page}&pageSize=${PAGE_SIZE}`, cookie);
        for (const it of r.items) if (it.number) numbers.push(it.number);
        // Full names as one would search them: people reported in the user's own ledger.
        for (const it of r.items)
          if (it.subjectName && it.subjectName !== ADVERSARIAL_NAME && [...it.subjectName].length === 3)
            names.push(it.subjectName);
      }
      console.log(`\n${username}: ${fmt(first.total)} reports in scope`);
      const myZones = userUnit?.zone_id ? [userUnit.zone_id] : zones;
      // The cursor of page 50, reached as the console reaches it: by next-page links.
      let cursor50 = '';
      for (let page = 1; page < 50; page++) {
        const r = (await getJson(
          `${server.base}/api/reports?${qs({ pageSize: PAGE_SIZE, page, ...(cursor50 ? { after: cursor50 } : {}) })}`,
          cookie,
        )) as { nextCursor?: string | null };
        cursor50 = r.nextCursor ?? '';
        if (!cursor50) break;
      }
      const classes: { name: string; make: (i: number) => Params }[] = [
        { name: 'no filter, page 1', make: () => ({}) },
        { name: 'page 50 (jump, offset)', make: () => ({ page: 50 }) },
        { name: 'page 50 (next-page cursor)', make: () => ({ page: 50, after: cursor50 }) },
        { name: 'status=received', make: (i) => ({ status: 'received', page: 1 + (i % 3) }) },
        {
          name: 'channel=visit, 90-day from/to',
          make: (i) => ({ channel: 'visit', from: isoDaysAgo(90 + i * 37), to: isoDaysAgo(i * 37) }),
        },
        { name: 'overdue=true', make: (i) => ({ overdue: true, page: 1 + (i % 2) }) },
        { name: 'q=<number>', make: (i) => ({ q: numbers[(i * 7) % numbers.length]! }) },
        // A part of a number as one remembers it: its last four digits (“0001”).
        { name: 'q=<4 digits of a number>', make: (i) => ({ q: numbers[(i * 11) % numbers.length]!.slice(-5, -1) }) },
        // A surname alone: one character, no trigram; the commonest twelve (王 李 张: ~7 % of reports each).
        { name: 'q=<surname>', make: (i) => ({ q: SURNAMES[i % SURNAMES.length]! }) },
        // A full name of three characters seen in the user's ledger (about 0.002 % of reports each).
        { name: 'q=<full name>', make: (i) => ({ q: names[(i * 13) % names.length]! }) },
        // One deliberately dense full name (1 in 100 reports): a stress figure, apart from the overall.
        { name: 'q=<adversarial full name> (stress)', make: () => ({ q: ADVERSARIAL_NAME }) },
        { name: 'zoneId=<zone>', make: (i) => ({ zoneId: myZones[i % myZones.length]!, page: 1 + (i % 3) }) },
      ];
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const cls of classes) {
        if (CLASS_FILTER && !CLASS_FILTER.test(cls.name)) continue;
        for (let i = 0; i < WARMUP; i++)
          await getJson(`${server.base}/api/reports?${qs({ pageSize: PAGE_SIZE, ...cls.make(i) })}`, cookie);
        const httpMs: number[] = [];
        const used: Params[] = [];
        const t0 = performance.now();
        let total = 0;
        for (let i = 0; i < REQUESTS; i++) {
          if (i >= MIN_REQUESTS && performance.now() - t0 > CLASS_SECONDS * 1000) break;
          const p = cls.make(i + WARMUP);
          const t = performance.now();
          const r = await getJson(`${server.base}/api/reports?${qs({ pageSize: PAGE_SIZE, ...p })}`, cookie);
          httpMs.push(performance.now() - t);
          total = r.total;
          used.push(p);
        }
        const statements: Captured[][] = [];
        for (const p of used) statements.push(await capture(ctx, sink, p));
        if (percentile(httpMs, 50) < 1000) await raw.run(statements[0]!);
        const rawMs: number[] = [];
        for (const s of statements) {
          const t = performance.now();
          await raw.run(s);
          rawMs.push(performance.now() - t);
        }
        if (!STRESS.has(cls.name)) {
          userHttp.push(...httpMs);
          userRaw.push(...rawMs);
        }
        const label = `${engine} GET /api/reports as ${username}: ${cls.name}`;
        const fig = report({
          bench: B,
          name: `${label} p95`,
          value: percentile(httpMs, 95),
          unit: 'ms',
          target: { op: '<=', value: TARGET_P95_MS },
          ceiling: { name: `raw SQL p95 (${statements[0]!.length} statements)`, value: percentile(rawMs, 95) },
          note: `n=${httpMs.length}, p50 ${fmt(percentile(httpMs, 50))} ms, total ${fmt(total)}`,
        });
        if (fig.status === 'MISS' || (PLANS && cls.name.startsWith('q='))) {
          for (const [k, s] of statements[0]!.entries()) {
            console.log(`  plan of: ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
            console.log(`  params: ${JSON.stringify(s.params).slice(0, 300)}`);
            console.log(await raw.explain(s, statements[0]!.slice(0, k)));
          }
        }
      }
      report({
        bench: B,
        name: `${engine} GET /api/reports as ${username}: all classes p95`,
        value: percentile(userHttp, 95),
        unit: 'ms',
        target: { op: '<=', value: TARGET_P95_MS },
        ceiling: { name: 'raw SQL p95', value: percentile(userRaw, 95) },
        note: `n=${userHttp.length}`,
      });
      allHttp.push(...userHttp);
      allRaw.push(...userRaw);
    }
    report({
      bench: B,
      name: `${engine} GET /api/reports, ${fmt(rows)} reports: overall p95`,
      value: percentile(allHttp, 95),
      unit: 'ms',
      target: { op: '<=', value: TARGET_P95_MS },
      ceiling: { name: 'raw SQL p95', value: percentile(allRaw, 95) },
      note: `n=${allHttp.length}`,
    });
  } finally {
    await raw.close();
    await readDb.destroy();
    await capturing.destroy();
    await server.child.stop();
  }
}

runMain('ledger-list.bench', async () => {
  if (!SKIP_SQLITE) await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', PG_ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
