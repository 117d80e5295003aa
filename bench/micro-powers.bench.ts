/**
 * The small powers (issue 16 §3) under a county's years of uses: a township's page of the uses
 * list (`listUses`: the scope is an EXISTS over the units at the use's village, or the use's own
 * scope columns), one use's page (`readUse`: steps, the check, findings) and the public page of a
 * village (`publicPowers`: the list and the uses under publication today). The demo county is
 * seeded (its list from the default skeleton) and BENCH_MP_USES uses (default 200,000) are
 * bulk-inserted over every village of the county, each with its first two steps recorded and a
 * 15-day publication; a hundredth of them publishing today.
 *
 * Ceiling (same run): for each figure, one hand-written statement returning the same rows with the
 * township's region-path prefix written in (no scope machinery, no JSON decoding), timed the same
 * way; printed as the ratio. Env: BENCH_MP_USES, BENCH_MP_RUNS (default 30), BENCH_PG_URL (adds a
 * PostgreSQL leg), BENCH_MP_SKIP_SQLITE=1.
 */
import { sql } from 'kysely';
import { listUses, publicPowers, readUse } from '../src/server/modules/micro-powers/index.js';
import { newId } from '../src/server/shared/ids.js';
import { ctxAs } from '../src/server/test/factories.js';
import { type TestEnv, startTestEnv } from '../src/server/test/harness.js';
import { fmt, heading, percentile, report, runMain } from './lib/common.js';

const USES = Number(process.env.BENCH_MP_USES ?? 200_000);
const RUNS = Number(process.env.BENCH_MP_RUNS ?? 30);
const B = 'micro-powers';

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function load(env: TestEnv): Promise<{ villages: { code: string }[]; today: string }> {
  const db = env.ctx().db;
  const units = await db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(['u.id', 'u.path', 'u.region_path', 'u.county_code', 'u.region_code'])
    .where('r.level', '=', 'village')
    .where('u.kind', '=', 'village_committee')
    .orderBy('u.region_code')
    .execute();
  const items = await db.selectFrom('micro_power_items').select(['id', 'item_key']).where('current', '=', 1).execute();
  const today = new Date(env.clock.nowMs() + 8 * 3_600_000).toISOString().slice(0, 10);
  const day = (offset: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const at = new Date(env.clock.nowMs()).toISOString();
  const BATCH = 500;
  for (let i = 0; i < USES; i += BATCH) {
    const uses = [];
    const steps = [];
    for (let j = i; j < Math.min(USES, i + BATCH); j++) {
      const u = units[j % units.length]!;
      const item = items[j % items.length]!;
      const start = j % 100 === 0 ? -3 : -(j % 1000) - 20;
      const id = newId();
      uses.push({
        id,
        item_id: item.id,
        item_key: item.item_key,
        village_code: u.region_code,
        title: `第${j}号权力运行`,
        amount_fen: (j % 50) * 10_000,
        started_on: day(start),
        status: j % 3 === 0 ? 'open' : 'closed',
        closed_on: j % 3 === 0 ? null : day(start + 18),
        closed_at: null,
        findings: j % 7 === 0 ? 2 : 0,
        owner_unit_id: u.id,
        owner_unit_path: u.path,
        region_path: u.region_path,
        county_code: u.county_code,
        created_by: null,
        version: 3,
        created_at: at,
        updated_at: at,
      });
      steps.push(
        {
          id: newId(),
          use_id: id,
          seq: 1,
          done_on: day(start),
          actor: '村党组织',
          note: null,
          documents: '["提议记录"]',
          publication_from: null,
          publication_to: null,
          recorded_by: null,
          recorded_at: at,
        },
        {
          id: newId(),
          use_id: id,
          seq: 2,
          done_on: day(start + 1),
          actor: '村“两委”联席会议',
          note: null,
          documents: '["联席会议记录"]',
          publication_from: day(start + 1),
          publication_to: day(start + 15),
          recorded_by: null,
          recorded_at: at,
        },
      );
    }
    await db.insertInto('micro_power_uses').values(uses).execute();
    await db.insertInto('micro_power_use_steps').values(steps).execute();
    if (i % 20_000 === 0) process.stdout.write(`\r  uses: loaded ${fmt(i + uses.length)} / ${fmt(USES)}   `);
  }
  process.stdout.write('\n');
  if (env.dialect === 'sqlite') await sql`analyze`.execute(db);
  else await sql`analyze`.execute(db);
  return { villages: units.map((u) => ({ code: u.region_code })), today };
}

async function runOn(dialect: 'sqlite' | 'postgres'): Promise<void> {
  heading(`small powers on ${dialect}: ${fmt(USES)} uses over the demo county`);
  const env = await startTestEnv(dialect);
  try {
    const { villages, today } = await load(env);
    const db = env.ctx().db;
    const township = await ctxAs(env, 'township1');
    const townshipPath = (
      await db
        .selectFrom('users as u')
        .innerJoin('units as n', 'n.id', 'u.unit_id')
        .select('n.path')
        .where('u.username', '=', 'township1')
        .executeTakeFirstOrThrow()
    ).path;
    const upper = townshipPath.slice(0, -1) + '0';
    const list = await timed(() => listUses(township, { page: 1, pageSize: 50 }));
    const rawList = await timed(() =>
      sql`select u.id, u.title, u.started_on, i.name, (select count(*) from micro_power_use_steps s where s.use_id = u.id) as n
          from micro_power_uses u join micro_power_items i on i.id = u.item_id
          where u.owner_unit_path >= ${townshipPath} and u.owner_unit_path < ${upper}
          order by u.started_on desc, u.id desc limit 50`.execute(db),
    );
    const rawCount = await timed(() =>
      sql`select count(*) from micro_power_uses u where u.owner_unit_path >= ${townshipPath} and u.owner_unit_path < ${upper}`.execute(
        db,
      ),
    );
    const page = await listUses(township, { page: 1, pageSize: 50 });
    const ceilingList = percentile(rawList, 95) + percentile(rawCount, 95);
    report({
      bench: B,
      name: `${dialect}: township's uses page (50 of ${fmt(page.total)})`,
      value: percentile(list, 95),
      unit: 'ms p95',
      target: { op: '<=', value: 300 },
      ceiling: { name: 'raw page + raw count with the prefix written in', value: ceilingList },
    });
    const one = page.items[0]!.id;
    const read = await timed(() => readUse(township, one));
    const rawRead = await timed(() =>
      sql`select u.*, i.steps, (select count(*) from micro_power_use_steps s where s.use_id = u.id) as n from micro_power_uses u join micro_power_items i on i.id = u.item_id where u.id = ${one}`.execute(
        db,
      ),
    );
    report({
      bench: B,
      name: `${dialect}: one use's page`,
      value: percentile(read, 95),
      unit: 'ms p95',
      target: { op: '<=', value: 100 },
      ceiling: { name: 'raw use with its item', value: percentile(rawRead, 95) },
    });
    const village = villages[0]!.code;
    const pub = await timed(() => publicPowers(env.ctx(), village));
    const rawPub = await timed(() =>
      sql`select u.id, u.title, s.seq, s.publication_from, s.publication_to from micro_power_use_steps s join micro_power_uses u on u.id = s.use_id
          where u.village_code = ${village} and s.publication_from <= ${today} and s.publication_to >= ${today} order by s.publication_to limit 200`.execute(
        db,
      ),
    );
    const shown = (await publicPowers(env.ctx(), village)).publishing.length;
    report({
      bench: B,
      name: `${dialect}: a village's public page (${shown} uses publishing today)`,
      value: percentile(pub, 95),
      unit: 'ms p95',
      target: { op: '<=', value: 150 },
      ceiling: { name: 'raw publishing uses of the village', value: percentile(rawPub, 95) },
    });
  } finally {
    await env.close();
  }
}

runMain(B, async () => {
  if (process.env.BENCH_MP_SKIP_SQLITE !== '1') await runOn('sqlite');
  if (process.env.BENCH_PG_URL) {
    process.env.TEST_PG_URL = process.env.BENCH_PG_URL;
    await runOn('postgres');
  }
});
