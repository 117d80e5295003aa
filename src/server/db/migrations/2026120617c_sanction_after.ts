import type { Kysely } from 'kysely';

/**
 * What follows a sanction's decision (issue 14 §2, §3): 留党察看's restoration and the branch
 * meetings that are not about the sanction itself.
 *
 * - `sanctions.restored_on`: the day a member's rights came back after 留党察看 (the decision, never
 *   before the 察看 ends); `restriction_end`: the last day of the 2 years after restoration with no
 *   party post equal to or above the old one, plus what the probation carried from an earlier
 *   effect period (CF23 第十二条, 第二十一条).
 * - `sanction_branch_meetings.purpose`: `sanction` (the meeting on the sanction, the default for
 *   every row written before) or `restoration` (the branch's resolution to restore rights, PZ 第二十一条).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sanctions').addColumn('restored_on', 'text').execute();
  await db.schema.alterTable('sanctions').addColumn('restriction_end', 'text').execute();
  await db.schema
    .alterTable('sanction_branch_meetings')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('sanction'))
    .execute();
}

/** Drops the columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sanction_branch_meetings').dropColumn('purpose').execute();
  await db.schema.alterTable('sanctions').dropColumn('restriction_end').execute();
  await db.schema.alterTable('sanctions').dropColumn('restored_on').execute();
}
