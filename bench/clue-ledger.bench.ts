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
import { fmt, heading, runMain } from './lib/common.js';
import { loadCluesPostgres, loadCluesSqlite } from './lib/clues-load.js';
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
import { ADVERSARIAL_NAME, COMMON_SURNAMES, TARGETS_SQL, type Target, weightTargets } from './lib/reports-load.js';

const ROWS = Number(process.env.BENCH_CLUE_ROWS ?? 2_000_000);
const PG_ROWS = Number(process.env.BENCH_CLUE_PG_ROWS ?? ROWS);
const REQUESTS = Number(process.env.BENCH_CLUE_REQUESTS ?? 20);
/** A folder to keep the loaded data in between runs (see `dataHome`); unset: fresh temp data. */
const KEEP = process.env.BENCH_CLUE_KEEP;
/** With BENCH_CLUE_KEEP: load (if not yet) and stop, no requests. */
const LOAD_ONLY = process.env.BENCH_CLUE_LOAD_ONLY === '1';
/** Only the classes whose name matches (e.g. `surname|stress`). */
const CLASSES = process.env.BENCH_CLUE_CLASSES ? new RegExp(process.env.BENCH_CLUE_CLASSES) : null;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const B = 'clue-ledger';
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
  const home = await dataHome('clues', engine, rows, pgUrl, KEEP);
  await loadOnce(B, engine, home, pgUrl, `${fmt(rows)} clues`, {
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
        progress: (done: number) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`),
      };
    },
    sqlite: loadCluesSqlite,
    postgres: loadCluesPostgres,
  });
  if (LOAD_ONLY) return;

  const rig = await openRig(engine, home, pgUrl);
  const keepers = (
    await rig.readDb
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['casemgr', 'tstaff1', 'office1'])
      .execute()
  ).map((u) => u.id);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  const allHttp: number[] = [];
  const allRaw: number[] = [];
  try {
    for (const username of ['township1', 'casemgr']) {
      const { cookie, ctx } = await rig.signIn(username);
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
      const classes: { name: string; make: (i: number) => Params }[] = [
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
      const userHttp: number[] = [];
      const userRaw: number[] = [];
      for (const c of classes.filter((x) => !CLASSES || CLASSES.test(x.name))) {
        const cls: RequestClass = {
          name: c.name,
          url: (i) => `/api/clues?${qs({ pageSize: PAGE_SIZE, ...c.make(i) })}`,
          replay: (i) => readClueLedgerPage(ctx, { page: 1, pageSize: PAGE_SIZE, ...c.make(i) }),
          note: (body) => `total ${fmt((body as ListBody).total)}`,
        };
        const t = await measureClass(rig, {
          bench: B,
          label: `${engine} GET /api/clues as ${username}`,
          cookie,
          cls,
          requests: REQUESTS,
          targetMs: TARGET_P95_MS,
          plans: process.env.BENCH_CLUE_PLANS === '1',
        });
        if (c.name !== STRESS) {
          userHttp.push(...t.httpMs);
          userRaw.push(...t.rawMs);
        }
      }
      reportGroup(B, `${engine} GET /api/clues as ${username}: all classes p95`, userHttp, userRaw, TARGET_P95_MS);
      allHttp.push(...userHttp);
      allRaw.push(...userRaw);
    }
    reportGroup(B, `${engine} GET /api/clues, ${fmt(rows)} clues: overall p95`, allHttp, allRaw, TARGET_P95_MS);
  } finally {
    await rig.close();
  }
}

runMain('clue-ledger.bench', async () => {
  if (process.env.BENCH_CLUE_SKIP_SQLITE !== '1') await runOn('sqlite', ROWS, undefined);
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) await runOn('postgres', PG_ROWS, pgUrl);
  else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
});
