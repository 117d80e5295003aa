/**
 * Consistent database snapshots for a backup, taken off the server's event loop and without
 * stopping its writers. SQLite: `VACUUM INTO` on a connection of its own in a worker thread (WAL
 * lets writers go on; the copy is one read transaction, never a file copy of a live WAL
 * database). PostgreSQL: `pg_dump --format=custom` in a child process, on a snapshot exported
 * by a repeatable-read transaction that also counts the rows and reads the audit head, so the
 * manifest describes exactly what the dump holds.
 */
import { setPriority } from 'node:os';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';

/** What a snapshot holds, for the manifest. */
export interface SnapshotFacts {
  schemaVersion: string;
  audit: { seq: number; hash: string } | null;
  tables: Record<string, number>;
}

/** Thrown with the engine's error code (SQLITE_FULL, ENOSPC…) so the caller can say "disk full". */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

// Plain CommonJS run by the worker thread (eval): no build step, the same in tests and in dist.
const SQLITE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let src, snap;
try {
  src = new Database(workerData.source, { fileMustExist: true });
  src.pragma('busy_timeout = 10000');
  src.prepare('VACUUM INTO ?').run(workerData.target);
  src.close(); src = undefined;
  snap = new Database(workerData.target, { readonly: true });
  const q = (name) => '"' + name.replace(/"/g, '""') + '"';
  const names = snap.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all();
  const tables = {};
  for (const name of names) tables[name] = snap.prepare('select count(*) from ' + q(name)).pluck().get();
  const head = names.includes('audit_head') ? snap.prepare('select last_seq, last_hash from audit_head where id = 1').get() : undefined;
  const schemaVersion = snap.prepare('select max(name) from kysely_migration').pluck().get();
  snap.close(); snap = undefined;
  parentPort.postMessage({ ok: true, tables, schemaVersion, audit: head ? { seq: head.last_seq, hash: head.last_hash } : null });
} catch (err) {
  try { src && src.close(); snap && snap.close(); } catch {}
  parentPort.postMessage({ ok: false, message: String(err && err.message || err), code: err && err.code });
}
`;

/**
 * Writes a consistent copy of the SQLite database `source` to `target` (which must not exist)
 * from a worker thread, and reads the copy's row counts, audit head and schema version. Throws
 * SnapshotError (code `SQLITE_FULL` on a full disk).
 */
export function snapshotSqlite(source: string, target: string): Promise<SnapshotFacts> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const w = new Worker(SQLITE_WORKER, { eval: true, workerData: { driver, source, target } });
    let settled = false;
    w.once('message', (m: { ok: boolean; message?: string; code?: string } & SnapshotFacts) => {
      settled = true;
      if (m.ok) resolve({ schemaVersion: m.schemaVersion, audit: m.audit, tables: m.tables });
      else reject(new SnapshotError(m.message ?? 'snapshot failed', m.code));
    });
    w.once('error', (err) => {
      settled = true;
      reject(new SnapshotError(err.message, (err as NodeJS.ErrnoException).code));
    });
    w.once('exit', (code) => {
      if (!settled) reject(new SnapshotError(`snapshot thread ended (exit ${code})`, undefined));
    });
  });
}

/** The file of a `sqlite:` URL (or a plain path); null for `:memory:` or a PostgreSQL URL. */
export function sqliteFileOf(databaseUrl: string): string | null {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return null;
  const file = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : databaseUrl;
  return file === ':memory:' ? null : file;
}

/** The schema a PostgreSQL configuration works in: QF_PG_SCHEMA, a search_path in the URL's options, or public. */
export function pgSchemaOf(databaseUrl: string, pgSchema: string | undefined): string {
  if (pgSchema) return pgSchema;
  const options = new URL(databaseUrl).searchParams.get('options') ?? '';
  const m = /search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(options);
  return m?.[1] ?? 'public';
}

/**
 * Finds a PostgreSQL client program (`pg_dump`, `pg_restore`): on PATH, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's layout). Throws naming what was searched.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
  }
  throw new Error(`${name} not found on PATH or in /usr/lib/postgresql/*/bin (install postgresql-client)`);
}

/**
 * The URL without its password, and the password for PGPASSWORD: a password on a command line
 * is visible to every user of the machine (ps).
 */
export function pgConnectionForTool(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const password = u.password ? decodeURIComponent(u.password) : (u.searchParams.get('password') ?? undefined);
  u.password = '';
  u.searchParams.delete('password');
  // The search path option is ours, not the tool's: pg_dump sets its own.
  u.searchParams.delete('options');
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a program, collecting stderr; rejects with its last lines on a non-zero exit. */
export function runTool(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { background?: boolean } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    // A backup's pg_dump (its compression is the costly part on the client) yields the CPU to the
    // server taking submissions; lowering a child's priority needs no privilege.
    if (opts.background && child.pid !== undefined)
      try {
        setPriority(child.pid, 10);
      } catch {
        // A platform that refuses it runs the tool at normal priority.
      }
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.once('error', (err) =>
      reject(new SnapshotError(`${file}: ${err.message}`, (err as NodeJS.ErrnoException).code)),
    );
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const text = stderr.trim().split('\n').slice(-3).join(' / ');
      reject(
        new SnapshotError(
          `${file.split('/').at(-1)} exited with ${code}: ${text}`,
          /No space left/i.test(text) ? 'ENOSPC' : undefined,
        ),
      );
    });
  });
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Dumps schema `schema` of the PostgreSQL database to `target` with `pg_dump --format=custom`,
 * on a snapshot shared with a repeatable-read transaction that reads the row counts, the audit
 * head and the schema version. Throws SnapshotError.
 */
export async function snapshotPostgres(databaseUrl: string, schema: string, target: string): Promise<SnapshotFacts> {
  const pgDump = findPgTool('pg_dump');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const snapshot = rows[0]!.id;
    const { url, env } = pgConnectionForTool(databaseUrl);
    const dump = runTool(
      pgDump,
      [
        '--format=custom',
        `--snapshot=${snapshot}`,
        `--schema=${schema}`,
        '--no-owner',
        '--no-privileges',
        `--file=${target}`,
        `--dbname=${url}`,
      ],
      env,
      { background: true },
    );
    // Counted in the same snapshot while pg_dump reads it.
    const counted = (async (): Promise<SnapshotFacts> => {
      const names = (
        await client.query<{ name: string }>(
          `select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
          [schema],
        )
      ).rows.map((r) => r.name);
      const tables: Record<string, number> = {};
      for (const name of names) {
        const r = await client.query<{ n: number }>(
          `select count(*)::int as n from ${quoteIdent(schema)}.${quoteIdent(name)}`,
        );
        tables[name] = r.rows[0]!.n;
      }
      const head = names.includes('audit_head')
        ? (
            await client.query<{ last_seq: number; last_hash: string }>(
              `select last_seq, last_hash from ${quoteIdent(schema)}.audit_head where id = 1`,
            )
          ).rows[0]
        : undefined;
      const version = (
        await client.query<{ v: string | null }>(`select max(name) as v from ${quoteIdent(schema)}.kysely_migration`)
      ).rows[0]!.v;
      return {
        tables,
        audit: head ? { seq: Number(head.last_seq), hash: head.last_hash } : null,
        schemaVersion: version ?? '',
      };
    })();
    const [facts] = await Promise.all([counted, dump]);
    await client.query('commit');
    return facts;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err instanceof SnapshotError
      ? err
      : new SnapshotError(err instanceof Error ? err.message : String(err), (err as NodeJS.ErrnoException).code);
  } finally {
    await client.end();
  }
}
