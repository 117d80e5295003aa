/**
 * The villager's subsidy look-up (issue 16 §2): `POST /api/public/subsidy-lookups` over HTTP with
 * 200,000 roster lines stored, found and not found — p95 ≤ 20 ms on SQLite and, with BENCH_PG_URL,
 * PostgreSQL — and how close found and not-found times are (the answers must not tell them apart).
 *
 * The rosters are written as the import writes them (keyed hash of the ID number and account, the
 * particulars sealed per line), straight into the tables: the import's own path is tested
 * elsewhere and would take minutes at this size. Each request uses a fresh device cookie and a
 * random ID number; all come from one address, whose counter is reset between requests (untimed),
 * so every request passes the limits and does the full work: three counter upserts, the hash
 * look-up, the seal(s) opened.
 *
 * Ceiling, same run, same database: a bare Fastify route on the same connection doing the
 * look-up's hash select and opening the found seals, without the platform's hooks, limits or
 * schema validation. Printed as ratios.
 * The scale (10,000,000 lines in the county) adds BENCH_SUBSIDY_FILLER lines written by the
 * database itself (a recursive CTE on SQLite, generate_series on PostgreSQL), in a roster of their
 * own: the same columns, distinct random 64-hex hashes like the keyed hashes (so the indexes are
 * as deep and as spread as a county's), one shared sealed value that no look-up opens (no filler
 * hash matches a number asked for). Sealing ten million lines in Node would take the bench's hour
 * and measure nothing the look-up does.
 * Env: BENCH_SUBSIDY_LINES (200,000), BENCH_SUBSIDY_FILLER (0; 9,800,000 for the 10 M),
 * BENCH_SUBSIDY_REQUESTS (400), BENCH_PG_URL, BENCH_SUBSIDY_SKIP_SQLITE=1.
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import { type QrSupervisionTables, sealContext } from '../src/server/modules/qr-supervision/index.js';
import { idCheckCharacter } from '../src/server/shared/id-number.js';
import { newId } from '../src/server/shared/ids.js';
import { maskName } from '../src/server/shared/masking.js';
import { bankAccountHash, personNumberHash } from '../src/server/shared/personal-keys.js';
import { unitOf } from '../src/server/test/factories.js';
import { type TestEnv, startTestEnv } from '../src/server/test/harness.js';
import { fmt, heading, percentile, report, runMain } from './lib/common.js';

const LINES = Number(process.env.BENCH_SUBSIDY_LINES ?? 200_000);
const REQUESTS = Number(process.env.BENCH_SUBSIDY_REQUESTS ?? 400);
const FILLER = Number(process.env.BENCH_SUBSIDY_FILLER ?? 0);
const B = 'subsidy-lookup';

/** The i-th person's ID number (distinct birth dates and sequence numbers, valid check character). */
function idOf(i: number): string {
  const day = new Date(Date.UTC(1950, 0, 1) + (i % 18_000) * 86_400_000);
  const ymd = day.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `411221${ymd}${String(Math.floor(i / 18_000)).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

const nameOf = (i: number) => `张${'建国秀英小明德华'[i % 8]}${'一二三四五六七八九'[i % 9]}`;

async function load(env: TestEnv): Promise<void> {
  const ctx = env.ctx();
  const dept = await unitOf(env, 'dept1');
  const unit = await ctx.db
    .selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('id', '=', dept)
    .executeTakeFirstOrThrow();
  const t = performance.now();
  const rosters = 20;
  const per = Math.ceil(LINES / rosters);
  for (let r = 0; r < rosters; r++) {
    const rosterId = newId();
    await ctx.db
      .insertInto('subsidy_rosters')
      .values({
        id: rosterId,
        title: `2026年补贴第${r + 1}批`,
        year: 2026,
        item_id: null,
        status: 'accepted',
        file_name: null,
        line_count: per,
        total_amount: per * 10_500,
        problems: null,
        problem_count: 0,
        created_by: null,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        created_at: new Date().toISOString(),
      })
      .execute();
    const rows: QrSupervisionTables['subsidy_lines'][] = [];
    for (let k = 0; k < per && r * per + k < LINES; k++) {
      const i = r * per + k;
      const id = newId();
      const account = `62284800${String(i).padStart(8, '0')}`;
      rows.push({
        id,
        roster_id: rosterId,
        seq: k + 1,
        person_hash: personNumberHash(ctx.keyring, idOf(i)),
        account_hash: bankAccountHash(ctx.keyring, account),
        sealed: ctx.keyring.seal(
          JSON.stringify({
            name: nameOf(i),
            idNumber: idOf(i),
            household: nameOf(i),
            account,
            holder: nameOf(i),
            approver: '王局长',
          }),
          sealContext(id),
        ),
        name_masked: maskName(nameOf(i)),
        amount: 10_500,
        paid_on: '2026-10-15',
        year: 2026,
        department_unit_id: unit.id,
        county_code: unit.county_code,
      });
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('subsidy_lines')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  }
  console.log(`loaded ${fmt(LINES)} roster lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Adds `count` filler lines in a roster of their own, written by the database (see the header). */
async function fill(env: TestEnv, engine: 'sqlite' | 'postgres', count: number): Promise<void> {
  if (count <= 0) return;
  const ctx = env.ctx();
  const unit = await ctx.db
    .selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('id', '=', await unitOf(env, 'dept1'))
    .executeTakeFirstOrThrow();
  const rosterId = newId();
  await ctx.db
    .insertInto('subsidy_rosters')
    .values({
      id: rosterId,
      title: '2025年补贴（填充）',
      year: 2025,
      item_id: null,
      status: 'accepted',
      file_name: null,
      line_count: count,
      total_amount: count * 10_500,
      problems: null,
      problem_count: 0,
      created_by: null,
      owner_unit_id: unit.id,
      owner_unit_path: unit.path,
      region_path: unit.region_path,
      county_code: unit.county_code,
      created_at: new Date().toISOString(),
    })
    .execute();
  const sealed = ctx.keyring.seal(JSON.stringify({ name: '填充', idNumber: '-', account: '-' }), sealContext('fill'));
  const t = performance.now();
  const chunk = 1_000_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    if (engine === 'sqlite')
      await sql`insert into subsidy_lines (id, roster_id, seq, person_hash, account_hash, sealed, name_masked, amount, paid_on, year, department_unit_id, county_code)
        with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to})
        select 'fill-' || i, ${rosterId}, i, lower(hex(randomblob(32))), lower(hex(randomblob(32))), ${sealed}, '张*', 10500, '2025-10-15', 2025, ${unit.id}, ${unit.county_code} from n`.execute(
        ctx.db,
      );
    else
      await sql`insert into subsidy_lines (id, roster_id, seq, person_hash, account_hash, sealed, name_masked, amount, paid_on, year, department_unit_id, county_code)
        select 'fill-' || i, ${rosterId}, i, encode(sha256(('p' || i || ${rosterId})::bytea), 'hex'), encode(sha256(('a' || i || ${rosterId})::bytea), 'hex'), ${sealed}, '张*', 10500, '2025-10-15', 2025, ${unit.id}, ${unit.county_code}
        from generate_series(${from}::bigint, ${to}::bigint) as i`.execute(ctx.db);
  }
  await sql`analyze`.execute(ctx.db);
  console.log(`filled ${fmt(count)} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function timePosts(
  base: string,
  bodies: { idNumber: string; name: string }[],
  tag: string,
  between: () => Promise<unknown> = async () => undefined,
): Promise<number[]> {
  const times: number[] = [];
  let n = 0;
  for (const body of bodies) {
    n++;
    await between();
    const t = performance.now();
    const res = await fetch(`${base}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `qf_lookup_device=bench-${tag}-${n}-aaaaaaaaaaaa` },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { items?: unknown[] };
    if (res.status !== 200) throw new Error(`${base} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
    times.push(performance.now() - t);
  }
  return times;
}

async function leg(engine: 'sqlite' | 'postgres'): Promise<void> {
  const total = LINES + Math.max(0, FILLER);
  heading(`${B} on ${engine}: ${fmt(total)} roster lines, ${REQUESTS} look-ups found and ${REQUESTS} not found`);
  const env = await startTestEnv(engine);
  const bare = Fastify();
  try {
    await load(env);
    await fill(env, engine, FILLER);
    const ctx = env.ctx();
    // The limit per address would stop this one client after 30: its counter is reset between
    // requests, untimed (each request still upserts its three counters).
    const lift = () =>
      ctx.db.updateTable('subsidy_lookup_limits').set({ hits: 0 }).where('key', 'like', 'a:%').execute();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}/api/public/subsidy-lookups`;
    bare.post('/lookup', async (req) => {
      const body = req.body as { idNumber: string; name: string };
      const rows = await sql<{
        id: string;
        sealed: string;
      }>`select id, sealed, amount, paid_on, year from subsidy_lines where person_hash = ${personNumberHash(ctx.keyring, body.idNumber)} limit 200`.execute(
        ctx.db,
      );
      const items = rows.rows.filter(
        (r) => (JSON.parse(ctx.keyring.openText(r.sealed, sealContext(r.id))) as { name: string }).name === body.name,
      );
      return { items };
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/lookup`;
    const pick = () => Math.floor(Math.random() * LINES);
    const found = () =>
      Array.from({ length: REQUESTS }, () => {
        const i = pick();
        return { idNumber: idOf(i), name: nameOf(i) };
      });
    // Not on any roster: birth years 2001 onward.
    const stranger = () =>
      Array.from({ length: REQUESTS }, (_, k) => {
        const first17 = `411221${2001 + (k % 20)}0${1 + (k % 9)}1${k % 10}${String(k % 1000).padStart(3, '0')}`;
        return { idNumber: first17 + idCheckCharacter(first17), name: '李某某' };
      });
    await timePosts(url, found().slice(0, 30), 'warm', lift);
    await timePosts(bareUrl, found().slice(0, 30), 'warm');
    // Found and not found interleaved, one request each in turn: background work after the load
    // (a WAL checkpoint, autovacuum) falls on both alike, so their times compare.
    const fs = found();
    const ss = stranger();
    const f: number[] = [];
    const s: number[] = [];
    const cf: number[] = [];
    const cs: number[] = [];
    for (let k = 0; k < REQUESTS; k++) {
      f.push(...(await timePosts(url, [fs[k]!], `found-${k}`, lift)));
      s.push(...(await timePosts(url, [ss[k]!], `none-${k}`, lift)));
      cf.push(...(await timePosts(bareUrl, [fs[k]!], `bare-found-${k}`)));
      cs.push(...(await timePosts(bareUrl, [ss[k]!], `bare-none-${k}`)));
    }
    const ceiling = percentile([...cf, ...cs], 95);
    report({
      bench: B,
      name: `${engine}: look-up p95, found (${fmt(total)} lines)`,
      value: percentile(f, 95),
      unit: 'ms',
      target: { op: '<=', value: 20 },
      ceiling: { name: 'bare route p95', value: ceiling },
      note: `p50 ${fmt(percentile(f, 50))} ms, bare p50 ${fmt(percentile([...cf, ...cs], 50))} ms`,
    });
    report({
      bench: B,
      name: `${engine}: look-up p95, not found`,
      value: percentile(s, 95),
      unit: 'ms',
      target: { op: '<=', value: 20 },
      ceiling: { name: 'bare route p95', value: ceiling },
      note: `p50 ${fmt(percentile(s, 50))} ms`,
    });
    const ratio = percentile(f, 50) / percentile(s, 50);
    report({
      bench: B,
      name: `${engine}: found / not-found p50 (answers alike)`,
      value: ratio,
      unit: '×',
      target: { op: '<=', value: 1.5 },
      note: `found p50 ${fmt(percentile(f, 50))} ms, not found p50 ${fmt(percentile(s, 50))} ms`,
    });
  } finally {
    await bare.close();
    await env.close();
  }
}

runMain(B, async () => {
  if (process.env.BENCH_SUBSIDY_SKIP_SQLITE !== '1') await leg('sqlite');
  if (process.env.BENCH_PG_URL) {
    process.env.TEST_PG_URL = process.env.BENCH_PG_URL;
    await leg('postgres');
  }
});
