import { availableParallelism } from 'node:os';
/**
 * Audit chain verification speed. Builds a valid hash chain of BENCH_AUDIT_EVENTS (default
 * 1,000,000) events with the app's own keyed hash (HMAC under the chain key), bulk-inserts it (better-sqlite3 prepared
 * statements in big transactions; on PostgreSQL multi-row `unnest` inserts), points
 * `audit_head` at the tip, then times `verifyAuditChain(db)` (target >= 100,000 events/s).
 *
 * Ceiling, same run, same rows: a raw loop that streams the rows (better-sqlite3 `.iterate()`;
 * on PostgreSQL a server-side cursor fetched 20,000 rows at a time) and recomputes every
 * `hashEvent` and link — the cost floor of any verifier in this process. A read-only pass (no
 * hashing) is printed too, to split I/O from hashing.
 *
 * Also times the `verify-audit` CLI end to end on the SQLite file (`node --import tsx
 * src/server/main.ts verify-audit`, QF_DATA_DIR pointing at it). PostgreSQL leg when
 * BENCH_PG_URL is set (fresh schema, dropped afterwards; BENCH_AUDIT_PG_EVENTS, default 300,000).
 * BENCH_AUDIT_PROFILE=1 also runs the CLI under --cpu-prof and prints where the time goes.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPlatform } from '../src/server/bootstrap.js';
import type { Db } from '../src/server/db/database.js';
import {
  EVENT_COLUMNS,
  GENESIS_HASH,
  chainHasherOf,
  hashEvent as plainHashEvent,
  verifyAuditChain,
  verifyAuditChainParallel,
  type AuditEventRow,
} from '../src/server/modules/audit/index.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { newId } from '../src/server/shared/ids.js';
import {
  ROOT,
  cleanEnv,
  createPgSchema,
  fmt,
  heading,
  makeTempDir,
  pgSchemaName,
  report,
  runMain,
  runToEnd,
  tsxArgs,
} from './lib/common.js';
import { summarizeProfile } from './lib/profile.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
// The PostgreSQL leg defaults to fewer events to keep `npm run bench` near 10 minutes; keyset
// batches make the rate independent of the chain length.
const PG_EVENTS = Number(process.env.BENCH_AUDIT_PG_EVENTS ?? Math.min(EVENTS, 300_000));
const READ_SAMPLE = 200_000;
const HASH_SAMPLE = 100_000;
const TARGET = 100_000;
const B = 'audit-verify';

/** One audit row in insert order. */
type Row = [
  seq: number,
  id: string,
  occurred_at: string,
  actor_user_id: string | null,
  actor_username: string | null,
  action: string,
  resource_type: string,
  resource_id: string | null,
  unit_id: string | null,
  request_id: string | null,
  changes: string | null,
  prev_hash: string,
  hash: string,
];

const COLUMNS = EVENT_COLUMNS;

const ACTIONS: [string, string][] = [
  ['auth.login', 'session'],
  ['subject.read', 'subject'],
  ['subject.read', 'subject'],
  ['staff.update', 'staff'],
  ['subject.update', 'subject'],
  ['zone.update', 'zone'],
  ['unit.update', 'unit'],
  ['auth.logout', 'session'],
];

/**
 * The chain's hash (HMAC under the platform's chain key: the keyed scheme), set by each leg once
 * its platform is open.
 */
let hashEvent: Awaited<ReturnType<typeof chainHasherOf>> = () => {
  throw new Error('hashEvent used before the platform was opened');
};

/** A deterministic-shape generator of realistic, correctly chained audit rows. */
function* generate(startSeq: number, startHash: string, count: number): Generator<Row> {
  const actors = Array.from({ length: 40 }, (_, i) => ({ id: newId(), name: `user${i}` }));
  const units = Array.from({ length: 200 }, () => newId());
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  let prev = startHash;
  for (let i = 0; i < count; i++) {
    const seq = startSeq + i;
    const actor = actors[i % actors.length]!;
    const [action, resourceType] = ACTIONS[i % ACTIONS.length]!;
    const changes = action.endsWith('.update')
      ? JSON.stringify({ name: ['张三', '李四'], position: ['干部', '副主任'], active: [true, i % 2 === 0] })
      : null;
    const row = {
      seq,
      id: newId(),
      occurred_at: new Date(t0 + i * 30_000).toISOString(),
      actor_user_id: actor.id,
      actor_username: actor.name,
      action,
      resource_type: resourceType,
      resource_id: newId(),
      unit_id: units[i % units.length]!,
      request_id: randomUUID(),
      changes,
    };
    const hash = hashEvent(prev, row);
    yield [
      row.seq,
      row.id,
      row.occurred_at,
      row.actor_user_id,
      row.actor_username,
      row.action,
      row.resource_type,
      row.resource_id,
      row.unit_id,
      row.request_id,
      row.changes,
      prev,
      hash,
    ];
    prev = hash;
  }
}

async function head(db: Db): Promise<{ seq: number; hash: string }> {
  const h = await db.db
    .selectFrom('audit_head')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { seq: Number(h.last_seq), hash: h.last_hash };
}

/** Rows of a hashed event as `hashEvent` reads them (seq may arrive as a bigint from a raw driver). */
type RawRow = Omit<AuditEventRow, 'seq'> & { seq: number | bigint };

/** The floor: check links and hashes of rows as they stream in. Returns the count checked. */
function makeChecker() {
  let prev = GENESIS_HASH;
  let expected = 1;
  return {
    check(r: RawRow) {
      if (Number(r.seq) !== expected || r.prev_hash !== prev) throw new Error(`floor: chain broken at ${expected}`);
      const h = hashEvent(prev, r as never);
      if (h !== r.hash) throw new Error(`floor: bad hash at ${expected}`);
      prev = h;
      expected += 1;
    },
    get checked() {
      return expected - 1;
    },
  };
}

async function sqliteLeg(): Promise<void> {
  heading(`audit chain on SQLite: ${fmt(EVENTS)} events`);
  const dir = makeTempDir('audit');
  const config: AppConfig = { ...loadConfig({ QF_DATA_DIR: dir }), dataDir: dir };
  const platform = await openPlatform(config);
  const { database } = platform;
  hashEvent = await chainHasherOf(database.db);
  const sqlite = database.sqlite!;
  const h0 = await head(database);

  let t = performance.now();
  const insert = sqlite.prepare(
    `insert into audit_events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const setHead = sqlite.prepare('update audit_head set last_seq = ?, last_hash = ? where id = 1');
  const gen = generate(h0.seq + 1, h0.hash, EVENTS);
  let last: Row | undefined;
  const chunk = sqlite.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const r = gen.next();
      if (r.done) return;
      insert.run(...r.value);
      last = r.value;
    }
    if (last) setHead.run(last[0], last[12]);
  });
  for (let done = 0; done < EVENTS; done += 50_000) chunk(Math.min(50_000, EVENTS - done));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const total = h0.seq + EVENTS;
  const insertS = (performance.now() - t) / 1000;
  report({
    bench: B,
    name: 'sqlite bulk build + insert of the chain (setup, info)',
    value: EVENTS / insertS,
    unit: 'events/s',
  });

  // Floor 1: read only (a sample of the first READ_SAMPLE rows is enough for a rate).
  t = performance.now();
  let n = 0;
  for (const _r of sqlite.prepare('select * from audit_events order by seq').iterate()) if (++n >= READ_SAMPLE) break;
  const readOnly = n / ((performance.now() - t) / 1000);
  // Hash only: hashEvent over rows already in memory (no database at all).
  const sample = sqlite.prepare('select * from audit_events order by seq limit ?').all(HASH_SAMPLE) as RawRow[];
  t = performance.now();
  for (const r of sample) hashEvent(r.prev_hash, r as never);
  const hashOnly = sample.length / ((performance.now() - t) / 1000);
  // Floor 2: read + recompute every hash and link (same work as the verifier, no query builder).
  t = performance.now();
  const checker = makeChecker();
  for (const r of sqlite.prepare('select * from audit_events order by seq').iterate()) checker.check(r as RawRow);
  const floor = checker.checked / ((performance.now() - t) / 1000);
  if (checker.checked !== total) throw new Error(`floor checked ${checker.checked} of ${total}`);

  // The product: verifyAuditChain through Kysely, 20,000-row batches.
  t = performance.now();
  const res = await verifyAuditChain(database.db);
  const secs = (performance.now() - t) / 1000;
  if (!res.ok || res.checked !== total) throw new Error(`verifyAuditChain: ${JSON.stringify(res)}`);
  const rate = res.checked / secs;
  report({ bench: B, name: 'sqlite raw .iterate() read only (info)', value: readOnly, unit: 'events/s' });
  report({ bench: B, name: 'hashEvent alone on rows in memory (info)', value: hashOnly, unit: 'events/s' });
  // The unkeyed SHA-256 of chains from before the keyed scheme, on the same rows: what keying costs.
  t = performance.now();
  for (const r of sample) plainHashEvent(r.prev_hash, r as never);
  const plainOnly = sample.length / ((performance.now() - t) / 1000);
  report({
    bench: B,
    name: `plain SHA-256 (unkeyed, chains before keyed_from) alone on the same rows (info): keyed/plain ${(hashOnly / plainOnly).toFixed(2)}`,
    value: plainOnly,
    unit: 'events/s',
  });
  report({
    bench: B,
    name: `sqlite verifyAuditChain, sequential in-process walk (${fmt(res.checked)} events in ${secs.toFixed(2)} s) (info)`,
    value: rate,
    unit: 'events/s',
    ceiling: { name: 'raw .iterate() + hashEvent', value: floor },
  });
  // The product path (CLI and API): one worker per core, each over its own connection.
  t = performance.now();
  const par = await verifyAuditChainParallel(database.db, { databaseUrl: config.databaseUrl });
  const parSecs = (performance.now() - t) / 1000;
  if (!par.ok || par.checked !== total) throw new Error(`verifyAuditChainParallel: ${JSON.stringify(par)}`);
  report({
    bench: B,
    name: `sqlite verifyAuditChainParallel, ${availableParallelism()} workers (${fmt(par.checked)} events in ${parSecs.toFixed(2)} s)`,
    value: par.checked / parSecs,
    unit: 'events/s',
    target: { op: '>=', value: TARGET },
    ceiling: { name: 'raw .iterate() + hashEvent, one thread', value: floor },
  });
  if (process.env.BENCH_AUDIT_PROFILE === '1') {
    // Diagnostics: the same verifier with smaller batches (its `batch` parameter) against the
    // floor, interleaved three times and best-of-3, to see how much of the gap is the
    // 20,000-row `.all()` arrays and the garbage-collection work they cause.
    const best = new Map<string, number>();
    const variants: [string, () => Promise<number>][] = [
      [
        'floor: raw .iterate() + hashEvent',
        async () => {
          const c = makeChecker();
          for (const r of sqlite.prepare('select * from audit_events order by seq').iterate()) c.check(r as RawRow);
          return c.checked;
        },
      ],
      ...[20000, 5000, 1000].map((size): [string, () => Promise<number>] => [
        `verifyAuditChain batch = ${fmt(size)}`,
        async () => (await verifyAuditChain(database.db, size)).checked,
      ]),
    ];
    for (let rep = 0; rep < 3; rep++) {
      for (const [label, fn] of variants) {
        const t1 = performance.now();
        const k = await fn();
        best.set(label, Math.max(best.get(label) ?? 0, k / ((performance.now() - t1) / 1000)));
      }
    }
    const bestFloor = best.get(variants[0]![0])!;
    for (const [label, rate1] of best) {
      report({
        bench: B,
        name: `sqlite diagnostic, best of 3: ${label}`,
        value: rate1,
        unit: 'events/s',
        ceiling: { name: 'floor, best of 3', value: bestFloor },
      });
    }
  }
  await database.close();

  // The CLI end to end (process start, tsx, migrations check, verification, exit).
  const cli = await runToEnd(
    process.execPath,
    tsxArgs('src/server/main.ts', 'verify-audit'),
    cleanEnv({ QF_DATA_DIR: dir, LOG_LEVEL: 'warn' }),
    600_000,
  );
  const m = cli.output.match(/audit chain intact: (\d+) events in ([\d.]+) s/);
  if (cli.code !== 0 || !m) {
    console.log(`verify-audit CLI failed (exit ${cli.code}):\n${cli.output.slice(-2000)}`);
  } else {
    report({
      bench: B,
      name: `verify-audit CLI end to end (wall ${(cli.ms / 1000).toFixed(2)} s; it reports ${m[2]} s for the walk)`,
      value: Number(m[1]) / (cli.ms / 1000),
      unit: 'events/s',
      target: { op: '>=', value: TARGET },
      ceiling: { name: 'raw .iterate() + hashEvent', value: floor },
    });
  }
  if (process.env.BENCH_AUDIT_PROFILE === '1') {
    const profDir = join(ROOT, 'bench/out/profile-verify-audit');
    rmSync(profDir, { recursive: true, force: true });
    const prof = await runToEnd(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...tsxArgs('src/server/main.ts', 'verify-audit')],
      cleanEnv({ QF_DATA_DIR: dir, LOG_LEVEL: 'warn' }),
      600_000,
    );
    console.log(`profiled verify-audit run (exit ${prof.code}): ${prof.output.trim().split('\n').at(-1)}`);
    console.log(summarizeProfile(profDir, 20));
  }
}

async function postgresLeg(url: string): Promise<void> {
  heading(`audit chain on PostgreSQL: ${fmt(PG_EVENTS)} events`);
  const schema = pgSchemaName('audit');
  await createPgSchema(url, schema);
  const dir = makeTempDir('audit-pg');
  const config: AppConfig = { ...loadConfig({ QF_DATA_DIR: dir }), dataDir: dir, databaseUrl: url, pgSchema: schema };
  const platform = await openPlatform(config);
  const { database } = platform;
  hashEvent = await chainHasherOf(database.db);
  const h0 = await head(database);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    let t = performance.now();
    const types = [
      'bigint',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
    ];
    const insertSql = `insert into audit_events (${COLUMNS.join(', ')}) select * from unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')})`;
    const gen = generate(h0.seq + 1, h0.hash, PG_EVENTS);
    let last: Row | undefined;
    await client.query('begin');
    for (let done = 0; done < PG_EVENTS;) {
      const cols: unknown[][] = COLUMNS.map(() => []);
      for (let i = 0; i < 10_000 && done < PG_EVENTS; i++, done++) {
        const r = gen.next().value as Row;
        r.forEach((v, c) => cols[c]!.push(v));
        last = r;
      }
      await client.query(insertSql, cols);
    }
    await client.query('update audit_head set last_seq = $1, last_hash = $2 where id = 1', [last![0], last![12]]);
    await client.query('commit');
    await client.query('analyze audit_events');
    const total = h0.seq + PG_EVENTS;
    report({
      bench: B,
      name: 'postgres bulk build + insert of the chain (setup, info)',
      value: PG_EVENTS / ((performance.now() - t) / 1000),
      unit: 'events/s',
    });

    // Floors: a server-side cursor, 20,000 rows a fetch.
    const scan = async (fn: (r: RawRow) => void, limit = Infinity) => {
      await client.query('begin');
      await client.query('declare c no scroll cursor for select * from audit_events order by seq');
      for (let seen = 0; seen < limit;) {
        const res = await client.query<RawRow>('fetch 20000 from c');
        for (const r of res.rows) fn(r);
        seen += res.rows.length;
        if (res.rows.length < 20000) break;
      }
      await client.query('commit');
    };
    t = performance.now();
    let n = 0;
    await scan(() => (n += 1), READ_SAMPLE);
    const readOnly = n / ((performance.now() - t) / 1000);
    t = performance.now();
    const checker = makeChecker();
    await scan((r) => checker.check(r));
    const floor = checker.checked / ((performance.now() - t) / 1000);
    if (checker.checked !== total) throw new Error(`floor checked ${checker.checked} of ${total}`);

    t = performance.now();
    const res = await verifyAuditChain(database.db);
    const secs = (performance.now() - t) / 1000;
    if (!res.ok || res.checked !== total) throw new Error(`verifyAuditChain: ${JSON.stringify(res)}`);
    report({ bench: B, name: 'postgres raw cursor read only (info)', value: readOnly, unit: 'events/s' });
    report({
      bench: B,
      name: `postgres verifyAuditChain, sequential in-process walk (${fmt(res.checked)} events in ${secs.toFixed(2)} s) (info)`,
      value: res.checked / secs,
      unit: 'events/s',
      ceiling: { name: 'raw cursor + hashEvent', value: floor },
    });
    t = performance.now();
    const par = await verifyAuditChainParallel(database.db, { databaseUrl: url, pgSchema: schema });
    const parSecs = (performance.now() - t) / 1000;
    if (!par.ok || par.checked !== total) throw new Error(`verifyAuditChainParallel: ${JSON.stringify(par)}`);
    report({
      bench: B,
      name: `postgres verifyAuditChainParallel, ${availableParallelism()} workers (${fmt(par.checked)} events in ${parSecs.toFixed(2)} s)`,
      value: par.checked / parSecs,
      unit: 'events/s',
      target: { op: '>=', value: TARGET },
      ceiling: { name: 'raw cursor + hashEvent, one thread', value: floor },
    });
  } finally {
    await client.end();
    await database.close();
  }
}

runMain('audit-verify.bench', async () => {
  await sqliteLeg();
  const url = process.env.BENCH_PG_URL;
  if (url) await postgresLeg(url);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
