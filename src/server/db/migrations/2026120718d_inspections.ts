import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Supervision inspections (监督检查, issue 15 §1):
 *
 * - `checklist_templates`: one version of a checklist template (一手册两清单, 四张清单): its kind,
 *   its items (JSON: what to check, how, the evidence required, category, order), the lineage it
 *   belongs to (`series_id`) and its number there (`template_version`), and its state (draft →
 *   issued → superseded). County templates are issued by the county commission; a township's
 *   adaptation is its own series with `based_on_id` naming the county version it started from.
 *   Scope columns: the owning unit's.
 * - `inspections`: a plan (kind, topic, scope, period) owned by the organising unit (scope
 *   columns), its approval, its state (draft → submitted → approved → in_progress → reported →
 *   closed) and its report.
 * - `inspection_targets`: the units, regions (villages, townships) and projects checked.
 * - `inspection_members`: the team (检查组), each with the conflict check that cleared them.
 * - `inspection_checklists`: the checklists the inspection works through, frozen as they stood
 *   (template id, version and items).
 * - `inspection_checks`: one item's result on one target (pass, wanting, not applicable) with a
 *   note; `inspection_check_files`: the photos and documents of a check, sealed in the blob store
 *   (a file uploaded before its check is recorded has no `check_id` yet).
 * - `inspection_findings`: an item found wanting: what, where, who is responsible, severity, and
 *   the next step decided (a rectification item, a talk, a recommendation or a clue) with the id
 *   of what it produced.
 * - `inspection_talks`: a talk of the first form (约谈提醒, 批评教育, 责令检查, 诫勉谈话) with a
 *   registry person, shown on their integrity file; scope: the organising unit, the person's region.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  const scoped = <T extends { addColumn: (...a: any[]) => T }>(t: T): T =>
    t
      .addColumn('owner_unit_id', 'text', (c: any) => c.notNull().references('units.id'))
      .addColumn('owner_unit_path', pathType, (c: any) => c.notNull())
      .addColumn('region_path', pathType, (c: any) => c.notNull())
      .addColumn('county_code', 'text');

  await scoped(
    db.schema
      .createTable('checklist_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('series_id', 'text', (c) => c.notNull())
      // manual | task_list | village_checklist | responsibility_lists
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      // county | township
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('township_code', 'text'),
  )
    .addColumn('template_version', 'integer', (c) => c.notNull())
    // draft | issued | superseded
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('based_on_id', 'text', (c) => c.references('checklist_templates.id'))
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('issued_by', 'text', (c) => c.references('users.id'))
    .addColumn('issued_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checklist_templates_owner')
    .on('checklist_templates')
    .columns(['owner_unit_path', 'kind'])
    .execute();
  await db.schema
    .createIndex('checklist_templates_county')
    .on('checklist_templates')
    .columns(['county_code', 'level', 'status'])
    .execute();
  await db.schema
    .createIndex('checklist_templates_series')
    .on('checklist_templates')
    .columns(['series_id', 'template_version'])
    .unique()
    .execute();
  await db.schema.createIndex('checklist_templates_based_on').on('checklist_templates').column('based_on_id').execute();

  await scoped(
    db.schema
      .createTable('inspections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      // routine | special | escalated | cross | tour
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('topic', 'text')
      .addColumn('topic_text', 'text')
      .addColumn('scope_text', 'text', (c) => c.notNull())
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull()),
  )
    // draft | submitted | approved | in_progress | reported | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text')
    .addColumn('leader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('report_summary', 'text')
    .addColumn('report_recommendations', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('reported_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspections_owner')
    .on('inspections')
    .columns(['owner_unit_path', 'created_at'])
    .execute();
  await db.schema.createIndex('inspections_region').on('inspections').columns(['region_path', 'created_at']).execute();

  await db.schema
    .createTable('inspection_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // unit | region | project
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('region_code', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('region_path', pathType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_targets_inspection')
    .on('inspection_targets')
    .columns(['inspection_id', 'seq'])
    .execute();

  await db.schema
    .createTable('inspection_members')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    // leader | member
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    .addPrimaryKeyConstraint('inspection_members_pk', ['inspection_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('inspection_members_user')
    .on('inspection_members')
    .columns(['user_id', 'inspection_id'])
    .execute();

  await db.schema
    .createTable('inspection_checklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('checklist_templates.id'))
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_checklists_inspection')
    .on('inspection_checklists')
    .column('inspection_id')
    .execute();

  await db.schema
    .createTable('inspection_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('inspection_targets.id'))
    .addColumn('checklist_id', 'text', (c) => c.notNull().references('inspection_checklists.id'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    // pass | wanting | not_applicable
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_by_name', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_checks_item')
    .on('inspection_checks')
    .columns(['target_id', 'checklist_id', 'item_code'])
    .unique()
    .execute();
  await db.schema.createIndex('inspection_checks_inspection').on('inspection_checks').column('inspection_id').execute();

  await db.schema
    .createTable('inspection_check_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('check_id', 'text', (c) => c.references('inspection_checks.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_check_files_inspection')
    .on('inspection_check_files')
    .columns(['inspection_id', 'check_id'])
    .execute();

  await db.schema
    .createTable('inspection_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('check_id', 'text', (c) => c.references('inspection_checks.id'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('inspection_targets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('item_label', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    // minor | major | serious
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('responsible_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('responsible_person', 'text')
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id'))
    // null (undecided) | rectification | talk | recommendation | clue
    .addColumn('next_step', 'text')
    .addColumn('due_on', 'text')
    .addColumn('rectification_item_id', 'text')
    .addColumn('talk_id', 'text')
    .addColumn('clue_id', 'text')
    // Left null until the recommendations service is wired (the lead links it).
    .addColumn('recommendation_id', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_findings_inspection')
    .on('inspection_findings')
    .columns(['inspection_id', 'seq'])
    .execute();
  await db.schema.createIndex('inspection_findings_check').on('inspection_findings').column('check_id').execute();

  await scoped(
    db.schema
      .createTable('inspection_talks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
      .addColumn('finding_id', 'text', (c) => c.notNull().references('inspection_findings.id'))
      .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
      .addColumn('person_name', 'text', (c) => c.notNull())
      // reminder_talk | criticism | self_examination | admonition
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('talked_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text'),
  )
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_talks_subject')
    .on('inspection_talks')
    .columns(['subject_id', 'talked_on'])
    .execute();
}

/** Drops the inspection tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'inspection_talks',
    'inspection_findings',
    'inspection_check_files',
    'inspection_checks',
    'inspection_checklists',
    'inspection_members',
    'inspection_targets',
    'inspections',
    'checklist_templates',
  ])
    await db.schema.dropTable(t).execute();
}
