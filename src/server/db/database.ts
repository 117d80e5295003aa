import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DialectHelpers, postgresDialect, sqliteDialect } from './dialect.js';
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
}

/**
 * Opens `url`: `postgres://…` for PostgreSQL; `sqlite:<path>`, a plain path or `:memory:` for
 * SQLite (WAL, synchronous=FULL, foreign keys on, 5 s busy timeout, prepared statements cached).
 */
export function openDatabase(url: string, opts: OpenOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: postgresDialect, close: () => db.destroy() };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(sqlite) }) });
  return { db, dialect: sqliteDialect, sqlite, close: () => db.destroy() };
}
