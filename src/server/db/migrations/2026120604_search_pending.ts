import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The ledger search's index off the submission path (issue 11).
 *
 * SQLite. Migration 2026120508 kept the FTS5 trigram table `reports_search` in step with a
 * trigger that wrote the report's trigrams inside the submission's transaction; FTS5 then wrote a
 * new segment per group commit and merged segments as they piled up, and intake lost ~12 % of its
 * throughput to it (docs/benchmarks.md, "Issue 11: search index off the submission path"). Now:
 *
 * - `reports_search_pending (report_rowid)`: the reports not yet in `reports_search`. The insert
 *   trigger only appends the new report's rowid there (one B-tree append, no FTS work).
 * - The pending rows are folded into `reports_search` in batches (`foldSearchIndex` in
 *   `reports.search.ts`: one transaction per batch writes the batch's trigrams as one segment and
 *   forgets those rows) by the worker after each handlers' notice of a submission, by an hourly
 *   job, and by a search that finds a large backlog.
 * - A search reads `reports_search` and, in the same statement, the pending reports with `LIKE`,
 *   so a report submitted a second ago is found: the index never misses a report, it only lags.
 * - Delete and update keep `reports_search` right without indexing twice: a pending report is
 *   not in `reports_search` (its delete only forgets the pending row; its update changes nothing,
 *   the fold reads the new values), an indexed one is removed (and re-added on update) as before.
 *   FTS5's external-content `delete` must be given exactly the indexed values of an indexed row:
 *   deleting a row that was never indexed would corrupt the index, hence the checks.
 *
 * The migration takes over the reports already indexed (the FTS table stays as it is), replaces
 * 2026120508's three triggers, and starts with nothing pending.
 *
 * PostgreSQL keeps its pg_trgm GIN indexes (PostgreSQL keeps them in step itself, and GIN's
 * fast-update list is the same idea: new entries go to a pending list merged later). There a
 * township's search of a common name (1 report in 60 matches at 1 M: 16,666) was read as the
 * trigram matches intersected with the scope, and the scope's bitmap came from
 * `reports_owner_region`, whose keys are wide (three unit ids in the path, the region's path, the
 * name): 2,083 pages for a township's 70,895 reports, 25–30 ms of a 62.9 ms p95. The new
 * `reports_owner_path (owner_unit_path, in_ledger)` has the same key for every report of a unit,
 * so PostgreSQL's B-tree deduplication stores each unit's reports as one posting list: 72 pages
 * for the same township (8 MB for 1 M reports), and the scope's bitmap costs half as much.
 * SQLite's B-trees do not deduplicate; it gets no such index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.createIndex('reports_owner_path').on('reports').columns(['owner_unit_path', 'in_ledger']).execute();
    return;
  }
  await sql`create table reports_search_pending (report_rowid integer primary key)`.execute(db);
  await sql`drop trigger reports_search_insert`.execute(db);
  await sql`drop trigger reports_search_update`.execute(db);
  await sql`drop trigger reports_search_delete`.execute(db);
  await sql`create trigger reports_search_pending_insert after insert on reports begin
    insert into reports_search_pending (report_rowid) values (new.rowid);
  end`.execute(db);
  // One trigger, in this order: the index is told only about a row it holds, then the pending row goes.
  await sql`create trigger reports_search_pending_delete after delete on reports begin
    insert into reports_search (reports_search, rowid, number, subject_name)
      select 'delete', old.rowid, old.number, old.subject_name
      where not exists (select 1 from reports_search_pending where report_rowid = old.rowid);
    delete from reports_search_pending where report_rowid = old.rowid;
  end`.execute(db);
  await sql`create trigger reports_search_pending_update after update of number, subject_name on reports
    when not exists (select 1 from reports_search_pending where report_rowid = old.rowid) begin
    insert into reports_search (reports_search, rowid, number, subject_name)
      values ('delete', old.rowid, old.number, old.subject_name);
    insert into reports_search (rowid, number, subject_name) values (new.rowid, new.number, new.subject_name);
  end`.execute(db);
}

/** Folds what is pending into `reports_search` and restores 2026120508's triggers (PostgreSQL: drops the index). */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.dropIndex('reports_owner_path').ifExists().execute();
    return;
  }
  await sql`drop trigger if exists reports_search_pending_update`.execute(db);
  await sql`drop trigger if exists reports_search_pending_delete`.execute(db);
  await sql`drop trigger if exists reports_search_pending_insert`.execute(db);
  await sql`insert into reports_search (rowid, number, subject_name)
    select r.rowid, r.number, r.subject_name
    from reports_search_pending p join reports r on r.rowid = p.report_rowid`.execute(db);
  await sql`drop table reports_search_pending`.execute(db);
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
