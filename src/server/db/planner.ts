/**
 * Steering PostgreSQL's planner for one statement where its statistics mislead it. SQLite has no
 * such switches (its queries are steered by how a predicate is written); there `fn` runs as is.
 */
import { sql } from 'kysely';
import type { Ctx } from '../shared/context.js';
import { transact } from './durability.js';

/**
 * Runs `fn` with PostgreSQL's bitmap and sequential scans off (`set local`, in a read-only
 * transaction of its own unless the caller is already in one), so a scope's index that holds
 * the filtered column is walked in index order and a capped statement stops at its cap. For a
 * term dense in the scope the planner otherwise intersects two large bitmaps, which outgrow
 * `work_mem` and go lossy (docs/benchmarks.md, issues 11 and 12). Use only where the caller knows
 * the walk is short (an estimate or a probe says the term is dense).
 */
export async function walkingIndexes<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.dialect.name !== 'postgres') return fn(ctx);
  const run = async (db: Ctx['db']) => {
    await sql`set local enable_bitmapscan = off`.execute(db);
    await sql`set local enable_seqscan = off`.execute(db);
    // Not in a `finally`: after a failed statement the transaction is aborted, and resetting the
    // switches there failed too (25P02), hiding the statement's own error (a NUL in a search term,
    // 22021, answered 500 instead of 400). A failed transaction is rolled back with its switches.
    const result = await fn({ ...ctx, db });
    await sql`set local enable_bitmapscan = on`.execute(db);
    await sql`set local enable_seqscan = on`.execute(db);
    return result;
  };
  // transact's durable wait is a no-op for a transaction that wrote nothing.
  return ctx.db.isTransaction ? run(ctx.db) : transact(ctx.db, run);
}
