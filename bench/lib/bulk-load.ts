/**
 * The skeleton of a bulk loader (`clues-load.ts`, `cases-load.ts`): rows generated inside the
 * database in chunks (SQLite: a recursive CTE; PostgreSQL: generate_series), each about one of the
 * demo county's (commission, village) targets; the loaded tables' secondary indexes (and, on
 * SQLite, their triggers) dropped for the load and rebuilt once, then the statistics.
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { Target } from './reports-load.js';

/** The engine a loader writes for. */
export type LoadEngine = 'sqlite' | 'postgres';

/** A loader's plan: its tables, targets and the statements of each chunk of rows. */
export interface BulkLoad {
  rows: number;
  chunk: number;
  targets: Target[];
  /** Tables whose secondary indexes (SQLite: and triggers) are dropped for the load and rebuilt. */
  tables: string[];
  /**
   * The statements loading rows [lo, hi]; a generated row select reads `from gen s` (the row
   * number `s.i`), which `genRows` writes for the engine.
   */
  chunkSql(engine: LoadEngine, lo: number, hi: number): string[];
  /** SQLite: statements after the indexes are rebuilt and before the triggers (FTS rebuilds). */
  sqliteRebuild?: string[];
  progress?: ((done: number) => void) | undefined;
}

/** `stmt` (an insert … select … `from gen s`) over the row numbers lo..hi of the engine. */
export function genRows(engine: LoadEngine, lo: number, hi: number, stmt: string): string {
  if (engine === 'postgres')
    return stmt.replace('from gen s', `from generate_series(${lo}::bigint, ${hi}::bigint) as s(i)`);
  return `with recursive gen(i) as (select ${lo} union all select i + 1 from gen where i < ${hi}) ${stmt}`;
}

/** SQL expressions of row `s.i` spread over `years` before `end`, and helpers, for the engine. */
export function rowExprs(engine: LoadEngine, spec: { rows: number; end: string; years: number }) {
  const endSec = Math.floor(Date.parse(spec.end) / 1000);
  const span = spec.years * 365 * 86400;
  const sec = `(${endSec - span} + s.i * ${(span / spec.rows).toFixed(6)})`;
  const pg = engine === 'postgres';
  return {
    /** The instant (ISO, UTC). */
    at: pg
      ? `to_char(to_timestamp(${sec}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${sec}, 'unixepoch')`,
    /** Its Shanghai date. */
    on: pg
      ? `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY-MM-DD')`
      : `strftime('%Y-%m-%d', ${sec} + 28800, 'unixepoch')`,
    /** Its Shanghai year. */
    year: pg
      ? `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY')`
      : `strftime('%Y', ${sec} + 28800, 'unixepoch')`,
    pad: (e: string, n: number) => (pg ? `lpad((${e})::text, ${n}, '0')` : `printf('%0${n}d', ${e})`),
    mod: (a: string, b: number) => (pg ? `((${a}) % ${b})::int` : `((${a}) % ${b})`),
  };
}

function targetsValues(targets: Target[]): string {
  return targets
    .map(
      (t, k) =>
        `(${k}, '${t.unit_id}', '${t.unit_path}', '${t.region_code}', '${t.region_path}', ${t.county_code ? `'${t.county_code}'` : 'null'})`,
    )
    .join(',');
}

const TARGETS_TABLE = `create temp table bench_targets (k integer primary key, unit_id text, unit_path text,
  region_code text, region_path text, county_code text)`;

/** Runs `load` on SQLite (one transaction per chunk); returns the load time (ms). */
export function bulkLoadSqlite(db: SqliteDatabase.Database, load: BulkLoad): number {
  const t0 = performance.now();
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('busy_timeout = 120000');
  const list = load.tables.map((t) => `'${t}'`).join(', ');
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name in (${list}) and sql is not null`)
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  const triggers = db
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name in (${list})`)
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);
  db.exec(TARGETS_TABLE);
  db.exec(`insert into bench_targets values ${targetsValues(load.targets)}`);
  for (let lo = 1; lo <= load.rows; lo += load.chunk) {
    const hi = Math.min(load.rows, lo + load.chunk - 1);
    db.transaction(() => {
      for (const s of load.chunkSql('sqlite', lo, hi)) db.exec(s);
    })();
    load.progress?.(hi);
  }
  for (const i of indexes) db.exec(i.sql);
  for (const s of load.sqliteRebuild ?? []) db.exec(s);
  for (const t of triggers) db.exec(t.sql);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('analyze');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return performance.now() - t0;
}

/**
 * Runs `load` on PostgreSQL (triggers off: `session_replication_role = replica`); `analyze`: the
 * tables vacuumed and analysed after. Returns the load time (ms).
 */
export async function bulkLoadPostgres(
  client: pg.Client,
  schema: string,
  load: BulkLoad,
  analyze: string[] = load.tables,
): Promise<number> {
  const t0 = performance.now();
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`set synchronous_commit = off`);
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `select i.indexname as name, i.indexdef as sql from pg_indexes i
     where i.schemaname = $1 and i.tablename = any($2)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = $1::regnamespace)`,
    [schema, load.tables],
  );
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  await client.query(TARGETS_TABLE);
  await client.query(`insert into bench_targets values ${targetsValues(load.targets)}`);
  for (let lo = 1; lo <= load.rows; lo += load.chunk) {
    const hi = Math.min(load.rows, lo + load.chunk - 1);
    for (const s of load.chunkSql('postgres', lo, hi)) await client.query(s);
    load.progress?.(hi);
  }
  for (const i of indexes) await client.query(i.sql);
  await client.query(`set session_replication_role = origin`);
  for (const t of analyze) await client.query(`vacuum analyze ${t}`);
  return performance.now() - t0;
}
