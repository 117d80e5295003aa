/** Kysely table types of the measures ledger (措施台账). Columns mirror migration 2026120614d. */

/**
 * One use of a measure on a case (GZ 第四十条: the ledger records every use): its kind, legal
 * basis and person, the approval the rules name, the execution (notice, people present, start),
 * the 24-hour notice of unit and family, a pending change request, the restart and the lifting.
 * Its clocks are the clock engine's (`resource_type = 'case_measure'`).
 */
export interface CaseMeasureTable {
  id: string;
  case_id: string;
  /** Order within the case. */
  seq: number;
  /** A `MEASURE_KINDS` code. */
  kind: string;
  /** approved | running | lifted (`MEASURE_STATUSES`). */
  status: string;
  /** The article relied on, e.g. 《中华人民共和国监察法》第二十四条. */
  legal_basis: string;
  /** Why the measure is taken. */
  reason: string;
  /** The case subject it applies to (case_subjects.id). */
  case_subject_id: string;
  subject_name: string;
  /** 强制到案 only: 1 when 管护 or 留置 is needed (24 hours instead of 12). */
  custody_needed: number;
  /** The approving account (the post the rules or the county name), or null (留置, 限制出境: organs). */
  approver_user_id: string | null;
  approver_name: string | null;
  /** principal_leader | leader_in_charge | department_head: the post the approver held. */
  approver_post: string | null;
  approved_on: string;
  /** The approval form's or decision's number (审批表、决定书文号), or null. */
  approval_number: string | null;
  /** 留置: the leaders' collective decision (date and minutes). */
  collective_on: string | null;
  collective_minutes: string | null;
  /** 留置: the next-higher organ; 限制出境: the 省级以上 organ; with its document number and date. */
  higher_organ: string | null;
  higher_number: string | null;
  higher_on: string | null;
  /** Execution: the written notice served (when, to whom), the team members present (JSON [{userId, name}]). */
  notice_served_at: string | null;
  notice_served_to: string | null;
  present: string | null;
  started_at: string | null;
  /** 留置 and 管护: the unit and family notified within 24 hours, or the approved decision not to. */
  notified_at: string | null;
  notified_unit: string | null;
  notified_family: string | null;
  notice_withheld_reason: string | null;
  notice_withheld_by: string | null;
  /** 管护: sent to the 留置场所. */
  transferred_at: string | null;
  /** 留置: the one restart (newly found major crimes) with its approval in words. */
  restarted_at: string | null;
  restart_note: string | null;
  /** A change request (变更申请) pending or last decided. */
  change_requested_at: string | null;
  change_applicant: string | null;
  change_request: string | null;
  change_decided_at: string | null;
  change_decision: string | null;
  lifted_at: string | null;
  lift_reason: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A periodic filing of a handling unit's measures ledger with 案管 (报备, GZ 第四十条): the period,
 * the measures covered (JSON ids), who filed, and 案管's acknowledgement after the cross-check.
 */
export interface CaseMeasureFilingTable {
  id: string;
  handling_unit_id: string;
  handling_unit_name: string;
  /** The handling unit's path (the filing's scope). */
  unit_path: string;
  period_from: string;
  period_to: string;
  /** JSON array of case_measures ids covered. */
  measure_ids: string;
  measure_count: number;
  note: string | null;
  filed_by: string;
  filed_by_name: string;
  filed_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  /** 案管's cross-check: what matched, what did not. */
  ack_note: string | null;
  version: number;
}

/** The measures ledger's tables, as `Database` composes them. */
export interface CaseMeasuresTables {
  case_measures: CaseMeasureTable;
  case_measure_filings: CaseMeasureFilingTable;
}
