import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Audit retention (issue 17 §4): events older than the online period (等保 2.0: at least six
 * months) are written to signed archive files and only then removed from the database.
 *
 * - `audit_archives`: one row per archive file, append-only, contiguous from seq 1 (each row's
 *   `from_seq` is the previous row's `to_seq` + 1, and no archive reaches the chain's head). The
 *   row carries the file's SHA-256 and the signature (HMAC under a key derived from the master
 *   key) over its manifest, so a forged row or an altered file is found by `verify-audit`.
 * - `audit_events` stays append-only except for one kind of DELETE: an event covered by a
 *   recorded archive, never the head. On SQLite the delete trigger says so; on PostgreSQL the
 *   trigger function does, and the application role (which may only INSERT and SELECT the
 *   table, see db/roles.ts) removes archived events through `audit_prune_archived`, a SECURITY
 *   DEFINER function owned by the owner role that deletes nothing but covered events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  await db.schema
    .createTable('audit_archives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_seq', bigint, (c) => c.notNull().unique())
    .addColumn('to_seq', bigint, (c) => c.notNull().unique())
    .addColumn('first_prev_hash', 'text', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('anchors', 'integer', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  if (pg) {
    await sql`create function audit_archives_guard() returns trigger language plpgsql
      set search_path from current as $$
      begin
        if tg_op <> 'INSERT' then raise exception 'audit_archives is append-only'; end if;
        if new.from_seq <> (select coalesce(max(to_seq), 0) + 1 from audit_archives) then
          raise exception 'an audit archive must start right after the previous one';
        end if;
        if new.to_seq < new.from_seq or new.to_seq >= (select last_seq from audit_head where id = 1) then
          raise exception 'an audit archive must end before the chain head';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger audit_archives_guard before insert or update or delete on audit_archives
      for each row execute function audit_archives_guard()`.execute(db);
    await sql`create or replace function audit_events_append_only() returns trigger language plpgsql
      set search_path from current as $$
      begin
        if tg_op = 'DELETE'
           and old.seq <= (select coalesce(max(to_seq), 0) from audit_archives)
           and old.seq < (select last_seq from audit_head where id = 1) then
          return old;
        end if;
        raise exception 'audit_events is append-only: only events covered by a recorded archive may be removed';
      end $$`.execute(db);
    await sql`create function audit_prune_archived(max_rows integer) returns bigint language plpgsql
      security definer set search_path from current as $$
      declare n bigint;
      begin
        with doomed as (
          select seq from audit_events
          where seq <= (select coalesce(max(to_seq), 0) from audit_archives)
          order by seq limit max_rows)
        delete from audit_events e using doomed d where e.seq = d.seq;
        get diagnostics n = row_count;
        return n;
      end $$`.execute(db);
    await sql`revoke all on function audit_prune_archived(integer) from public`.execute(db);
    return;
  }
  await sql`create trigger audit_archives_no_update before update on audit_archives
    begin select raise(abort, 'audit_archives is append-only'); end`.execute(db);
  await sql`create trigger audit_archives_no_delete before delete on audit_archives
    begin select raise(abort, 'audit_archives is append-only'); end`.execute(db);
  await sql`create trigger audit_archives_contiguous before insert on audit_archives
    when new.from_seq <> (select coalesce(max(to_seq), 0) + 1 from audit_archives)
      or new.to_seq < new.from_seq
      or new.to_seq >= (select last_seq from audit_head where id = 1)
    begin select raise(abort, 'an audit archive must start right after the previous one and end before the chain head'); end`.execute(
    db,
  );
  await sql`drop trigger audit_events_no_delete`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    when old.seq > (select coalesce(max(to_seq), 0) from audit_archives)
      or old.seq >= (select last_seq from audit_head where id = 1)
    begin select raise(abort, 'audit_events is append-only: only events covered by a recorded archive may be removed'); end`.execute(
    db,
  );
}

/** Restores the strict append-only triggers and drops the archive register. */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists audit_prune_archived(integer)`.execute(db);
    await sql`create or replace function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_events is append-only'; end $$`.execute(db);
    await sql`drop trigger if exists audit_archives_guard on audit_archives`.execute(db);
    await sql`drop function if exists audit_archives_guard()`.execute(db);
  } else {
    await sql`drop trigger if exists audit_events_no_delete`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
  }
  await db.schema.dropTable('audit_archives').ifExists().execute();
}
