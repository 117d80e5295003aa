/**
 * Case ledger list (GET /api/cases) over a large ledger (default 500,000 cases) on SQLite and,
 * with BENCH_PG_URL, PostgreSQL (issue 13 §7: p95 <= 50 ms). The database is migrated with the
 * real migrations, seeded with the demo county, then bulk-loaded with raw SQL
 * (`bench/lib/cases-load.ts`). The app runs in a child process and this process sends sequential
 * real HTTP requests as `casemgr` (案管, the whole county), `township1` (its own cases in full,
 * its subjects' cases as lines), `zone1` (a zone) and `tstaff1` (on a team in 400: the member
 * arm), for each filter class. Ceiling: each request's statements, captured from the app's own
 * `readCaseLedgerPage` through a logging Kysely and replayed raw in the same run; printed as the
 * ratio of the two. A class whose p95 misses the target gets its plans printed.
 *
 * Env: BENCH_CASE_ROWS (default 500,000), BENCH_CASE_REQUESTS (per class, default 20),
 * BENCH_PG_URL, BENCH_CASE_SKIP_SQLITE=1, BENCH_CASE_CLASSES=<regex>, BENCH_CASE_PLANS=1.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { openPlatform } from '../src/server/bootstrap.js';
import { postgresDialect, sqliteDialect } from '../src/server/db/dialect.js';
import type { Database } from '../src/server/db/types.js';
import { resolveSession } from '../src/server/modules/auth/index.js';
import { readCaseLedgerPage } from '../src/server/modules/cases/index.js';
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
import { loadCasesPostgres, loadCasesSqlite } from './lib/cases-load.js';
import { COMMON_SURNAMES, type Target } from './lib/reports-load.js';
import { type Captured, openRaw } from './lib/raw-replay.js';
import { startServer } from './lib/server.js';

const ROWS = Number(process.env.BENCH_CASE_ROWS ?? 500_000);
const REQUESTS = Number(process.env.BENCH_CASE_REQUESTS ?? 20);
const CLASSES = process.env.BENCH_CASE_CLASSES ? new RegExp(process.env.BENCH_CASE_CLASSES) : null;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const B = 'case-ledger';

type Engine = 'sqlite' | 'postgres';
type Params = Record<string, string | number | boolean>;

function qs(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}

interface ListBody {
  total: number;
  totalCapped?: boolean;
  items: { number: string | null; subjectNames: string }[];
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

const TOWNSHIP_TARGETS = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path, g.county_code as county_code
  from units u join regions g on g.parent_code = u.region_code and g.level = 'village'
  where u.kind = 'township_commission' order by g.code`;

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`case ledger on ${engine}: ${fmt(rows)} cases, demo county`);
  const dir = makeTempDir(`cases-${engine}`);
  const schema = engine === 'postgres' ? pgSchemaName('cases') : undefined;
  if (schema) await createPgSchema(pgUrl!, schema);
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
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const db = platform.database.db;
  const { rows: targets } = await sql.raw<Target>(TOWNSHIP_TARGETS).execute(db);
  const county = await db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('kind', '=', 'commission')
    .executeTakeFirstOrThrow();
  const member = await db.selectFrom('users').select('id').where('username', '=', 'tstaff1').executeTakeFirstOrThrow();
  const spec = {
    rows,
    targets,
    county,
    memberUser: member.id,
    end: new Date().toISOString(),
    years: 3,
    progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
  };
  let loadMs: number;
  if (engine === 'sqlite') {
    loadMs = loadCasesSqlite(platform.database.sqlite!, spec);
    await platform.database.close();
  } else {
    await platform.database.close();
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      loadMs = await loadCasesPostgres(client, schema!, spec);
    } finally {
      await client.end();
    }
  }
  process.stdout.write('\n');
  report({
    bench: B,
    name: `${engine}: bulk load of ${fmt(rows)} cases (setup, info)`,
    value: loadMs / 1000,
    unit: 's',
  });

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
    for (const username of ['casemgr', 'township1', 'zone1', 'tstaff1']) {
      const { cookie, token } = await login(server.base, username);
      const actor = await resolveSession(baseCtx, token);
      if (!actor) throw new Error(`session of ${username} did not resolve`);
      const ctx: Ctx = { ...baseCtx, db: capturing, actor };
      const first = await getJson(`${server.base}/api/cases?pageSize=${PAGE_SIZE}`, cookie);
      const numbers = first.items.flatMap((r) => (r.number ? [r.number] : []));
      console.log(
        `\n${username}: ${first.totalCapped ? 'more than ' : ''}${fmt(first.total)} cases seen (load ${load()})`,
      );
      const classes: { name: string; make: (i: number) => Params }[] = [
        { name: 'no filter, page 1', make: () => ({}) },
        { name: 'page 20 by offset', make: () => ({ page: 20 }) },
        { name: 'status=investigating', make: (i) => ({ status: 'investigating', page: 1 + (i % 3) }) },
        { name: 'mode=zone', make: () => ({ mode: 'zone' }) },
        { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
        { name: 'mine', make: () => ({ mine: true }) },
        ...(numbers.length > 0
          ? [{ name: 'q=<number>', make: (i: number) => ({ q: numbers[i % numbers.length]! }) }]
          : []),
        { name: 'q=<surname>', make: (i) => ({ q: COMMON_SURNAMES[i % COMMON_SURNAMES.length]! }) },
      ];
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const cls of classes.filter((c) => !CLASSES || CLASSES.test(c.name))) {
        await getJson(`${server.base}/api/cases?${qs({ pageSize: PAGE_SIZE, ...cls.make(0) })}`, cookie);
        const httpMs: number[] = [];
        const used: Params[] = [];
        let total = 0;
        for (let i = 1; i <= REQUESTS; i++) {
          const p = cls.make(i);
          const t = performance.now();
          const r = await getJson(`${server.base}/api/cases?${qs({ pageSize: PAGE_SIZE, ...p })}`, cookie);
          httpMs.push(performance.now() - t);
          total = r.total;
          used.push(p);
        }
        const statements: Captured[][] = [];
        for (const p of used) {
          sink.length = 0;
          await readCaseLedgerPage(ctx, { page: 1, pageSize: PAGE_SIZE, ...p });
          statements.push([...sink]);
        }
        await raw.run(statements[0]!);
        const rawMs: number[] = [];
        for (const s of statements) {
          const t = performance.now();
          await raw.run(s);
          rawMs.push(performance.now() - t);
        }
        userHttp.push(...httpMs);
        userRaw.push(...rawMs);
        const fig = report({
          bench: B,
          name: `${engine} GET /api/cases as ${username}: ${cls.name} p95`,
          value: percentile(httpMs, 95),
          unit: 'ms',
          target: { op: '<=', value: TARGET_P95_MS },
          ceiling: { name: `raw SQL p95 (${statements[0]!.length} statements)`, value: percentile(rawMs, 95) },
          note: `n=${httpMs.length}, p50 ${fmt(percentile(httpMs, 50))} ms, total ${fmt(total)}, load ${load()}`,
        });
        if (fig.status === 'MISS' || process.env.BENCH_CASE_PLANS === '1')
          for (const [k, s] of statements[0]!.entries()) {
            console.log(`  plan of: ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
            console.log(await raw.explain(s, statements[0]!.slice(0, k)));
          }
      }
      report({
        bench: B,
        name: `${engine} GET /api/cases as ${username}: all classes p95`,
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
      name: `${engine} GET /api/cases, ${fmt(rows)} cases: overall p95`,
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

runMain('case-ledger.bench', async () => {
  if (process.env.BENCH_CASE_SKIP_SQLITE !== '1') await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
