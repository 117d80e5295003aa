import { type fdatasync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { assertSupportedRuntime } from '../shared/runtime.js';
import { type DialectHelpers, postgresDialect, sqliteDialect } from './dialect.js';
import {
  CHECKPOINT_INTERVAL_MS,
  CHECKPOINT_RESTART_FRAMES,
  Checkpointer,
  type StorageFailedError,
  WalSync,
  registerDurability,
} from './durability.js';
import { FailoverPool, parsePostgresUrl } from './pg-failover.js';
import { cachingDatabase } from './statement-cache.js';
import type { Database } from './types.js';

/** An open database: the Kysely instance, the engine's helpers and a way to close it. */
export interface Db {
  /** The query builder. */
  readonly db: Kysely<Database>;
  /** Engine-specific helpers. */
  readonly dialect: DialectHelpers;
  /** The raw better-sqlite3 handle (SQLite only), for bulk loads in seeds and benchmarks. */
  readonly sqlite?: SqliteDatabase.Database;
  /** Closes every connection. */
  close(): Promise<void>;
}

// int8 (bigint) and numeric come back as JS numbers: audit sequence numbers and counts stay
// far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** Options of `openDatabase`. */
export interface OpenOptions {
  /** PostgreSQL schema to put first on the search path (tests use one per file). */
  pgSchema?: string | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** WAL frames past which the background checkpointer restarts the log (tests lower it). */
  checkpointRestartFrames?: number;
  /** Where a failed background checkpoint is reported (SQLite files); default: stderr. */
  onCheckpointError?: (message: string) => void;
  /**
   * Hears, exactly once, that a commit could not be made durable (SQLite files: an fsync of the
   * WAL failed; see `StorageFailedError`). From then on every write is refused and the
   * connection is read-only; the server should shut down so SQLite recovers on the next start.
   * Default: one line on stderr (no exit, so tests and tools decide for themselves).
   */
  onStorageFailure?: (err: StorageFailedError) => void;
  /** Replaces the WAL's fdatasync (tests only: a disk that fails). */
  datasync?: typeof fdatasync;
  /** PostgreSQL: hears of idle connections that broke (the pool drops them); default: stderr. */
  onConnectionError?: (message: string) => void;
}

/** The WAL is cut back to this size whenever it restarts after a full checkpoint. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens `url`: `postgres://…` for PostgreSQL, also multi-host (`postgres://u@h1:5432,h2:5433/db?
 * target_session_attrs=read-write`: new connections go to the writable host, see pg-failover.ts);
 * `sqlite:<path>`, a plain path or `:memory:` for
 * SQLite (foreign keys on, 5 s busy timeout, prepared statements cached). A SQLite file runs WAL
 * with durable commits off the event loop (`durability.ts`): `synchronous = NORMAL`, the WAL
 * fdatasync'd before a transaction is answered, checkpoints on a worker thread. A failed fsync
 * is final: the connection turns read-only and `onStorageFailure` hears of it once. SQLite
 * throws (a plain Error, see `shared/runtime.ts`) on a Node older than 22.14 rather than crash.
 */
export function openDatabase(url: string, opts: OpenOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // One host or several (a failover pair): see pg-failover.ts.
    const pool = new FailoverPool(parsePostgresUrl(url), {
      max: opts.poolSize ?? 10,
      options: opts.pgSchema ? `-c search_path=${opts.pgSchema}` : undefined,
      onConnectionError: opts.onConnectionError,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: postgresDialect, close: () => db.destroy() };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  // better-sqlite3 13 needs Node-API 10: on an older Node its addon crashes the process here.
  assertSupportedRuntime();
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals in memory. Every savepoint of a group commit (and every statement that can
  // fail halfway inside a transaction) keeps the pages it changes in a statement journal; past
  // 64 KiB SQLite spills that journal to a temporary file, and a public submission touches ~27
  // B-trees, so each one wrote ~110 KiB to a file nobody reads (measured: 104 write calls and
  // 220 KiB written per submission, 0.46 ms of SQL; in memory 32 calls, 70 KiB, 0.30 ms).
  // Temporary sort B-trees live in memory too; the ledger's queries read in index order, so
  // they stay small (bench/ledger-export.bench.ts measures the export's peak growth).
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(sqlite) }) });
  if (inMemory) {
    sqlite.pragma('synchronous = FULL');
    return { db, dialect: sqliteDialect, sqlite, close: () => db.destroy() };
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  const report = opts.onCheckpointError ?? ((m) => process.stderr.write(`qingfeng: ${m}\n`));
  const onStorageFailure =
    opts.onStorageFailure ?? ((err) => process.stderr.write(`qingfeng: storage failed: ${err.message}\n`));
  const wal = new WalSync(file, opts.datasync, {
    onFailure: (err) => {
      // Stop writing to files that can no longer be trusted: no more changes on this connection
      // (SQLITE_READONLY) and no more checkpoints; the WAL is left for recovery.
      if (sqlite.open) sqlite.pragma('query_only = ON');
      void checkpointer.halt();
      onStorageFailure(err);
    },
  });
  registerDurability(
    db,
    () => wal.sync(),
    () => wal.failed,
  );
  const checkpointer = new Checkpointer(
    file,
    (m) => report(`background checkpoint failed: ${m}`),
    () => {
      // Without the thread, the writer checkpoints again itself (SQLite's default).
      report('checkpoint thread ended; checkpointing on the writer');
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    },
    CHECKPOINT_INTERVAL_MS,
    opts.checkpointRestartFrames ?? CHECKPOINT_RESTART_FRAMES,
  );
  return {
    db,
    dialect: sqliteDialect,
    sqlite,
    async close() {
      await wal.close();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
