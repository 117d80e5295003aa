import type { Kysely } from 'kysely';

/**
 * A re-check the platform cannot give to its reviewer (XF 第三十五条: the organ above the one that
 * handled the report) because nobody in the platform works for that organ — a county deployment
 * holds the city commission only as a unit. Such a re-check is forwarded: the owning commission
 * sends the request up, keeps the 30-day clock to chase the answer, and records the higher organ's
 * opinion when it arrives. `recheck_forwarded_to` names the organ it went to; null when the
 * re-check was never asked for or is answered on the platform.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('recheck_forwarded_to', 'text', (c) => c.references('units.id'))
    .execute();
}

/** Drops the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('recheck_forwarded_to').execute();
}
