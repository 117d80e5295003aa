import type { Kysely } from 'kysely';

/**
 * The case team's work records (issue 13 §3, §4; GZ 第四十条 to 第四十八条; TL21 第五十九条 to
 * 第六十九条, 第一百二十一条 to 第一百三十一条):
 *
 * - `case_actions`: one investigative action (谈话, 询问, 讯问, 查询, 调取, 搜查, 查封, 扣押,
 *   勘验检查, 鉴定): when, where, the officers present (JSON, ≥ 2 team members), the notice and
 *   credentials shown and, for talks, the room, its monitoring, the recording and its reference,
 *   the safety checklist.
 * - `case_evidence`: an evidence item with its provenance (type, source, collectors, time, place,
 *   method, original or copy, signatures); `missing` lists what provenance is still lacking (JSON;
 *   empty: complete and citable); `holder` is who keeps it now (the custody chain's last receiver).
 * - `case_evidence_custody`: every handover of an item (from, to, when, why), in order.
 * - `case_files`: files sealed in the evidence blob store (evidence files and property photos),
 *   with the SHA-256 of their bytes as received (完整性校验值).
 * - `case_property`: the seized property register (涉案财物), its kind, value in fen, appraisal,
 *   and the steps that meet its clocks (deposit, custody, found unrelated, release).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text')
    .addColumn('person_role', 'text')
    .addColumn('officers', 'text', (c) => c.notNull())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('credentials_shown', 'integer', (c) => c.notNull())
    .addColumn('room', 'text')
    .addColumn('room_monitored', 'integer')
    .addColumn('important', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('audio_video', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recording_ref', 'text')
    .addColumn('safety_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_actions_seq', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('action_id', 'text', (c) => c.references('case_actions.id'))
    .addColumn('source', 'text')
    .addColumn('collectors', 'text', (c) => c.notNull())
    .addColumn('collected_at', 'text')
    .addColumn('place', 'text')
    .addColumn('method', 'text')
    .addColumn('original', 'integer', (c) => c.notNull())
    .addColumn('original_location', 'text')
    .addColumn('copy_reason', 'text')
    .addColumn('signed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refusal_note', 'text')
    .addColumn('holder', 'text')
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_evidence_seq', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_evidence_custody')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('case_evidence.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_name', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_evidence_custody_seq', ['evidence_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_property')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text')
    .addColumn('value_fen', 'bigint')
    .addColumn('appraisal', 'text')
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('seized_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.references('case_actions.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_property_seq', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('evidence_id', 'text', (c) => c.references('case_evidence.id'))
    .addColumn('property_id', 'text', (c) => c.references('case_property.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull().unique())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_files_evidence').on('case_files').columns(['evidence_id']).execute();
  await db.schema.createIndex('case_files_property').on('case_files').columns(['property_id']).execute();
  await db.schema.createIndex('case_files_case').on('case_files').columns(['case_id']).execute();
  await db.schema.createIndex('case_evidence_custody_case').on('case_evidence_custody').columns(['case_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_files').ifExists().execute();
  await db.schema.dropTable('case_property').ifExists().execute();
  await db.schema.dropTable('case_evidence_custody').ifExists().execute();
  await db.schema.dropTable('case_evidence').ifExists().execute();
  await db.schema.dropTable('case_actions').ifExists().execute();
}
