import { type Kysely, sql } from 'kysely';

/**
 * The petition review (复核, XF 第三十六条): a petitioner not satisfied with the re-check (复查)
 * answer may ask, within 30 days of it, the organ one level above the re-checking organ to review
 * it, which answers within 30 days. `recheck_answered_at` is when the re-check was answered (the
 * 30 days to ask for a review run from it; backfilled from the met re-check clock);
 * `review_requested_at` / `review_reason` the petitioner's one request (the reason plain, as the
 * re-check's is: it is also the reporter's message); `review_unit_id` the organ that reviews;
 * `review_forwarded_to` that organ when nobody on the platform works for it and the request is
 * sent up off the platform (null when answered on it); `review_answered_at` the answer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One column per ALTER TABLE: SQLite adds no more.
  for (const [name, ref] of [
    ['recheck_answered_at', false],
    ['review_requested_at', false],
    ['review_reason', false],
    ['review_unit_id', true],
    ['review_forwarded_to', true],
    ['review_answered_at', false],
  ] as const)
    await db.schema
      .alterTable('reports')
      .addColumn(name, 'text', (c) => (ref ? c.references('units.id') : c))
      .execute();
  await backfillRecheckAnswers(db);
}

/**
 * Sets `recheck_answered_at` of re-checks answered before the column existed: when their re-check
 * clock was met (the answer stops it), so a petitioner answered then still gets the review's days.
 */
export async function backfillRecheckAnswers(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE reports SET recheck_answered_at = (
      SELECT max(d.met_at) FROM deadlines d
      WHERE d.resource_type = 'report' AND d.resource_id = reports.id AND d.kind = 'recheck'
    )
    WHERE recheck_requested_at IS NOT NULL AND recheck_answered_at IS NULL`.execute(db);
}

/** Drops the columns. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'review_answered_at',
    'review_forwarded_to',
    'review_unit_id',
    'review_reason',
    'review_requested_at',
    'recheck_answered_at',
  ])
    await db.schema.alterTable('reports').dropColumn(name).execute();
}
