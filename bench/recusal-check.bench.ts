/**
 * The conflict check (回避审查) before an assignment: a team of 5 against a clue with 3 subjects
 * and a named reporter, with BENCH_RECUSAL_RELATIONS (default 100,000) declared relations in the
 * county (2,000 staff accounts with 50 each: relatives with and without ID hashes, former posts,
 * origins, interests). Times `checkConflicts` in process (its two indexed statements, the region
 * names when an origin matches, and the insert that records the check), p50/p95/p99 over
 * BENCH_RECUSAL_CHECKS checks with a different team each time (target p95 <= 5 ms).
 *
 * Ceiling, same run, same teams: the raw indexed SELECT of the team's declarations (better-sqlite3
 * prepared statement, or a `pg` client), the floor of any check that reads the register.
 * PostgreSQL leg when BENCH_PG_URL is set (fresh schema, dropped afterwards). Each check is also
 * run again inside a caller's transaction (as an assignment runs it: the record shares the
 * caller's durable commit), interleaved, reported for information.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import { openPlatform } from '../src/server/bootstrap.js';
import { checkConflicts, idNumberHash } from '../src/server/modules/recusal/index.js';
import type { RecusalTables } from '../src/server/modules/recusal/index.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { systemClock } from '../src/server/shared/clock.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { type Ctx, inTransaction } from '../src/server/shared/context.js';
import { Keyring } from '../src/server/shared/crypto.js';
import { newId } from '../src/server/shared/ids.js';
import { silentLogger } from '../src/server/shared/logger.js';
import { RELATIONS } from '../src/server/shared/recusal.codes.js';
import {
  BENCH_PASSWORD,
  createPgSchema,
  fmt,
  heading,
  makeTempDir,
  percentile,
  pgSchemaName,
  report,
  runMain,
} from './lib/common.js';

const RELATIONS_TOTAL = Number(process.env.BENCH_RECUSAL_RELATIONS ?? 100_000);
const PER_USER = 50;
const CHECKS = Number(process.env.BENCH_RECUSAL_CHECKS ?? 2_000);
const WARMUP = 100;
const TEAM = 5;
const TARGET_P95_MS = 5;
const B = 'recusal-check';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

type Engine = 'sqlite' | 'postgres';

function name(i: number): string {
  return SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + GIVEN[i % 7]!;
}

async function run(engine: Engine, pgUrl?: string): Promise<void> {
  heading(`${engine}: conflict check, team of ${TEAM}, 3 subjects, ${fmt(RELATIONS_TOTAL)} declared relations`);
  const dir = makeTempDir('recusal');
  let schema: string | undefined;
  if (engine === 'postgres') {
    schema = pgSchemaName('recusal');
    await createPgSchema(pgUrl!, schema);
  }
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: engine === 'sqlite' ? `sqlite:${join(dir, 'bench.db')}` : pgUrl!,
    pgSchema: schema,
    rateLimits: false,
    serveConsole: false,
  };
  const platform = await openPlatform(config);
  const { db, dialect } = platform.database;
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const keyring = new Keyring(platform.masterKey);
  const ctx: Ctx = {
    db,
    dialect,
    clock: systemClock,
    keyring,
    config,
    actor: null,
    requestId: null,
    log: silentLogger(),
  };
  const unit = await db
    .selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('kind', '=', 'township_commission')
    .executeTakeFirstOrThrow();
  const villages = (
    await db.selectFrom('regions').select('code').where('level', '=', 'village').limit(400).execute()
  ).map((r) => r.code);

  // Bulk load: staff accounts, then their declarations (raw inserts in big transactions).
  const users = Math.ceil(RELATIONS_TOTAL / PER_USER);
  const t0 = performance.now();
  const userIds: string[] = [];
  const now = new Date().toISOString();
  for (let from = 0; from < users; from += 500) {
    const batch = [];
    for (let i = from; i < Math.min(users, from + 500); i++) {
      const id = newId();
      userIds.push(id);
      batch.push({
        id,
        username: `bench.staff.${i}`,
        display_name: name(i),
        unit_id: unit.id,
        staff_id: null,
        password_hash: 'x',
        must_change_password: 0,
        password_changed_at: null,
        failed_attempts: 0,
        locked_until: null,
        locked_at: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 0,
        last_login_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    await db.insertInto('users').values(batch).execute();
  }
  const kinds = ['relative', 'relative', 'relative', 'relative', 'post', 'origin', 'interest'] as const;
  let n = 0;
  for (let u = 0; u < users && n < RELATIONS_TOTAL; u += 20) {
    const rows: Insertable<RecusalTables['declared_relations']>[] = [];
    for (let k = u; k < Math.min(users, u + 20); k++)
      for (let j = 0; j < PER_USER && n < RELATIONS_TOTAL; j++, n++) {
        const kind = kinds[j % kinds.length]!;
        const who = name(n * 7 + j);
        rows.push({
          id: newId(),
          user_id: userIds[k]!,
          kind,
          relation: kind === 'relative' ? RELATIONS[j % RELATIONS.length]! : null,
          name: kind === 'relative' || kind === 'interest' ? who : null,
          name_key: kind === 'relative' || kind === 'interest' ? who : null,
          id_hash:
            kind === 'relative' && j % 2 === 0 ? idNumberHash(ctx, `41122119${String(n).padStart(10, '0')}`) : null,
          region_code: kind === 'origin' || kind === 'relative' ? villages[n % villages.length]! : null,
          employer: kind === 'post' || kind === 'interest' ? `某单位${n % 300}` : null,
          employer_key: kind === 'post' || kind === 'interest' ? `某单位${n % 300}` : null,
          subject_id: null,
          from_on: kind === 'post' ? '2015-01-01' : null,
          to_on: kind === 'post' ? '2022-12-31' : null,
          note: null,
          owner_unit_id: unit.id,
          owner_unit_path: unit.path,
          region_path: unit.region_path,
          county_code: unit.county_code,
          removed_at: null,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
    await db.transaction().execute((trx) => trx.insertInto('declared_relations').values(rows).execute());
  }
  if (engine === 'postgres') await sql`analyze`.execute(db);
  report({
    bench: B,
    name: `${engine}: load ${fmt(users)} accounts and ${fmt(n)} declared relations (setup, info)`,
    value: (performance.now() - t0) / 1000,
    unit: 's',
  });

  // Teams and clues: 3 subjects (some matching declared names, regions, employers, one ID hash).
  const teams = Array.from({ length: CHECKS + WARMUP }, (_, i) =>
    Array.from({ length: TEAM }, (_, t) => userIds[(i * 37 + t * 401) % users]!),
  );
  const subjects = (i: number) => [
    { name: name(i * 7), regionCode: villages[i % villages.length]!, employer: `某单位${i % 300}` },
    { name: name(i * 7 + 3), idNumberHash: idNumberHash(ctx, `41122119${String(i).padStart(10, '0')}`) },
    { name: name(i * 11 + 5), regionCode: villages[(i * 3) % villages.length]!, employer: `某村委会${i}` },
  ];
  const reporter = { name: name(7), idNumberHash: idNumberHash(ctx, '411221197707071111') };

  // The raw ceiling: the team's live declarations through the index.
  const rawSql =
    engine === 'sqlite'
      ? 'select * from declared_relations where user_id in (?, ?, ?, ?, ?) and removed_at is null'
      : 'select * from declared_relations where user_id in ($1, $2, $3, $4, $5) and removed_at is null';
  let raw: (team: string[]) => Promise<unknown>;
  let closeRaw = async () => {};
  if (engine === 'sqlite') {
    const stmt = platform.database.sqlite!.prepare(rawSql);
    raw = async (team) => stmt.all(...team);
  } else {
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    raw = (team) => client.query({ name: 'raw_team', text: rawSql, values: team });
    closeRaw = () => client.end();
  }

  const checkMs: number[] = [];
  const rawMs: number[] = [];
  const txMs: number[] = [];
  const outcomes = { refuse: 0, warn: 0, clear: 0 };
  for (let i = 0; i < CHECKS + WARMUP; i++) {
    const team = teams[i]!;
    let t = performance.now();
    await raw(team);
    const r = performance.now() - t;
    const input = {
      resource: 'clue' as const,
      resourceId: newId(),
      userIds: team,
      subjects: subjects(i),
      reporter,
      role: 'verifier' as const,
      countyCode: unit.county_code,
    };
    t = performance.now();
    const result = await checkConflicts(ctx, input);
    const c = performance.now() - t;
    // The same check inside a caller's transaction (as an assignment runs it), committed durably.
    t = performance.now();
    await inTransaction(ctx, (tx) => checkConflicts(tx, { ...input, resourceId: newId() }));
    const inTx = performance.now() - t;
    if (i >= WARMUP) {
      rawMs.push(r);
      checkMs.push(c);
      txMs.push(inTx);
      for (const p of result.people) outcomes[p.outcome]++;
    }
  }
  await closeRaw();
  const rawP95 = percentile(rawMs, 95);
  console.log(
    `  outcomes over ${fmt(CHECKS * TEAM)} people: ${outcomes.refuse} refuse, ${outcomes.warn} warn, ${outcomes.clear} clear`,
  );
  for (const p of [50, 99])
    report({ bench: B, name: `${engine}: check p${p}`, value: percentile(checkMs, p), unit: 'ms' });
  report({
    bench: B,
    name: `${engine}: check p95 (team of ${TEAM}, 3 subjects, ${fmt(n)} relations, recorded)`,
    value: percentile(checkMs, 95),
    unit: 'ms',
    target: { op: '<=', value: TARGET_P95_MS },
    ceiling: { name: 'raw indexed SELECT of the team p95', value: rawP95 },
  });
  report({
    bench: B,
    name: `${engine}: check in a caller's transaction, its commit included, p95 (info; p50 ${fmt(percentile(txMs, 50))} ms)`,
    value: percentile(txMs, 95),
    unit: 'ms',
  });
  console.log(
    `  load average after the checks: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await platform.database.close();
}

runMain(B, async () => {
  await run('sqlite');
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await run('postgres', pgUrl);
});
