/** Kysely table types of the tables the sanctions module owns. Columns mirror the migrations. */
import type { Generated, Selectable } from 'kysely';

/** One outcome for one person: a party or state sanction, a lighter outcome or a referral. */
export interface SanctionTable {
  id: string;
  /** case | import */
  source: string;
  case_id: string | null;
  review_id: string | null;
  case_subject_id: string | null;
  subject_id: string | null;
  case_number: string | null;
  person_name: string;
  person_position: string | null;
  person_employer: string | null;
  /** A `CADRE_AUTHORITIES` code. */
  authority: string;
  /** village_cadre | other_public_duty, or null. */
  limited_subject: string | null;
  party_member: number;
  /** party | state | lighter | prosecution */
  system: string;
  kind: string;
  /** A `FORM_OUTCOMES` key. */
  outcome_code: string;
  probation_years: number | null;
  in_place_of_post_removal: number;
  important_or_complex: number;
  four_form: number | null;
  /** drafted | submitted | decided | revoked | withdrawn */
  status: string;
  summary: string;
  exemption_conclusion: string | null;
  required_body: string | null;
  approving_body: string | null;
  approving_body_name: string | null;
  decision_ref: string | null;
  decided_on: string | null;
  decided_by: string | null;
  direct_reason: string | null;
  direct_note: string | null;
  defence_heard_on: string | null;
  defence_summary: string | null;
  proposed_kind_before_defence: string | null;
  new_fact: string | null;
  effect_start: string | null;
  effect_end: string | null;
  effect_months: number | null;
  prior_id: string | null;
  stacked_days: number;
  readmission_after: string | null;
  delivered_on: string | null;
  announced_on: string | null;
  job_pay_on: string | null;
  execution_reported_on: string | null;
  submitted_on: string | null;
  submitted_up_on: string | null;
  lifted_on: string | null;
  probation_outcome: string | null;
  probation_outcome_on: string | null;
  probation_outcome_ref: string | null;
  supersedes_id: string | null;
  superseded_by: string | null;
  /** 留党察看 restored: the day the member's rights came back (migration 2026120617c). */
  restored_on: string | null;
  /** 留党察看 restored: the last day of the 2 years (and any carried remainder) with no post as high as before. */
  restriction_end: string | null;
  /** Holds a party post (党内职务): 1, 0, or null when not recorded (migration 2026120617h). */
  holds_party_post: number | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  reach_path: string;
  county_code: string | null;
  zone_id: string | null;
  handling_mode: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The 支部大会 on a party sanction. */
export interface SanctionBranchMeetingTable {
  id: string;
  sanction_id: string;
  branch_name: string;
  held_on: string;
  /** JSON `RollLine[]`. */
  roll: string;
  should_attend: number;
  present_voting: number;
  votes_for: number;
  votes_against: number;
  abstentions: number;
  quorate: number;
  passed: number;
  resolution: string;
  person_opinion: string | null;
  /** signed | refused | absent */
  person_signature: string;
  /** sanction (the meeting on the sanction) | restoration (the resolution to restore rights); migration 2026120617c. */
  purpose: Generated<string>;
  created_by: string | null;
  created_at: string;
}

/** An appeal: 申诉/复议/复查 or 复审/复核. */
export interface SanctionAppealTable {
  id: string;
  sanction_id: string;
  kind: string;
  applicant: string;
  grounds: string;
  received_decision_on: string | null;
  applied_on: string;
  /** received | accepted | decided | refused */
  status: string;
  /** upheld | changed | revoked */
  outcome: string | null;
  outcome_reason: string | null;
  new_sanction_id: string | null;
  decided_on: string | null;
  decision_ref: string | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of an appeal's team. */
export interface SanctionAppealMemberTable {
  id: string;
  appeal_id: string;
  user_id: string;
  name: string;
  check_id: string | null;
  added_at: string;
  removed_at: string | null;
}

/** Who was told of a decision, change, lifting or probation outcome. */
export interface SanctionNoticeTable {
  id: string;
  sanction_id: string;
  /** decision | change | lifting | probation */
  kind: string;
  unit_id: string | null;
  recipient: string;
  sent_on: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** A county's own four-forms mapping (JSON `Record<FormOutcome, FourForm>`). */
export interface SanctionFourFormsTable {
  county_code: string;
  mapping: string;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

/** One step of a sanction's trail. */
export interface SanctionEventTable {
  id: string;
  sanction_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  label: string;
  note: string | null;
}

/** The tables of the sanctions module. */
export interface SanctionsTables {
  sanctions: SanctionTable;
  sanction_branch_meetings: SanctionBranchMeetingTable;
  sanction_appeals: SanctionAppealTable;
  sanction_appeal_members: SanctionAppealMemberTable;
  sanction_notices: SanctionNoticeTable;
  sanction_four_forms: SanctionFourFormsTable;
  sanction_events: SanctionEventTable;
}

/** A sanction row as read. */
export type SanctionRow = Selectable<SanctionTable>;
