import type { Kysely } from 'kysely';

/**
 * Intake rules (issue 11 §1):
 * - One step, one timeline entry: a report step the reporter sees (acceptance, an extension of
 *   the time limit) may carry a note only staff read (the officer's acceptance note, the reason
 *   for an extension). Before, such a step was written twice, a public row and a staff-only row
 *   with the note, so one acceptance showed as two entries. `report_events.staff_note` holds the
 *   staff-only part of the single row; the receipt page never reads it.
 * - A repeat is decided by the officer, not by name and region alone: `reports.repeat_decided_at`
 *   records when the officer confirmed or rejected the offered earlier reports (null: undecided),
 *   so a rejected offer is not offered again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_events').addColumn('staff_note', 'text').execute();
  await db.schema.alterTable('reports').addColumn('repeat_decided_at', 'text').execute();
}

/** Drops the columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('repeat_decided_at').execute();
  await db.schema.alterTable('report_events').dropColumn('staff_note').execute();
}
