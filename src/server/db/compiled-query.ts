import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './types.js';

// A prefix no real value starts with (parameters never contain NUL in this platform's data).
const MARK = '\u0000qf-arg-';
const SENTINEL = new RegExp(`^${MARK}(\\d+)$`);

/**
 * The `i`-th argument of a query built once by `runCompiled`: a marker value that the compiled
 * parameters are matched against. Typed as the column's type for the builder's sake.
 */
export function arg<T>(i: number): T {
  return `${MARK}${i}` as T;
}

interface Plan {
  sql: string;
  /** Per compiled parameter: the index of the argument it takes, or the constant it keeps. */
  slots: ({ arg: number } | { value: unknown })[];
}

// Per query compiler (SQLite `?`, PostgreSQL `$n`), per key.
const plans = new Map<unknown, Map<string, Plan>>();

/**
 * Runs a query whose shape never changes, building and compiling it through Kysely only on its
 * first call per engine and reusing the SQL text after that. The builder uses `arg(i)` where
 * the i-th of `args` goes; constants in the builder stay constants. On the public submission
 * path Kysely's building (operation trees frozen and walked per query) cost about a quarter of
 * the writer's time; the statement itself is the same one Kysely would have produced.
 */
export async function runCompiled<R>(
  db: Kysely<Database>,
  key: string,
  build: (db: Kysely<Database>) => Compilable<R>,
  args: readonly unknown[],
): Promise<{ rows: R[]; numAffectedRows?: bigint }> {
  const compiler = db.getExecutor().adapter.constructor;
  let byKey = plans.get(compiler);
  if (!byKey) plans.set(compiler, (byKey = new Map()));
  let plan = byKey.get(key);
  if (!plan) {
    const compiled = build(db).compile();
    plan = {
      sql: compiled.sql,
      slots: compiled.parameters.map((p) => {
        const m = typeof p === 'string' ? SENTINEL.exec(p) : null;
        return m ? { arg: Number(m[1]) } : { value: p };
      }),
    };
    const used = new Set(plan.slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
    if (used.size !== args.length)
      throw new Error(`compiled query ${key}: ${used.size} placeholders, ${args.length} args`);
    byKey.set(key, plan);
  }
  const params = plan.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
  const res = await db.executeQuery<R>(CompiledQuery.raw(plan.sql, params));
  return {
    rows: res.rows,
    ...(res.numAffectedRows !== undefined ? { numAffectedRows: res.numAffectedRows } : {}),
  };
}
