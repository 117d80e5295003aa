import type { Kysely } from 'kysely';

/**
 * An agenda item the chair accepted from the proposed agenda keeps where it came from (issue 15
 * §3): `source` (an `AGENDA_SOURCES` code: rectification, clue, case, clock, lagging_township, or
 * custom for an item written by hand) and `ref_id` (the record it is about, or null). Until now
 * `meeting_agenda_items` held the title and detail only, so an accepted open item, clue or case
 * read back as 其他议题. Rows already there stay `custom`: nothing recorded says otherwise.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meeting_agenda_items')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('custom'))
    .execute();
  await db.schema.alterTable('meeting_agenda_items').addColumn('ref_id', 'text').execute();
}

/** Drops the two columns again. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting_agenda_items').dropColumn('ref_id').execute();
  await db.schema.alterTable('meeting_agenda_items').dropColumn('source').execute();
}
