/**
 * Bulk loader of the clue ledger for `bench/clue-ledger.bench.ts`: clue rows generated inside the
 * database (SQLite: a recursive CTE; PostgreSQL: generate_series) in chunks, attached to the demo
 * county's (commission, village) targets as `reports-load.ts` does (90 % townships), with the
 * intake ledger's subject-name distribution (`subjectNameSql`: weighted surnames, one- and
 * two-character given names, 1 in 100 about 王建国); 1 clue in 8 names two subjects (`甲、乙`).
 * Every fifth clue is kept by one of a few keepers, and a running disposal clock
 * (timer 1) for the clues still `registered` (one in four): met for all but the newest 3 % of the
 * span (a month), running (some overdue) for those.
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { type Target, subjectNameSql } from './reports-load.js';

/** What the loader needs. */
export interface ClueLoadSpec {
  rows: number;
  targets: Target[];
  /** Users that keep clues (ids). */
  keepers: string[];
  /** End of the time span (ISO instant); rows spread over `years` before it. */
  end: string;
  years: number;
  progress?: (done: number) => void;
}

const CHUNK = 250_000;

function rowSelect(engine: 'sqlite' | 'postgres', m: number, spec: ClueLoadSpec): string {
  const endSec = Math.floor(Date.parse(spec.end) / 1000);
  const span = spec.years * 365 * 86400;
  const step = span / spec.rows;
  const sec = `(${endSec - span} + s.i * ${step.toFixed(6)})`;
  const pg = engine === 'postgres';
  const at = pg
    ? `to_char(to_timestamp(${sec}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', ${sec}, 'unixepoch')`;
  const on = pg
    ? `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY-MM-DD')`
    : `strftime('%Y-%m-%d', ${sec} + 28800, 'unixepoch')`;
  const year = pg
    ? `to_char(to_timestamp(${sec} + 28800) at time zone 'UTC', 'YYYY')`
    : `strftime('%Y', ${sec} + 28800, 'unixepoch')`;
  const pad = (e: string, n: number) => (pg ? `lpad((${e})::text, ${n}, '0')` : `printf('%0${n}d', ${e})`);
  const mod = (a: string, b: number) => (pg ? `((${a}) % ${b})::int` : `((${a}) % ${b})`);
  const status = `case when ${mod('s.i * 23', 8)} < 2 then 'registered' when ${mod('s.i * 23', 8)} = 2 then 'assigned'
      when ${mod('s.i * 23', 8)} = 3 then 'inquiry' when ${mod('s.i * 23', 8)} = 4 then 'verification'
      when ${mod('s.i * 23', 8)} = 5 then 'shelved' else 'concluded' end`;
  const disposal = `case when ${mod('s.i * 23', 8)} = 3 then 'inquiry' when ${mod('s.i * 23', 8)} = 4 then 'verification'
      when ${mod('s.i * 23', 8)} = 5 then 'shelved' when ${mod('s.i * 23', 8)} > 5 then 'concluded' else null end`;
  const source = `case ${mod('s.i * 31', 8)} when 0 then 'report' when 1 then 'inspection' when 2 then 'audit'
      when 3 then 'patrol' when 4 then 'data_alert' when 5 then 'higher_assignment' when 6 then 'self_found' else 'manual' end`;
  const subjects = `${subjectNameSql(engine)} || case when ${mod('s.i * 13', 8)} = 5
      then '、' || ${subjectNameSql(engine, '(s.i + 1000003)')} else '' end`;
  const keepers = spec.keepers.map((k) => `'${k}'`);
  const keeper = `case ${mod('s.i', 5 * keepers.length)} ${keepers.map((k, i) => `when ${i} then ${k}`).join(' ')} else null end`;
  return `select 'c' || ${pad('s.i', 10)}, '渑纪线〔' || ${year} || '〕' || ${pad('s.i', 8)} || '号', null, ${status},
      ${subjects}, null, '反映其在村级事务中的问题（第' || s.i || '件）',
      t.unit_id, t.unit_path, t.region_path, t.county_code, ${source}, null, ${at}, ${on}, ${disposal}, ${keeper},
      null, null, t.region_code, null, '[]', 1, null, 0, null, null, null, null, null, null, ${at}, ${at}
    from gen s join bench_targets t on t.k = ${mod('s.i * 7919', m)}`;
}

const COLS = `id, number, report_id, status, subject_name, subject_id, summary, owner_unit_id, owner_unit_path,
  region_path, county_code, source_kind, source_ref, received_at, received_on, disposal, keeper_id,
  handling_unit_id, zone_id, region_code, amount_fen, categories, version, filed_by_unit_id,
  higher_report_required, higher_reported_on, higher_report_ref, higher_reported_by, higher_reported_by_name,
  created_by, updated_by, created_at, updated_at`;

/** Disposal clocks (due one month after receipt) for the `registered` clues of ids [lo, hi]. */
function clocks(engine: 'sqlite' | 'postgres', lo: number, hi: number, rows: number): string {
  const due =
    engine === 'sqlite'
      ? `date(c.received_on, '+1 month')`
      : `to_char(c.received_on::date + interval '1 month', 'YYYY-MM-DD')`;
  return `insert into deadlines (id, resource_type, resource_id, kind, seq, rule_id, starts_on, starts_at, legal_due_on,
      due_on, due_at, extended, paused_at, met_at, end_reason, uncovered_years, reminded_stage,
      owner_unit_id, owner_unit_path, region_path, county_code, created_at)
    select 'k' || substr(c.id, 2), 'clue', c.id, 'clue_disposal', 1, null, c.received_on, c.received_at, ${due},
      ${due}, null, 0, null,
      case when substr(c.id, 2) < '${String(Math.floor(rows * 0.97)).padStart(10, '0')}' then c.received_at else null end,
      null, '', null, c.owner_unit_id, c.owner_unit_path, c.region_path, c.county_code, c.received_at
    from clues c where c.id >= 'c${String(lo).padStart(10, '0')}' and c.id <= 'c${String(hi).padStart(10, '0')}'
      and c.status = 'registered'`;
}

function targetsValues(targets: Target[]): string {
  return targets
    .map(
      (t, k) =>
        `(${k}, '${t.unit_id}', '${t.unit_path}', '${t.region_code}', '${t.region_path}', ${t.county_code ? `'${t.county_code}'` : 'null'})`,
    )
    .join(',');
}

/** Loads the clues into SQLite (in chunks, one transaction each); returns the load time. */
export function loadCluesSqlite(db: SqliteDatabase.Database, spec: ClueLoadSpec): number {
  const t0 = performance.now();
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('busy_timeout = 120000');
  // The secondary indexes and the search table's triggers are dropped for the load and rebuilt once.
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'clues' and sql is not null`)
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  const triggers = db
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'clues'`)
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);
  db.exec(`create temp table bench_targets (k integer primary key, unit_id text, unit_path text, region_code text,
    region_path text, county_code text)`);
  db.exec(`insert into bench_targets values ${targetsValues(spec.targets)}`);
  const select = rowSelect('sqlite', spec.targets.length, spec);
  for (let lo = 1; lo <= spec.rows; lo += CHUNK) {
    const hi = Math.min(spec.rows, lo + CHUNK - 1);
    db.transaction(() => {
      db.exec(`with recursive gen(i) as (select ${lo} union all select i + 1 from gen where i < ${hi})
        insert into clues (${COLS}) ${select}`);
      db.exec(clocks('sqlite', lo, hi, spec.rows));
    })();
    spec.progress?.(hi);
  }
  for (const i of indexes) db.exec(i.sql);
  db.exec(`insert into clues_search (clues_search) values ('rebuild')`);
  for (const t of triggers) db.exec(t.sql);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('analyze');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return performance.now() - t0;
}

/** Loads the clues into PostgreSQL (in chunks); returns the load time. */
export async function loadCluesPostgres(client: pg.Client, schema: string, spec: ClueLoadSpec): Promise<number> {
  const t0 = performance.now();
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`set synchronous_commit = off`);
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `select i.indexname as name, i.indexdef as sql from pg_indexes i
     where i.schemaname = $1 and i.tablename = 'clues'
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = $1::regnamespace)`,
    [schema],
  );
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  await client.query(`create temp table bench_targets (k integer primary key, unit_id text, unit_path text,
    region_code text, region_path text, county_code text)`);
  await client.query(`insert into bench_targets values ${targetsValues(spec.targets)}`);
  const select = rowSelect('postgres', spec.targets.length, spec);
  for (let lo = 1; lo <= spec.rows; lo += CHUNK) {
    const hi = Math.min(spec.rows, lo + CHUNK - 1);
    await client.query(
      `insert into clues (${COLS}) ${select.replace('from gen s', `from generate_series(${lo}::bigint, ${hi}::bigint) as s(i)`)}`,
    );
    await client.query(clocks('postgres', lo, hi, spec.rows));
    spec.progress?.(hi);
  }
  for (const i of indexes) await client.query(i.sql);
  await client.query(`set session_replication_role = origin`);
  await client.query(`vacuum analyze clues`);
  await client.query(`vacuum analyze deadlines`);
  return performance.now() - t0;
}
