/**
 * What keeping the ledger's search index costs a submission on SQLite, option by option (issue 11,
 * migration `2026120604_search_pending`). A database is migrated, seeded with the demo county and
 * bulk-loaded with BENCH_SEARCH_ROWS reports (`bench/lib/reports-load.ts`); then, for each option,
 * a copy of that file gets the option's triggers and BENCH_SEARCH_INSERTS report rows are
 * inserted as the group commit writes them: transactions of BENCH_SEARCH_GROUP rows, each row in
 * its own savepoint, WAL with `synchronous = NORMAL` (the fdatasync is the app's, outside the
 * transaction, and left out here; so is the checkpoint, which the app runs on a thread).
 * Options, alternated over BENCH_SEARCH_ROUNDS rounds:
 *   - none: no insert trigger (the floor);
 *   - fts: the FTS5 trigram insert trigger of `2026120508` (detail=full, default merging);
 *   - fts automerge=16 / crisismerge=64: the same table with fewer, larger merges;
 *   - fts detail=column: a trigram table without positions (a search must re-check its rows);
 *   - pending: the trigger appends the rowid to `reports_search_pending`, folded in batches later
 *     (the fold's own cost is reported per row: one transaction per BENCH_SEARCH_FOLD rows).
 * Reports µs per inserted row (wall time of this one thread; no other process involved).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openPlatform } from '../src/server/bootstrap.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { foldSearchSql } from '../src/server/modules/reports/index.js';
import { BENCH_PASSWORD, fmt, heading, makeTempDir, percentile, report, runMain } from './lib/common.js';
import { TARGETS_SQL, type Target, loadSqlite, weightTargets } from './lib/reports-load.js';

const ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 50_000);
const INSERTS = Number(process.env.BENCH_SEARCH_INSERTS ?? 10_000);
const GROUP = Number(process.env.BENCH_SEARCH_GROUP ?? 10);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 2);
const FOLD = Number(process.env.BENCH_SEARCH_FOLD ?? 500);
const B = 'search-index';

/** The FTS5 insert trigger of migration 2026120508. */
const FTS_TRIGGER = `create trigger reports_search_insert after insert on reports begin
  insert into reports_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
end`;

/** Each option: statements run on the copy before the inserts. */
const OPTIONS: Record<string, string[]> = {
  none: ['drop trigger if exists reports_search_insert', 'drop trigger if exists reports_search_pending_insert'],
  fts: [
    'drop trigger if exists reports_search_pending_insert',
    'drop trigger if exists reports_search_insert',
    FTS_TRIGGER,
  ],
  'fts automerge=16 crisismerge=64': [
    'drop trigger if exists reports_search_pending_insert',
    'drop trigger if exists reports_search_insert',
    FTS_TRIGGER,
    `insert into reports_search (reports_search, rank) values ('automerge', 16)`,
    `insert into reports_search (reports_search, rank) values ('crisismerge', 64)`,
  ],
  'fts detail=column': [
    'drop trigger if exists reports_search_pending_insert',
    'drop trigger if exists reports_search_insert',
    'drop trigger if exists reports_search_update',
    'drop trigger if exists reports_search_delete',
    'drop table reports_search',
    `create virtual table reports_search using fts5(number, subject_name, content = 'reports',
      content_rowid = 'rowid', tokenize = 'trigram', detail = 'column')`,
    `insert into reports_search (reports_search) values ('rebuild')`,
    FTS_TRIGGER,
  ],
  pending: [], // the migrated schema as it is (2026120604)
};

runMain('search-index.bench', async () => {
  heading(`search index on SQLite: ${fmt(INSERTS)} inserts in groups of ${GROUP} over ${fmt(ROWS)} reports`);
  const dir = makeTempDir('search-index');
  const base = join(dir, 'base.sqlite');
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: `sqlite:${base}`,
    rateLimits: false,
    serveConsole: false,
  };
  const platform = await openPlatform(config);
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const { rows: targets } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(platform.database.db);
  loadSqlite(platform.database.sqlite!, {
    rows: ROWS,
    targets: weightTargets(targets),
    end: new Date().toISOString(),
    years: 3,
  });
  await platform.database.close();

  const perRow: Record<string, number[]> = {};
  const foldPerRow: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, setup] of Object.entries(OPTIONS)) {
      const file = join(dir, `copy.sqlite`);
      copyFileSync(base, file);
      const db = new SqliteDatabase(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // As the app runs it: no checkpoint on the writing connection (a thread checkpoints).
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('temp_store = MEMORY');
      for (const s of setup) db.exec(s);
      const template = db.prepare('select * from reports order by rowid desc limit 1').get() as Record<string, unknown>;
      const cols = Object.keys(template);
      const insert = db.prepare(
        `insert into reports (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`,
      );
      const group = db.transaction((from: number) => {
        for (let i = from; i < from + GROUP; i++) {
          db.exec('savepoint s');
          insert.run({
            ...template,
            id: `z${String(i).padStart(12, '0')}`,
            number: `渑纪信〔2026〕Z${String(i).padStart(7, '0')}号`,
            receipt_hash: `zz${i}`,
            idempotency_hash: null,
            subject_name: `王建国${i % 997}`,
          });
          db.exec('release s');
        }
      });
      const t = performance.now();
      for (let i = 0; i < INSERTS; i += GROUP) group(round * 10_000_000 + i);
      const us = ((performance.now() - t) * 1000) / INSERTS;
      (perRow[name] ??= []).push(us);
      console.log(`  round ${round + 1}, ${name}: ${fmt(us)} µs per row`);
      if (name === 'pending') {
        const fold = foldSearchSql(FOLD);
        const step = db.transaction(() => {
          db.exec(fold.index);
          return db.prepare(fold.forget).run().changes;
        });
        const tf = performance.now();
        let folded = 0;
        for (let n = step(); n > 0; n = step()) folded += n;
        if (folded !== INSERTS) throw new Error(`folded ${folded} of ${INSERTS}`);
        foldPerRow.push(((performance.now() - tf) * 1000) / INSERTS);
      }
      db.close();
    }
  for (const [name, values] of Object.entries(perRow))
    report({
      bench: B,
      name: `SQLite insert of a report with the search option "${name}", µs per row (median of ${values.length})`,
      value: percentile(values, 50),
      unit: 'µs',
      ceiling: { name: 'no insert trigger', value: percentile(perRow.none!, 50) },
      note: values.map((v) => fmt(v)).join(' / '),
    });
  report({
    bench: B,
    name: `fold of the pending rows into reports_search, ${FOLD} per transaction, µs per row (median)`,
    value: percentile(foldPerRow, 50),
    unit: 'µs',
    note: foldPerRow.map((v) => fmt(v)).join(' / '),
  });
});
