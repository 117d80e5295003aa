import type { Kysely } from 'kysely';

/**
 * The workbench remembers, per person and card, when they last looked (so "new reports since I
 * last looked" means exactly that). One row per user and card; nothing else is stored: the cards
 * themselves are read live from the modules' tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workbench_seen')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('card_key', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workbench_seen_pk', ['user_id', 'card_key'])
    .execute();
}

/** Drops the table. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workbench_seen').execute();
}
