import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Re-creates `index` on reports with `columns`. */
async function widen(db: Kysely<any>, index: string, columns: string[]): Promise<void> {
  await db.schema.dropIndex(index).execute();
  await db.schema.createIndex(index).on('reports').columns(columns).execute();
}

/**
 * Partial-match search of the intake ledger (a part of a number, a part of the reported person's
 * name). Only the two columns the ledger searches are indexed, and both are stored in clear
 * already: the report's number and the name of the person reported. The reporter's identity is
 * sealed (`reporter_enc`) and stays out of every index.
 *
 * - SQLite: `reports_search`, an FTS5 table with the trigram tokenizer over `reports` (external
 *   content: it keeps the trigrams only, keyed by the report's rowid), kept in step by triggers on
 *   insert, delete and an update of either column. A search of three characters or more is a
 *   phrase of trigrams, i.e. a substring match.
 * - PostgreSQL: GIN indexes with `gin_trgm_ops` (pg_trgm) on `number` and `subject_name`, which
 *   serve `ILIKE '%…%'`; PostgreSQL keeps them in step itself. The extension is created once per
 *   database (it is trusted since PostgreSQL 13: the migrating role needs CREATE on the database,
 *   or a superuser runs `CREATE EXTENSION pg_trgm` beforehand); an advisory lock keeps concurrent
 *   migrations of several schemas from creating it twice. The operator class is named with the
 *   extension's schema, so the schema being migrated need not have it on its search path.
 *
 * Shorter searches (one or two characters: a surname such as 王) have no trigram; they match the
 * start of the name through the existing `reports_subject_name` index.
 *
 * A dense search (a surname matches one report in twelve) reads the caller's scope and checks the
 * name on each row: `reports_owner_region` (the count) and `reports_ledger_received` (the page,
 * newest first) gain `subject_name` as their last column, so the name is checked inside the index
 * instead of by a table seek per row. A submission writes as many B-trees as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await widen(db, 'reports_owner_region', ['owner_unit_path', 'region_path', 'in_ledger', 'subject_name']);
  await widen(db, 'reports_ledger_received', ['received_at', 'in_ledger', 'owner_unit_path', 'subject_name']);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(2026120508)`.execute(db);
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema
      from pg_extension where extname = 'pg_trgm'`.execute(db);
    const ops = sql.raw(`${rows[0]!.schema}.gin_trgm_ops`);
    await sql`create index reports_number_trgm on reports using gin (number ${ops})`.execute(db);
    await sql`create index reports_subject_name_trgm on reports using gin (subject_name ${ops})`.execute(db);
    return;
  }
  await sql`create virtual table reports_search using fts5(number, subject_name,
    content = 'reports', content_rowid = 'rowid', tokenize = 'trigram')`.execute(db);
  await sql`insert into reports_search (reports_search) values ('rebuild')`.execute(db);
  await sql`create trigger reports_search_insert after insert on reports begin
    insert into reports_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
  await sql`create trigger reports_search_delete after delete on reports begin
    insert into reports_search (reports_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
  end`.execute(db);
  await sql`create trigger reports_search_update after update of number, subject_name on reports begin
    insert into reports_search (reports_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
    insert into reports_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
}

/** Drops the search indexes and narrows the two ledger indexes again (the pg_trgm extension stays: other schemas may use it). */
export async function down(db: Kysely<any>): Promise<void> {
  await widen(db, 'reports_owner_region', ['owner_unit_path', 'region_path', 'in_ledger']);
  await widen(db, 'reports_ledger_received', ['received_at', 'in_ledger', 'owner_unit_path']);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists reports_subject_name_trgm`.execute(db);
    await sql`drop index if exists reports_number_trgm`.execute(db);
    return;
  }
  await sql`drop trigger if exists reports_search_update`.execute(db);
  await sql`drop trigger if exists reports_search_delete`.execute(db);
  await sql`drop trigger if exists reports_search_insert`.execute(db);
  await sql`drop table if exists reports_search`.execute(db);
}
