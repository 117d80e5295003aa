import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The one rectification ledger (整改台账, issue 15 §2):
 *
 * - `rectification_items`: one problem someone must fix, whatever its source (inspection findings,
 *   巡察 feedback, 监察建议 / 纪律检查建议, audits, 以案促改, quality review, assessment deductions,
 *   a meeting's action items). The scope columns are the responsible unit's (责任单位: it sees
 *   and works its items); the issuer's columns beside them are the supervising side's (交办单位:
 *   it accepts, rejects and escalates). `source_kind` + `source_id` name the record it came from,
 *   `source_document` the issuing document (its deadline rules the item's). A sub-item has
 *   `parent_id`; an item cannot be closed while a sub-item is outstanding.
 *   Status: open → in_progress → submitted → closed (销号); a rejection goes back to in_progress.
 *   Overdue is read from `due_on`; `escalation` is the last rung reached (reminder → admonition →
 *   circular → accountability). `follow_up_on` is the 回头看 date after closing.
 * - `rectification_events`: the item's history (created, started, submitted, rejected, accepted,
 *   extended, escalated, followed up …), each with who, when and a note: what was rejected and
 *   why is read from here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('rectification_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('rectification_items.id'))
    // A `RECTIFICATION_SOURCES` code; the record it came from (its module's id) and its document.
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('source_document', 'text')
    .addColumn('problem', 'text', (c) => c.notNull())
    // minor | major | serious
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('measures', 'text')
    // The responsible unit (scope columns) and person.
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('owner_unit_path', pathType, (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('county_code', 'text')
    .addColumn('responsible_person', 'text')
    .addColumn('responsible_user_id', 'text', (c) => c.references('users.id'))
    // The issuing (supervising) unit: accepts, rejects, escalates.
    .addColumn('issuer_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('issuer_unit_path', pathType, (c) => c.notNull())
    .addColumn('issuer_region_path', pathType, (c) => c.notNull())
    // The zone whose townships the responsible unit is in, for the zone filter (null: none).
    .addColumn('zone_id', 'text', (c) => c.references('zones.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('original_due_on', 'text', (c) => c.notNull())
    // open | in_progress | submitted | closed
    .addColumn('status', 'text', (c) => c.notNull())
    // null | reminder | admonition | circular | accountability: the last rung reached.
    .addColumn('escalation', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('evidence_note', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('rejections', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_rejection', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('acceptance_note', 'text')
    .addColumn('follow_up_on', 'text')
    .addColumn('followed_up_at', 'text')
    .addColumn('follow_up_result', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rectification_items_owner')
    .on('rectification_items')
    .columns(['owner_unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rectification_items_region')
    .on('rectification_items')
    .columns(['region_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rectification_items_issuer')
    .on('rectification_items')
    .columns(['issuer_unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('rectification_items_due')
    .on('rectification_items')
    .columns(['status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('rectification_items_source')
    .on('rectification_items')
    .columns(['source_kind', 'source_id'])
    .execute();
  await db.schema.createIndex('rectification_items_parent').on('rectification_items').columns(['parent_id']).execute();

  await db.schema
    .createTable('rectification_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('rectification_items.id'))
    // created | started | submitted | rejected | accepted | extension_requested | extended |
    // extension_refused | escalated | followed_up | reassigned | updated
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    // JSON: what changed (e.g. the due date before and after, the escalation rung).
    .addColumn('details', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rectification_events_item')
    .on('rectification_events')
    .columns(['item_id', 'at'])
    .execute();
}

/** Drops the tables. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_events').execute();
  await db.schema.dropTable('rectification_items').execute();
}
