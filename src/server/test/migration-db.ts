/**
 * A database of its own for a migration test: SQLite in memory, or a fresh PostgreSQL schema
 * dropped at the end. Migrations and schema drops hold the harness's advisory lock (Kysely's
 * migrator introspects every schema of the database, so they are serialized with the other test
 * files). A test migrates to the migration before the one it tests, writes old-shape rows, then
 * migrates to the latest and checks what became of them.
 */
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../db/database.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/types.js';

// The harness's advisory lock (harness.ts uses the same number).
const SCHEMA_LOCK = 7_274_201;

/** An opened migration-test database. */
export interface MigrationDb {
  db: Kysely<Database>;
  /** The engine's dialect helpers. */
  dialect: Db['dialect'];
  /** The PostgreSQL schema it lives in (undefined on SQLite). */
  schema: string | undefined;
  /** Migrates up to and including `name`. */
  migrateTo(name: string): Promise<void>;
  /** Migrates to the latest migration. */
  migrateToLatest(): Promise<void>;
  /** Closes the database and drops its schema. */
  close(): Promise<void>;
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

/** Runs `fn` holding the schema lock (PostgreSQL only). */
async function locked<T>(fn: () => Promise<T>, isPg: boolean): Promise<T> {
  if (!isPg) return fn();
  return admin(async (client) => {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
    }
  });
}

/** Opens an empty database on `engine` (PostgreSQL: `TEST_PG_URL`, a new schema named `prefix_…`). */
export async function openMigrationDb(engine: 'sqlite' | 'postgres', prefix = 'm'): Promise<MigrationDb> {
  const isPg = engine === 'postgres';
  let schema: string | undefined;
  let database: Db;
  if (isPg) {
    const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
    await admin((client) => client.query(`create schema ${name}`));
    schema = name;
    database = openDatabase(process.env.TEST_PG_URL!, { pgSchema: name });
  } else database = openDatabase(':memory:');
  const { db, dialect } = database;
  return {
    db,
    dialect,
    schema,
    migrateTo: (name) => locked(() => migrateTo(db, name, schema), isPg),
    migrateToLatest: async () => {
      await locked(() => migrateToLatest(db, schema), isPg);
    },
    close: async () => {
      await database.close();
      if (schema) await locked(() => admin((client) => client.query(`drop schema ${schema} cascade`)), true);
    },
  };
}

/**
 * Writes the smallest organisation old rows need: the county region `411221000000` (渑池县) and
 * its commission, unit `u1` at path `/u1/`. Uses only columns every migration since the
 * foundation has had.
 */
export async function seedCountyCommission(db: Kysely<Database>, at: string): Promise<void> {
  await db
    .insertInto('regions')
    .values({
      code: '411221000000',
      parent_code: null,
      level: 'county',
      name: '渑池县',
      path: '/411221000000/',
      county_code: '411221000000',
      sort: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('units')
    .values({
      id: 'u1',
      parent_id: null,
      kind: 'commission',
      name: '县纪委监委',
      short_name: null,
      region_code: '411221000000',
      path: '/u1/',
      region_path: '/411221000000/',
      county_code: '411221000000',
      zone_id: null,
      sort: 0,
      active: 1,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
}
