import type { Kysely } from 'kysely';

/**
 * The disposal opinion (处置意见, issue 12 §3) and parking (暂存待查):
 *
 * - `clue_disposal_opinions`: each opinion put up for approval on a clue: the disposal, the
 *   reasons and the plan in words, the clue-review meeting it cites (or why none), for 予以了结
 *   the closing reason (`CONCLUSION_REASONS`) and its detail; the approval it went up with and
 *   how that ended (pending, returned, approved, rejected, withdrawn).
 * - `clue_parkings`: each period a clue is parked: when, until which review date, how it ended
 *   (continued with a next period, or reopened), who reviewed, and when the keeper was told the
 *   review is due (the job's idempotence mark).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clue_disposal_opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('approval_id', 'text', (c) => c.notNull())
    // inquiry / verification / shelved / concluded (GZ 第二十一条).
    .addColumn('disposal', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('no_meeting_note', 'text')
    .addColumn('conclusion_reason', 'text')
    .addColumn('conclusion_detail', 'text')
    // pending / returned / approved / rejected / withdrawn: mirrors the approval's end.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('clue_disposal_opinions_clue')
    .on('clue_disposal_opinions')
    .columns(['clue_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('clue_disposal_opinions_approval')
    .on('clue_disposal_opinions')
    .column('approval_id')
    .unique()
    .execute();

  await db.schema
    .createTable('clue_parkings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clue_id', 'text', (c) => c.notNull().references('clues.id'))
    .addColumn('parked_on', 'text', (c) => c.notNull())
    .addColumn('review_on', 'text', (c) => c.notNull())
    // parked / continued / reopened.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('due_notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clue_parkings_clue').on('clue_parkings').columns(['clue_id', 'status']).execute();
  await db.schema.createIndex('clue_parkings_due').on('clue_parkings').columns(['status', 'review_on']).execute();
}

/** Drops the tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['clue_parkings', 'clue_disposal_opinions']) await db.schema.dropTable(t).execute();
}
