/** Kysely table types of plans, the end of the investigation and closing. Columns mirror migration 2026120614e. */

/** A plan of a case (审查调查方案, 谈话方案, 外查方案) with its working text. */
export interface CasePlanTable {
  id: string;
  case_id: string;
  /** investigation | talk | inquiry (`CASE_PLAN_KINDS`). */
  kind: string;
  title: string;
  /** JSON `PlanText`: the working text the team follows (the last approved revision). */
  content: string;
  /** The revision the working text comes from (1: the original). */
  revision: number;
  /** 1: a serious case's plan (专题会议 required). */
  serious: number;
  /** The original's approval: pending | approved | returned | rejected. */
  status: string;
  approved_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One version of a plan: the original or a change, with its approval. */
export interface CasePlanRevisionTable {
  id: string;
  plan_id: string;
  case_id: string;
  revision: number;
  /** original | change. */
  kind: string;
  /** JSON `PlanText` as proposed. */
  content: string;
  /** Why the plan changes (changes only). */
  reason: string | null;
  /** JSON `PlanMeeting` (专题会议), or null. */
  meeting: string | null;
  status: string;
  approval_id: string;
  created_by: string | null;
  created_by_name: string;
  created_at: string;
  decided_at: string | null;
}

/** Facts material shown to a person under investigation (事实材料见面). */
export interface CaseFactsShowingTable {
  id: string;
  case_id: string;
  subject_row_id: string;
  shown_on: string;
  /** JSON [{ userId, name }]. */
  shown_by: string;
  material_ref: string | null;
  signed: number;
  opinion: string | null;
  refused: number;
  refusal_note: string | null;
  created_by: string | null;
  created_at: string;
}

/** The team's collective discussion (集体讨论). */
export interface CaseDiscussionTable {
  id: string;
  case_id: string;
  held_on: string;
  /** JSON [{ userId, name }]. */
  present: string;
  /** JSON [{ userId, name, reason }]. */
  absent: string;
  conclusion: string;
  created_by: string | null;
  created_at: string;
}

/** The 审查调查报告 of a case (one per case). */
export interface CaseReportTable {
  id: string;
  case_id: string;
  /** draft | pending | returned | approved (`CASE_REPORT_STATUSES`). */
  status: string;
  /** JSON `CaseReportText`. */
  content: string;
  content_hash: string;
  /** JSON `ReportAttachments` as submitted, or null. */
  attachments: string | null;
  discussion_id: string | null;
  approval_id: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
}

/** A team member's signature over one text of the report. */
export interface CaseReportSignatureTable {
  id: string;
  report_id: string;
  user_id: string;
  name: string;
  content_hash: string;
  signed_at: string;
  voided_at: string | null;
}

/** The closing of a case (结案) and its filing with the higher organ (TL21 第二百零六条). */
export interface CaseClosingTable {
  case_id: string;
  closed_at: string;
  closed_on: string;
  closed_by: string | null;
  note: string | null;
  higher_filed_on: string | null;
  higher_document_number: string | null;
  higher_due_on: string | null;
  higher_late: number | null;
  higher_recorded_by: string | null;
  higher_recorded_at: string | null;
  version: number;
}

/** The tables of plans, the end of the investigation and closing, as `Database` composes them. */
export interface CasePlansTables {
  case_plans: CasePlanTable;
  case_plan_revisions: CasePlanRevisionTable;
  case_facts_showings: CaseFactsShowingTable;
  case_discussions: CaseDiscussionTable;
  case_reports: CaseReportTable;
  case_report_signatures: CaseReportSignatureTable;
  case_closings: CaseClosingTable;
}
