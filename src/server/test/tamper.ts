import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * Drops the append-only triggers of audit_events, as an intruder with DDL rights could, so
 * tests can alter history and check that the hash chain catches it.
 */
export async function dropAuditTriggers(database: Db): Promise<void> {
  if (database.dialect.name === 'postgres') {
    await sql`drop trigger if exists audit_events_no_update on audit_events`.execute(database.db);
  } else {
    await sql`drop trigger if exists audit_events_no_update`.execute(database.db);
    await sql`drop trigger if exists audit_events_no_delete`.execute(database.db);
  }
}
