/**
 * Kysely table types of the modes-and-zone part of the case stage (issue 13 §2): mode changes,
 * the zone's three rules (一案一授权、一案一汇报、一案一剖析 with its 以案促改 recommendations) and
 * the 挂牌督办 report schedule with its reports. Columns mirror migration `2026120614b_case_zone`.
 * Every row hangs off its case; access goes through the case (`loadCase`).
 */
import type { Selectable } from 'kysely';

/** One request to change a case's handling mode, from its drafting to its approval's end. */
export interface CaseModeChangeTable {
  id: string;
  case_id: string;
  /** `MODE_CHANGE_STATUS_LABELS`. */
  status: string;
  from_mode: string;
  from_unit_id: string;
  from_zone_id: string | null;
  from_co_organ: string | null;
  to_mode: string;
  to_unit_id: string;
  to_zone_id: string | null;
  to_co_organ: string | null;
  /** A reason code of `DEFAULT_MODE_REASONS` and its words. */
  reason: string;
  reason_note: string | null;
  requested_by: string;
  requested_by_name: string;
  requested_at: string;
  approval_id: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  opinion: string | null;
}

/** 一案一授权: the zone commander's authorisation of one case and its team (授权书). */
export interface CaseAuthorizationTable {
  id: string;
  case_id: string;
  zone_id: string;
  /** The team as of the authorisation: JSON `[{ name, role, unitName }]`. */
  team: string;
  /** 授权范围: what the team is authorised to do. */
  scope_text: string;
  authorized_on: string;
  authorizer_id: string;
  authorizer_name: string;
  /** The authoriser's zone role in words (指挥长, 组长, or their platform role). */
  authorizer_role: string;
  created_at: string;
  /** Set when a later authorisation of the case replaces this one. */
  superseded_at: string | null;
}

/** 一案一汇报: one briefing to the commander. */
export interface CaseBriefingTable {
  id: string;
  case_id: string;
  briefed_on: string;
  briefed_by: string;
  received_by: string;
  content: string;
  instructions: string | null;
  created_by: string;
  created_by_name: string;
  created_at: string;
}

/** 一案一剖析: the closing analysis of a case (one per case). */
export interface CaseAnalysisTable {
  case_id: string;
  causes: string;
  lessons: string;
  weaknesses: string;
  written_by: string;
  written_by_name: string;
  updated_at: string;
  version: number;
}

/** A 以案促改 recommendation to the unit concerned. */
export interface CaseRecommendationTable {
  id: string;
  case_id: string;
  measure: string;
  unit_id: string | null;
  unit_name: string;
  owner_name: string;
  due_on: string;
  /** `RECOMMENDATION_STATUSES`. */
  status: string;
  done_on: string | null;
  done_note: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** 挂牌督办: the report schedule to the supervising organ (one per case). */
export interface CaseFlagScheduleTable {
  case_id: string;
  interval_n: number;
  /** `FLAG_INTERVAL_UNITS`. */
  interval_unit: string;
  next_due_on: string;
  version: number;
  set_by: string;
  updated_at: string;
}

/** A progress report logged to the supervising organ. */
export interface CaseFlagReportTable {
  id: string;
  case_id: string;
  reported_on: string;
  /** The due date this report answered. */
  due_on: string;
  content: string;
  reported_by: string;
  reported_by_name: string;
  created_at: string;
}

/** The tables of this part, as `Database` composes them. */
export interface CasesZoneTables {
  case_mode_changes: CaseModeChangeTable;
  case_authorizations: CaseAuthorizationTable;
  case_briefings: CaseBriefingTable;
  case_analyses: CaseAnalysisTable;
  case_recommendations: CaseRecommendationTable;
  case_flag_schedules: CaseFlagScheduleTable;
  case_flag_reports: CaseFlagReportTable;
}

/** A mode change as read. */
export type CaseModeChangeRow = Selectable<CaseModeChangeTable>;
