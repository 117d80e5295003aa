import { type Kysely, sql } from 'kysely';
import type { Database } from './types.js';

/** Tables the application may read and append to, never change: the audit log. */
const APPEND_ONLY = ['audit_events', 'audit_archives'];
/** Tables the application reads and updates in place but neither inserts into nor deletes from. */
const UPDATE_ONLY = ['audit_head'];
/** Tables the application only reads: the migrator's own. */
const READ_ONLY = ['kysely_migration', 'kysely_migration_lock'];

/**
 * PostgreSQL with two roles (DATABASE_OWNER_URL set): after the owner has run the migrations, it
 * grants the application role (the one `app` connects as) what the application needs and no
 * more. Every table: SELECT, INSERT, UPDATE, DELETE; `audit_events`: only SELECT and INSERT, so
 * the application can neither change history nor, not owning the table, disable or drop its
 * append-only trigger; `audit_head`: SELECT and UPDATE (the chain lock is a row lock, which
 * needs UPDATE). Run at every start, after the migrations, so new tables are granted too. Does
 * nothing when both connections are the same role.
 */
export async function grantApplicationRole(
  owner: Kysely<Database>,
  app: Kysely<Database>,
  pgSchema: string | undefined,
): Promise<void> {
  const appRole = (await sql<{ r: string }>`select current_user as r`.execute(app)).rows[0]!.r;
  const self = (
    await sql<{ r: string; s: string | null }>`select current_user as r, current_schema() as s`.execute(owner)
  ).rows[0]!;
  if (appRole === self.r) return;
  const schema = pgSchema ?? self.s ?? 'public';
  const r = sql.id(appRole);
  const s = sql.id(schema);
  await sql`grant usage on schema ${s} to ${r}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema ${s} to ${r}`.execute(owner);
  await sql`grant usage, select, update on all sequences in schema ${s} to ${r}`.execute(owner);
  for (const t of APPEND_ONLY)
    await sql`revoke update, delete, truncate, references, trigger on table ${sql.id(schema, t)} from ${r}`.execute(
      owner,
    );
  for (const t of UPDATE_ONLY)
    await sql`revoke insert, delete, truncate, references, trigger on table ${sql.id(schema, t)} from ${r}`.execute(
      owner,
    );
  // Archived audit events leave only through this owner's function (migration 2026120811d).
  await sql`grant execute on function ${sql.id(schema, 'audit_prune_archived')}(integer) to ${r}`.execute(owner);
  for (const t of READ_ONLY)
    await sql`revoke insert, update, delete, truncate, references, trigger on table ${sql.id(schema, t)} from ${r}`.execute(
      owner,
    );
}
