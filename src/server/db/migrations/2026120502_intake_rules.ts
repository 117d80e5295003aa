import { type Kysely, sql } from 'kysely';

/**
 * Intake rules (issue 11 §1):
 * - One step, one timeline entry: a report step the reporter sees (acceptance, an extension of
 *   the time limit) may carry a note only staff read (the officer's acceptance note, the reason
 *   for an extension). Before, such a step was written twice, a public row and a staff-only row
 *   with the note, so one acceptance showed as two entries. `report_events.staff_note` holds the
 *   staff-only part of the single row; the receipt page never reads it. Acceptances already
 *   written as two rows are folded into one.
 * - A repeat is decided by the officer, not by name and region alone: `reports.repeat_decided_at`
 *   records when the officer confirmed or rejected the offered earlier reports (null: undecided),
 *   so a rejected offer is not offered again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_events').addColumn('staff_note', 'text').execute();
  await db.schema.alterTable('reports').addColumn('repeat_decided_at', 'text').execute();
  await foldAcceptanceSteps(db);
}

/**
 * Folds the acceptances written before this migration as two rows (the public step, and a
 * staff-only step carrying the officer's note) into one: the note moves to the public row's
 * `staff_note` and the staff-only row goes. Portable SQL (correlated subqueries) for both engines.
 */
export async function foldAcceptanceSteps(db: Kysely<any>): Promise<void> {
  await sql`
    update report_events set staff_note = (
      select p.note from report_events p
      where p.report_id = report_events.report_id and p.event = 'accepted' and p.public = 0
      order by p.created_at, p.id limit 1
    )
    where event = 'accepted' and public = 1 and staff_note is null and exists (
      select 1 from report_events p
      where p.report_id = report_events.report_id and p.event = 'accepted' and p.public = 0
    )`.execute(db);
  await sql`
    delete from report_events
    where event = 'accepted' and public = 0 and exists (
      select 1 from report_events p
      where p.report_id = report_events.report_id and p.event = 'accepted' and p.public = 1
    )`.execute(db);
}

/** Drops the columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('repeat_decided_at').execute();
  await db.schema.alterTable('report_events').dropColumn('staff_note').execute();
}
