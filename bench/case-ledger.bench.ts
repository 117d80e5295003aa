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
import { readCaseLedgerPage } from '../src/server/modules/cases/index.js';
import { fmt, heading } from './lib/common.js';
import { casesLoader } from './lib/cases-load.js';
import { type Engine, dataHome, getJson, hostLoad, loadOnce, openRig } from './lib/ledger-bench.js';
import { type LedgerClass, benchSettings, ledgerClasses, measureReaders, runLegs } from './lib/ledger-runs.js';
import { ADVERSARIAL_NAME, COMMON_SURNAMES } from './lib/reports-load.js';

const RUN = benchSettings('case-ledger', 'BENCH_CASE', {
  rows: 500_000,
  targetMs: 50,
  users: ['casemgr', 'township1', 'zone1', 'tstaff1'],
});
const PAGE_SIZE = 50;

interface ListBody {
  total: number;
  totalCapped?: boolean;
  items: { number: string | null; subjectNames: string }[];
}

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`case ledger on ${engine}: ${fmt(rows)} cases, demo county`);
  const home = await dataHome('cases', engine, rows, pgUrl, RUN.keep);
  await loadOnce(RUN.bench, engine, home, pgUrl, `${fmt(rows)} cases`, casesLoader(rows));
  if (RUN.loadOnly) return;

  const rig = await openRig(engine, home, pgUrl);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  try {
    await measureReaders(rig, RUN, {
      label: (username) => `${engine} GET /api/cases as ${username}`,
      overall: `${engine} GET /api/cases, ${fmt(rows)} cases: overall p95`,
      async classes({ username, cookie, ctx }) {
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
        const classes: LedgerClass[] = [
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
        return ledgerClasses('/api/cases', PAGE_SIZE, classes, (q) => readCaseLedgerPage(ctx, q));
      },
    });
  } finally {
    await rig.close();
  }
}

runLegs(RUN, runOn);
