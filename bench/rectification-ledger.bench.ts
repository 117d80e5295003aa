/**
 * The rectification ledger (GET /api/rectification-items and its counts) over a province-size set
 * (default 1,000,000 items) on SQLite and, with BENCH_PG_URL, PostgreSQL (issue 15: p95 <= 50 ms
 * per class). The database is migrated with the real migrations, seeded with the demo county,
 * then bulk-loaded by `bench/lib/rectification-load.ts`: one item in ten (BENCH_RECT_SHARE)
 * addressed to one of the demo county's responsible units, issued by the county's 党风政风监督室
 * or the unit's township commission, with the township's zone; the rest in 97 synthetic counties
 * no demo reader reaches; three years of items, most closed, some overdue, a few escalated.
 * Readers over real HTTP: `supervisor` (the county: its subtree on both sides), `township1` (its
 * township) and `vcadre1` (the first village's 村民委员会: its own unit). Ceiling: the statements of
 * each request captured from the app's own `listItems` / `ledgerCounts` and replayed raw in the
 * same run; printed as the ratio (`bench/lib/ledger-bench.ts`).
 *
 * Env: BENCH_RECT_ROWS (default 1,000,000), BENCH_RECT_SHARE (one row in N is the demo county's;
 * default 10), BENCH_RECT_REQUESTS (per class, default 15), BENCH_PG_URL,
 * BENCH_RECT_SKIP_SQLITE=1, BENCH_RECT_CLASSES=<regex>, BENCH_RECT_USERS=a,b, BENCH_RECT_PLANS=1,
 * BENCH_RECT_KEEP=<dir> (keep the loaded data and reuse it; drop the kept PostgreSQL schema
 * `bench_rectification_keep_<rows>` by hand).
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { ledgerCounts, listItems } from '../src/server/modules/rectification/index.js';
import { toShanghaiDate } from '../src/server/shared/calendar/calendar.js';
import { bulkLoadPostgres, bulkLoadSqlite } from './lib/bulk-load.js';
import { fmt, heading, runMain } from './lib/common.js';
import {
  type Engine,
  type Params,
  type RequestClass,
  dataHome,
  getJson,
  hostLoad,
  loadOnce,
  measureClass,
  openRig,
  qs,
  reportGroup,
} from './lib/ledger-bench.js';
import { PROBLEM_TERMS, type RectLoadSpec, rectTargets, rectificationLoad } from './lib/rectification-load.js';
import type { Target } from './lib/reports-load.js';

const ROWS = Number(process.env.BENCH_RECT_ROWS ?? 1_000_000);
const SHARE = Number(process.env.BENCH_RECT_SHARE ?? 10);
const REQUESTS = Number(process.env.BENCH_RECT_REQUESTS ?? 15);
const CLASSES = process.env.BENCH_RECT_CLASSES ? new RegExp(process.env.BENCH_RECT_CLASSES) : null;
const USERS = (process.env.BENCH_RECT_USERS ?? 'supervisor,township1,vcadre1').split(',');
const KEEP = process.env.BENCH_RECT_KEEP;
const PAGE_SIZE = 20;
const TARGET_P95_MS = 50;
const B = 'rectification-ledger';

interface ListBody {
  total: number;
  items: { ownerUnitId: string }[];
}

const TOWNSHIP_TARGETS = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path, g.county_code as county_code
  from units u join regions g on g.code = u.region_code
  where u.kind = 'township_commission' order by g.code`;

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`rectification ledger on ${engine}: ${fmt(rows)} items, a province (the demo county one in ${SHARE})`);
  const home = await dataHome('rectification', engine, rows, pgUrl, KEEP);
  let townships: Target[] = [];
  await loadOnce(B, engine, home, pgUrl, `${fmt(rows)} rectification items`, {
    async spec(db): Promise<RectLoadSpec> {
      townships = (await sql.raw<Target>(TOWNSHIP_TARGETS).execute(db)).rows;
      const office = await db
        .selectFrom('units')
        .select(['id', 'path', 'region_path'])
        .where('name', '=', '党风政风监督室')
        .executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      return {
        rows,
        share: SHARE,
        targets: await rectTargets(db),
        office: { id: office.id, path: office.path, regionPath: office.region_path },
        end: now,
        today: toShanghaiDate(now),
        years: 3,
        progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
      };
    },
    sqlite: (db: SqliteDatabase.Database, spec: RectLoadSpec) => bulkLoadSqlite(db, rectificationLoad(spec, townships)),
    postgres: (client: pg.Client, schema: string, spec: RectLoadSpec) =>
      bulkLoadPostgres(client, schema, rectificationLoad(spec, townships)),
  });

  const rig = await openRig(engine, home, pgUrl);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  const unitOf = async (username: string) =>
    (await rig.readDb.selectFrom('users').select('unit_id').where('username', '=', username).executeTakeFirstOrThrow())
      .unit_id!;
  // The unit filter: another township's commission for the county, the village council otherwise.
  const unitFilter: Record<string, string> = {
    supervisor: await unitOf('township2'),
    township1: await unitOf('vcadre1'),
    vcadre1: await unitOf('vcadre1'),
  };
  const allHttp: number[] = [];
  const allRaw: number[] = [];
  try {
    for (const username of USERS) {
      const { cookie, ctx } = await rig.signIn(username);
      const first = await getJson<ListBody>(`${rig.server.base}/api/rectification-items?pageSize=${PAGE_SIZE}`, cookie);
      const unitId = unitFilter[username] ?? unitFilter.supervisor!;
      console.log(`\n${username}: ${fmt(first.total)} items seen (load ${hostLoad()})`);
      const classes: { name: string; counts?: boolean; make: (i: number) => Params }[] = [
        { name: 'no filter, page 1', make: () => ({}) },
        { name: 'page 20', make: () => ({ page: 20 }) },
        { name: 'source=inspection_tour', make: () => ({ source: 'inspection_tour' }) },
        { name: 'status=in_progress', make: () => ({ status: 'in_progress' }) },
        { name: 'unitId=<unit subtree>', make: () => ({ unitId }) },
        { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
        { name: 'overdue=true', make: () => ({ overdue: true }) },
        { name: 'overdue=true&sort=dueOn', make: () => ({ overdue: true, sort: 'dueOn' }) },
        { name: 'escalation=admonition', make: () => ({ escalation: 'admonition' }) },
        { name: 'due in 2026 Q1', make: () => ({ dueFrom: '2026-01-01', dueTo: '2026-03-31' }) },
        { name: `q=${PROBLEM_TERMS.common}`, make: () => ({ q: PROBLEM_TERMS.common }) },
        { name: `q=${PROBLEM_TERMS.rare}`, make: () => ({ q: PROBLEM_TERMS.rare }) },
        { name: 'sort=dueOn', make: () => ({ sort: 'dueOn' }) },
        { name: 'counts, no filter', counts: true, make: () => ({}) },
        { name: 'counts, overdue=true', counts: true, make: () => ({ overdue: true }) },
        { name: 'counts, zoneId=<zone>', counts: true, make: (i) => ({ zoneId: zones[i % zones.length]! }) },
      ];
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const c of classes.filter((x) => !CLASSES || CLASSES.test(x.name))) {
        const cls: RequestClass = c.counts
          ? {
              name: c.name,
              url: (i) => `/api/rectification-items/counts?${qs(c.make(i))}`,
              replay: (i) => ledgerCounts(ctx, c.make(i)),
              note: (body) =>
                `${(body as { byUnit: unknown[] }).byUnit.length} units, ${fmt(
                  (body as { bySource: { outstanding: number; closed: number }[] }).bySource.reduce(
                    (s, r) => s + r.outstanding + r.closed,
                    0,
                  ),
                )} items`,
            }
          : {
              name: c.name,
              url: (i) => `/api/rectification-items?${qs({ pageSize: PAGE_SIZE, ...c.make(i) })}`,
              replay: (i) => listItems(ctx, { page: 1, pageSize: PAGE_SIZE, ...c.make(i) }),
              note: (body) => `total ${fmt((body as ListBody).total)}`,
            };
        const t = await measureClass(rig, {
          bench: B,
          label: `${engine} ${username}`,
          cookie,
          cls,
          requests: REQUESTS,
          targetMs: TARGET_P95_MS,
          plans: process.env.BENCH_RECT_PLANS === '1',
        });
        userHttp.push(...t.httpMs);
        userRaw.push(...t.rawMs);
      }
      reportGroup(B, `${engine} ${username}: all classes p95`, userHttp, userRaw, TARGET_P95_MS);
      allHttp.push(...userHttp);
      allRaw.push(...userRaw);
    }
    reportGroup(B, `${engine} rectification ledger, ${fmt(rows)} items: overall p95`, allHttp, allRaw, TARGET_P95_MS);
  } finally {
    await rig.close();
  }
}

runMain('rectification-ledger.bench', async () => {
  if (process.env.BENCH_RECT_SKIP_SQLITE !== '1') await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
