/**
 * Bulk loader of the case ledger for `bench/case-ledger.bench.ts`: case rows generated inside the
 * database (SQLite: a recursive CTE; PostgreSQL: generate_series) in chunks, each about a village
 * of the demo county (its township commission is the subject's own), with the handling modes a
 * county sees: 40 % 自办 (owned by the township), 30 % 协作区办理 and 15 % 提级办理 (owned by the
 * county commission), 10 % 交叉办理 (owned by the next township), 5 % 联合办理 (the township);
 * states spread over the pipeline; one subject row per case (the intake ledger's names); one case
 * in 400 has `memberUser` on its team (the need-to-know arm).
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { type Target, subjectNameSql } from './reports-load.js';

/** What the loader needs. */
export interface CaseLoadSpec {
  rows: number;
  /** (township commission, village) targets. */
  targets: Target[];
  /** The county commission (owner of zone and escalated cases). */
  county: { id: string; path: string };
  /** A user put on one case team in 400. */
  memberUser: string;
  /** End of the time span (ISO instant); rows spread over `years` before it. */
  end: string;
  years: number;
  progress?: (done: number) => void;
}

const CHUNK = 100_000;

function targetsValues(targets: Target[]): string {
  return targets
    .map(
      (t, k) =>
        `(${k}, '${t.unit_id}', '${t.unit_path}', '${t.region_code}', '${t.region_path}', ${t.county_code ? `'${t.county_code}'` : 'null'})`,
    )
    .join(',');
}

function rowSelect(engine: 'sqlite' | 'postgres', m: number, spec: CaseLoadSpec): string {
  const endSec = Math.floor(Date.parse(spec.end) / 1000);
  const span = spec.years * 365 * 86400;
  const sec = `(${endSec - span} + s.i * ${(span / spec.rows).toFixed(6)})`;
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
  const r = mod('s.i * 37', 20);
  const mode = `case when ${r} < 8 then 'self' when ${r} < 14 then 'zone' when ${r} < 17 then 'escalated'
      when ${r} < 19 then 'cross' else 'joint' end`;
  const county = (a: string, b: string) =>
    `case when ${r} >= 8 and ${r} < 17 then ${a} when ${r} >= 17 and ${r} < 19 then ${b} else `;
  const ownerId = `${county(`'${spec.county.id}'`, 'n.unit_id')} t.unit_id end`;
  const ownerPath = `${county(`'${spec.county.path}'`, 'n.unit_path')} t.unit_path end`;
  const st = mod('s.i * 29', 10);
  const status = `case when ${st} = 0 then 'filing_requested' when ${st} < 4 then 'investigating' when ${st} = 4 then 'filed'
      when ${st} = 5 then 'facts_shown' when ${st} = 6 then 'transferred' else 'closed' end`;
  const number = `case when ${st} = 0 then null else '渑纪案〔' || ${year} || '〕' || ${pad('s.i', 8)} || '号' end`;
  return `select 'k' || ${pad('s.i', 10)}, ${number}, ${status}, '关于对' || ${subjectNameSql(engine)} || '立案审查调查的请示',
      'person', ${subjectNameSql(engine)}, '涉嫌违规使用村集体资金（第' || s.i || '件）', '初步核实查明的事实', '["facts_established","needs_investigation"]',
      null, null, null, ${mode}, 'local_recusal', null, null, null, null,
      t.unit_id, ${ownerId}, null, null, t.unit_id, t.unit_path, 'ordinary', null,
      case when ${st} = 0 then null else ${at} end, case when ${st} = 0 then null else ${on} end, null, null, 1,
      ${ownerId}, ${ownerPath}, t.region_path, t.county_code, null, null, ${at}, ${at}
    from gen s join bench_targets t on t.k = ${mod('s.i * 7919', m)}
      join bench_targets n on n.k = ${mod(`s.i * 7919 + ${Math.max(1, Math.floor(m / 3))}`, m)}`;
}

const COLS = `id, number, status, title, target_kind, subject_name, summary, basis, conditions, direct_reason, clue_id,
  handover_id, mode, mode_reason, mode_reason_note, mode_decided_by, mode_decided_by_name, mode_decided_at,
  filing_unit_id, handling_unit_id, zone_id, co_organ, subject_unit_id, subject_unit_path, target_level,
  filing_approval_id, filed_at, filed_on, announced_on, notified_on, version, owner_unit_id, owner_unit_path,
  region_path, county_code, created_by, updated_by, created_at, updated_at`;

function subjects(lo: number, hi: number): string {
  const id = (n: number) => `'k${String(n).padStart(10, '0')}'`;
  return `insert into case_subjects (id, case_id, seq, subject_id, name, position, employer, authority, region_code,
      rank, party_member, supervised)
    select 's' || substr(c.id, 2), c.id, 1, null, c.subject_name, '村党支部书记', null, 'village_cadre', null, null, 1, 1
    from cases c where c.id >= ${id(lo)} and c.id <= ${id(hi)}`;
}

function members(lo: number, hi: number, user: string): string {
  const id = (n: number) => `'k${String(n).padStart(10, '0')}'`;
  return `insert into case_members (id, case_id, user_id, role, name, unit_name, check_id, exception_note, added_at,
      added_by, removed_at, removed_by, removal_reason)
    select 'm' || substr(c.id, 2), c.id, '${user}', 'member', '测试组员', '测试单位', null, null, c.created_at, null,
      null, null, null
    from cases c where c.id >= ${id(lo)} and c.id <= ${id(hi)} and substr(c.id, 9, 3) in ('000', '400', '800')`;
}

/** Loads the cases into SQLite (in chunks, one transaction each); returns the load time. */
export function loadCasesSqlite(db: SqliteDatabase.Database, spec: CaseLoadSpec): number {
  const t0 = performance.now();
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and tbl_name in ('cases', 'case_subjects', 'case_members') and sql is not null`,
    )
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  db.exec(`create temp table bench_targets (k integer primary key, unit_id text, unit_path text, region_code text,
    region_path text, county_code text)`);
  db.exec(`insert into bench_targets values ${targetsValues(spec.targets)}`);
  const select = rowSelect('sqlite', spec.targets.length, spec);
  for (let lo = 1; lo <= spec.rows; lo += CHUNK) {
    const hi = Math.min(spec.rows, lo + CHUNK - 1);
    db.transaction(() => {
      db.exec(`with recursive gen(i) as (select ${lo} union all select i + 1 from gen where i < ${hi})
        insert into cases (${COLS}) ${select}`);
      db.exec(subjects(lo, hi));
      db.exec(members(lo, hi, spec.memberUser));
    })();
    spec.progress?.(hi);
  }
  for (const i of indexes) db.exec(i.sql);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('analyze');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return performance.now() - t0;
}

/** Loads the cases into PostgreSQL (in chunks); returns the load time. */
export async function loadCasesPostgres(client: pg.Client, schema: string, spec: CaseLoadSpec): Promise<number> {
  const t0 = performance.now();
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`set synchronous_commit = off`);
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `select i.indexname as name, i.indexdef as sql from pg_indexes i
     where i.schemaname = $1 and i.tablename in ('cases', 'case_subjects', 'case_members')
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
      `insert into cases (${COLS}) ${select.replace('from gen s', `from generate_series(${lo}::bigint, ${hi}::bigint) as s(i)`)}`,
    );
    await client.query(subjects(lo, hi));
    await client.query(members(lo, hi, spec.memberUser));
    spec.progress?.(hi);
  }
  for (const i of indexes) await client.query(i.sql);
  await client.query(`set session_replication_role = origin`);
  for (const t of ['cases', 'case_subjects', 'case_members']) await client.query(`vacuum analyze ${t}`);
  return performance.now() - t0;
}
