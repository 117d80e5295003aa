/**
 * Moving a county from the embedded SQLite database to PostgreSQL (`qingfeng export --to …`).
 *
 * The source is read through its own read-only connection inside one read transaction, so a
 * running server may go on writing: the copy is the database as it was at one instant (WAL keeps
 * that snapshot). The target must be an EMPTY PostgreSQL schema: it is migrated by this code to
 * the same schema version as the source, then the whole load runs in ONE PostgreSQL transaction —
 * foreign keys dropped, every table copied in batches, the foreign keys re-created from their own
 * definitions (which checks every reference, as pg_restore does) — so a failure at any point
 * (a refused row, a lost connection, a full disk) leaves the target migrated and empty.
 *
 * Afterwards every table is compared: row count and an order-independent digest of every row's
 * values, read back from both sides (the sum of each row's SHA-256, so a row lost, changed or
 * doubled shows). The audit chain is copied event by event with its hashes and verified on the
 * target by the caller. Blobs, the master key and the anchor file stay in the data folder: the
 * server started with the new DATABASE_URL and the same QF_DATA_DIR finds them.
 *
 * SQLite-only tables (the FTS5 search index and its shadow tables, the search's pending list) are
 * not copied: PostgreSQL searches with its own trigram indexes, which the load fills.
 */
import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { SCHEMA_VERSION, migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/database.js';
import { currentHostUrl } from '../db/pg-failover.js';

/** Tables the migrator keeps for itself: the target gets its own from migrating. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** PostgreSQL allows 65,535 parameters per statement; batches stay under this many. */
const MAX_PARAMS = 30_000;

/** Options of `exportSqliteToPostgres`. */
export interface ExportOptions {
  /** The SQLite database file to read. */
  sqliteFile: string;
  /** The PostgreSQL URL of the target. */
  targetUrl: string;
  /** The PostgreSQL schema to fill (default: the URL's default, usually `public`). */
  targetSchema?: string | undefined;
  /** Rows per INSERT (capped by the parameter limit); default 1,000. */
  batchRows?: number;
  /** Hears each table as it is done. */
  progress?: (line: string) => void;
}

/** One table's comparison after the copy. */
export interface TableCheck {
  table: string;
  rows: number;
  /** Rows read back from the target. */
  targetRows: number;
  /** Whether both sides' digests of every row agree. */
  same: boolean;
}

/** What `exportSqliteToPostgres` did. */
export interface ExportSummary {
  schemaVersion: string;
  tables: TableCheck[];
  /** Source tables not copied (SQLite-only). */
  skipped: string[];
  rows: number;
  ms: number;
}

/** Refusals of the export, with a message for the operator. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Quotes an identifier for either engine. */
function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A value as both engines give it back, in one canonical text form for the digest. */
function canon(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return String(v);
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An order-independent digest of a table's rows: a count and the sum of the rows' hashes mod 2^128. */
class TableDigest {
  rows = 0;
  private sum = 0n;
  add(values: unknown[]): void {
    const h = createHash('sha256')
      .update(JSON.stringify(values.map(canon)))
      .digest();
    this.sum = (this.sum + BigInt(`0x${h.subarray(0, 16).toString('hex')}`)) & ((1n << 128n) - 1n);
    this.rows += 1;
  }
  equals(o: TableDigest): boolean {
    return this.rows === o.rows && this.sum === o.sum;
  }
}

/** The source's tables worth copying and the SQLite-only ones (FTS5 tables and their shadows). */
function sourceTables(src: SqliteDatabase.Database): { tables: string[]; virtual: Set<string> } {
  const rows = src
    .prepare(`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .all() as { name: string; sql: string | null }[];
  const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const tables = rows.map((r) => r.name).filter((n) => !MIGRATOR_TABLES.has(n) && !virtual.includes(n) && !shadow(n));
  return { tables, virtual: new Set([...virtual, ...rows.map((r) => r.name).filter(shadow)]) };
}

/** Columns of a SQLite table, in declared order. */
function sqliteColumns(src: SqliteDatabase.Database, table: string): string[] {
  return (src.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

/**
 * Copies the SQLite database `sqliteFile` into the empty PostgreSQL schema of `targetUrl` and
 * compares every table afterwards. Throws ExportError (nothing kept in the target) when the
 * source is not at this code's schema version, the target is not empty, a row is refused, or the
 * comparison finds a difference.
 */
export async function exportSqliteToPostgres(opts: ExportOptions): Promise<ExportSummary> {
  const t0 = Date.now();
  const say = opts.progress ?? (() => undefined);
  const src = new SqliteDatabase(opts.sqliteFile, { readonly: true, fileMustExist: true });
  src.pragma('busy_timeout = 5000');
  // A multi-host URL: the copy goes to the server it leads to now (the primary), as one host.
  const targetUrl = await currentHostUrl(opts.targetUrl);
  const pool = new pg.Pool({
    connectionString: targetUrl,
    max: 1,
    ...(opts.targetSchema ? { options: `-c search_path=${opts.targetSchema}` } : {}),
  });
  // A dropped connection must surface as the awaited query's error, not as an unhandled event.
  pool.on('error', () => undefined);
  try {
    // The source's schema version (the migrator's table is not copied: the target migrates itself).
    const version =
      (
        src.prepare(`select name from kysely_migration order by name desc limit 1`).get() as
          { name: string } | undefined
      )?.name ?? null;
    if (version !== SCHEMA_VERSION)
      throw new ExportError(
        `the SQLite database is at schema ${version ?? '(none)'}, this Qingfeng at ${SCHEMA_VERSION}: start this version on it once (it migrates), then export`,
      );

    const client = await pool.connect();
    try {
      const schema = (await client.query<{ s: string }>('select current_schema() as s')).rows[0]?.s;
      if (!schema) throw new ExportError('the target has no schema on its search path (create it first)');
      const existing = await client.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = $1`,
        [schema],
      );
      if ((existing.rows[0]?.n ?? 0) > 0)
        throw new ExportError(
          `the target schema "${schema}" already holds tables: export only into an empty schema (it will not overwrite a database)`,
        );
      // Migrated by this code, through its own pool (the migrator wants a Kysely).
      const target = openDatabase(targetUrl, { pgSchema: opts.targetSchema, poolSize: 1 });
      try {
        await migrateToLatest(target.db, opts.targetSchema);
      } finally {
        await target.close();
      }
      say(`target schema "${schema}" migrated to ${SCHEMA_VERSION}`);

      const { tables: fromTables, virtual } = sourceTables(src);
      const targetTables = new Set(
        (
          await client.query<{ t: string }>(
            `select table_name as t from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'`,
            [schema],
          )
        ).rows.map((r) => r.t),
      );
      const tables = fromTables.filter((t) => targetTables.has(t));
      const skipped = [...fromTables.filter((t) => !targetTables.has(t)), ...virtual].sort();
      const missing = [...targetTables].filter((t) => !MIGRATOR_TABLES.has(t) && !fromTables.includes(t));
      if (missing.length) say(`tables only PostgreSQL has (left as migrated): ${missing.join(', ')}`);

      const fks = await client.query<{ t: string; name: string; def: string }>(
        `select c.conrelid::regclass::text as t, c.conname as name, pg_get_constraintdef(c.oid) as def
           from pg_constraint c where c.contype = 'f' and c.connamespace = $1::regnamespace`,
        [schema],
      );
      const targetCols = new Map<string, Set<string>>();
      for (const r of (
        await client.query<{ t: string; c: string }>(
          `select table_name as t, column_name as c from information_schema.columns where table_schema = $1`,
          [schema],
        )
      ).rows) {
        const set = targetCols.get(r.t) ?? new Set<string>();
        set.add(r.c);
        targetCols.set(r.t, set);
      }

      // One snapshot of the source for the whole copy and its digests.
      src.exec('begin');
      const digests = new Map<string, TableDigest>();
      let total = 0;
      await client.query('begin');
      try {
        for (const fk of fks.rows) await client.query(`alter table ${fk.t} drop constraint ${q(fk.name)}`);
        // Rows the migrations themselves wrote (catalogues) are replaced by the source's.
        await client.query(`truncate ${tables.map(q).join(', ')}`);
        for (const table of tables) {
          const cols = sqliteColumns(src, table).filter((c) => targetCols.get(table)?.has(c));
          const batch = Math.max(1, Math.min(opts.batchRows ?? 1000, Math.floor(MAX_PARAMS / cols.length)));
          const digest = new TableDigest();
          const colList = cols.map(q).join(', ');
          let pending: unknown[][] = [];
          const flush = async () => {
            if (!pending.length) return;
            const params: unknown[] = [];
            const tuples = pending.map((row) => {
              const marks = row.map((v) => {
                params.push(Buffer.isBuffer(v) ? v : v === null ? null : typeof v === 'bigint' ? v.toString() : v);
                return `$${params.length}`;
              });
              return `(${marks.join(', ')})`;
            });
            await client.query(`insert into ${q(table)} (${colList}) values ${tuples.join(', ')}`, params);
            pending = [];
          };
          const stmt = src.prepare(`select ${colList} from ${q(table)}`).raw(true);
          for (const row of stmt.iterate() as Iterable<unknown[]>) {
            digest.add(row);
            pending.push(row);
            if (pending.length >= batch) await flush();
          }
          await flush();
          digests.set(table, digest);
          total += digest.rows;
          if (digest.rows > 0) say(`${table}: ${digest.rows} rows`);
        }
        for (const fk of fks.rows) await client.query(`alter table ${fk.t} add constraint ${q(fk.name)} ${fk.def}`);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        if (err instanceof ExportError) throw err;
        throw new ExportError(`the copy failed and was undone (the target is migrated and empty): ${describe(err)}`);
      } finally {
        src.exec('commit');
      }
      await client.query('analyze');

      // Read everything back from the target and compare.
      const checks: TableCheck[] = [];
      for (const table of tables) {
        const cols = sqliteColumns(src, table).filter((c) => targetCols.get(table)?.has(c));
        const back = await digestPostgres(client, table, cols);
        const mine = digests.get(table)!;
        checks.push({ table, rows: mine.rows, targetRows: back.rows, same: back.equals(mine) });
      }
      const bad = checks.filter((c) => !c.same);
      if (bad.length)
        throw new ExportError(
          `the copy differs from the source in ${bad.map((b) => `${b.table} (${b.rows} rows, target ${b.targetRows})`).join(', ')}; drop the target schema and export again`,
        );
      return { schemaVersion: SCHEMA_VERSION, tables: checks, skipped, rows: total, ms: Date.now() - t0 };
    } finally {
      client.release();
    }
  } finally {
    src.close();
    await pool.end();
  }
}

/** Reads a PostgreSQL table back in pages of its physical order (ctid) and digests it. */
async function digestPostgres(client: pg.PoolClient, table: string, cols: string[]): Promise<TableDigest> {
  const digest = new TableDigest();
  const page = 5000;
  // A cursor inside a read-only transaction: bounded memory whatever the table's size.
  await client.query('begin read only');
  try {
    const name = `qf_export_${Math.random().toString(36).slice(2)}`;
    await client.query(`declare ${name} no scroll cursor for select ${cols.map(q).join(', ')} from ${q(table)}`);
    for (;;) {
      const res = await client.query({ text: `fetch ${page} from ${name}`, rowMode: 'array' });
      for (const row of res.rows as unknown[][]) digest.add(row);
      if (res.rows.length < page) break;
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
  return digest;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const detail = (err as { detail?: string }).detail;
    return detail ? `${err.message} (${detail})` : err.message;
  }
  return String(err);
}
