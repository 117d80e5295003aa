/**
 * Case ledger list (GET /api/cases) over a large ledger (default 500,000 cases) on SQLite and,
 * with BENCH_PG_URL, PostgreSQL (issue 13 §7: p95 <= 50 ms). The database is migrated with the
 * real migrations, seeded with the demo county, then bulk-loaded with raw SQL
 * (`bench/lib/cases-load.ts`). The app runs in a child process and this process sends sequential
 * real HTTP requests as `casemgr` (案管, the whole county), `township1` (its own cases in full,
 * its subjects' cases as lines), `zone1` (a zone) and `tstaff1` (on a team in 400: the member
 * arm), for each filter class. Ceiling: each request's statements, captured from the app's own
 * `readCaseLedgerPage` through a logging Kysely and replayed raw in the same run; printed as the
 * ratio of the two (`bench/lib/ledger-bench.ts`). A class whose p95 misses the target gets its
 * plans printed.
 *
 * Env: BENCH_CASE_ROWS (default 500,000), BENCH_CASE_REQUESTS (per class, default 20),
 * BENCH_PG_URL, BENCH_CASE_SKIP_SQLITE=1, BENCH_CASE_CLASSES=<regex>, BENCH_CASE_USERS=a,b,
 * BENCH_CASE_PLANS=1, BENCH_CASE_KEEP=<dir> (keep the loaded data there and reuse it; the kept
 * PostgreSQL schema is `bench_cases_keep_<rows>`, drop it by hand when done),
 * BENCH_CASE_LOAD_ONLY=1 (with BENCH_CASE_KEEP: load if not yet, and stop).
 */
import { sql } from 'kysely';
import { readCaseLedgerPage } from '../src/server/modules/cases/index.js';
import { fmt, heading, runMain } from './lib/common.js';
import { loadCasesPostgres, loadCasesSqlite } from './lib/cases-load.js';
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
import { ADVERSARIAL_NAME, COMMON_SURNAMES, type Target } from './lib/reports-load.js';

const ROWS = Number(process.env.BENCH_CASE_ROWS ?? 500_000);
const REQUESTS = Number(process.env.BENCH_CASE_REQUESTS ?? 20);
const CLASSES = process.env.BENCH_CASE_CLASSES ? new RegExp(process.env.BENCH_CASE_CLASSES) : null;
const USERS = (process.env.BENCH_CASE_USERS ?? 'casemgr,township1,zone1,tstaff1').split(',');
const KEEP = process.env.BENCH_CASE_KEEP;
const LOAD_ONLY = process.env.BENCH_CASE_LOAD_ONLY === '1';
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const B = 'case-ledger';

interface ListBody {
  total: number;
  totalCapped?: boolean;
  items: { number: string | null; subjectNames: string }[];
}

const TOWNSHIP_TARGETS = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path, g.county_code as county_code
  from units u join regions g on g.parent_code = u.region_code and g.level = 'village'
  where u.kind = 'township_commission' order by g.code`;

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`case ledger on ${engine}: ${fmt(rows)} cases, demo county`);
  const home = await dataHome('cases', engine, rows, pgUrl, KEEP);
  await loadOnce(B, engine, home, pgUrl, `${fmt(rows)} cases`, {
    async spec(db) {
      const { rows: targets } = await sql.raw<Target>(TOWNSHIP_TARGETS).execute(db);
      const county = await db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('kind', '=', 'commission')
        .executeTakeFirstOrThrow();
      const member = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'tstaff1')
        .executeTakeFirstOrThrow();
      return {
        rows,
        targets,
        county,
        memberUser: member.id,
        end: new Date().toISOString(),
        years: 3,
        progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
      };
    },
    sqlite: loadCasesSqlite,
    postgres: loadCasesPostgres,
  });
  if (LOAD_ONLY) return;

  const rig = await openRig(engine, home, pgUrl);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  const allHttp: number[] = [];
  const allRaw: number[] = [];
  try {
    for (const username of USERS) {
      const { cookie, ctx } = await rig.signIn(username);
      const first = await getJson<ListBody>(`${rig.server.base}/api/cases?pageSize=${PAGE_SIZE}`, cookie);
      const numbers = first.items.flatMap((r) => (r.number ? [r.number] : []));
      // Four digits of a number (its serial's last four), and full names seen on the first page.
      const fragments = numbers.map((n) => n.slice(-5, -1));
      const names = [
        ...new Set(
          first.items.flatMap((r) =>
            r.subjectNames.split('、').filter((n) => [...n].length === 3 && n !== ADVERSARIAL_NAME),
          ),
        ),
      ];
      console.log(
        `\n${username}: ${first.totalCapped ? 'more than ' : ''}${fmt(first.total)} cases seen (load ${hostLoad()})`,
      );
      const classes: { name: string; make: (i: number) => Params }[] = [
        { name: 'no filter, page 1', make: () => ({}) },
        { name: 'page 20 by offset', make: () => ({ page: 20 }) },
        { name: 'status=investigating', make: (i) => ({ status: 'investigating', page: 1 + (i % 3) }) },
        { name: 'mode=zone', make: () => ({ mode: 'zone' }) },
        { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
        { name: 'mine', make: () => ({ mine: true }) },
        ...(numbers.length > 0
          ? [
              { name: 'q=<number>', make: (i: number) => ({ q: numbers[i % numbers.length]! }) },
              { name: 'q=<4 digits of a number>', make: (i: number) => ({ q: fragments[i % fragments.length]! }) },
            ]
          : []),
        { name: 'q=<surname>', make: (i) => ({ q: COMMON_SURNAMES[i % COMMON_SURNAMES.length]! }) },
        ...(names.length > 0
          ? [{ name: 'q=<full name>', make: (i: number) => ({ q: names[i % names.length]! }) }]
          : []),
      ];
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const c of classes.filter((x) => !CLASSES || CLASSES.test(x.name))) {
        const cls: RequestClass = {
          name: c.name,
          url: (i) => `/api/cases?${qs({ pageSize: PAGE_SIZE, ...c.make(i) })}`,
          replay: (i) => readCaseLedgerPage(ctx, { page: 1, pageSize: PAGE_SIZE, ...c.make(i) }),
          note: (body) => `total ${fmt((body as ListBody).total)}`,
        };
        const t = await measureClass(rig, {
          bench: B,
          label: `${engine} GET /api/cases as ${username}`,
          cookie,
          cls,
          requests: REQUESTS,
          targetMs: TARGET_P95_MS,
          plans: process.env.BENCH_CASE_PLANS === '1',
        });
        userHttp.push(...t.httpMs);
        userRaw.push(...t.rawMs);
      }
      reportGroup(B, `${engine} GET /api/cases as ${username}: all classes p95`, userHttp, userRaw, TARGET_P95_MS);
      allHttp.push(...userHttp);
      allRaw.push(...userRaw);
    }
    reportGroup(B, `${engine} GET /api/cases, ${fmt(rows)} cases: overall p95`, allHttp, allRaw, TARGET_P95_MS);
  } finally {
    await rig.close();
  }
}

runMain('case-ledger.bench', async () => {
  if (process.env.BENCH_CASE_SKIP_SQLITE !== '1') await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
