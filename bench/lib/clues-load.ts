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
import { type BulkLoad, type LoadEngine, bulkLoadPostgres, bulkLoadSqlite, genRows, rowExprs } from './bulk-load.js';
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

function rowSelect(engine: LoadEngine, m: number, spec: ClueLoadSpec): string {
  const { at, on, year, pad, mod } = rowExprs(engine, spec);
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
function clocks(engine: LoadEngine, lo: number, hi: number, rows: number): string {
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

/** The clues and their clocks as a bulk load (only the clues' indexes and triggers are dropped). */
function clueLoad(spec: ClueLoadSpec): BulkLoad {
  const selects = {
    sqlite: rowSelect('sqlite', spec.targets.length, spec),
    postgres: rowSelect('postgres', spec.targets.length, spec),
  };
  return {
    rows: spec.rows,
    chunk: CHUNK,
    targets: spec.targets,
    tables: ['clues'],
    chunkSql: (engine, lo, hi) => [
      genRows(engine, lo, hi, `insert into clues (${COLS}) ${selects[engine]}`),
      clocks(engine, lo, hi, spec.rows),
    ],
    sqliteRebuild: [`insert into clues_search (clues_search) values ('rebuild')`],
    progress: spec.progress,
  };
}

/** Loads the clues into SQLite (in chunks, one transaction each); returns the load time. */
export function loadCluesSqlite(db: SqliteDatabase.Database, spec: ClueLoadSpec): number {
  return bulkLoadSqlite(db, clueLoad(spec));
}

/** Loads the clues into PostgreSQL (in chunks); returns the load time. */
export async function loadCluesPostgres(client: pg.Client, schema: string, spec: ClueLoadSpec): Promise<number> {
  return bulkLoadPostgres(client, schema, clueLoad(spec), ['clues', 'deadlines']);
}
