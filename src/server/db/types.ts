/**
 * Kysely table interfaces of the whole schema. Columns mirror the migrations: instants and
 * dates are ISO text, booleans are 0/1 integers, JSON is text.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Columns every scoped business row carries, so scope is one indexed predicate. */
export interface ScopedColumns {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

export interface RegionTable {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  path: string;
  county_code: string | null;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  short_name: string | null;
  region_code: string;
  path: string;
  region_path: string;
  county_code: string | null;
  zone_id: string | null;
  sort: number;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ZoneTable {
  id: string;
  commission_unit_id: string;
  ordinal: number;
  name: string;
  central_township_code: string | null;
  workroom_unit_id: string | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ZoneMembershipTable {
  id: string;
  zone_id: string;
  member_kind: string;
  township_code: string | null;
  unit_id: string | null;
  effective_from: string;
  effective_to: string | null;
  created_at: string;
}

export interface ZoneRoleTable {
  id: string;
  zone_id: string;
  staff_id: string;
  role: string;
  effective_from: string;
  effective_to: string | null;
  created_at: string;
}

export interface StaffTable extends ScopedColumns {
  id: string;
  unit_id: string;
  name: string;
  gender: string | null;
  position: string;
  education: string | null;
  party_member: number;
  birth_date: string | null;
  work_start_date: string | null;
  unit_start_date: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SubjectTable extends ScopedColumns {
  id: string;
  name: string;
  gender: string | null;
  position: string;
  employer: string;
  region_code: string;
  cadre_authority: string;
  party_member: number;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string | null;
  staff_id: string | null;
  password_hash: string;
  must_change_password: number;
  password_changed_at: string | null;
  failed_attempts: number;
  locked_until: string | null;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  disabled: number;
  last_login_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  id: string;
  key: string;
  name: string;
  kind: string;
  builtin: number;
  default_scope: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolePermissionTable {
  role_id: string;
  permission: string;
}

export interface RoleAssignmentTable {
  id: string;
  user_id: string;
  role_id: string;
  scope_type: string;
  scope_unit_id: string | null;
  scope_zone_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface RoleAssignmentUnitTable {
  assignment_id: string;
  unit_id: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuditEventTable {
  seq: number;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  unit_id: string | null;
  request_id: string | null;
  changes: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  status: string;
  run_at: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  dedupe_key: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface CalendarYearTable {
  year: number;
  source: string;
  updated_by: string | null;
  updated_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  kind: string;
  name: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The whole database, as Kysely sees it. */
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
  ack_due_on: string | null;
  acked_at: string | null;
  repeat_of: string | null;
  transferred_to: string | null;
  transfer_from_unit_id: string | null;
  disposition: string | null;
  disposition_note: string | null;
  clue_id: string | null;
  closed_at: string | null;
  rating: string | null;
  rated_at: string | null;
  recheck_requested_at: string | null;
  recheck_reason: string | null;
  recheck_forwarded_to: string | null;
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

/** One clock of a time limit on a record (report, later clue and case). */
export interface DeadlineTable extends ScopedColumns {
  id: string;
  resource_type: string;
  resource_id: string;
  kind: string;
  starts_on: string;
  due_on: string;
  extended: number;
  met_at: string | null;
  /** The last reminder sent: 'due_soon' or 'overdue'. */
  reminded_stage: string | null;
  created_at: string;
}

/** A step in a report's history; public steps appear on the reporter's receipt page. */
export interface ReportEventTable {
  id: string;
  report_id: string;
  event: string;
  public: number;
  note: string | null;
  actor_user_id: string | null;
  created_at: string;
}

/** A file attached to a report; its bytes are sealed in the blob store under blob_id. */
export interface AttachmentTable {
  id: string;
  report_id: string;
  content_type: string;
  size_bytes: number;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  uploaded_by: string;
  user_id: string | null;
  created_at: string;
}

/** A clue record (线索) registered from a report. */
export interface ClueTable extends ScopedColumns {
  id: string;
  number: string;
  report_id: string | null;
  status: string;
  subject_name: string;
  subject_id: string | null;
  summary: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A commission's numbering pattern for a series (reports, clues). */
export interface NumberingPatternTable {
  unit_id: string;
  series: string;
  pattern: string;
  updated_at: string;
}

/** The last number issued in a series and year. */
export interface NumberCounterTable {
  unit_id: string;
  series: string;
  year: number;
  last_seq: number;
}

/** An in-app notification to one user. */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  resource_type: string | null;
  resource_id: string | null;
  dedupe_key: string | null;
  read_at: string | null;
  created_at: string;
}

export interface Database {
  regions: RegionTable;
  units: UnitTable;
  zones: ZoneTable;
  zone_memberships: ZoneMembershipTable;
  zone_roles: ZoneRoleTable;
  staff: StaffTable;
  subjects: SubjectTable;
  users: UserTable;
  roles: RoleTable;
  role_permissions: RolePermissionTable;
  role_assignments: RoleAssignmentTable;
  role_assignment_units: RoleAssignmentUnitTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  jobs: JobTable;
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
  settings: SettingTable;
  reports: ReportTable;
  report_messages: ReportMessageTable;
  deadlines: DeadlineTable;
  report_events: ReportEventTable;
  attachments: AttachmentTable;
  clues: ClueTable;
  numbering_patterns: NumberingPatternTable;
  number_counters: NumberCounterTable;
  notifications: NotificationTable;
}

export type RegionRow = Selectable<RegionTable>;
export type UnitRow = Selectable<UnitTable>;
export type ZoneRow = Selectable<ZoneTable>;
export type ZoneMembershipRow = Selectable<ZoneMembershipTable>;
export type StaffRow = Selectable<StaffTable>;
export type SubjectRow = Selectable<SubjectTable>;
export type UserRow = Selectable<UserTable>;
export type RoleRow = Selectable<RoleTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type JobRow = Selectable<JobTable>;
export type ReportRow = Selectable<ReportTable>;
export type ReportMessageRow = Selectable<ReportMessageTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type ClueRow = Selectable<ClueTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type NewJob = Insertable<JobTable>;
export type UserUpdate = Updateable<UserTable>;
