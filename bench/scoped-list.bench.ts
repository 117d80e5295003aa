/**
 * Scoped list latency on the city-scale preset (铜仁市: 10 counties, ~4,300 staff, ~9,400
 * subjects). The app runs in a child process; this process sends sequential real HTTP requests
 * (fetch, keep-alive) as `township1` (one township) and `leader` (a whole county) to
 * GET /api/staff and GET /api/subjects with pageSize=50, varied pages and a `q=` name filter on
 * every fourth request, and reports p50/p95/p99 (target p95 <= 20 ms).
 *
 * Ceiling: the same SQL without HTTP. Each request's statements (session lookup, count, page)
 * are captured by running the app's own `resolveSession` + `listStaff`/`listSubjects` through a
 * logging Kysely instance, then replayed raw (better-sqlite3 prepared statements, or a `pg`
 * client) in the same order and timed per request.
 *
 * Env: BENCH_LIST_REQUESTS (default 600 per user and route), BENCH_PG_URL (also run on
 * PostgreSQL in a fresh schema).
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/types.js';
import { postgresDialect, sqliteDialect } from '../src/server/db/dialect.js';
import { resolveSession } from '../src/server/modules/auth/index.js';
import { listStaff, listSubjects } from '../src/server/modules/people/index.js';
import { systemClock } from '../src/server/shared/clock.js';
import { loadConfig } from '../src/server/shared/config.js';
import { silentLogger } from '../src/server/shared/logger.js';
import type { Ctx } from '../src/server/shared/context.js';
import { Keyring, loadOrCreateMasterKey } from '../src/server/shared/crypto.js';
import {
  createPgSchema,
  heading,
  login,
  makeTempDir,
  percentile,
  pgSchemaName,
  report,
  runMain,
} from './lib/common.js';
import { startServer } from './lib/server.js';

const N = Number(process.env.BENCH_LIST_REQUESTS ?? 600);
const WARMUP = 40;
const PAGE_SIZE = 50;
const NAME_FILTERS = ['王', '李', '张', '刘', '陈', '杨', '黄', '吴'];
const TARGET_P95_MS = 20;

type Route = 'staff' | 'subjects';
interface Req {
  page: number;
  q: string | undefined;
}

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

function stats(ms: number[]): Stats {
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), n: ms.length };
}

function url(base: string, route: Route, r: Req): string {
  return `${base}/api/${route}?page=${r.page}&pageSize=${PAGE_SIZE}${r.q ? `&q=${encodeURIComponent(r.q)}` : ''}`;
}

async function getJson(u: string, cookie: string): Promise<{ total: number; items: unknown[] }> {
  const res = await fetch(u, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${u}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as { total: number; items: unknown[] };
}

/** Builds the request sequence: varied pages over the real totals, a name filter on every 4th. */
async function plan(base: string, route: Route, cookie: string): Promise<{ reqs: Req[]; total: number }> {
  const totals = new Map<string, number>();
  for (const q of [undefined, ...NAME_FILTERS]) {
    const r = await getJson(url(base, route, { page: 1, q }), cookie);
    totals.set(q ?? '', r.total);
  }
  const reqs: Req[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const q = i % 4 === 3 ? NAME_FILTERS[(i >> 2) % NAME_FILTERS.length] : undefined;
    const pages = Math.max(1, Math.ceil((totals.get(q ?? '') ?? 0) / PAGE_SIZE));
    reqs.push({ page: 1 + ((i * 7) % pages), q });
  }
  return { reqs, total: totals.get('')! };
}

interface Captured {
  sql: string;
  params: readonly unknown[];
}

/** Raw replay of captured statements. */
interface Raw {
  run(q: Captured): Promise<void> | void;
  close(): Promise<void>;
}

async function runOn(engine: 'sqlite' | 'postgres', pgUrl: string | undefined): Promise<void> {
  heading(
    `scoped lists on ${engine}: ${N} sequential requests per user and route (+${WARMUP} warm-up), pageSize ${PAGE_SIZE}`,
  );
  const dir = makeTempDir(`list-${engine}`);
  let schema: string | undefined;
  if (engine === 'postgres') {
    schema = pgSchemaName('list');
    await createPgSchema(pgUrl!, schema);
  }
  const server = await startServer({
    mode: 'app',
    dataDir: dir,
    preset: 'tongren',
    log: 'info',
    ...(engine === 'postgres' ? { dbUrl: pgUrl!, pgSchema: schema! } : {}),
  });
  console.log(
    `seeded tongren in ${server.info.seedMs} ms: ${server.info.staff} staff, ${server.info.subjects} subjects, ${server.info.units} units`,
  );

  // The capturing side: the app's own service functions on a logging Kysely.
  const captured: Captured[] = [];
  const log = (e: LogEvent) => {
    if (e.level === 'query') captured.push({ sql: e.query.sql, params: e.query.parameters });
  };
  let capture: Kysely<Database>;
  let raw: Raw;
  if (engine === 'sqlite') {
    const file = join(dir, 'qingfeng.sqlite');
    const capHandle = new SqliteDatabase(file, { readonly: true });
    capture = new Kysely<Database>({ dialect: new SqliteDialect({ database: capHandle }), log });
    const handle = new SqliteDatabase(file, { readonly: true });
    const stmts = new Map<string, SqliteDatabase.Statement>();
    raw = {
      run(q) {
        let s = stmts.get(q.sql);
        if (!s) stmts.set(q.sql, (s = handle.prepare(q.sql)));
        s.all(...(q.params as unknown[]));
      },
      async close() {
        handle.close();
      },
    };
  } else {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` });
    capture = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    raw = {
      async run(q) {
        await client.query(q.sql, q.params as unknown[]);
      },
      async close() {
        await client.end();
      },
    };
  }
  const keyring = new Keyring(loadOrCreateMasterKey(join(dir, 'master.key')));
  const ctx: Ctx = {
    db: capture,
    dialect: engine === 'sqlite' ? sqliteDialect : postgresDialect,
    clock: systemClock,
    keyring,
    config: loadConfig({}),
    actor: null,
    requestId: null,
    log: silentLogger(),
  };

  try {
    for (const username of ['township1', 'leader']) {
      const { cookie, token } = await login(server.base, username);
      // Warm the access-profile cache of this process, as the server's is warm between requests.
      const first = await resolveSession(ctx, token);
      if (!first) throw new Error(`session of ${username} did not resolve`);
      for (const route of ['staff', 'subjects'] as const) {
        const { reqs, total } = await plan(server.base, route, cookie);
        // HTTP: warm-up, then measured, strictly sequential.
        for (const r of reqs.slice(0, WARMUP)) await getJson(url(server.base, route, r), cookie);
        const httpMs: number[] = [];
        for (const r of reqs.slice(WARMUP)) {
          const t = performance.now();
          const res = await fetch(url(server.base, route, r), { headers: { cookie } });
          const body = await res.text();
          httpMs.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${route} ${res.status} ${body.slice(0, 200)}`);
        }
        // Ceiling: capture each request's statements, then replay them raw.
        // The capture pass is also timed: the service layer (Kysely, no HTTP), for attribution.
        const perReq: Captured[][] = [];
        const serviceMs: number[] = [];
        for (const [i, r] of reqs.entries()) {
          captured.length = 0;
          const t = performance.now();
          const actor = await resolveSession(ctx, token);
          const c = { ...ctx, actor };
          const q = { page: r.page, pageSize: PAGE_SIZE, q: r.q };
          if (route === 'staff') await listStaff(c, q);
          else await listSubjects(c, q);
          if (i >= WARMUP) serviceMs.push(performance.now() - t);
          perReq.push(captured.filter((s) => /^\s*select/i.test(s.sql)));
        }
        for (const qs of perReq.slice(0, WARMUP)) for (const s of qs) await raw.run(s);
        const rawMs: number[] = [];
        for (const qs of perReq.slice(WARMUP)) {
          const t = performance.now();
          for (const s of qs) await raw.run(s);
          rawMs.push(performance.now() - t);
        }
        const h = stats(httpMs);
        const c = stats(rawMs);
        const label = `${engine} GET /api/${route} as ${username} (${total} in scope)`;
        const stmtCount = perReq[WARMUP]!.length;
        report({
          bench: 'scoped-list',
          name: `${label} p50`,
          value: h.p50,
          unit: 'ms',
          ceiling: { name: 'raw SQL p50', value: c.p50 },
        });
        report({
          bench: 'scoped-list',
          name: `${label} p95`,
          value: h.p95,
          unit: 'ms',
          target: { op: '<=', value: TARGET_P95_MS },
          ceiling: { name: `raw SQL p95, ${stmtCount} statements`, value: c.p95 },
        });
        report({
          bench: 'scoped-list',
          name: `${label} p99`,
          value: h.p99,
          unit: 'ms',
          ceiling: { name: 'raw SQL p99', value: c.p99 },
        });
        const sv = stats(serviceMs);
        report({
          bench: 'scoped-list',
          name: `${label}: service layer without HTTP (resolveSession + list via Kysely) p95 (info)`,
          value: sv.p95,
          unit: 'ms',
          ceiling: { name: 'raw SQL p95', value: c.p95 },
        });
      }
    }
  } finally {
    await capture.destroy();
    await raw.close();
    await server.child.stop();
  }
}

runMain('scoped-list.bench', async () => {
  await runOn('sqlite', undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
