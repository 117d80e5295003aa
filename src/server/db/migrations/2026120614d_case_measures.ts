import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The measures ledger (措施台账, GZ 第四十条; issue 13 §5):
 *
 * - `case_measures`: every use of a measure on a case, with the approval the rules name, the
 *   execution (notice served, the team members present, the start instant), the 24-hour notice,
 *   a change request, the restart and the lifting. Its clocks live in `deadlines`
 *   (`resource_type = 'case_measure'`). Scope comes from the case (joined).
 * - `case_measure_filings`: the handling unit's periodic filing of its ledger with 案管 (报备),
 *   acknowledged after 案管's cross-check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('case_measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('case_subject_id', 'text', (c) => c.notNull().references('case_subjects.id'))
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('custody_needed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approver_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('approver_name', 'text')
    .addColumn('approver_post', 'text')
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('approval_number', 'text')
    .addColumn('collective_on', 'text')
    .addColumn('collective_minutes', 'text')
    .addColumn('higher_organ', 'text')
    .addColumn('higher_number', 'text')
    .addColumn('higher_on', 'text')
    .addColumn('notice_served_at', 'text')
    .addColumn('notice_served_to', 'text')
    .addColumn('present', 'text')
    .addColumn('started_at', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('notified_unit', 'text')
    .addColumn('notified_family', 'text')
    .addColumn('notice_withheld_reason', 'text')
    .addColumn('notice_withheld_by', 'text')
    .addColumn('transferred_at', 'text')
    .addColumn('restarted_at', 'text')
    .addColumn('restart_note', 'text')
    .addColumn('change_requested_at', 'text')
    .addColumn('change_applicant', 'text')
    .addColumn('change_request', 'text')
    .addColumn('change_decided_at', 'text')
    .addColumn('change_decision', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('lift_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_measures_case').on('case_measures').columns(['case_id', 'seq']).unique().execute();
  await db.schema.createIndex('case_measures_kind').on('case_measures').columns(['kind', 'status']).execute();
  await db.schema
    .createTable('case_measure_filings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('handling_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('handling_unit_name', 'text', (c) => c.notNull())
    .addColumn('unit_path', pathType, (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('measure_ids', 'text', (c) => c.notNull())
    .addColumn('measure_count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('filed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('filed_by_name', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_by_name', 'text')
    .addColumn('ack_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('case_measure_filings_unit')
    .on('case_measure_filings')
    .columns(['unit_path', 'filed_at'])
    .execute();
}

/** Drops the measures ledger. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_measure_filings').execute();
  await db.schema.dropTable('case_measures').execute();
}
