/** Kysely table types of the tables this module owns. Columns mirror migration 2026120718a. */
import type { Selectable } from 'kysely';
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
}

/** A row of `rectification_items` as read. */
export type RectificationItemRow = Selectable<RectificationItemTable>;
