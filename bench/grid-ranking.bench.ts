/**
 * Grid supervision (issue 16 §4): a quarter's rankings of informants and villages, as the township
 * secretary (scope: their township) and the county's supervision office (the county) ask for them
 * over HTTP — p95 ≤ 50 ms with 2,000 informants and 40,000 scored events over the county.
 *
 * The platform is the test harness's (demo county seeded, migrations run), listening on a local
 * port. Outposts and informants are written as rows (sealed placeholders: the ranking reads only the
 * masked name), spread over every village of the county with each village's township commission as
 * owner; events are spread over four quarters. The page is `GET /api/grid/rankings?quarter=…`.
 *
 * Ceiling, same run, same rows: the two statements of the county's ranking (sum per informant or
 * village, then name them), raw, without any scope predicate, on the same connection. Printed as ratios.
 * Env: BENCH_GRID_INFORMANTS (2,000), BENCH_GRID_EVENTS (40,000), BENCH_GRID_REQUESTS (200),
 * BENCH_PG_URL, BENCH_GRID_SKIP_SQLITE=1.
 */
import { sql } from 'kysely';
import { insertRows } from '../src/server/db/insert-row.js';
import { newId } from '../src/server/shared/ids.js';
import { TEST_PASSWORD, type TestEnv, startTestEnv } from '../src/server/test/harness.js';
import { fmt, heading, percentile, report, runMain } from './lib/common.js';

const INFORMANTS = Number(process.env.BENCH_GRID_INFORMANTS ?? 2000);
const EVENTS = Number(process.env.BENCH_GRID_EVENTS ?? 40_000);
const REQUESTS = Number(process.env.BENCH_GRID_REQUESTS ?? 200);
const QUARTERS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
const KINDS = [
  ['report_clue', 5],
  ['clue_case', 10],
  ['false_report', -10],
  ['task', 2],
] as const;
const B = 'grid-ranking';

async function load(env: TestEnv): Promise<void> {
  const db = env.ctx().db;
  const t = performance.now();
  const villages = await db
    .selectFrom('regions as v')
    .innerJoin('units as u', (j) =>
      j.onRef('u.region_code', '=', 'v.parent_code').on('u.kind', '=', 'township_commission'),
    )
    .select(['v.code', 'v.path', 'v.county_code', 'u.id as unit_id', 'u.path as unit_path'])
    .where('v.level', '=', 'village')
    .orderBy('v.code')
    .execute();
  const at = new Date(env.clock.nowMs()).toISOString();
  const outposts = villages.map((v) => ({
    id: newId(),
    region_code: v.code,
    name: `${v.code}廉情前哨站`,
    head_enc: 'x',
    deputies_enc: 'x',
    owner_unit_id: v.unit_id,
    owner_unit_path: v.unit_path,
    region_path: v.path,
    county_code: v.county_code,
    created_by: null,
    created_at: at,
    updated_at: at,
  }));
  await insertRows(db, 'grid_outposts', outposts);
  const informants = Array.from({ length: INFORMANTS }, (_, i) => {
    const o = outposts[i % outposts.length]!;
    return {
      id: newId(),
      outpost_id: o.id,
      region_code: o.region_code,
      group_code: `${o.region_code}001`,
      name_enc: 'x',
      name_masked: `监*${i}`,
      phone_enc: 'x',
      person_hash: `h${i}`,
      term_start: '2026-01-01',
      term_end: '2028-12-31',
      trainings: '[]',
      duty_signed_on: null,
      status: 'active',
      pin_hash: null,
      device_hash: null,
      pin_failures: 0,
      locked_at: null,
      revoked_at: null,
      owner_unit_id: o.owner_unit_id,
      owner_unit_path: o.owner_unit_path,
      region_path: o.region_path,
      county_code: o.county_code,
      created_by: null,
      created_at: at,
      updated_at: at,
    };
  });
  for (let i = 0; i < informants.length; i += 500)
    await insertRows(db, 'grid_informants', informants.slice(i, i + 500));
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const inf = informants[(i * 7919) % informants.length]!;
    const [kind, points] = KINDS[i % KINDS.length]!;
    return {
      id: newId(),
      informant_id: inf.id,
      region_code: inf.region_code,
      source_kind: kind,
      source_id: newId(),
      points,
      quarter: QUARTERS[i % QUARTERS.length]!,
      owner_unit_id: inf.owner_unit_id,
      owner_unit_path: inf.owner_unit_path,
      region_path: inf.region_path,
      county_code: inf.county_code,
      scored_at: at,
    };
  });
  for (let i = 0; i < events.length; i += 1000) await insertRows(db, 'grid_score_events', events.slice(i, i + 1000));
  if (env.dialect === 'postgres') await sql`analyze`.execute(db);
  console.log(
    `loaded ${outposts.length} outposts, ${fmt(INFORMANTS)} informants, ${fmt(EVENTS)} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

async function timeGets(base: string, cookie: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/grid/rankings?quarter=${QUARTERS[i % QUARTERS.length]}`, {
      headers: { cookie },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`rankings answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

async function leg(engine: 'sqlite' | 'postgres'): Promise<void> {
  heading(`${B} on ${engine}: ${fmt(INFORMANTS)} informants, ${fmt(EVENTS)} events`);
  const env = await startTestEnv(engine);
  try {
    await load(env);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    const db = env.ctx().db;
    const raw: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const q = QUARTERS[i % QUARTERS.length]!;
      const t = performance.now();
      await sql`select a.informant_id, i.name_masked, v.name, a.points, a.events from (select informant_id, sum(points) as points, count(*) as events from grid_score_events where quarter = ${q} group by informant_id) a join grid_informants i on i.id = a.informant_id join regions v on v.code = i.region_code order by a.points desc, a.informant_id limit 500`.execute(
        db,
      );
      await sql`select a.region_code, v.name, a.points, a.events from (select region_code, sum(points) as points, count(*) as events from grid_score_events where quarter = ${q} group by region_code) a join regions v on v.code = a.region_code order by a.points desc, a.region_code limit 500`.execute(
        db,
      );
      raw.push(performance.now() - t);
    }
    const rawP95 = percentile(raw, 95);
    for (const who of ['supervisor', 'township1']) {
      const client = await env.as(who, TEST_PASSWORD);
      await timeGets(base, client.cookie!, 20);
      const times = await timeGets(base, client.cookie!, REQUESTS);
      report({
        bench: B,
        name: `${engine}: quarter rankings p95 as ${who === 'supervisor' ? 'the county' : 'a township'}`,
        value: percentile(times, 95),
        unit: 'ms',
        target: { op: '<=', value: 50 },
        ceiling: { name: 'raw county ranking p95', value: rawP95 },
        note: `p50 ${fmt(percentile(times, 50))} ms, raw p50 ${fmt(percentile(raw, 50))} ms`,
      });
    }
  } finally {
    await env.close();
  }
}

runMain(B, async () => {
  if (process.env.BENCH_GRID_SKIP_SQLITE !== '1') await leg('sqlite');
  if (process.env.BENCH_PG_URL) {
    process.env.TEST_PG_URL = process.env.BENCH_PG_URL;
    await leg('postgres');
  }
});
