import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database } from './types.js';

// SQL text of single-row inserts, per query compiler (SQLite `?`, PostgreSQL `$n`) and shape.
const texts = new Map<unknown, Map<string, string>>();

/**
 * Inserts one plain row (values only: strings, numbers, null) into `table`, compiling its SQL
 * once per table and column list instead of on every call. Kysely builds and freezes an
 * operation tree and walks it for every query; for the wide rows of the public submission path
 * (a report has 45 columns) that cost more than SQLite's own work. The first call compiles
 * through Kysely and keeps the text only if Kysely's parameters are exactly the row's values in
 * key order, so the fast path is never a different statement from the normal one.
 */
export async function insertRow<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const values: unknown[] = Object.values(row);
  const shape = `${table}(${Object.keys(row).join(',')})`;
  const compiler = db.getExecutor().adapter.constructor;
  let byShape = texts.get(compiler);
  if (!byShape) texts.set(compiler, (byShape = new Map()));
  const text = byShape.get(shape);
  if (text) {
    await db.executeQuery(CompiledQuery.raw(text, values));
    return;
  }
  const compiled = db.insertInto(table).values(row).compile();
  const same =
    compiled.parameters.length === values.length && compiled.parameters.every((p, i) => Object.is(p, values[i]));
  if (same && byShape.size < 100) byShape.set(shape, compiled.sql);
  await db.executeQuery(compiled);
}

/**
 * Inserts rows into `table` in multi-row statements of at most ~30,000 parameters (SQLite allows
 * 32,766 and PostgreSQL 65,535 per statement): for bulk writes such as an import, fewer and
 * larger statements are several times faster than one statement per row.
 */
export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.min(1000, Math.floor(30_000 / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}
