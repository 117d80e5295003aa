/** Kysely table types of the tables this module owns: reports, their messages and history. Columns mirror the migrations. */
import type { ColumnType, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** A petition or report (信访举报); reporter identity and receipt are sealed. */
export interface ReportTable extends ScopedColumns {
  id: string;
  number: string | null;
  channel: string;
  kind: string;
  anonymous: number;
  status: string;
  region_code: string;
  source_body: string | null;
  source_ref: string | null;
  /** JSON array of category codes. */
  categories: string;
  subject_id: string | null;
  subject_authority: string | null;
  subject_name: string;
  subject_position: string | null;
  subject_employer: string | null;
  content: string;
  occurred_on: string | null;
  place: string | null;
  amount_fen: number | null;
  reporter_enc: string | null;
  receipt_hash: string;
  receipt_enc: string | null;
  idempotency_hash: string | null;
  received_at: string;
  /** Shanghai date of received_at (for month counts and date filters). */
  received_on: string;
  /** 0 for a report kept only as a transfer record (sent to a higher organ, JK 第十五条). */
  in_ledger: number;
  /** 1 for an assignment (交办) from a higher organ. */
  assigned: number;
  /** JSON of channel-specific details (visit: visitors, place; transfer: source document). */
  details: string | null;
  /** The kind of published record the report is about (`registerReportAbout`), or null. */
  about_kind: string | null;
  /** That record's id, or null. */
  about_id: string | null;
  ack_due_on: string | null;
  acked_at: string | null;
  repeat_of: string | null;
  /** When the officer confirmed or rejected the earlier reports offered as repeats (null: undecided). */
  repeat_decided_at: string | null;
  transferred_to: string | null;
  transfer_from_unit_id: string | null;
  disposition: string | null;
  disposition_note: string | null;
  clue_id: string | null;
  /** The informant who reported (channel informant, migration 2026120810b); never shown to the handler. */
  informant_id: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: string | null;
  rating: string | null;
  rated_at: string | null;
  recheck_requested_at: string | null;
  recheck_reason: string | null;
  recheck_forwarded_to: string | null;
  /** When the re-check (复查) was answered: the 30 days to ask for a review (复核) run from it. */
  recheck_answered_at: string | null;
  /** The petitioner's one request for a review (复核, XF 第三十六条). */
  review_requested_at: string | null;
  review_reason: string | null;
  /** The organ that reviews: the commission one level above the re-checking organ. */
  review_unit_id: string | null;
  /** That organ when nobody on the platform works for it and the request was sent up off it. */
  review_forwarded_to: string | null;
  review_answered_at: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A message on a report's receipt page. */
export interface ReportMessageTable {
  id: string;
  report_id: string;
  author: string;
  body: string;
  created_at: string;
}

/** A step in a report's history; public steps appear on the reporter's receipt page. */
export interface ReportEventTable {
  id: string;
  report_id: string;
  event: string;
  public: number;
  /** Shown on the receipt page when the step is public. */
  note: string | null;
  /** What only staff read about the step (an acceptance note, an extension's reason). */
  staff_note: string | null;
  actor_user_id: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface ReportsTables {
  reports: ReportTable;
  report_messages: ReportMessageTable;
  report_events: ReportEventTable;
}

/** A row of `reports` as read. */
export type ReportRow = Selectable<ReportTable>;
/** A row of `report_messages` as read. */
export type ReportMessageRow = Selectable<ReportMessageTable>;
