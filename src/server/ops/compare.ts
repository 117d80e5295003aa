/**
 * Row-by-row comparison of two Qingfeng databases (the restore drill, export between engines):
 * every table both hold, each row matched by its primary key, values normalised so SQLite and
 * PostgreSQL copies compare equal when they hold the same data. Derived search tables (SQLite's
 * FTS5 index and its shadow tables) are left out: they are rebuilt from the rows.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

/** One side of a comparison: the database and, on PostgreSQL, its schema. */
export interface CompareSide {
  db: Kysely<Database>;
  /** PostgreSQL schema; null or undefined for SQLite. */
  pgSchema?: string | null;
}

/** The differences of one table. */
export interface TableDifference {
  table: string;
  /** The table exists on one side only. */
  missingIn?: 'a' | 'b';
  /** Primary keys (JSON) of rows only `a` holds, in key order. */
  onlyInA: string[];
  /** Primary keys of rows only `b` holds. */
  onlyInB: string[];
  /** Primary keys of rows both hold with different values. */
  differ: string[];
}

/** The result: differences per table (tables without any are not listed) and the tables compared. */
export interface CompareResult {
  tables: number;
  rows: number;
  differences: TableDifference[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TableInfo {
  name: string;
  key: string[];
  columns: string[];
}

async function tablesOf(side: CompareSide): Promise<TableInfo[]> {
  if (side.pgSchema) {
    const cols = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${side.pgSchema} and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`.execute(
      side.db,
    );
    const keys = await sql<{ table_name: string; column_name: string }>`
      select k.table_name, k.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name and k.table_schema = tc.table_schema
      where tc.table_schema = ${side.pgSchema} and tc.constraint_type = 'PRIMARY KEY' order by k.table_name, k.ordinal_position`.execute(
      side.db,
    );
    const map = new Map<string, TableInfo>();
    for (const r of cols.rows) {
      const t = map.get(r.table_name) ?? { name: r.table_name, key: [], columns: [] };
      t.columns.push(r.column_name);
      map.set(r.table_name, t);
    }
    for (const r of keys.rows) map.get(r.table_name)?.key.push(r.column_name);
    return [...map.values()];
  }
  const all = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    side.db,
  );
  const virtual = all.rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
  const out: TableInfo[] = [];
  for (const r of all.rows) {
    if (virtual.includes(r.name) || virtual.some((v) => r.name.startsWith(`${v}_`))) continue;
    const info = await sql<{
      name: string;
      pk: number;
    }>`select name, pk from pragma_table_info(${r.name}) order by cid`.execute(side.db);
    out.push({
      name: r.name,
      columns: info.rows.map((c) => c.name),
      key: info.rows
        .filter((c) => c.pk > 0)
        .sort((x, y) => x.pk - y.pk)
        .map((c) => c.name),
    });
  }
  return out;
}

/** A value as both engines' copies of it compare: numbers as numbers, bytes as hex, JSON as text. */
function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

async function rowsOf(side: CompareSide, t: TableInfo): Promise<Map<string, string>> {
  const from = side.pgSchema ? `${quote(side.pgSchema)}.${quote(t.name)}` : quote(t.name);
  const cols = [...t.columns].sort();
  const key = t.key.length ? t.key : cols;
  const res = await sql<Record<string, unknown>>`select * from ${sql.raw(from)}`.execute(side.db);
  const out = new Map<string, string>();
  for (const row of res.rows) {
    const k = JSON.stringify(key.map((c) => normalise(row[c])));
    const v = JSON.stringify(cols.map((c) => normalise(row[c])));
    // Tables without a key: identical rows counted.
    out.set(out.has(k) && !t.key.length ? `${k}#${out.size}` : k, v);
  }
  return out;
}

/**
 * Compares every table of `a` and `b` row by row (see the file comment). Whole tables are read
 * into memory: meant for drills and migrations checked table by table, not for a 5 M-row table
 * on a small machine.
 */
export async function compareDatabases(a: CompareSide, b: CompareSide): Promise<CompareResult> {
  const ta = new Map((await tablesOf(a)).map((t) => [t.name, t]));
  const tb = new Map((await tablesOf(b)).map((t) => [t.name, t]));
  const differences: TableDifference[] = [];
  let rows = 0;
  for (const name of [...new Set([...ta.keys(), ...tb.keys()])].sort()) {
    const x = ta.get(name);
    const y = tb.get(name);
    if (!x || !y) {
      differences.push({ table: name, missingIn: x ? 'b' : 'a', onlyInA: [], onlyInB: [], differ: [] });
      continue;
    }
    const ra = await rowsOf(a, x);
    const rb = await rowsOf(b, y);
    rows += ra.size;
    const d: TableDifference = { table: name, onlyInA: [], onlyInB: [], differ: [] };
    for (const [k, v] of ra) {
      const w = rb.get(k);
      if (w === undefined) d.onlyInA.push(k);
      else if (w !== v) d.differ.push(k);
    }
    for (const k of rb.keys()) if (!ra.has(k)) d.onlyInB.push(k);
    if (d.onlyInA.length || d.onlyInB.length || d.differ.length) {
      d.onlyInA.sort();
      d.onlyInB.sort();
      d.differ.sort();
      differences.push(d);
    }
  }
  return { tables: ta.size, rows, differences };
}

/** Rows per table (every base table; on SQLite virtual tables too), as the manifest records them. */
export async function countRows(db: Kysely<Database>, pgSchema: string | null): Promise<Record<string, number>> {
  const names = pgSchema
    ? (
        await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = ${pgSchema} and table_type = 'BASE TABLE' order by table_name`.execute(db)
      ).rows.map((r) => r.name)
    : (
        await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      ).rows.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const name of names) {
    const from = pgSchema ? `${quote(pgSchema)}.${quote(name)}` : quote(name);
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(from)}`.execute(db);
    out[name] = Number(r.rows[0]!.n);
  }
  return out;
}
