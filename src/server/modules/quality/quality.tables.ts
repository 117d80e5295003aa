/** Kysely table types of the tables this module owns. Columns mirror migration 2026120616b. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One item of a county's checklist. */
export interface QualityChecklistTable {
  id: string;
  county_code: string;
  position: number;
  code: string;
  label: string;
  /** A `QUALITY_SEVERITIES` code. */
  severity: string;
  weight: number;
  /** A `QUALITY_AUTO_CHECKS` code, or null for an item the panel records. */
  auto_check: string | null;
  updated_by: string | null;
  updated_at: string;
}

/** A quality review (评查), owned by the organising unit. */
export interface QualityReviewTable extends ScopedColumns {
  id: string;
  title: string;
  /** periodic | ad_hoc. */
  kind: string;
  period_label: string | null;
  /** open | concluded. */
  status: string;
  /** JSON `QualityChecklistItem[]`: the checklist as it stood when the review began. */
  checklist: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of a review's panel (评查组). */
export interface QualityReviewMemberTable {
  review_id: string;
  user_id: string;
  name: string;
  unit_id: string | null;
  unit_name: string;
}

/** A closed case picked for a review, with its examiner and, once concluded, its score. */
export interface QualityReviewCaseTable {
  id: string;
  review_id: string;
  case_id: string;
  case_number: string | null;
  case_title: string;
  handling_unit_id: string;
  handling_unit_name: string;
  examiner_id: string;
  examiner_name: string;
  /** The conflict check that cleared the examiner. */
  check_id: string | null;
  /** examining | concluded. */
  status: string;
  score: number | null;
  grade: string | null;
  concluded_at: string | null;
  version: number;
  created_at: string;
}

/** One checklist item's result on one picked case. */
export interface QualityItemResultTable {
  id: string;
  review_case_id: string;
  item_code: string;
  /** 1: found by the engine from the records. */
  automatic: number;
  /** fault | pass. */
  outcome: string;
  note: string | null;
  /** JSON: what an automatic check found (items, clocks, documents). */
  details: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** One problem of a problem list (问题清单), addressed to the case's handling unit (scope columns). */
export interface QualityProblemTable extends ScopedColumns {
  id: string;
  review_id: string;
  review_case_id: string;
  case_id: string;
  seq: number;
  item_code: string;
  item_label: string;
  severity: string;
  description: string;
  organiser_unit_id: string;
  organiser_unit_path: string;
  organiser_region_path: string;
  owner_user_id: string | null;
  owner_user_name: string | null;
  due_on: string;
  /** open | submitted | confirmed. */
  status: string;
  rectification_note: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  /** Why the panel sent the rectification back (the last time), or null. */
  returned_note: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
  confirm_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A file of a problem's rectification evidence, sealed in the blob store. */
export interface QualityProblemFileTable {
  id: string;
  problem_id: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  user_id: string | null;
  created_at: string;
}

/** The tables of this module, as `Database` composes them. */
export interface QualityTables {
  quality_checklists: QualityChecklistTable;
  quality_reviews: QualityReviewTable;
  quality_review_members: QualityReviewMemberTable;
  quality_review_cases: QualityReviewCaseTable;
  quality_item_results: QualityItemResultTable;
  quality_problems: QualityProblemTable;
  quality_problem_files: QualityProblemFileTable;
}

/** A row of `quality_reviews` as read. */
export type QualityReviewRow = Selectable<QualityReviewTable>;
/** A row of `quality_problems` as read. */
export type QualityProblemRow = Selectable<QualityProblemTable>;
/** A row of `quality_review_cases` as read. */
export type QualityReviewCaseRow = Selectable<QualityReviewCaseTable>;
