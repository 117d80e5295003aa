/**
 * Clue ledger list (GET /api/clues) with filters over a large ledger (default 2,000,000 clues)
 * on SQLite and, with BENCH_PG_URL, PostgreSQL (issue 12 §6: p95 <= 50 ms). The database is
 * migrated with the real migrations, seeded with the demo county, then bulk-loaded with raw SQL
 * (`bench/lib/clues-load.ts`). The app runs in a child process (`bench/lib/server.ts`) and this
 * process sends sequential real HTTP requests as `township1` (one township, full view of its
 * own) and `casemgr` (案管, the whole county) for each filter class. Ceiling: each request's
 * statements, captured from the app's own `readClueLedgerPage` through a logging Kysely and
 * replayed raw in the same run; printed as the ratio of the two. A class whose p95 misses the
 * target gets its plans printed.
 *
 * Env: BENCH_CLUE_ROWS (default 2,000,000), BENCH_CLUE_PG_ROWS (default = BENCH_CLUE_ROWS),
 * BENCH_CLUE_REQUESTS (per class, default 20), BENCH_PG_URL, BENCH_CLUE_PLANS=1 (every class's plans), BENCH_CLUE_SKIP_SQLITE=1 (PostgreSQL
 * only), BENCH_CLUE_KEEP=<dir> (keep the loaded data there and reuse it: see `dataHome`; drop the
 * kept schema `bench_clues_keep_<rows>` by hand when done), BENCH_CLUE_LOAD_ONLY=1 (just load),
 * BENCH_CLUE_CLASSES=<regex> (only the classes whose name matches; the p95s then cover those).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { openPlatform } from '../src/server/bootstrap.js';
import { postgresDialect, sqliteDialect } from '../src/server/db/dialect.js';
import type { Database } from '../src/server/db/types.js';
import { resolveSession } from '../src/server/modules/auth/index.js';
import { readClueLedgerPage } from '../src/server/modules/clues/index.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { systemClock } from '../src/server/shared/clock.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import type { Ctx } from '../src/server/shared/context.js';
import { Keyring, loadOrCreateMasterKey } from '../src/server/shared/crypto.js';
import { silentLogger } from '../src/server/shared/logger.js';
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
import { loadCluesPostgres, loadCluesSqlite } from './lib/clues-load.js';
import { ADVERSARIAL_NAME, COMMON_SURNAMES, TARGETS_SQL, type Target, weightTargets } from './lib/reports-load.js';
import { type Captured, openRaw } from './lib/raw-replay.js';
import { startServer } from './lib/server.js';

const ROWS = Number(process.env.BENCH_CLUE_ROWS ?? 2_000_000);
const PG_ROWS = Number(process.env.BENCH_CLUE_PG_ROWS ?? ROWS);
const REQUESTS = Number(process.env.BENCH_CLUE_REQUESTS ?? 20);
/** A folder to keep the loaded data in between runs (see `dataHome`); unset: fresh temp data. */
const KEEP = process.env.BENCH_CLUE_KEEP;
/** With BENCH_CLUE_KEEP: load (if not yet) and stop, no requests. */
const LOAD_ONLY = process.env.BENCH_CLUE_LOAD_ONLY === '1';
/** Only the classes whose name matches (e.g. `surname|stress`). */
const CLASSES = process.env.BENCH_CLUE_CLASSES ? new RegExp(process.env.BENCH_CLUE_CLASSES) : null;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const B = 'clue-ledger';
/** The stress name: 1 clue in 100 (`subjectNameSql`); measured apart, left out of the p95s. */
const STRESS = 'stress: q=王建国 (1 in 100)';

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

interface ListBody {
  total: number;
  totalCapped?: boolean;
  nextCursor: string | null;
  items: { number: string; subjectNames: string | null }[];
}

async function getJson(u: string, cookie: string): Promise<ListBody> {
  const res = await fetch(u, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${u}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as ListBody;
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

/**
 * Where the run's data lives: a fresh temp dir and schema, or with BENCH_CLUE_KEEP=<dir> a kept
 * dir (and PostgreSQL schema `bench_clues_keep_<rows>`) that a later run finds loaded and reuses.
 */
async function dataHome(
  engine: Engine,
  rows: number,
  pgUrl: string | undefined,
): Promise<{ dir: string; schema?: string; loaded: boolean }> {
  if (!KEEP) {
    const dir = makeTempDir(`clues-${engine}`);
    if (engine === 'sqlite') return { dir, loaded: false };
    const schema = pgSchemaName('clues');
    await createPgSchema(pgUrl!, schema);
    return { dir, schema, loaded: false };
  }
  const dir = join(KEEP, `${engine}-${rows}`);
  mkdirSync(dir, { recursive: true });
  const loaded = existsSync(join(dir, 'loaded'));
  if (engine === 'sqlite') return { dir, loaded };
  const schema = `bench_clues_keep_${rows}`;
  if (!loaded) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.query(`create schema ${schema}`);
    } finally {
      await admin.end();
    }
  }
  return { dir, schema, loaded };
}

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`clue ledger on ${engine}: ${fmt(rows)} clues, demo county`);
  const home = await dataHome(engine, rows, pgUrl);
  const { dir, schema } = home;
  const file = join(dir, 'qingfeng.sqlite');
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: engine === 'sqlite' ? `sqlite:${file}` : pgUrl!,
    pgSchema: schema,
    rateLimits: false,
    serveConsole: false,
  };
  const platform = await openPlatform(config);
  if (!home.loaded) await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const { rows: targetRows } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(platform.database.db);
  const keepers = (
    await platform.database.db
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['casemgr', 'tstaff1', 'office1'])
      .execute()
  ).map((u) => u.id);
  const spec = {
    rows,
    targets: weightTargets(targetRows),
    keepers,
    end: new Date().toISOString(),
    years: 3,
    progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
  };
  let loadMs = 0;
  if (home.loaded) {
    await platform.database.close();
    console.log(`  kept data in ${dir}${schema ? ` (schema ${schema})` : ''}: not loaded again`);
  } else if (engine === 'sqlite') {
    loadMs = loadCluesSqlite(platform.database.sqlite!, spec);
    await platform.database.close();
  } else {
    await platform.database.close();
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      loadMs = await loadCluesPostgres(client, schema!, spec);
    } finally {
      await client.end();
    }
  }
  if (KEEP && !home.loaded) writeFileSync(join(dir, 'loaded'), new Date().toISOString());
  process.stdout.write('\n');
  if (!home.loaded)
    report({
      bench: B,
      name: `${engine}: bulk load of ${fmt(rows)} clues (setup, info)`,
      value: loadMs / 1000,
      unit: 's',
    });
  if (LOAD_ONLY) return;

  const server = await startServer({
    mode: 'app',
    dataDir: dir,
    preset: 'none',
    log: 'info',
    ...(engine === 'postgres' ? { dbUrl: pgUrl!, pgSchema: schema! } : {}),
  });
  const sink: Captured[] = [];
  const makeDb = (log?: (e: LogEvent) => void) =>
    new Kysely<Database>({
      dialect:
        engine === 'sqlite'
          ? new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true }) })
          : new PostgresDialect({
              pool: new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` }),
            }),
      ...(log ? { log } : {}),
    });
  const readDb = makeDb();
  const capturing = makeDb((e) => {
    if (e.level === 'query') sink.push({ sql: e.query.sql, params: e.query.parameters });
  });
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
    for (const username of ['township1', 'casemgr']) {
      const { cookie, token } = await login(server.base, username);
      const actor = await resolveSession(baseCtx, token);
      if (!actor) throw new Error(`session of ${username} did not resolve`);
      const ctx: Ctx = { ...baseCtx, db: capturing, actor };
      const first = await getJson(`${server.base}/api/clues?pageSize=${PAGE_SIZE}`, cookie);
      const numbers = first.items.map((r) => r.number);
      // Full names as an officer would search them: seen on the first pages of their own ledger.
      const names: string[] = [];
      // The cursor of page 49 (walked once, by keyset), for page 50 by cursor.
      let cursor = first.nextCursor;
      for (let page = 2; page < 50 && cursor; page++) {
        const body = await getJson(
          `${server.base}/api/clues?${qs({ pageSize: PAGE_SIZE, page, after: cursor })}`,
          cookie,
        );
        for (const r of body.items)
          for (const n of (r.subjectNames ?? '').split('、'))
            if ([...n].length === 3 && n !== ADVERSARIAL_NAME && names.length < 40) names.push(n);
        cursor = body.nextCursor;
      }
      if (!cursor || names.length === 0) throw new Error(`${username}: fewer than 50 pages or no names seen`);
      const page49 = cursor;
      console.log(
        `\n${username}: ${first.totalCapped ? 'more than ' : ''}${fmt(first.total)} clues in scope (load ${load()})`,
      );
      const classes: { name: string; make: (i: number) => Params }[] = [
        { name: 'no filter, page 1', make: () => ({}) },
        { name: 'page 50 by offset', make: () => ({ page: 50 }) },
        { name: 'page 50 by cursor', make: () => ({ page: 50, after: page49 }) },
        { name: 'status=registered', make: (i) => ({ status: 'registered', page: 1 + (i % 3) }) },
        { name: 'disposal=verification', make: () => ({ disposal: 'verification' }) },
        {
          name: 'source=audit, 90-day from/to',
          make: (i) => ({ source: 'audit', from: isoDaysAgo(90 + i * 37), to: isoDaysAgo(i * 37) }),
        },
        { name: 'clock=overdue', make: () => ({ clock: 'overdue' }) },
        { name: 'clock=due_soon', make: () => ({ clock: 'due_soon' }) },
        { name: `keeperId=<keeper>`, make: (i) => ({ keeperId: keepers[i % keepers.length]! }) },
        { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
        { name: 'q=<number>', make: (i) => ({ q: numbers[i % numbers.length]! }) },
        { name: 'q=<surname> (王 李 张 …)', make: (i) => ({ q: COMMON_SURNAMES[i % COMMON_SURNAMES.length]! }) },
        { name: 'q=<full name> (seen in own ledger)', make: (i) => ({ q: names[i % names.length]! }) },
        { name: STRESS, make: () => ({ q: ADVERSARIAL_NAME }) },
      ];
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const cls of classes.filter((c) => !CLASSES || CLASSES.test(c.name))) {
        await getJson(`${server.base}/api/clues?${qs({ pageSize: PAGE_SIZE, ...cls.make(0) })}`, cookie);
        const httpMs: number[] = [];
        const used: Params[] = [];
        let total = 0;
        for (let i = 1; i <= REQUESTS; i++) {
          const p = cls.make(i);
          const t = performance.now();
          const r = await getJson(`${server.base}/api/clues?${qs({ pageSize: PAGE_SIZE, ...p })}`, cookie);
          httpMs.push(performance.now() - t);
          total = r.total;
          used.push(p);
        }
        const statements: Captured[][] = [];
        for (const p of used) {
          sink.length = 0;
          await readClueLedgerPage(ctx, { page: 1, pageSize: PAGE_SIZE, ...p });
          statements.push([...sink]);
        }
        await raw.run(statements[0]!);
        const rawMs: number[] = [];
        for (const s of statements) {
          const t = performance.now();
          await raw.run(s);
          rawMs.push(performance.now() - t);
        }
        if (cls.name !== STRESS) {
          userHttp.push(...httpMs);
          userRaw.push(...rawMs);
        }
        const fig = report({
          bench: B,
          name: `${engine} GET /api/clues as ${username}: ${cls.name} p95`,
          value: percentile(httpMs, 95),
          unit: 'ms',
          target: { op: '<=', value: TARGET_P95_MS },
          ceiling: { name: `raw SQL p95 (${statements[0]!.length} statements)`, value: percentile(rawMs, 95) },
          note: `n=${httpMs.length}, p50 ${fmt(percentile(httpMs, 50))} ms, total ${fmt(total)}, load ${load()}`,
        });
        if (fig.status === 'MISS' || process.env.BENCH_CLUE_PLANS === '1')
          for (const [k, s] of statements[0]!.entries()) {
            console.log(`  plan of: ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
            console.log(await raw.explain(s, statements[0]!.slice(0, k)));
          }
      }
      report({
        bench: B,
        name: `${engine} GET /api/clues as ${username}: all classes p95`,
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
      name: `${engine} GET /api/clues, ${fmt(rows)} clues: overall p95`,
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

runMain('clue-ledger.bench', async () => {
  if (process.env.BENCH_CLUE_SKIP_SQLITE !== '1') await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', PG_ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
