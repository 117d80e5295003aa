/**
 * Runs every benchmark in sequence (each in its own process) and prints a summary table of
 * figures, targets, ceilings and ratios; also writes bench/out/summary.md and summary.json.
 * `npm run bench` runs all; `npm run bench -- http memory` runs a subset. PostgreSQL legs run
 * when BENCH_PG_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Figure, ROOT, fmt, readFigures } from './lib/common.js';

const BENCHES = [
  'http',
  'audit-verify',
  'scoped-list',
  'memory',
  'intake-submit',
  'ledger-list',
  'ledger-export',
  'recusal-check',
  'case-page',
  'sanctions-ledger',
  'rectification-ledger',
  'meetings-report',
  'disclosure',
  'micro-powers',
  'subsidy-lookup',
  'grid-ranking',
  'metrics-hook',
  'audit-archive',
  'backup',
  'migrate',
];

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** A fixed CPU workload so figures from different machines can be put side by side. */
function calibrate(): number {
  const buf = Buffer.alloc(300, 7);
  const n = 100_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) createHash('sha256').update(buf).digest('hex');
  return n / ((performance.now() - t) / 1000);
}

function runBench(name: string, resultsFile: string): Promise<number | null> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.bench.ts`], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
    });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('exit', (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      res(code);
    });
  });
}

function table(rows: Figure[]): string {
  const head = ['benchmark', 'figure', 'value', 'target', 'result', 'ceiling', 'ratio'];
  const body = rows.map((f) => [
    f.bench,
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.target ? `${f.target.op} ${fmt(f.target.value)} ${f.unit}` : '—',
    f.status === 'INFO' ? '—' : f.status,
    f.ceiling ? `${f.ceiling.name}: ${fmt(f.ceiling.value)} ${f.unit}` : '—',
    f.ratio !== undefined ? f.ratio.toFixed(2) : '—',
  ]);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const list = wanted.length ? BENCHES.filter((b) => wanted.includes(b)) : BENCHES;
  const outDir = join(ROOT, 'bench/out/results');
  mkdirSync(outDir, { recursive: true });
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}/${process.arch}`;
  const calib = calibrate();
  const started = new Date();
  console.log(`benchmarks: ${list.join(', ')}`);
  console.log(`machine: ${machine}`);
  console.log(`CPU calibration: ${fmt(calib)} sha256(300 B)/s on one thread; load average ${load()}`);
  console.log(
    `PostgreSQL: ${process.env.BENCH_PG_URL ? process.env.BENCH_PG_URL.replace(/\/\/[^@]*@/, '//…@') : 'not set (SQLite only)'}`,
  );

  const runs: { name: string; code: number | null; seconds: number; loadBefore: string; loadAfter: string }[] = [];
  const all: Figure[] = [];
  for (const name of list) {
    const file = join(outDir, `${name}.jsonl`);
    rmSync(file, { force: true });
    const loadBefore = load();
    const t = performance.now();
    const code = await runBench(name, file);
    runs.push({ name, code, seconds: (performance.now() - t) / 1000, loadBefore, loadAfter: load() });
    all.push(...readFigures(file));
  }

  const summary = [
    `Run of ${started.toISOString()} — ${machine}`,
    `CPU calibration: ${fmt(calib)} sha256(300 B)/s on one thread`,
    '',
    '| benchmark | exit | seconds | load average before | after |',
    '| --- | --- | --- | --- | --- |',
    ...runs.map((r) => `| ${r.name} | ${r.code} | ${r.seconds.toFixed(0)} | ${r.loadBefore} | ${r.loadAfter} |`),
    '',
    table(all),
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/out/summary.md'), summary);
  writeFileSync(
    join(ROOT, 'bench/out/summary.json'),
    JSON.stringify({ started, machine, calibration: calib, runs, figures: all }, null, 2),
  );
  console.log(`\n=== summary (also in bench/out/summary.md) ===\n${summary}`);
  const misses = all.filter((f) => f.status === 'MISS');
  const failed = runs.filter((r) => r.code !== 0);
  console.log(
    `${all.filter((f) => f.status === 'PASS').length} targets met, ${misses.length} missed${misses.length ? `: ${misses.map((f) => f.name).join('; ')}` : ''}` +
      (failed.length ? `; benchmarks that failed to run: ${failed.map((r) => r.name).join(', ')}` : ''),
  );
  console.log(`total ${(runs.reduce((s, r) => s + r.seconds, 0) / 60).toFixed(1)} min`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
