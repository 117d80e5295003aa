/**
 * What the ledger benchmarks (`clue-ledger.bench.ts`, `case-ledger.bench.ts`,
 * `case-page.bench.ts`) share: where a run's data lives (fresh, or kept between runs), the
 * platform opened and seeded and the bulk load run once, the read connections (one logging the
 * statements an app function runs), and the request loop of one class: sequential real HTTP
 * requests timed, the same reads replayed raw as the ceiling, the figure reported with its ratio,
 * the plans printed when it misses.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openPlatform } from '../../src/server/bootstrap.js';
import { postgresDialect, sqliteDialect } from '../../src/server/db/dialect.js';
import type { Database } from '../../src/server/db/types.js';
import { resolveSession } from '../../src/server/modules/auth/index.js';
import { DEMO_PRESET } from '../../src/server/seed/presets.js';
import { applyPreset } from '../../src/server/seed/seed.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { type AppConfig, loadConfig } from '../../src/server/shared/config.js';
import type { Ctx } from '../../src/server/shared/context.js';
import { Keyring, loadOrCreateMasterKey } from '../../src/server/shared/crypto.js';
import { silentLogger } from '../../src/server/shared/logger.js';
import {
  BENCH_PASSWORD,
  type Figure,
  createPgSchema,
  fmt,
  login,
  makeTempDir,
  percentile,
  pgSchemaName,
  report,
} from './common.js';
import { type Captured, type Raw, openRaw } from './raw-replay.js';
import { type ServerChild, startServer } from './server.js';

/** The engines a ledger bench runs on. */
export type Engine = 'sqlite' | 'postgres';
/** A request's query parameters. */
export type Params = Record<string, string | number | boolean>;

/** `p` as a query string. */
export function qs(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** GETs `u` as `cookie`; throws unless 200. */
export async function getJson<T>(u: string, cookie: string): Promise<T> {
  const res = await fetch(u, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${u}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/** The host's load averages (1, 5, 15 min), printed with every figure. */
export function hostLoad(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

/** Where a run's data lives, and whether a kept load is there already. */
export interface DataHome {
  dir: string;
  file: string;
  schema?: string;
  loaded: boolean;
}

/**
 * A fresh temp dir and schema, or with `keep` (a folder) a kept dir `<keep>/<engine>-<rows>`
 * (and PostgreSQL schema `bench_<tag>_keep_<rows>`) that a later run finds loaded and reuses;
 * drop the kept schema by hand when done.
 */
export async function dataHome(
  tag: string,
  engine: Engine,
  rows: number,
  pgUrl: string | undefined,
  keep: string | undefined,
): Promise<DataHome> {
  if (!keep) {
    const dir = makeTempDir(`${tag}-${engine}`);
    const file = join(dir, 'qingfeng.sqlite');
    if (engine === 'sqlite') return { dir, file, loaded: false };
    const schema = pgSchemaName(tag);
    await createPgSchema(pgUrl!, schema);
    return { dir, file, schema, loaded: false };
  }
  const dir = join(keep, `${engine}-${rows}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'qingfeng.sqlite');
  const loaded = existsSync(join(dir, 'loaded'));
  if (engine === 'sqlite') return { dir, file, loaded };
  const schema = `bench_${tag}_keep_${rows}`;
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
  return { dir, file, schema, loaded };
}

/** What a bench's loader is given: the seeded database to read its targets from, and how to load. */
export interface Loader<S> {
  /** Reads what the load needs (targets, users) from the seeded demo county. */
  spec(db: Kysely<Database>): Promise<S>;
  sqlite(db: SqliteDatabase.Database, spec: S): number;
  postgres(client: pg.Client, schema: string, spec: S): Promise<number>;
}

/**
 * Opens the platform on `home` (migrating it: a kept load gets the newer migrations), seeds the
 * demo county and runs `loader` unless the kept data is loaded already; reports the load time
 * as `bench`'s setup figure, `what` naming the rows.
 */
export async function loadOnce<S>(
  bench: string,
  engine: Engine,
  home: DataHome,
  pgUrl: string | undefined,
  what: string,
  loader: Loader<S>,
): Promise<void> {
  const { dir, schema } = home;
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: engine === 'sqlite' ? `sqlite:${home.file}` : pgUrl!,
    pgSchema: schema,
    rateLimits: false,
    serveConsole: false,
  };
  const platform = await openPlatform(config);
  if (home.loaded) {
    await platform.database.close();
    console.log(`  kept data in ${dir}${schema ? ` (schema ${schema})` : ''}: not loaded again`);
    return;
  }
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const spec = await loader.spec(platform.database.db);
  let loadMs: number;
  if (engine === 'sqlite') {
    loadMs = loader.sqlite(platform.database.sqlite!, spec);
    await platform.database.close();
  } else {
    await platform.database.close();
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      loadMs = await loader.postgres(client, schema!, spec);
    } finally {
      await client.end();
    }
  }
  writeFileSync(join(dir, 'loaded'), new Date().toISOString());
  process.stdout.write('\n');
  report({ bench, name: `${engine}: bulk load of ${what} (setup, info)`, value: loadMs / 1000, unit: 's' });
}

/** The app in a child process on `home`, its read connections and the raw replay. */
export interface BenchRig {
  server: ServerChild;
  /** A plain read connection (sessions, ids). */
  readDb: Kysely<Database>;
  /** A context whose statements land in `sink` (give it an actor). */
  capture: Ctx;
  sink: Captured[];
  raw: Raw;
  /** Signs `username` in over HTTP; its cookie and the capturing context acting as them. */
  signIn(username: string): Promise<{ cookie: string; ctx: Ctx }>;
  close(): Promise<void>;
}

/** Starts the app on `home` and opens the bench's own connections to the same data. */
export async function openRig(engine: Engine, home: DataHome, pgUrl: string | undefined): Promise<BenchRig> {
  const { dir, file, schema } = home;
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
  return {
    server,
    readDb,
    capture: { ...baseCtx, db: capturing },
    sink,
    raw,
    async signIn(username) {
      const { cookie, token } = await login(server.base, username);
      const actor = await resolveSession(baseCtx, token);
      if (!actor) throw new Error(`session of ${username} did not resolve`);
      return { cookie, ctx: { ...baseCtx, db: capturing, actor } };
    },
    async close() {
      await raw.close();
      await readDb.destroy();
      await capturing.destroy();
      await server.child.stop();
    },
  };
}

/** One class of requests: its name, its parameters by request number, and how to replay it. */
export interface RequestClass {
  name: string;
  /** The request's URL (after the server's base) for request `i` (0: the warm-up). */
  url(i: number): string;
  /** Runs the app's own reads of request `i` on the capturing context (statements to `sink`). */
  replay(i: number): Promise<unknown>;
  /** A figure from the response worth printing (e.g. the total). */
  note?(body: unknown): string;
  /** Which captured statements the raw replay runs (default all; e.g. the reads of a request that audits). */
  keep?(q: Captured): boolean;
}

/** The timings of one class. */
export interface ClassTimes {
  httpMs: number[];
  rawMs: number[];
  figure: Figure;
}

/**
 * Measures `cls`: one warm-up, `requests` sequential HTTP requests timed, then each request's
 * statements captured from the app's own reads and replayed raw (one warm-up, then timed): the
 * p95 reported against `targetMs` with the raw p95 as its ceiling; plans printed when it misses
 * or `plans` is set.
 */
export async function measureClass(
  rig: BenchRig,
  o: {
    bench: string;
    label: string;
    cookie: string;
    cls: RequestClass;
    requests: number;
    targetMs: number;
    plans: boolean;
  },
): Promise<ClassTimes> {
  const { cls, cookie } = o;
  await getJson(`${rig.server.base}${cls.url(0)}`, cookie);
  const httpMs: number[] = [];
  let note = '';
  for (let i = 1; i <= o.requests; i++) {
    const t = performance.now();
    const body = await getJson(`${rig.server.base}${cls.url(i)}`, cookie);
    httpMs.push(performance.now() - t);
    if (cls.note) note = cls.note(body);
  }
  const statements: Captured[][] = [];
  for (let i = 1; i <= o.requests; i++) {
    rig.sink.length = 0;
    await cls.replay(i);
    statements.push(rig.sink.filter((q) => !cls.keep || cls.keep(q)));
  }
  await rig.raw.run(statements[0]!);
  const rawMs: number[] = [];
  for (const s of statements) {
    const t = performance.now();
    await rig.raw.run(s);
    rawMs.push(performance.now() - t);
  }
  const figure = report({
    bench: o.bench,
    name: `${o.label}: ${cls.name} p95`,
    value: percentile(httpMs, 95),
    unit: 'ms',
    target: { op: '<=', value: o.targetMs },
    ceiling: { name: `raw SQL p95 (${statements[0]!.length} statements)`, value: percentile(rawMs, 95) },
    note: `n=${httpMs.length}, p50 ${fmt(percentile(httpMs, 50))} ms${note ? `, ${note}` : ''}, load ${hostLoad()}`,
  });
  if (figure.status === 'MISS' || o.plans)
    for (const [k, s] of statements[0]!.entries()) {
      console.log(`  plan of: ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
      console.log(await rig.raw.explain(s, statements[0]!.slice(0, k)));
    }
  return { httpMs, rawMs, figure };
}

/** Reports the p95 of a group of classes' requests (a user's, a run's) with its raw ceiling. */
export function reportGroup(bench: string, name: string, http: number[], raw: number[], targetMs: number): void {
  report({
    bench,
    name,
    value: percentile(http, 95),
    unit: 'ms',
    target: { op: '<=', value: targetMs },
    ceiling: { name: 'raw SQL p95', value: percentile(raw, 95) },
    note: `n=${http.length}, load ${hostLoad()}`,
  });
}
