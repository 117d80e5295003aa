import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';
import { transact } from './durability.js';
import * as m2026112201 from './migrations/2026112201_foundation.js';
import * as m2026112202 from './migrations/2026112202_audit_append_only.js';
import * as m2026112203 from './migrations/2026112203_reports.js';
import * as m2026112204 from './migrations/2026112204_ledger_indexes.js';
import * as m2026120201 from './migrations/2026120201_recheck_forwarding.js';
import * as m2026120202 from './migrations/2026120202_deadlines_open_ordered.js';
import * as m2026120203 from './migrations/2026120203_reports_owner_region.js';
import * as m2026120204 from './migrations/2026120204_ledger_received_scope.js';
import * as m2026120401 from './migrations/2026120401_clock_engine.js';
import * as m2026120410 from './migrations/2026120410_workbench.js';
import * as m2026120502 from './migrations/2026120502_intake_rules.js';
import * as m2026120505 from './migrations/2026120505_audit_keyed_chain.js';
import * as m2026120506 from './migrations/2026120506_login_throttle.js';
import * as m2026120508 from './migrations/2026120508_ledger_search.js';
import * as m2026120509 from './migrations/2026120509_petition_review.js';
import * as m2026120601 from './migrations/2026120601_approvals.js';
import * as m2026120602 from './migrations/2026120602_recusal.js';
import * as m2026120603 from './migrations/2026120603_clue_ledger.js';
import * as m2026120604 from './migrations/2026120604_search_pending.js';
import * as m2026120608a from './migrations/2026120608a_clue_disposals.js';
import * as m2026120609a from './migrations/2026120609a_clue_inquiry.js';
import * as m2026120610a from './migrations/2026120610a_clue_verification.js';
import * as m2026120611a from './migrations/2026120611a_clue_ledger_plans.js';
import * as m2026120612a from './migrations/2026120612a_recusal_gaps.js';
import * as m2026120613a from './migrations/2026120613a_clue_member_arm.js';
import * as m2026120613b from './migrations/2026120613b_verification_clock.js';
import * as m2026120614a from './migrations/2026120614a_cases.js';
import * as m2026120614c from './migrations/2026120614c_case_evidence.js';
import * as m2026120614b from './migrations/2026120614b_case_zone.js';
import * as m2026120614d from './migrations/2026120614d_case_measures.js';
import * as m2026120614e from './migrations/2026120614e_case_plans.js';
import * as m2026120615a from './migrations/2026120615a_case_search.js';
import * as m2026120615b from './migrations/2026120615b_case_region_counts.js';
import * as m2026120616b from './migrations/2026120616b_quality.js';
import * as m2026120616a from './migrations/2026120616a_reviews.js';
import * as m2026120617a from './migrations/2026120617a_sanctions.js';
import * as m2026120617c from './migrations/2026120617c_sanction_after.js';
import * as m2026120617e from './migrations/2026120617e_sanctions_ledger.js';
import * as m2026120617f from './migrations/2026120617f_sanctions_ledger_cover.js';
import * as m2026120617h from './migrations/2026120617h_sanction_party_post.js';
import * as m2026120718a from './migrations/2026120718a_rectification.js';
import * as m2026120718e from './migrations/2026120718e_meetings.js';
import * as m2026120719b from './migrations/2026120719b_rectification_takeover.js';
import * as m2026120807d from './migrations/2026120807d_rectification_ledger_pieces.js';
import * as m2026120807a from './migrations/2026120807a_rectification_approvals.js';
import * as m2026120718c from './migrations/2026120718c_recommendations.js';
import * as m2026120718d from './migrations/2026120718d_inspections.js';
import * as m2026120718b from './migrations/2026120718b_rectification_work.js';
import * as m2026120719a from './migrations/2026120719a_rectification_ledger_indexes.js';
import * as m2026120807b from './migrations/2026120807b_meeting_agenda_source.js';
import * as m2026120807c from './migrations/2026120807c_unit_escalations.js';
import * as m2026120809a from './migrations/2026120809a_report_about.js';
import * as m2026120809b from './migrations/2026120809b_disclosure.js';
import * as m2026120810c from './migrations/2026120810c_disclosure_general.js';
import * as m2026120809d from './migrations/2026120809d_micro_powers.js';
import * as m2026120810a from './migrations/2026120810a_qr_supervision.js';
import * as m2026120810b from './migrations/2026120810b_grid.js';
import * as m2026120810d from './migrations/2026120810d_department_groups.js';
import * as m2026120811d from './migrations/2026120811d_audit_archives.js';
import * as m2026120811a from './migrations/2026120811a_backup_runs.js';
import * as m2026120811e from './migrations/2026120811e_crypto_suite.js';
import { isDatabaseUnavailable } from './pg-failover.js';
import type { Database } from './types.js';

/** Every migration, by name; names sort by timestamp. Listed statically so bundles and tsx agree. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026112201_foundation': m2026112201,
  '2026112202_audit_append_only': m2026112202,
  '2026112203_reports': m2026112203,
  '2026112204_ledger_indexes': m2026112204,
  '2026120201_recheck_forwarding': m2026120201,
  '2026120202_deadlines_open_ordered': m2026120202,
  '2026120203_reports_owner_region': m2026120203,
  '2026120204_ledger_received_scope': m2026120204,
  '2026120401_clock_engine': m2026120401,
  '2026120410_workbench': m2026120410,
  '2026120502_intake_rules': m2026120502,
  '2026120505_audit_keyed_chain': m2026120505,
  '2026120506_login_throttle': m2026120506,
  '2026120508_ledger_search': m2026120508,
  '2026120509_petition_review': m2026120509,
  '2026120601_approvals': m2026120601,
  '2026120602_recusal': m2026120602,
  '2026120603_clue_ledger': m2026120603,
  '2026120604_search_pending': m2026120604,
  '2026120608a_clue_disposals': m2026120608a,
  '2026120609a_clue_inquiry': m2026120609a,
  '2026120610a_clue_verification': m2026120610a,
  '2026120611a_clue_ledger_plans': m2026120611a,
  '2026120612a_recusal_gaps': m2026120612a,
  '2026120613a_clue_member_arm': m2026120613a,
  '2026120613b_verification_clock': m2026120613b,
  '2026120614a_cases': m2026120614a,
  '2026120614c_case_evidence': m2026120614c,
  '2026120614b_case_zone': m2026120614b,
  '2026120614d_case_measures': m2026120614d,
  '2026120614e_case_plans': m2026120614e,
  '2026120615a_case_search': m2026120615a,
  '2026120615b_case_region_counts': m2026120615b,
  '2026120616b_quality': m2026120616b,
  '2026120616a_reviews': m2026120616a,
  '2026120617a_sanctions': m2026120617a,
  '2026120617c_sanction_after': m2026120617c,
  '2026120617e_sanctions_ledger': m2026120617e,
  '2026120617f_sanctions_ledger_cover': m2026120617f,
  '2026120617h_sanction_party_post': m2026120617h,
  '2026120718a_rectification': m2026120718a,
  '2026120718e_meetings': m2026120718e,
  '2026120718c_recommendations': m2026120718c,
  '2026120718d_inspections': m2026120718d,
  '2026120718b_rectification_work': m2026120718b,
  '2026120719b_rectification_takeover': m2026120719b,
  '2026120807d_rectification_ledger_pieces': m2026120807d,
  '2026120719a_rectification_ledger_indexes': m2026120719a,
  '2026120807a_rectification_approvals': m2026120807a,
  '2026120807b_meeting_agenda_source': m2026120807b,
  '2026120807c_unit_escalations': m2026120807c,
  '2026120809a_report_about': m2026120809a,
  '2026120809b_disclosure': m2026120809b,
  '2026120809d_micro_powers': m2026120809d,
  '2026120810a_qr_supervision': m2026120810a,
  '2026120810b_grid': m2026120810b,
  '2026120810c_disclosure_general': m2026120810c,
  '2026120810d_department_groups': m2026120810d,
  '2026120811d_audit_archives': m2026120811d,
  '2026120811a_backup_runs': m2026120811a,
  '2026120811e_crypto_suite': m2026120811e,
};

/** The schema version the code expects: the name of the newest migration. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).sort().at(-1)!;

// The tables Kysely's Migrator kept (same names, columns and lock row), so databases migrated by
// earlier versions keep working and an earlier version can still read them.
const MIGRATION_TABLE = 'kysely_migration';
const LOCK_TABLE = 'kysely_migration_lock';
const LOCK_ROW = 'migration_lock';
/** PostgreSQL: serializes the creation of the two tables between processes (per schema). */
const CREATE_LOCK_NAMESPACE = 7_274_217;

/** What a run is about to apply, as told to `beforeMigrate`. */
export interface MigrationPlan {
  /** The migrations about to be applied, in the order they will be. */
  pending: string[];
  /** The newest migration applied so far (null: none). */
  current: string | null;
}

/** Options of a migration run. */
export interface MigrateOptions {
  /**
   * Called once before the first pending migration of a database that already has migrations
   * applied (so: data worth keeping), not on an empty one. `serve` and `migrate` take a backup
   * here. If it throws, nothing is migrated and the error propagates.
   */
  beforeMigrate?: (plan: MigrationPlan) => Promise<void>;
  /** The migrations to run instead of the code's own (tests only: an extra migration). */
  migrations?: Readonly<Record<string, Migration>>;
  /** Hears each migration as it is applied or reverted (progress on the command line). */
  onMigration?: (name: string, direction: 'up' | 'down') => void;
  /** How long to wait for another process's migration on SQLite before giving up (default 15 min). */
  lockWaitMs?: number;
}

/**
 * The database was migrated by a newer Qingfeng: it holds migrations this code does not know.
 * Nothing is written; the operator installs that version or restores a backup.
 */
export class SchemaNewerError extends Error {
  /** The applied migrations this code does not know, in name order. */
  readonly unknown: readonly string[];

  /** `unknown`: the applied migrations missing from the code. */
  constructor(unknown: readonly string[]) {
    super(
      `the database was upgraded by a newer Qingfeng: migration ${unknown.join(', ')}; ` +
        'install that version or restore a backup',
    );
    this.name = 'SchemaNewerError';
    this.unknown = unknown;
  }
}

/**
 * A migration failed (threw, or its connection was lost). Its transaction was rolled back: the
 * schema and data are those of the migration before it (`current`), and it is not recorded.
 */
export class MigrationFailedError extends Error {
  /** The migration that failed. */
  readonly migration: string;
  /** The newest migration still applied (null: none). */
  readonly current: string | null;

  /** Wraps `cause`, what `migration` failed with; `current` is the newest still applied. */
  constructor(migration: string, direction: 'up' | 'down', current: string | null, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const reason = isConnectionLost(cause) ? `the connection to the database was lost (${message})` : message;
    super(
      `migration ${migration} failed${direction === 'down' ? ' to revert' : ''}: ${reason}; ` +
        `it was rolled back and the database is left at ${current ?? 'no migration'}`,
      { cause },
    );
    this.name = 'MigrationFailedError';
    this.migration = migration;
    this.current = current;
  }
}

/** PostgreSQL ended the connection (terminated backend, shutdown, failover) or the socket broke. */
function isConnectionLost(err: unknown): boolean {
  // The failover pool's own error for a connection that broke or a database with no writable host.
  if (isDatabaseUnavailable(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(code))
    return true;
  // node-postgres' own words for a connection that broke (while a query ran, or before one).
  return err instanceof Error && /^Connection terminated|connection error and is not queryable/.test(err.message);
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function table(name: string, pgSchema: string | undefined) {
  return sql.table(pgSchema ? `${pgSchema}.${name}` : name);
}

async function tableExists(db: Kysely<Database>, name: string, pgSchema: string | undefined): Promise<boolean> {
  const { rows } = isPostgres(db)
    ? await sql<{ n: number }>`select count(*) as n from information_schema.tables
        where table_schema = coalesce(${pgSchema ?? null}, current_schema()) and table_name = ${name}`.execute(db)
    : await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(
        db,
      );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The applied migrations' names, in name order (none when the table does not exist yet). */
async function appliedMigrations(db: Kysely<Database>, pgSchema: string | undefined): Promise<string[]> {
  if (!(await tableExists(db, MIGRATION_TABLE, pgSchema))) return [];
  const { rows } = await sql<{ name: string }>`select name from ${table(MIGRATION_TABLE, pgSchema)}`.execute(db);
  return rows.map((r) => r.name).sort();
}

/** The SQLite write lock is held by another connection (another process migrating). */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * `transact` that waits out another process's write lock on SQLite: each attempt waits the
 * connection's busy timeout (5 s), and attempts repeat until `waitMs` has passed. (PostgreSQL
 * waits on the lock row itself, without a limit.)
 */
async function transactWaiting<T>(
  db: Kysely<Database>,
  waitMs: number,
  fn: Parameters<typeof transact<T>>[1],
): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await transact(db, fn);
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Creates the two tables and the lock row when missing (concurrent callers tolerated). */
async function ensureMigrationTables(
  db: Kysely<Database>,
  pgSchema: string | undefined,
  waitMs: number,
): Promise<void> {
  const pg = isPostgres(db);
  await transactWaiting(db, waitMs, async (trx) => {
    // PostgreSQL's `create table if not exists` is not safe against a concurrent create of the
    // same table (a unique violation on pg_type); a transaction-scoped advisory lock per schema
    // serializes the callers. SQLite serializes writers itself.
    if (pg)
      await sql`select pg_advisory_xact_lock(${CREATE_LOCK_NAMESPACE}, hashtext(coalesce(${pgSchema ?? null}, current_schema())))`.execute(
        trx,
      );
    await sql`create table if not exists ${table(MIGRATION_TABLE, pgSchema)}
      (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(trx);
    await sql`create table if not exists ${table(LOCK_TABLE, pgSchema)}
      (id varchar(255) not null primary key, is_locked integer default 0 not null)`.execute(trx);
    await sql`insert into ${table(LOCK_TABLE, pgSchema)} (id, is_locked) values (${LOCK_ROW}, 0)
      on conflict (id) do nothing`.execute(trx);
  });
}

/**
 * Applies (or reverts) one migration in its own transaction, with its row in the migrations
 * table written (or deleted) in the same transaction: a crash or an error at any point leaves
 * exactly the previous schema and data. The transaction first takes the migration lock (an
 * update of the lock row: PostgreSQL's row lock, SQLite's write lock; both released by commit,
 * rollback or the death of the process), then looks again whether the migration is still to
 * do, so two processes starting together never both apply it. Returns false when another
 * process had already done it.
 */
async function runOne(
  db: Kysely<Database>,
  pgSchema: string | undefined,
  name: string,
  migration: Migration,
  direction: 'up' | 'down',
  waitMs: number,
): Promise<boolean> {
  return transactWaiting(db, waitMs, async (trx) => {
    await sql`update ${table(LOCK_TABLE, pgSchema)} set is_locked = 1 where id = ${LOCK_ROW}`.execute(trx);
    const { rows } = await sql<{ name: string }>`select name from ${table(MIGRATION_TABLE, pgSchema)}
      where name = ${name}`.execute(trx);
    const recorded = rows.length > 0;
    if (recorded === (direction === 'up')) {
      await sql`update ${table(LOCK_TABLE, pgSchema)} set is_locked = 0 where id = ${LOCK_ROW}`.execute(trx);
      return false;
    }
    if (direction === 'up') {
      await migration.up(trx);
      await sql`insert into ${table(MIGRATION_TABLE, pgSchema)} (name, timestamp)
        values (${name}, ${new Date().toISOString()})`.execute(trx);
    } else {
      if (!migration.down) throw new Error('it has no down()');
      await migration.down(trx);
      await sql`delete from ${table(MIGRATION_TABLE, pgSchema)} where name = ${name}`.execute(trx);
    }
    await sql`update ${table(LOCK_TABLE, pgSchema)} set is_locked = 0 where id = ${LOCK_ROW}`.execute(trx);
    return true;
  });
}

/**
 * One run: refuses a newer schema (before writing anything), works out what to apply (every
 * pending migration, or up/down to `target`), calls `beforeMigrate` when the database already
 * has migrations, then applies each in its own transaction. Returns the migrations this process
 * applied or reverted. Throws `SchemaNewerError`, `MigrationFailedError`, or what
 * `beforeMigrate` threw.
 */
async function run(
  db: Kysely<Database>,
  pgSchema: string | undefined,
  target: string | null,
  opts: MigrateOptions,
): Promise<string[]> {
  const registry = opts.migrations ?? MIGRATIONS;
  const known = Object.keys(registry).sort();
  if (target !== null && !(target in registry)) throw new Error(`migration "${target}" doesn't exist`);
  const applied = await appliedMigrations(db, pgSchema);
  const unknown = applied.filter((n) => !(n in registry));
  if (unknown.length > 0) throw new SchemaNewerError(unknown);

  // Pending migrations go in name order, also one whose name sorts before an applied one (two
  // branches merged in the other order): each migration stands on its own.
  const up = known.filter((n) => !applied.includes(n) && (target === null || n <= target));
  const down = target === null ? [] : applied.filter((n) => n > target).reverse();
  if (up.length === 0 && down.length === 0) return [];
  const waitMs = opts.lockWaitMs ?? 15 * 60_000;
  await ensureMigrationTables(db, pgSchema, waitMs);
  if (applied.length > 0 && opts.beforeMigrate)
    await opts.beforeMigrate({ pending: [...down, ...up], current: applied.at(-1) ?? null });

  const done: string[] = [];
  const steps = [...down.map((n) => [n, 'down'] as const), ...up.map((n) => [n, 'up'] as const)];
  for (const [name, direction] of steps) {
    try {
      if (await runOne(db, pgSchema, name, registry[name]!, direction, waitMs)) {
        done.push(name);
        opts.onMigration?.(name, direction);
      }
    } catch (err) {
      // What is applied now (read afresh: another process may have gone on), or, when the
      // database cannot be read (the connection is gone), what this run knows it left.
      const known = [...applied.filter((n) => !done.includes(n)), ...done.filter((n) => !applied.includes(n))];
      const current = await appliedMigrations(db, pgSchema).then(
        (list) => list.at(-1) ?? null,
        () => known.sort().at(-1) ?? null,
      );
      throw new MigrationFailedError(name, direction, current, err);
    }
  }
  return done;
}

/**
 * Brings the schema up to date, each migration in its own transaction (see `runOne`). Throws
 * `SchemaNewerError` (nothing written) when the database holds a migration this code does not
 * know, `MigrationFailedError` naming the migration that failed (rolled back), or what
 * `opts.beforeMigrate` threw (nothing migrated). Returns the names applied by this call.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  pgSchema?: string,
  opts: MigrateOptions = {},
): Promise<string[]> {
  return run(db, pgSchema, null, opts);
}

/**
 * Brings the schema up (or down) to the migration `name`, inclusive (tests of a migration over
 * old data). Same transactions and errors as `migrateToLatest`.
 */
export async function migrateTo(
  db: Kysely<Database>,
  name: string,
  pgSchema?: string,
  opts: MigrateOptions = {},
): Promise<void> {
  await run(db, pgSchema, name, opts);
}

/** Returns the newest applied migration's name, or null on an empty database. */
export async function currentSchemaVersion(db: Kysely<Database>, pgSchema?: string): Promise<string | null> {
  return (await appliedMigrations(db, pgSchema)).at(-1) ?? null;
}
