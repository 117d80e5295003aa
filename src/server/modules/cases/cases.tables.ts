/** Kysely table types of the tables this module owns. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/**
 * A case (案件): one line of the case ledger. The scope columns are the handling unit's (the
 * handling mode decides it) and the first subject's region.
 */
export interface CaseTable extends ScopedColumns {
  id: string;
  /** Issued per filing commission and year when the filing is approved; null before. */
  number: string | null;
  /** A state of §11 "Case" (`CASE_STATUSES`). */
  status: string;
  title: string;
  /** person | unit | event (`CASE_TARGET_LABELS`). */
  target_kind: string;
  /** Every subject's name, joined by 、. */
  subject_name: string;
  /** 主要问题: what the case is about. */
  summary: string;
  /** 立案依据: the facts and evidence already established. */
  basis: string;
  /** JSON array of `FILING_CONDITIONS` stated. */
  conditions: string;
  /** Why the case is filed without a clue's filing handover (direct filing), or null. */
  direct_reason: string | null;
  clue_id: string | null;
  handover_id: string | null;
  /** A `HANDLING_MODES` code. */
  mode: string;
  /** A reason code of the county's list (`DEFAULT_MODE_REASONS`). */
  mode_reason: string;
  mode_reason_note: string | null;
  mode_decided_by: string | null;
  mode_decided_by_name: string | null;
  mode_decided_at: string | null;
  /** The commission whose series numbers the case (the one that files it). */
  filing_unit_id: string;
  /** The unit that handles the case (= owner_unit_id). */
  handling_unit_id: string;
  zone_id: string | null;
  /** 联合办理's other organ; 挂牌督办's supervising organ; 指定管辖's deciding organ. */
  co_organ: string | null;
  /** The commission of the subject's own township (sees the ledger line), or null. */
  subject_unit_id: string | null;
  subject_unit_path: string | null;
  /** The approval chains' target level (`TARGET_LEVELS`). */
  target_level: string;
  filing_approval_id: string | null;
  filed_at: string | null;
  filed_on: string | null;
  /** When the decision was announced to the person (宣布立案决定). */
  announced_on: string | null;
  /** When their party organisation and unit were notified (立案通知书). */
  notified_on: string | null;
  version: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A person (or the unit) a case is filed on. */
export interface CaseSubjectTable {
  id: string;
  case_id: string;
  seq: number;
  subject_id: string | null;
  name: string;
  position: string | null;
  employer: string | null;
  authority: string | null;
  region_code: string | null;
  /** GZ 第二十二条 rank, or null. */
  rank: string | null;
  /** 1: a party member. */
  party_member: number;
  /** 1: a 监察对象 (the state-side investigation period runs, timer 12). */
  supervised: number;
}

/** A person on a case team (审查调查组); need-to-know. */
export interface CaseMemberTable {
  id: string;
  case_id: string;
  user_id: string;
  /** leader | deputy | member (`CASE_MEMBER_ROLES`). */
  role: string;
  name: string;
  unit_name: string;
  /** The conflict check that cleared the assignment. */
  check_id: string | null;
  /** Staff of the subject's own township admitted by approval: the approval, in words. */
  exception_note: string | null;
  added_at: string;
  added_by: string | null;
  removed_at: string | null;
  removed_by: string | null;
  removal_reason: string | null;
}

/** One signed step of a case's trail. */
export interface CaseEventTable {
  id: string;
  case_id: string;
  at: string;
  actor_user_id: string | null;
  actor_name: string;
  action: string;
  label: string;
  note: string | null;
}

/** The tables of this module's base (cases, subjects, team, trail), as `Database` composes them. */
export interface CasesTables {
  cases: CaseTable;
  case_subjects: CaseSubjectTable;
  case_members: CaseMemberTable;
  case_events: CaseEventTable;
}

/** A row of `cases` as read. */
export type CaseRow = Selectable<CaseTable>;
