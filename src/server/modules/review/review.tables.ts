/** Kysely table types of the tables the review module owns. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

/** A review (审理) of one case: its state, who reviews it (the owner) and the subject's region. */
export interface ReviewTable {
  id: string;
  case_id: string;
  /** A `REVIEW_STATUSES` code. */
  status: string;
  /** county | township | panel (`REVIEW_ROUTES`). */
  route: string;
  /** The zone whose cross-review panel reviews it (route `panel`). */
  zone_id: string | null;
  case_number: string | null;
  subject_name: string;
  /** The case's handling unit: it sees the review's line (its status). */
  handling_unit_id: string;
  handling_unit_path: string;
  /** The reviewing unit. */
  owner_unit_id: string;
  owner_unit_path: string;
  /** The subject's region (the case's). */
  region_path: string;
  /** A scope's region arm: the subject's region for a township or panel review, the owner's path for a county one. */
  reach_path: string;
  county_code: string | null;
  transferred_at: string | null;
  acceptance: string | null;
  acceptance_reason: string | null;
  accepted_on: string | null;
  decided_at: string | null;
  early_status: string | null;
  early_reason: string | null;
  early_approval_id: string | null;
  return_kind: string | null;
  return_reason: string | null;
  return_approval_id: string | null;
  return_pending: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of a review team or cross-review panel (removed members keep their row). */
export interface ReviewMemberTable {
  id: string;
  review_id: string;
  user_id: string;
  name: string;
  unit_name: string;
  role: string;
  check_id: string | null;
  added_at: string;
  added_by: string | null;
  removed_at: string | null;
}

/** A review talk (审理谈话). */
export interface ReviewTalkTable {
  id: string;
  review_id: string;
  subject_row_id: string;
  held_on: string;
  reason: string;
  reviewers: string;
  defence: string;
  record_ref: string | null;
  created_by: string | null;
  created_at: string;
}

/** A collective deliberation: the team's or panel's (集体审议), or the standing committee's. */
export interface ReviewDeliberationTable {
  id: string;
  review_id: string;
  kind: string;
  held_on: string;
  members_total: number;
  present: string;
  opinions: string;
  votes_for: number;
  votes_against: number;
  abstentions: number;
  quorate: number;
  decision: string;
  outcomes: string | null;
  created_by: string | null;
  created_at: string;
}

/** The 审理报告 of a review. */
export interface ReviewReportTable {
  review_id: string;
  content: string;
  content_hash: string;
  prosecution: number;
  signatures: string;
  status: string;
  approval_id: string | null;
  submitted_at: string | null;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

/** One step of a review's trail. */
export interface ReviewEventTable {
  id: string;
  review_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  label: string;
  note: string | null;
}

/** The tables of the review module. */
export interface ReviewTables {
  reviews: ReviewTable;
  review_members: ReviewMemberTable;
  review_talks: ReviewTalkTable;
  review_deliberations: ReviewDeliberationTable;
  review_reports: ReviewReportTable;
  review_events: ReviewEventTable;
}

/** A review row as read. */
export type ReviewRow = Selectable<ReviewTable>;
