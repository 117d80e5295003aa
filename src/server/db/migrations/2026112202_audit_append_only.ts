import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Makes the audit log append-only in the database itself: UPDATE and DELETE on audit_events
 * are refused by triggers, so only someone with the rights to drop triggers can alter history
 * (and then the hash chain still names the first altered row). The application never deletes
 * audit events: retention is unlimited, beyond the 180 days required.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_events is append-only'; end $$`.execute(db);
    await sql`create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    return;
  }
  await sql`create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
}

/** Removes the triggers. */
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists audit_events_no_update on audit_events`.execute(db);
    await sql`drop function if exists audit_events_append_only()`.execute(db);
    return;
  }
  await sql`drop trigger if exists audit_events_no_update`.execute(db);
  await sql`drop trigger if exists audit_events_no_delete`.execute(db);
}
