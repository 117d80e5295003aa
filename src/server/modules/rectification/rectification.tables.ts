/** Kysely table types of the tables this module owns. Columns mirror migrations 2026120718a, 2026120718b and 2026120807c. */
import type { ColumnType, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';
import type { RecommendationTable } from './rectification.recommendations.tables.js';

/**
 * One rectification item (整改事项) of the one ledger. The scope columns are the responsible
 * unit's (责任单位); the issuer columns the supervising unit's (交办单位), which accepts it.
 */
export interface RectificationItemTable extends ScopedColumns {
  id: string;
  /** The item this is a sub-item of (an item closes only when its sub-items are closed). */
  parent_id: string | null;
  /** A `RECTIFICATION_SOURCES` code. */
  source_kind: string;
  /** The id of the record it came from, in its module (finding, recommendation, meeting …). */
  source_id: string | null;
  /** The issuing document (title and number) its deadline comes from. */
  source_document: string | null;
  problem: string;
  /** A `PROBLEM_SEVERITIES` code. */
  severity: string;
  /** The rectification measures (整改举措). */
  measures: string | null;
  responsible_person: string | null;
  responsible_user_id: string | null;
  issuer_unit_id: string;
  issuer_unit_path: string;
  issuer_region_path: string;
  /** The zone of the responsible unit's township, if any (the ledger's zone filter). */
  zone_id: string | null;
  due_on: string;
  /** The due date when the item was opened (extensions move `due_on` only). */
  original_due_on: string;
  /** A `RECTIFICATION_STATUSES` code. */
  status: string;
  /** The last `RECTIFICATION_ESCALATIONS` rung reached, or null. */
  escalation: string | null;
  escalated_at: string | null;
  evidence_note: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  rejections: number;
  /** Why the last submission was rejected, or null. */
  last_rejection: string | null;
  closed_at: string | null;
  closed_by: string | null;
  acceptance_note: string | null;
  /** The 回头看 (follow-up check) date, set when the item is closed. */
  follow_up_on: string | null;
  followed_up_at: string | null;
  follow_up_result: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The rung the issuer side owes next (2026120718b), or null. */
  next_escalation: OptionalText;
  /** The date that rung became (or becomes) due, YYYY-MM-DD. */
  next_escalation_on: OptionalText;
  /** What the 回头看 found, in words. */
  follow_up_note: OptionalText;
  /** The closed item whose 回头看 found the problem back, for an item opened for that relapse. */
  relapse_of: OptionalText;
}

/** A nullable text column added later: optional on insert. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

/** One evidence file of an item, sealed in the blob store. */
export interface RectificationFileTable {
  id: string;
  item_id: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  user_id: string | null;
  created_at: string;
}

/** A request to move an item's due date, and its decision. */
export interface RectificationExtensionTable {
  id: string;
  item_id: string;
  from_due_on: string;
  requested_due_on: string;
  reason: string;
  requested_by: string;
  requested_at: string;
  /** pending | in_approval | approved | refused (`EXTENSION_STATUSES`) */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** The approval (`rectification.extension`) last started for it (migration 2026120807a). */
  approval_id: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  /** The issuer side's opinion it was submitted with (承办意见). */
  submit_opinion: string | null;
}

/** One escalation rung reached by an item, with its record. */
export interface RectificationEscalationTable {
  id: string;
  item_id: string;
  /** A `RECTIFICATION_ESCALATIONS` code. */
  rung: string;
  /** overdue | rejected */
  reason: string;
  /** JSON: the rung's record. */
  content: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  at: string;
}

/**
 * A rung reached by a unit for something other than one of its items (2026120807c): today a
 * recommendation refused without good reason (JCF24 第七十一条), recorded as 问责. Keyed to the
 * unit, not an item (`rectification_escalations.item_id` is required and unique with the rung, and
 * a refusal opens no item); the scope columns are the recipient unit's, the issuer columns the
 * issuing commission's, so the ledger's predicates read both sides.
 */
export interface RectificationUnitEscalationTable extends ScopedColumns {
  id: string;
  issuer_unit_id: string;
  issuer_unit_path: string;
  issuer_region_path: string;
  /** A `UNIT_ESCALATION_SOURCES` code (`recommendation_refusal`). */
  source_kind: string;
  /** The record it is about (the recommendation). */
  source_id: string;
  /** A `RECTIFICATION_ESCALATIONS` code. */
  rung: string;
  /** A `UNIT_ESCALATION_REASONS` code. */
  reason: string;
  /** JSON: the record (`UnitEscalationContent`). */
  content: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  at: string;
}

/** One event of an item's history. */
export interface RectificationEventTable {
  id: string;
  item_id: string;
  /** created | started | submitted | rejected | accepted | extension_requested | extended | … */
  kind: string;
  note: string | null;
  /** JSON: what changed. */
  details: string | null;
  user_id: string | null;
  user_name: string | null;
  at: string;
}

/** The tables of this module, as `Database` composes them. */
export interface RectificationTables {
  rectification_items: RectificationItemTable;
  rectification_events: RectificationEventTable;
  recommendations: RecommendationTable;
  rectification_files: RectificationFileTable;
  rectification_extensions: RectificationExtensionTable;
  rectification_escalations: RectificationEscalationTable;
  rectification_unit_escalations: RectificationUnitEscalationTable;
}

/** A row of `rectification_items` as read. */
export type RectificationItemRow = Selectable<RectificationItemTable>;

/** A row of `rectification_escalations` as read. */
export type RectificationEscalationRow = Selectable<RectificationEscalationTable>;

/** A row of `rectification_unit_escalations` as read. */
export type RectificationUnitEscalationRow = Selectable<RectificationUnitEscalationTable>;
