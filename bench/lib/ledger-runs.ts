/**
 * The run of a ledger benchmark around `ledger-bench.ts`'s pieces, as the case, case page, clue
 * and sanctions benches share it: the demo county's (township commission, village) targets and
 * the load's progress line, a ledger's filter classes as request classes, the readers' loop (each
 * signed in, its classes measured, its p95 and the run's reported), and the two engines' legs.
 */
import type { Ctx } from '../../src/server/shared/context.js';
import { fmt, runMain } from './common.js';
import {
  type BenchRig,
  type Engine,
  type Params,
  type RequestClass,
  measureClass,
  qs,
  reportGroup,
} from './ledger-bench.js';

/** The demo county's (township commission, village) pairs, as the bulk loads' `Target`s. */
export const TOWNSHIP_VILLAGE_TARGETS = `
  select u.id as unit_id, u.path as unit_path, g.code as region_code, g.path as region_path, g.county_code as county_code
  from units u join regions g on g.parent_code = u.region_code and g.level = 'village'
  where u.kind = 'township_commission' order by g.code`;

/** The load's progress line (`loaded n / rows`), rewritten in place. */
export function loadProgress(rows: number): (done: number) => void {
  return (done) => process.stdout.write(`\r  loaded ${fmt(done)} / ${fmt(rows)}`);
}

/** A ledger's filter class: its name and the query of request `i`. */
export interface LedgerClass {
  name: string;
  make: (i: number) => Params;
}

/**
 * A ledger's filter classes as request classes: `GET <path>?pageSize=…&<query>` over HTTP, and
 * `replay` (the app's own page read) with page 1, `pageSize` and the query; the total is noted.
 */
export function ledgerClasses(
  path: string,
  pageSize: number,
  classes: readonly LedgerClass[],
  replay: (query: Params & { page: number; pageSize: number }) => Promise<unknown>,
): RequestClass[] {
  return classes.map((c) => ({
    name: c.name,
    url: (i) => `${path}?${qs({ pageSize, ...c.make(i) })}`,
    replay: (i) => replay({ page: 1, pageSize, ...c.make(i) }),
    note: (body) => `total ${fmt((body as { total: number }).total)}`,
  }));
}

/** A ledger bench's settings: its name and target, and its environment's `<prefix>_…` over its defaults. */
export interface BenchSettings {
  bench: string;
  targetMs: number;
  /** `<prefix>_ROWS`: the rows loaded. */
  rows: number;
  /** `<prefix>_PG_ROWS`: the rows of the PostgreSQL leg (default `rows`). */
  pgRows: number;
  /** `<prefix>_REQUESTS`: timed requests per class. */
  requests: number;
  /** `<prefix>_CLASSES`: only the classes whose name matches. */
  only: RegExp | null;
  /** `<prefix>_USERS` (a,b): the readers. */
  users: string[];
  /** `<prefix>_KEEP`: the folder to keep the loaded data in (see `dataHome`). */
  keep: string | undefined;
  /** `<prefix>_PLANS=1`: every class's plans. */
  plans: boolean;
  /** `<prefix>_SKIP_SQLITE=1`: the PostgreSQL leg only. */
  skipSqlite: boolean;
  /** `<prefix>_LOAD_ONLY=1`: load (with KEEP: if not yet) and stop. */
  loadOnly: boolean;
}

/** The settings of bench `bench`, read from the environment variables `<prefix>_…` (each bench's header lists its own). */
export function benchSettings(
  bench: string,
  prefix: string,
  defaults: { rows: number; targetMs: number; users: readonly string[]; requests?: number },
): BenchSettings {
  const env = (name: string) => process.env[`${prefix}_${name}`];
  const rows = Number(env('ROWS') ?? defaults.rows);
  const only = env('CLASSES');
  return {
    bench,
    targetMs: defaults.targetMs,
    rows,
    pgRows: Number(env('PG_ROWS') ?? rows),
    requests: Number(env('REQUESTS') ?? defaults.requests ?? 20),
    only: only ? new RegExp(only) : null,
    users: (env('USERS') ?? defaults.users.join(',')).split(','),
    keep: env('KEEP'),
    plans: env('PLANS') === '1',
    skipSqlite: env('SKIP_SQLITE') === '1',
    loadOnly: env('LOAD_ONLY') === '1',
  };
}

/** How `measureReaders` names its figures and finds a reader's classes. */
export interface ReadersRun {
  /** The label of a reader's class figures. */
  label(username: string): string;
  /** The name of a reader's p95 over its classes (default: its label, `: all classes p95`). */
  group?(username: string): string;
  /** The name of the run's p95 over every reader's classes. */
  overall: string;
  /** A reader's classes (after any first look it prints), given its cookie and capturing context. */
  classes(reader: { username: string; cookie: string; ctx: Ctx }): Promise<RequestClass[]>;
  /** Classes measured but left out of the p95s (a stress class). */
  apart?(name: string): boolean;
}

/**
 * Signs each of the settings' readers in, measures its classes (`measureClass`), reports its p95
 * over them and, at the end, the p95 over all the readers' requests, each with its raw ceiling.
 */
export async function measureReaders(rig: BenchRig, settings: BenchSettings, run: ReadersRun): Promise<void> {
  const { bench, only, requests, targetMs, plans } = settings;
  const allHttp: number[] = [];
  const allRaw: number[] = [];
  for (const username of settings.users) {
    const { cookie, ctx } = await rig.signIn(username);
    const classes = await run.classes({ username, cookie, ctx });
    const userHttp: number[] = [];
    const userRaw: number[] = [];
    for (const cls of classes.filter((x) => !only || only.test(x.name))) {
      const t = await measureClass(rig, { bench, label: run.label(username), cookie, cls, requests, targetMs, plans });
      if (run.apart?.(cls.name)) continue;
      userHttp.push(...t.httpMs);
      userRaw.push(...t.rawMs);
    }
    const group = run.group?.(username) ?? `${run.label(username)}: all classes p95`;
    reportGroup(bench, group, userHttp, userRaw, targetMs);
    allHttp.push(...userHttp);
    allRaw.push(...userRaw);
  }
  reportGroup(bench, run.overall, allHttp, allRaw, targetMs);
}

/**
 * The bench's main: its SQLite leg with `rows` (unless SKIP_SQLITE), then its PostgreSQL leg with
 * `pgRows` when BENCH_PG_URL is set.
 */
export function runLegs(
  settings: BenchSettings,
  runOn: (engine: Engine, rows: number, pgUrl: string | undefined) => Promise<void>,
): void {
  runMain(`${settings.bench}.bench`, async () => {
    if (!settings.skipSqlite) await runOn('sqlite', settings.rows, undefined);
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) await runOn('postgres', settings.pgRows, pgUrl);
    else console.log('\n(BENCH_PG_URL not set: PostgreSQL leg skipped)');
  });
}
