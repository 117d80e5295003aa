import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Shared plumbing of the benchmarks: figures and their PASS/MISS lines, temp folders and child
 * processes that are always cleaned up (normal exit, error, Ctrl-C), free ports, percentiles.
 */

/** The repository root (bench/lib/../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Password of every demo account the benchmarks seed. */
export const BENCH_PASSWORD = 'Bench-Pass-2026';

/** A target a figure is held to. */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** One reported figure. */
export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  target?: Target | undefined;
  /** The ceiling measured in the same run, in the same unit. */
  ceiling?: { name: string; value: number } | undefined;
  /** value / ceiling.value. */
  ratio?: number | undefined;
  status: 'PASS' | 'MISS' | 'INFO';
  note?: string | undefined;
}

const figures: Figure[] = [];

/** Formats a number with a sensible number of digits. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Records and prints one figure as `name: value unit (target …: PASS) — ratio vs ceiling …: x.xx`. */
export function report(f: Omit<Figure, 'status' | 'ratio'> & { status?: Figure['status'] }): Figure {
  const ratio = f.ceiling && f.ceiling.value !== 0 ? f.value / f.ceiling.value : undefined;
  const status: Figure['status'] =
    f.status ??
    (f.target
      ? (f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value)
        ? 'PASS'
        : 'MISS'
      : 'INFO');
  const fig: Figure = { ...f, ratio, status };
  figures.push(fig);
  let line = `${f.name}: ${fmt(f.value)} ${f.unit}`;
  line += f.target ? ` (target ${f.target.op} ${fmt(f.target.value)} ${f.unit}: ${status})` : ' (no target)';
  if (f.ceiling && ratio !== undefined)
    line += ` — ratio vs ceiling [${f.ceiling.name} = ${fmt(f.ceiling.value)} ${f.unit}]: ${ratio.toFixed(2)}`;
  if (f.note) line += `  # ${f.note}`;
  console.log(line);
  const out = process.env.BENCH_RESULTS_FILE;
  if (out) appendFileSync(out, JSON.stringify(fig) + '\n');
  return fig;
}

/** Reads the figures a benchmark appended to a results file (one JSON object a line). */
export function readFigures(file: string): Figure[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Figure);
  } catch {
    return [];
  }
}

/** Prints a section heading. */
export function heading(text: string): void {
  console.log(`\n=== ${text} ===`);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: temp folders and child processes are removed on exit, on errors and on signals.

const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();
const asyncCleanups: (() => Promise<void>)[] = [];

function syncCleanup(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  children.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

process.on('exit', syncCleanup);
let asyncCleanupRun: Promise<void> | null = null;

/** Runs the registered async cleanups once; every caller awaits the same run. */
function runAsyncCleanups(): Promise<void> {
  asyncCleanupRun ??= (async () => {
    for (const c of asyncCleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        console.error('cleanup failed:', err instanceof Error ? err.message : err);
      }
    }
  })();
  return asyncCleanupRun;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    syncCleanup();
    // Give async cleanups (PostgreSQL schemas) up to 10 s, then leave.
    const timer = setTimeout(() => process.exit(130), 10_000);
    void runAsyncCleanups().then(() => {
      clearTimeout(timer);
      process.exit(130);
    });
  });
}

/** Creates a temp folder that is removed when the process ends. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `qf-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes a temp folder now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Registers an async cleanup (e.g. dropping a PostgreSQL schema) that `runMain` awaits. */
export function onCleanup(fn: () => Promise<void>): void {
  asyncCleanups.push(fn);
}

/** Runs a benchmark's main: errors are printed, cleanups run, exit code 0 unless it threw. */
export function runMain(name: string, fn: () => Promise<void>): void {
  const t0 = Date.now();
  fn()
    .then(
      () => 0,
      (err: unknown) => {
        console.error(`${name} FAILED:`, err instanceof Error ? (err.stack ?? err.message) : err);
        return 1;
      },
    )
    .then(async (code) => {
      await stopAllChildren();
      await runAsyncCleanups();
      console.log(`${name} finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      syncCleanup();
      process.exit(code);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------
// Child processes.

/** A spawned child whose output is drained and kept (last 64 KB) for error messages. */
export interface Child {
  proc: ChildProcess;
  pid: number;
  /** Output so far (stdout + stderr, truncated to the last 64 KB). */
  output(): string;
  /** Resolves with the first stdout line matching `re`, or rejects when the child exits first. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `cmd args` in the repository root, tracked for cleanup. */
export function spawnChild(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { echo?: boolean } = {},
): Child {
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`could not spawn ${cmd}`);
  children.add(proc);
  let buf = '';
  let lineBuf = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const keep = (s: string) => {
    buf = (buf + s).slice(-65536);
    if (opts.echo) process.stdout.write(s);
  };
  proc.stdout.setEncoding('utf8').on('data', (s: string) => {
    keep(s);
    lineBuf += s;
    let i: number;
    while ((i = lineBuf.indexOf('\n')) >= 0) {
      const line = lineBuf.slice(0, i);
      lineBuf = lineBuf.slice(i + 1);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
    if (lineBuf.length > 65536) lineBuf = lineBuf.slice(-65536);
  });
  proc.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise<number | null>((res) => {
    proc.once('exit', (code) => {
      children.delete(proc);
      res(code);
    });
  });
  const child: Child = {
    proc,
    pid: proc.pid,
    output: () => buf,
    waitForLine(re, timeoutMs) {
      return new Promise((res, rej) => {
        const timer = setTimeout(
          () => rej(new Error(`timed out waiting for ${re} from ${cmd}; output:\n${buf.slice(-4000)}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            res(m);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          rej(
            new Error(`${cmd} ${args.join(' ')} exited (${code}) before printing ${re}; output:\n${buf.slice(-4000)}`),
          );
        });
      });
    },
    exited,
    async stop(graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
  return child;
}

async function stopAllChildren(): Promise<void> {
  for (const c of [...children]) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 3000);
    await new Promise<void>((res) => c.once('exit', () => res()));
    clearTimeout(t);
  }
}

/** Node with the tsx loader: `node --import tsx <file> …`. */
export function tsxArgs(file: string, ...rest: string[]): string[] {
  return ['--import', 'tsx', file, ...rest];
}

/** Runs a command to completion; resolves with code, output and wall time. */
export async function runToEnd(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = performance.now();
  const c = spawnChild(cmd, args, env);
  const timer = setTimeout(() => void c.stop(1000), timeoutMs);
  const code = await c.exited;
  clearTimeout(timer);
  return { code, output: c.output(), ms: performance.now() - t0 };
}

/** An environment for a child that must not pick up the caller's database settings. */
export function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    'DATABASE_URL',
    'QF_PG_SCHEMA',
    'QF_MASTER_KEY_FILE',
    'QF_DATA_DIR',
    'QF_DEMO_PASSWORD',
    'PORT',
    'HOST',
    'BENCH_RESULTS_FILE',
  ])
    delete env[k];
  return { ...env, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Misc.

/** Returns a TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** Polls `url` until it answers 200. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** The `p`-th percentile (0–100) of `values` (nearest-rank on a sorted copy). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank]!;
}

/** A fresh PostgreSQL schema name for this process. */
export function pgSchemaName(tag: string): string {
  return `bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
}

/** Creates a PostgreSQL schema and registers its drop as a cleanup. */
export async function createPgSchema(url: string, schema: string): Promise<void> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  onCleanup(() => dropPgSchema(url, schema));
}

/** Drops a PostgreSQL schema (idempotent). */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

/** Signs in through real HTTP and returns the session cookie (`qf_session=…`). */
export async function login(
  base: string,
  username: string,
  password = BENCH_PASSWORD,
): Promise<{ cookie: string; token: string }> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await r.text();
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${body}`);
  const set = r.headers.getSetCookie().find((c) => c.startsWith('qf_session='));
  if (!set) throw new Error(`login ${username}: no session cookie`);
  const cookie = set.split(';')[0]!;
  return { cookie, token: decodeURIComponent(cookie.slice('qf_session='.length)) };
}

/** The machine, for the report. */
export function machineLine(): string {
  return `node ${process.version}, ${process.platform}/${process.arch}`;
}
