/** Kysely table types of the tables this module owns. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** A clue (问题线索): one line of the clue ledger. */
export interface ClueTable extends ScopedColumns {
  id: string;
  number: string;
  report_id: string | null;
  /** A state of §11 "Clue" (`CLUE_STATUSES`). */
  status: string;
  /** Every subject's name, joined by 、 (the ledger's search column). */
  subject_name: string;
  /** The first subject's record, when known. */
  subject_id: string | null;
  summary: string;
  source_kind: string;
  source_ref: string | null;
  received_at: string;
  /** Shanghai date of received_at. */
  received_on: string;
  disposal: string | null;
  keeper_id: string | null;
  handling_unit_id: string | null;
  zone_id: string | null;
  region_code: string | null;
  amount_fen: number | null;
  /** JSON array of category codes. */
  categories: string;
  version: number;
  filed_by_unit_id: string | null;
  /** 1 when a subject's rank makes the clue reportable to the higher organ (GZ 第二十二条). */
  higher_report_required: number;
  higher_reported_on: string | null;
  higher_report_ref: string | null;
  higher_reported_by: string | null;
  higher_reported_by_name: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
  /** The approved outcome of the last 谈话函询 round (`INQUIRY_OUTCOMES`), or null. */
  inquiry_outcome: string | null;
}

/** A person a clue concerns. */
export interface ClueSubjectTable {
  id: string;
  clue_id: string;
  seq: number;
  subject_id: string | null;
  name: string;
  position: string | null;
  employer: string | null;
  authority: string | null;
  region_code: string | null;
  /** GZ 第二十二条 rank (`CLUE_SUBJECT_RANKS`), or null. */
  rank: string | null;
}

/** One signed step of a clue's trail. */
export interface ClueEventTable {
  id: string;
  clue_id: string;
  at: string;
  actor_user_id: string | null;
  /** The actor's name at the time. */
  actor_name: string;
  action: string;
  label: string;
  note: string | null;
  meeting_id: string | null;
}

/** A person on a clue's team (need-to-know). */
export interface ClueMemberTable {
  clue_id: string;
  user_id: string;
  role: string;
  added_at: string;
  added_by: string | null;
  removed_at: string | null;
}

/** A clue-review meeting (线索研判会). */
export interface ClueMeetingTable extends ScopedColumns {
  id: string;
  held_on: string;
  place: string;
  note: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Who attended a clue-review meeting. */
export interface ClueMeetingAttendeeTable {
  meeting_id: string;
  user_id: string;
  name: string;
}

/** A clue discussed at a meeting, with the decision in words. */
export interface ClueMeetingItemTable {
  meeting_id: string;
  clue_id: string;
  seq: number;
  decision: string;
}

/** A disposal opinion (处置意见) put up for approval on a clue. */
export interface ClueDisposalOpinionTable {
  id: string;
  clue_id: string;
  approval_id: string;
  /** One of `CLUE_DISPOSALS`. */
  disposal: string;
  reasons: string;
  plan: string;
  meeting_id: string | null;
  no_meeting_note: string | null;
  /** For 予以了结: a key of `CONCLUSION_REASONS`, and its detail. */
  conclusion_reason: string | null;
  conclusion_detail: string | null;
  /** pending / returned / approved / rejected / withdrawn. */
  status: string;
  drafted_by: string;
  created_at: string;
  decided_at: string | null;
}

/** One period a clue is parked (暂存待查). */
export interface ClueParkingTable {
  id: string;
  clue_id: string;
  parked_on: string;
  /** The Shanghai date the review is due. */
  review_on: string;
  /** parked / continued / reopened. */
  status: string;
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  due_notified_at: string | null;
  created_at: string;
}

/** One round of 谈话函询 on a clue (GZ 第二十六条 to 第三十一条): request, talk or letter, report. */
export interface ClueInquiryTable {
  id: string;
  clue_id: string;
  round: number;
  /** `talk` or `letter`. */
  mode: string;
  /** requested / approved / rejected / withdrawn / reported / decided. */
  status: string;
  reason: string;
  /** JSON array of `{ userId, name }`. */
  officers: string;
  conflict_check_id: string | null;
  /** JSON: the talk plan or the letter. */
  plan: string;
  target_is_principal: number;
  request_approval_id: string | null;
  approved_at: string | null;
  talk_on: string | null;
  talk_venue: string | null;
  talk_record_taken: number | null;
  talk_attendees: string | null;
  delegate: string | null;
  delegation_received_on: string | null;
  explanation_required: number;
  explanation_on: string | null;
  letter_received_on: string | null;
  reply_on: string | null;
  reply_direct: number | null;
  reply_leader_name: string | null;
  reply_leader_opinion: string | null;
  report_summary: string | null;
  report_outcome: string | null;
  report_approval_id: string | null;
  /** The approved outcome (`INQUIRY_OUTCOMES`). */
  outcome: string | null;
  decided_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `clue_inquiries` as read. */
export type ClueInquiryRow = Selectable<ClueInquiryTable>;

/** The tables of this module, as the `Database` type composes them. */
export interface CluesTables {
  clues: ClueTable;
  clue_subjects: ClueSubjectTable;
  clue_events: ClueEventTable;
  clue_members: ClueMemberTable;
  clue_meetings: ClueMeetingTable;
  clue_meeting_attendees: ClueMeetingAttendeeTable;
  clue_meeting_items: ClueMeetingItemTable;
  clue_disposal_opinions: ClueDisposalOpinionTable;
  clue_parkings: ClueParkingTable;
  clue_inquiries: ClueInquiryTable;
}

/** A row of `clues` as read. */
export type ClueRow = Selectable<ClueTable>;

/** A verification (初步核实) of a clue: its plan, report and outcome. */
export interface ClueVerificationTable {
  id: string;
  clue_id: string;
  /** plan_pending | plan_returned | plan_rejected | active | report_pending | report_returned | done. */
  status: string;
  objectives: string;
  /** JSON array of measure codes (`VERIFICATION_MEASURES`). */
  measures: string;
  /** JSON array of `{ period, work }`. */
  schedule: string;
  /** The plan's planned completion date (Shanghai; null on plans from before 2026120613b): the clock's end. */
  planned_end_on: string | null;
  plan_approval_id: string | null;
  plan_approved_at: string | null;
  /** JSON of the report's parts, or null before the first draft. */
  report: string | null;
  /** SHA-256 of the report's canonical JSON: what the members sign. */
  report_hash: string | null;
  report_approval_id: string | null;
  /** The approved outcome (`VERIFICATION_OUTCOMES`). */
  outcome: string | null;
  decided_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of a verification team (核查组). */
export interface ClueVerificationMemberTable {
  verification_id: string;
  user_id: string;
  seq: number;
  /** leader | member. */
  role: string;
  name: string;
  /** Unit and post as printed on the plan. */
  position: string;
  /** The conflict check that cleared them. */
  check_id: string;
}

/** A member's signature over one text of the report (voided when the text changes). */
export interface ClueVerificationSignatureTable {
  id: string;
  verification_id: string;
  user_id: string;
  name: string;
  content_hash: string;
  signed_at: string;
  voided_at: string | null;
}

/** What one stage hands to the next (the filing request for the case stage). */
export interface ClueHandoverTable {
  id: string;
  clue_id: string;
  /** filing_request. */
  kind: string;
  source_approval_id: string | null;
  note: string | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
  created_by: string | null;
  created_at: string;
  taken_at: string | null;
}

/** The verification tables of this module, as the `Database` type composes them. */
export interface ClueVerificationTables {
  clue_verifications: ClueVerificationTable;
  clue_verification_members: ClueVerificationMemberTable;
  clue_verification_signatures: ClueVerificationSignatureTable;
  clue_handovers: ClueHandoverTable;
}
