import type { Kysely } from 'kysely';

/**
 * 谈话函询 (issue 12 §3; GZ 第二十六条 to 第三十一条, domain rules §1.4):
 *
 * - `clue_inquiries`: one row per round of talk or letter on a clue (a 再次谈话函询 outcome opens
 *   the next round). The request (mode, reason, officers, the talk plan and letter as JSON) and
 *   its approval; the talk (date, venue with safety guarantees, record taken, who attended), the
 *   delegation letter's receipt, the written explanation; the letter's receipt and the reply with
 *   the principal leader's signed opinion (or a direct reply, GZ 第二十九条); the situation report
 *   and disposal opinion, its approval and the approved outcome (`INQUIRY_OUTCOMES`).
 * - `clues.inquiry_outcome`: the approved outcome of the clue's last inquiry round.
 *
 * New table and a nullable column: no existing row changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clues').addColumn('inquiry_outcome', 'text').execute();
  await db.schema
    .createTable('clue_inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    // talk / letter
    .addColumn('mode', 'text', (c) => c.notNull())
    // requested / approved / rejected / withdrawn / reported / decided
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON: [{ userId, name }] of the officers who talk (or handle the reply)
    .addColumn('officers', 'text', (c) => c.notNull())
    .addColumn('conflict_check_id', 'text')
    // JSON: the talk plan (time, place, points, safety…) or the letter (matters, copy-to…)
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('target_is_principal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_approval_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('talk_on', 'text')
    .addColumn('talk_venue', 'text')
    .addColumn('talk_record_taken', 'integer')
    .addColumn('talk_attendees', 'text')
    .addColumn('delegate', 'text')
    .addColumn('delegation_received_on', 'text')
    .addColumn('explanation_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('explanation_on', 'text')
    .addColumn('letter_received_on', 'text')
    .addColumn('reply_on', 'text')
    .addColumn('reply_direct', 'integer')
    .addColumn('reply_leader_name', 'text')
    .addColumn('reply_leader_opinion', 'text')
    .addColumn('report_summary', 'text')
    .addColumn('report_outcome', 'text')
    .addColumn('report_approval_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('clue_inquiries_round', ['clue_id', 'round'])
    .execute();
}

/** Drops the table and the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clue_inquiries').execute();
  await db.schema.alterTable('clues').dropColumn('inquiry_outcome').execute();
}
