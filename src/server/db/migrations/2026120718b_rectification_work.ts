import type { Kysely } from 'kysely';

/**
 * The rectification ledger at work (issue 15 §2), beside the frozen 2026120718a:
 *
 * - `rectification_items` gains `next_escalation` / `next_escalation_on` (the rung the issuer side
 *   owes next and the date it became due: the daily job arms it N working days after the last
 *   rung while the item stays outstanding), `follow_up_note` (the 回头看's words) and `relapse_of`
 *   (an item opened because the 回头看 of a closed item found the problem back).
 * - `rectification_files`: the responsible unit's evidence (整改佐证材料), sealed in the blob store
 *   as quality problems' files are (images cleaned of metadata before sealing).
 * - `rectification_extensions`: a request to move the due date (new date and reason) and its
 *   decision by the issuer side (someone other than the requester); only an approval moves
 *   `due_on`.
 * - `rectification_escalations`: each rung reached (督促提醒 → 约谈 → 通报 → 问责), why (overdue or
 *   rejected) and its record (JSON: for 约谈 the principal, when, where, by whom, what was said
 *   and required; for 通报 the text and to whom; for 问责 the person and the form), who recorded
 *   it and when (null user: the daily job's reminder).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rectification_items').addColumn('next_escalation', 'text').execute();
  await db.schema.alterTable('rectification_items').addColumn('next_escalation_on', 'text').execute();
  await db.schema.alterTable('rectification_items').addColumn('follow_up_note', 'text').execute();
  await db.schema
    .alterTable('rectification_items')
    .addColumn('relapse_of', 'text', (c) => c.references('rectification_items.id'))
    .execute();
  await db.schema
    .createIndex('rectification_items_next_escalation')
    .on('rectification_items')
    .columns(['next_escalation_on'])
    .execute();
  await db.schema
    .createIndex('rectification_items_follow_up')
    .on('rectification_items')
    .columns(['follow_up_on'])
    .execute();

  await db.schema
    .createTable('rectification_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('rectification_items.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // The client's file name, sealed.
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rectification_files_item')
    .on('rectification_files')
    .columns(['item_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('rectification_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('rectification_items.id'))
    // The due date when asked, and the one asked for (YYYY-MM-DD).
    .addColumn('from_due_on', 'text', (c) => c.notNull())
    .addColumn('requested_due_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    // pending | approved | refused
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('rectification_extensions_item')
    .on('rectification_extensions')
    .columns(['item_id', 'requested_at'])
    .execute();

  await db.schema
    .createTable('rectification_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('rectification_items.id'))
    // reminder | admonition | circular | accountability
    .addColumn('rung', 'text', (c) => c.notNull())
    // overdue | rejected
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON: the rung's record (see the header).
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_by_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // One record per rung and item: the daily job's reminder is written once however often it runs.
  await db.schema
    .createIndex('rectification_escalations_item_rung')
    .on('rectification_escalations')
    .columns(['item_id', 'rung'])
    .unique()
    .execute();
}

/** Drops what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_escalations').execute();
  await db.schema.dropTable('rectification_extensions').execute();
  await db.schema.dropTable('rectification_files').execute();
  await db.schema.dropIndex('rectification_items_follow_up').execute();
  await db.schema.dropIndex('rectification_items_next_escalation').execute();
  await db.schema.alterTable('rectification_items').dropColumn('relapse_of').execute();
  await db.schema.alterTable('rectification_items').dropColumn('follow_up_note').execute();
  await db.schema.alterTable('rectification_items').dropColumn('next_escalation_on').execute();
  await db.schema.alterTable('rectification_items').dropColumn('next_escalation').execute();
}
