/**
 * Replaying the statements an app function ran, raw, as a benchmark's ceiling: the same SQL and
 * parameters on a connection of the bench's own, with the planner switches (`set local …`) a
 * request set replayed in a transaction as it ran them, and plans printed with them in force.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** One statement as a logging Kysely saw it. */
export interface Captured {
  sql: string;
  params: readonly unknown[];
}

/** Raw replay of one request's statements. */
export interface Raw {
  run(qs: Captured[]): Promise<void>;
  /** The plan of `q`; `before`: the statements the request ran before it (planner switches). */
  explain(q: Captured, before?: Captured[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens a raw replay on the bench's database. PostgreSQL: a request's statements run in parallel
 * on two connections, unless it set a planner switch (then in order, in one transaction).
 */
export function openRaw(engine: 'sqlite' | 'postgres', file: string, pgUrl?: string, schema?: string): Raw {
  if (engine === 'sqlite') {
    const handle = new SqliteDatabase(file, { readonly: true });
    const stmts = new Map<string, SqliteDatabase.Statement>();
    const prep = (sql: string) => {
      let s = stmts.get(sql);
      if (!s) stmts.set(sql, (s = handle.prepare(sql)));
      return s;
    };
    return {
      async run(list) {
        for (const q of list) prep(q.sql).all(...(q.params as unknown[]));
      },
      async explain(q) {
        const rows = handle.prepare(`explain query plan ${q.sql}`).all(...(q.params as unknown[])) as {
          detail: string;
        }[];
        return rows.map((r) => `    ${r.detail}`).join('\n');
      },
      async close() {
        handle.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` });
  // A request that sets a planner switch for one statement (`set local …`, see the ledger's
  // walkingCount) ran it in a transaction: replayed the same way, in order, on one connection.
  const local = (q: Captured) => /^set local /i.test(q.sql);
  const control = (q: Captured) => /^(begin|commit|rollback)\b/i.test(q.sql);
  return {
    async run(list) {
      if (!list.some(local)) {
        await Promise.all(list.map((q) => pool.query(q.sql, q.params as unknown[])));
        return;
      }
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const q of list) if (!control(q)) await client.query(q.sql, q.params as unknown[]);
        await client.query('commit');
      } finally {
        client.release();
      }
    },
    async explain(q, before = []) {
      if (control(q) || /^(explain|set) /i.test(q.sql)) return '    (not explained)';
      const client = await pool.connect();
      try {
        await client.query('begin');
        // The planner switches in force when the request ran it.
        let settings: Captured[] = [];
        for (const b of before) if (local(b)) settings = /= on$/i.test(b.sql) ? [] : [...settings, b];
        for (const b of settings) await client.query(b.sql, b.params as unknown[]);
        const r = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${q.sql}`,
          q.params as unknown[],
        );
        return r.rows.map((x) => `    ${x['QUERY PLAN']}`).join('\n');
      } finally {
        await client.query('rollback');
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
