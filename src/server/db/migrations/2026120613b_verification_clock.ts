import type { Kysely } from 'kysely';

/**
 * The verification's clock (issue 12): the work plan (初步核实工作方案) states its planned
 * completion date (`clue_verifications.planned_end_on`, a Shanghai date; null on plans from
 * before), and a non-statutory clock (初核工作方案期限) runs to it. Its rule leaves the length to
 * the record, so the clock keeps its own (`deadlines.amount`, in the rule's unit; null on every
 * clock whose length is the rule's).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clue_verifications').addColumn('planned_end_on', 'text').execute();
  await db.schema.alterTable('deadlines').addColumn('amount', 'integer').execute();
}

/** Drops the two columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deadlines').dropColumn('amount').execute();
  await db.schema.alterTable('clue_verifications').dropColumn('planned_end_on').execute();
}
