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
import { sql } from 'kysely';
import type pg from 'pg';
import { type BulkLoad, type LoadEngine, bulkLoadPostgres, bulkLoadSqlite, genRows, rowExprs } from './bulk-load.js';
import type { Loader } from './ledger-bench.js';
import { TOWNSHIP_VILLAGE_TARGETS, loadProgress } from './ledger-runs.js';
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

function rowSelect(engine: LoadEngine, m: number, spec: CaseLoadSpec): string {
  const { at, on, year, pad, mod } = rowExprs(engine, spec);
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

/** The cases, their subjects and the member arm's teams as a bulk load. */
function caseLoad(spec: CaseLoadSpec): BulkLoad {
  const selects = {
    sqlite: rowSelect('sqlite', spec.targets.length, spec),
    postgres: rowSelect('postgres', spec.targets.length, spec),
  };
  return {
    rows: spec.rows,
    chunk: CHUNK,
    targets: spec.targets,
    tables: ['cases', 'case_subjects', 'case_members'],
    chunkSql: (engine, lo, hi) => [
      genRows(engine, lo, hi, `insert into cases (${COLS}) ${selects[engine]}`),
      subjects(lo, hi),
      members(lo, hi, spec.memberUser),
    ],
    // The search table is filled once (its triggers were dropped for the load).
    sqliteRebuild: [`insert into cases_search (cases_search) values ('rebuild')`],
    progress: spec.progress,
  };
}

/** Loads the cases into SQLite (in chunks, one transaction each); returns the load time. */
export function loadCasesSqlite(db: SqliteDatabase.Database, spec: CaseLoadSpec): number {
  return bulkLoadSqlite(db, caseLoad(spec));
}

/** Loads the cases into PostgreSQL (in chunks, triggers off); returns the load time. */
export async function loadCasesPostgres(client: pg.Client, schema: string, spec: CaseLoadSpec): Promise<number> {
  return bulkLoadPostgres(client, schema, caseLoad(spec));
}

/**
 * The demo county's case load of `rows` cases for `loadOnce`: its villages as targets, the county
 * commission, `tstaff1` as the member arm's user, three years up to now.
 */
export function casesLoader(rows: number): Loader<CaseLoadSpec> {
  return {
    async spec(db) {
      const { rows: targets } = await sql.raw<Target>(TOWNSHIP_VILLAGE_TARGETS).execute(db);
      const county = await db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('kind', '=', 'commission')
        .executeTakeFirstOrThrow();
      const member = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'tstaff1')
        .executeTakeFirstOrThrow();
      return {
        rows,
        targets,
        county,
        memberUser: member.id,
        end: new Date().toISOString(),
        years: 3,
        progress: loadProgress(rows),
      };
    },
    sqlite: loadCasesSqlite,
    postgres: loadCasesPostgres,
  };
}
