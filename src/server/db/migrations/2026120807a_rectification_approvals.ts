import type { Kysely } from 'kysely';

/**
 * Extensions and recommendations go through the approvals chain (呈批, issue 15 §2; GZ 第十条,
 * 第十九条), beside the frozen 2026120718b and 2026120718c:
 *
 * - `rectification_extensions` gains `approval_id` (the approval of action
 *   `rectification.extension` last started for it), `submitted_by` / `submitted_at` and
 *   `submit_opinion` (the issuer side's opinion it was submitted with). Status `in_approval`
 *   joins `pending | approved | refused`: a request waits (`pending`) for the issuer side to
 *   submit it (or refuse it), then waits for the chain (`in_approval`); a returned or withdrawn
 *   approval puts it back to `pending`.
 * - `recommendations` gains `approval_id` (action `rectification.recommendation`),
 *   `submitted_by` / `submitted_at`. Status `submitted` joins `draft | issued | replied | refused`:
 *   an approved chain issues it, a returned or rejected one puts it back to `draft`.
 *
 * The status columns are plain text (no check constraint), so the rows already there stay valid
 * as they are: a pending extension stays pending (the issuer side now submits it), a decided one
 * keeps its decision (no approval), a draft stays a draft, an issued recommendation stays issued.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['rectification_extensions', 'recommendations']) {
    await db.schema
      .alterTable(table)
      .addColumn('approval_id', 'text', (c) => c.references('approvals.id'))
      .execute();
    await db.schema
      .alterTable(table)
      .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema.alterTable(table).addColumn('submitted_at', 'text').execute();
  }
  await db.schema.alterTable('rectification_extensions').addColumn('submit_opinion', 'text').execute();
  await db.schema
    .createIndex('rectification_extensions_approval')
    .on('rectification_extensions')
    .columns(['approval_id'])
    .execute();
  await db.schema.createIndex('recommendations_approval').on('recommendations').columns(['approval_id']).execute();
}

/**
 * Drops the indexes and the plain columns. `approval_id` and `submitted_by` stay (SQLite cannot
 * drop a column that carries a foreign key; both are nullable and the older code never reads them).
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('recommendations_approval').ifExists().execute();
  await db.schema.dropIndex('rectification_extensions_approval').ifExists().execute();
  await db.schema.alterTable('rectification_extensions').dropColumn('submit_opinion').execute();
  for (const table of ['recommendations', 'rectification_extensions'])
    await db.schema.alterTable(table).dropColumn('submitted_at').execute();
}
