/**
 * Databases for the upgrade tests: a real SQLite file in a fresh folder, or a fresh PostgreSQL
 * schema (`TEST_PG_URL`); and a snapshot of everything in one (schema objects and every row of
 * every table), to show that a stopped migration left exactly what was there before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/server/db/database.js';
import { seedCountyCommission } from '../../src/server/test/migration-db.js';

/** The engines the upgrade tests run on, per TEST_SQLITE / TEST_PG_URL as in the harness. */
export const ENGINES = [
  ...(process.env.TEST_SQLITE === '0' ? [] : (['sqlite'] as const)),
  ...(process.env.TEST_PG_URL ? (['postgres'] as const) : []),
];

/** A database of its own for one test. */
export interface UpgradeDb {
  /** Its URL (what a child process opens). */
  url: string;
  /** Its PostgreSQL schema (undefined on SQLite). */
  schema: string | undefined;
  /** Opens a connection (pool) to it. */
  open(): Db;
  /** Removes it (the folder, or the schema). */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on `engine`. */
export async function createUpgradeDb(engine: 'sqlite' | 'postgres'): Promise<UpgradeDb> {
  if (engine === 'postgres') {
    const schema = `up_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    await admin((c) => c.query(`create schema ${schema}`));
    const url = process.env.TEST_PG_URL!;
    return {
      url,
      schema,
      open: () => openDatabase(url, { pgSchema: schema }),
      drop: () => admin((c) => c.query(`drop schema ${schema} cascade`)).then(() => undefined),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'qf-upgrade-'));
  const url = `sqlite:${join(dir, 'qingfeng.sqlite')}`;
  return {
    url,
    schema: undefined,
    open: () => openDatabase(url),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes old rows: the county commission and two townships under it. */
export async function seedOldRows(database: Db): Promise<void> {
  const at = '2026-01-05T02:00:00.000Z';
  await seedCountyCommission(database.db, at);
  for (const [code, name] of [
    ['411221100000', '城关镇'],
    ['411221101000', '英豪镇'],
  ] as const)
    await database.db
      .insertInto('regions')
      .values({
        code,
        parent_code: '411221000000',
        level: 'township',
        name,
        path: `/411221000000/${code}/`,
        county_code: '411221000000',
        sort: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
}

/** Everything in a database: its schema objects, and every table's rows (sorted). */
export interface Snapshot {
  /** One line per table column, index, constraint and trigger (SQLite: its `sqlite_master` rows). */
  objects: string[];
  /** Each table's rows, as sorted JSON lines. */
  rows: Record<string, string[]>;
}

/** Takes a snapshot of `database` (in `schema` on PostgreSQL). */
export async function snapshot(database: Db, schema: string | undefined): Promise<Snapshot> {
  const { db } = database;
  let objects: string[];
  let tables: string[];
  if (schema) {
    const cols = await sql<{ line: string }>`select table_name || '.' || column_name || ' ' || data_type || ' '
        || is_nullable || ' ' || coalesce(column_default, '') as line
      from information_schema.columns where table_schema = ${schema}`.execute(db);
    const idx = await sql<{ line: string }>`select 'index ' || indexdef as line from pg_indexes
      where schemaname = ${schema}`.execute(db);
    const cons = await sql<{ line: string }>`select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname
        || ' ' || pg_get_constraintdef(c.oid) as line
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = ${schema}`.execute(db);
    const trg = await sql<{ line: string }>`select 'trigger ' || pg_get_triggerdef(t.oid) as line
      from pg_trigger t join pg_class r on r.oid = t.tgrelid join pg_namespace n on n.oid = r.relnamespace
      where n.nspname = ${schema} and not t.tgisinternal`.execute(db);
    objects = [...cols.rows, ...idx.rows, ...cons.rows, ...trg.rows].map((r) => r.line);
    const t = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(db);
    tables = t.rows.map((r) => r.name);
  } else {
    const master = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
      select type, name, tbl_name, sql from sqlite_master`.execute(db);
    objects = master.rows.map((r) => `${r.type} ${r.name} ${r.tbl_name} ${r.sql ?? ''}`);
    tables = master.rows.filter((r) => r.type === 'table').map((r) => r.name);
  }
  const rows: Record<string, string[]> = {};
  for (const name of tables.sort()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    rows[name] = result.rows.map((r) => JSON.stringify(r)).sort();
  }
  return { objects: objects.sort(), rows };
}
