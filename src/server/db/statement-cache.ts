import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts keep a prepared statement (the hot paths use a few dozen). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Wraps a better-sqlite3 handle for Kysely's SQLite dialect so each distinct SQL text is prepared
 * once and reused. Kysely's driver calls `prepare` for every query; preparing costs more than
 * running most of our single-row statements (a profile of the public submission put 15 % of its
 * CPU time in `prepare`). Statements are reused only when idle: one still being iterated by a
 * stream is never handed out again, a fresh one is prepared instead. Oldest entries are evicted
 * beyond `size`.
 *
 * Kysely opens transactions with a plain `begin`; it becomes `begin immediate`, so a transaction
 * takes the write lock at its start. While the background checkpointer restarts the WAL
 * (durability.ts) it holds that lock for a moment: an immediate transaction waits for it in the
 * busy handler, whereas a deferred one that had read first could not upgrade and would fail at
 * once with SQLITE_BUSY (no busy timeout applies to a reader's upgrade).
 */
export function cachingDatabase(db: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => db.close(),
    prepare(text: string): SqliteStatement {
      const sql = text === 'begin' ? 'begin immediate' : text;
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = db.prepare(sql);
      if (!hit) {
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
