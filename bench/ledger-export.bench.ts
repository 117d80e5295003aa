/**
 * Excel export of the intake ledger streams: GET /api/reports/export.xlsx through the real app
 * (child process, `bench/lib/server-child.ts`) as `intake`, who holds report.identity, so the two
 * identity columns are opened (decrypted) row by row. The SQLite database is migrated, seeded
 * with the demo county and bulk-loaded (`bench/lib/reports-load.ts`) so that about 100,000 ledger
 * rows are in scope; one in three rows is named, with a reporter identity sealed by the data
 * folder's master key exactly as intake seals it.
 *
 * Measured: time and bytes of the download, and the server's peak RSS growth during it
 * (peak-RSS counter reset through /proc/<pid>/clear_refs, then VmHWM − VmRSS before; RSS is also
 * sampled every 20 ms; target <= 100 MB). The file is parsed back with exceljs's streaming
 * reader and its data rows must equal the ledger count of the same filters (GET /api/reports
 * total); a mismatch fails the bench.
 * Ceiling: exceljs's streaming writer writing the same number of rows of constant data to
 * /dev/null in a process of the same type (`bench/lib/xlsx-child.ts`).
 * Env: BENCH_EXPORT_ROWS (ledger rows wanted in scope, default 100,000).
 */
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { openPlatform } from '../src/server/bootstrap.js';
import { reporterContext } from '../src/server/modules/reports/index.js';
import { DEMO_PRESET } from '../src/server/seed/presets.js';
import { applyPreset } from '../src/server/seed/seed.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { Keyring } from '../src/server/shared/crypto.js';
import { BENCH_PASSWORD, fmt, heading, login, makeTempDir, report, runMain, runToEnd, tsxArgs } from './lib/common.js';
import { TARGETS_SQL, type Target, loadSqlite, weightTargets } from './lib/reports-load.js';
import { startServer } from './lib/server.js';

const WANTED = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const B = 'ledger-export';

function mb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Counts the data rows of the first sheet with exceljs's streaming reader. */
async function countRows(file: string): Promise<{ rows: number; columns: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  let rows = 0;
  let columns = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      if (rows === 0) columns = row.cellCount;
      rows++;
    }
    break;
  }
  return { rows: Math.max(0, rows - 1), columns };
}

runMain('ledger-export.bench', async () => {
  heading(`ledger export: GET /api/reports/export.xlsx as intake, ~${fmt(WANTED)} ledger rows, SQLite`);
  const dir = makeTempDir('export');
  const file = join(dir, 'qingfeng.sqlite');
  const config: AppConfig = {
    ...loadConfig({}),
    dataDir: dir,
    masterKeyFile: join(dir, 'master.key'),
    databaseUrl: `sqlite:${file}`,
    rateLimits: false,
    serveConsole: false,
  };
  const t0 = performance.now();
  const platform = await openPlatform(config);
  await applyPreset(platform.database, DEMO_PRESET, { password: BENCH_PASSWORD });
  const { rows: targetRows } = await sql.raw<Target & { kind: string }>(TARGETS_SQL).execute(platform.database.db);
  // 1 in 20 generated rows is a transfer record outside the ledger and ~1.5 % fall outside the
  // intake officer's scope: load 8 % more than wanted.
  const rows = Math.ceil(WANTED * 1.08);
  const lite = platform.database.sqlite!;
  loadSqlite(lite, { rows, targets: weightTargets(targetRows), end: new Date().toISOString(), years: 3 });
  // Seal a reporter identity into every named row, as intake does.
  const keyring = new Keyring(platform.masterKey);
  const named = lite.prepare(`select id from reports where anonymous = 0`).all() as { id: string }[];
  const upd = lite.prepare(`update reports set reporter_enc = ? where id = ?`);
  lite.transaction(() => {
    for (const [i, r] of named.entries())
      upd.run(
        keyring.seal(
          JSON.stringify({ name: `举报人${i}`, phone: `139${String(i).padStart(8, '0')}` }),
          reporterContext(r.id),
        ),
        r.id,
      );
  })();
  await platform.database.close();
  console.log(
    `loaded ${fmt(rows)} reports (${fmt(named.length)} named, identities sealed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const server = await startServer({ mode: 'app', dataDir: dir, preset: 'none', log: 'info' });
  const pid = server.child.pid;
  let run: { ms: number; bytes: number; growth: number; sampledGrowth: number; before: number; hwm: number };
  let total: number;
  const out = join(dir, 'export.xlsx');
  try {
    const { cookie } = await login(server.base, 'intake');
    // The list's total is capped at 10,000; the counts endpoint gives the exact figure.
    const probe = await fetch(`${server.base}/api/reports/counts`, { headers: { cookie } });
    total = ((await probe.json()) as { items: { count: number }[] }).items.reduce((a, c) => a + c.count, 0);
    // Warm the route on a small export (one month), as a server in use has.
    const warm = await fetch(`${server.base}/api/reports/export.xlsx?from=2026-10-01&to=2026-10-31`, {
      headers: { cookie },
    });
    await warm.arrayBuffer();
    const before = mb(pid, 'VmRSS');
    let cleared = true;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      cleared = false;
    }
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, mb(pid, 'VmRSS'));
    }, 20);
    const t = performance.now();
    const res = await fetch(`${server.base}/api/reports/export.xlsx`, { headers: { cookie } });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(out));
    const ms = performance.now() - t;
    clearInterval(timer);
    const hwm = mb(pid, 'VmHWM');
    run = {
      ms,
      bytes: statSync(out).size,
      growth: cleared ? hwm - before : peak - before,
      sampledGrowth: peak - before,
      before,
      hwm,
    };
  } finally {
    await server.child.stop();
  }
  const parsed = await countRows(out);
  console.log(
    `export: ${fmt(run.bytes / 2 ** 20)} MiB in ${(run.ms / 1000).toFixed(2)} s; server RSS before ${fmt(run.before)} MB, peak ${fmt(run.hwm)} MB (sampled growth ${fmt(run.sampledGrowth)} MB); parsed ${fmt(parsed.rows)} data rows × ${parsed.columns} columns; ledger total ${fmt(total)}`,
  );

  // Ceiling: the bare streaming writer, same row count and column count, to /dev/null.
  const c = await runToEnd(process.execPath, tsxArgs('bench/lib/xlsx-child.ts'), {
    BENCH_XLSX_ROWS: String(total),
    BENCH_XLSX_COLUMNS: String(parsed.columns || 18),
  });
  const m = c.output.match(/BENCH_XLSX (.*)/);
  if (c.code !== 0 || !m) throw new Error(`xlsx ceiling failed (${c.code}): ${c.output.slice(-2000)}`);
  const ceil = JSON.parse(m[1]!) as { rows: number; ms: number; rssBefore: number; hwm: number };
  const ceilGrowth = ceil.hwm - ceil.rssBefore;
  console.log(
    `ceiling: ${fmt(ceil.rows)} constant rows in ${(ceil.ms / 1000).toFixed(2)} s, RSS ${fmt(ceil.rssBefore)} → peak ${fmt(ceil.hwm)} MB`,
  );

  report({
    bench: B,
    name: `export.xlsx (${fmt(total)} rows, with identity): server peak RSS growth`,
    value: run.growth,
    unit: 'MB',
    target: { op: '<=', value: 100 },
    ceiling: { name: 'bare exceljs stream writer, same rows', value: ceilGrowth },
  });
  report({
    bench: B,
    name: `export.xlsx (${fmt(total)} rows): time`,
    value: run.ms / 1000,
    unit: 's',
    ceiling: { name: 'bare exceljs stream writer to /dev/null', value: ceil.ms / 1000 },
    note: `${fmt((total / run.ms) * 1000)} rows/s`,
  });
  report({ bench: B, name: 'export.xlsx size', value: run.bytes / 2 ** 20, unit: 'MiB' });
  const ok = parsed.rows === total;
  report({
    bench: B,
    name: 'export.xlsx data rows == ledger count',
    value: parsed.rows,
    unit: 'rows',
    status: ok ? 'PASS' : 'MISS',
    note: `ledger total ${total}`,
  });
  if (!ok) throw new Error(`export has ${parsed.rows} data rows, the ledger ${total}`);
});
