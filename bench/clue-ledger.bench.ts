/**
 * Clue ledger list (GET /api/clues) with filters over a large ledger (default 2,000,000 clues)
 * on SQLite and, with BENCH_PG_URL, PostgreSQL (issue 12 §6: p95 <= 50 ms). The database is
 * migrated with the real migrations, seeded with the demo county, then bulk-loaded with raw SQL
 * (`bench/lib/clues-load.ts`). The app runs in a child process (`bench/lib/server.ts`) and this
 * process sends sequential real HTTP requests as `township1` (one township, full view of its
 * own) and `casemgr` (案管, the whole county) for each filter class. Ceiling: each request's
 * statements, captured from the app's own `readClueLedgerPage` through a logging Kysely and
 * replayed raw in the same run; printed as the ratio of the two. A class whose p95 misses the
 * target gets its plans printed.
 *
 * Env: BENCH_CLUE_ROWS (default 2,000,000), BENCH_CLUE_PG_ROWS (default = BENCH_CLUE_ROWS),
 * BENCH_CLUE_REQUESTS (per class, default 20), BENCH_PG_URL, BENCH_CLUE_PLANS=1 (every class's plans), BENCH_CLUE_SKIP_SQLITE=1 (PostgreSQL
 * only), BENCH_CLUE_KEEP=<dir> (keep the loaded data there and reuse it: see `dataHome`; drop the
 * kept schema `bench_clues_keep_<rows>` by hand when done), BENCH_CLUE_LOAD_ONLY=1 (just load),
 * BENCH_CLUE_CLASSES=<regex> (only the classes whose name matches; the p95s then cover those).
 */
import { sql } from 'kysely';
import { readClueLedgerPage } from '../src/server/modules/clues/index.js';
import { fmt, heading } from './lib/common.js';
import { loadCluesPostgres, loadCluesSqlite } from './lib/clues-load.js';
import { type Engine, dataHome, getJson, hostLoad, loadOnce, openRig, qs } from './lib/ledger-bench.js';
import {
  type LedgerClass,
  benchSettings,
  ledgerClasses,
  loadProgress,
  measureReaders,
  runLegs,
} from './lib/ledger-runs.js';
import { ADVERSARIAL_NAME, COMMON_SURNAMES, TARGETS_SQL, type Target, weightTargets } from './lib/reports-load.js';

const RUN = benchSettings('clue-ledger', 'BENCH_CLUE', {
  rows: 2_000_000,
  targetMs: 50,
  users: ['township1', 'casemgr'],
});
const PAGE_SIZE = 50;
/** The stress name: 1 clue in 100 (`subjectNameSql`); measured apart, left out of the p95s. */
const STRESS = 'stress: q=王建国 (1 in 100)';

interface ListBody {
  total: number;
  totalCapped?: boolean;
  nextCursor: string | null;
  items: { number: string; subjectNames: string | null }[];
}

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
}

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`clue ledger on ${engine}: ${fmt(rows)} clues, demo county`);
  const home = await dataHome('clues', engine, rows, pgUrl, RUN.keep);
  await loadOnce(RUN.bench, engine, home, pgUrl, `${fmt(rows)} clues`, {
    async spec(db) {
      const { rows: targetRows } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(db);
      const keepers = (
        await db.selectFrom('users').select('id').where('username', 'in', ['casemgr', 'tstaff1', 'office1']).execute()
      ).map((u) => u.id);
      return {
        rows,
        targets: weightTargets(targetRows),
        keepers,
        end: new Date().toISOString(),
        years: 3,
        progress: loadProgress(rows),
      };
    },
    sqlite: loadCluesSqlite,
    postgres: loadCluesPostgres,
  });
  if (RUN.loadOnly) return;

  const rig = await openRig(engine, home, pgUrl);
  const keepers = (
    await rig.readDb
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['casemgr', 'tstaff1', 'office1'])
      .execute()
  ).map((u) => u.id);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  try {
    await measureReaders(rig, RUN, {
      label: (username) => `${engine} GET /api/clues as ${username}`,
      overall: `${engine} GET /api/clues, ${fmt(rows)} clues: overall p95`,
      apart: (name) => name === STRESS,
      async classes({ username, cookie, ctx }) {
        const first = await getJson<ListBody>(`${rig.server.base}/api/clues?pageSize=${PAGE_SIZE}`, cookie);
        const numbers = first.items.map((r) => r.number);
        // Full names as an officer would search them: seen on the first pages of their own ledger.
        const names: string[] = [];
        // The cursor of page 49 (walked once, by keyset), for page 50 by cursor.
        let cursor = first.nextCursor;
        for (let page = 2; page < 50 && cursor; page++) {
          const body = await getJson<ListBody>(
            `${rig.server.base}/api/clues?${qs({ pageSize: PAGE_SIZE, page, after: cursor })}`,
            cookie,
          );
          for (const r of body.items)
            for (const n of (r.subjectNames ?? '').split('、'))
              if ([...n].length === 3 && n !== ADVERSARIAL_NAME && names.length < 40) names.push(n);
          cursor = body.nextCursor;
        }
        if (!cursor || names.length === 0) throw new Error(`${username}: fewer than 50 pages or no names seen`);
        const page49 = cursor;
        console.log(
          `\n${username}: ${first.totalCapped ? 'more than ' : ''}${fmt(first.total)} clues in scope (load ${hostLoad()})`,
        );
        const classes: LedgerClass[] = [
          { name: 'no filter, page 1', make: () => ({}) },
          { name: 'page 50 by offset', make: () => ({ page: 50 }) },
          { name: 'page 50 by cursor', make: () => ({ page: 50, after: page49 }) },
          { name: 'status=registered', make: (i) => ({ status: 'registered', page: 1 + (i % 3) }) },
          { name: 'disposal=verification', make: () => ({ disposal: 'verification' }) },
          {
            name: 'source=audit, 90-day from/to',
            make: (i) => ({ source: 'audit', from: isoDaysAgo(90 + i * 37), to: isoDaysAgo(i * 37) }),
          },
          { name: 'clock=overdue', make: () => ({ clock: 'overdue' }) },
          { name: 'clock=due_soon', make: () => ({ clock: 'due_soon' }) },
          { name: `keeperId=<keeper>`, make: (i) => ({ keeperId: keepers[i % keepers.length]! }) },
          { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
          { name: 'q=<number>', make: (i) => ({ q: numbers[i % numbers.length]! }) },
          { name: 'q=<surname> (王 李 张 …)', make: (i) => ({ q: COMMON_SURNAMES[i % COMMON_SURNAMES.length]! }) },
          { name: 'q=<full name> (seen in own ledger)', make: (i) => ({ q: names[i % names.length]! }) },
          { name: STRESS, make: () => ({ q: ADVERSARIAL_NAME }) },
        ];
        return ledgerClasses('/api/clues', PAGE_SIZE, classes, (q) => readClueLedgerPage(ctx, q));
      },
    });
  } finally {
    await rig.close();
  }
}

runLegs(RUN, runOn);
