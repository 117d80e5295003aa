import { type Kysely, sql } from 'kysely';

/**
 * The member arm of the clue ledger and of the "my clues" card (issue 12): the clues a person
 * currently works on, read by user and role from the current memberships only. Partial (removed
 * memberships, which stay as the record, are not in it) and covering (the clue id is in it), so
 * the arm is one index seek per role on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index clue_members_current on clue_members (user_id, role, clue_id) where removed_at is null`.execute(
    db,
  );
}

/** Drops the index. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clue_members_current').execute();
}
