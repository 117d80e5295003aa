import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The case ledger's search (issue 13, second session): a part of a case number or of a subject's
 * name, three characters or more, is read from a trigram index instead of a `LIKE '%x%'` over
 * every case in scope (docs/benchmarks.md, "Issue 13 (second session)").
 *
 * - SQLite: the FTS5 trigram table `cases_search (number, subject_name)` over `cases` (external
 *   content, as `clues_search`), kept in step by triggers on insert, delete and update of the
 *   number or the names — in the writing transaction.
 * - PostgreSQL: pg_trgm GIN indexes on `cases.number` and `cases.subject_name` (kept in step by
 *   PostgreSQL itself).
 * - Both: `cases.subject_name` (every subject's name joined by 、 in their order, which the
 *   ledger and its search read) is kept in step with `case_subjects` by triggers on insert,
 *   update and delete of a subject row, in the same transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(2026120508)`.execute(db);
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema
      from pg_extension where extname = 'pg_trgm'`.execute(db);
    const ops = sql.raw(`${rows[0]!.schema}.gin_trgm_ops`);
    await sql`create index cases_number_trgm on cases using gin (number ${ops})`.execute(db);
    await sql`create index cases_subject_name_trgm on cases using gin (subject_name ${ops})`.execute(db);
    await sql`create function case_subject_names() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update cases set subject_name = coalesce((select string_agg(s.name, '、' order by s.seq)
            from case_subjects s where s.case_id = old.case_id), '') where id = old.case_id;
        end if;
        if tg_op <> 'DELETE' then
          update cases set subject_name = coalesce((select string_agg(s.name, '、' order by s.seq)
            from case_subjects s where s.case_id = new.case_id), '') where id = new.case_id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger case_subjects_names after insert or delete or update of name, seq, case_id
      on case_subjects for each row execute function case_subject_names()`.execute(db);
    return;
  }
  await sql`create virtual table cases_search using fts5(number, subject_name,
    content = 'cases', content_rowid = 'rowid', tokenize = 'trigram')`.execute(db);
  await sql`insert into cases_search (cases_search) values ('rebuild')`.execute(db);
  await sql`create trigger cases_search_insert after insert on cases begin
    insert into cases_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
  await sql`create trigger cases_search_delete after delete on cases begin
    insert into cases_search (cases_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
  end`.execute(db);
  await sql`create trigger cases_search_update after update of number, subject_name on cases begin
    insert into cases_search (cases_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
    insert into cases_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
  const names = (row: 'new' | 'old') =>
    sql.raw(`update cases set subject_name = coalesce((select group_concat(s.name, '、' order by s.seq)
      from case_subjects s where s.case_id = ${row}.case_id), '') where id = ${row}.case_id;`);
  await sql`create trigger case_subjects_names_insert after insert on case_subjects begin ${names('new')} end`.execute(
    db,
  );
  await sql`create trigger case_subjects_names_delete after delete on case_subjects begin ${names('old')} end`.execute(
    db,
  );
  await sql`create trigger case_subjects_names_update after update of name, seq, case_id on case_subjects begin
    ${names('old')} ${names('new')} end`.execute(db);
}

/** Drops the search index and the triggers. */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists case_subjects_names on case_subjects`.execute(db);
    await sql`drop function if exists case_subject_names()`.execute(db);
    await sql`drop index if exists cases_subject_name_trgm`.execute(db);
    await sql`drop index if exists cases_number_trgm`.execute(db);
    return;
  }
  for (const t of [
    'case_subjects_names_update',
    'case_subjects_names_delete',
    'case_subjects_names_insert',
    'cases_search_update',
    'cases_search_delete',
    'cases_search_insert',
  ])
    await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
  await sql`drop table if exists cases_search`.execute(db);
}
