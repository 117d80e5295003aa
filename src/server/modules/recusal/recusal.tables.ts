/** Kysely table types of the tables this module owns: the conflict register, conflict checks and recusals. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One declared relation of a staff account (亲属及利害关系申报): a relative, a former post, an origin, an interest, or oneself. */
export interface DeclaredRelationTable extends ScopedColumns {
  id: string;
  user_id: string;
  kind: string;
  relation: string | null;
  name: string | null;
  name_key: string | null;
  /** Keyed hash of the ID number (never the number). */
  id_hash: string | null;
  region_code: string | null;
  employer: string | null;
  employer_key: string | null;
  subject_id: string | null;
  from_on: string | null;
  to_on: string | null;
  note: string | null;
  removed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An earlier version of a declared relation (the row before a change). */
export interface DeclaredRelationVersionTable {
  id: string;
  relation_id: string;
  version: number;
  snapshot: string;
  changed_by: string | null;
  changed_at: string;
}

/** A conflict check (回避审查) run before an assignment, with its result per person. */
export interface ConflictCheckTable {
  id: string;
  resource: string;
  resource_id: string;
  role: string;
  run_by: string | null;
  run_at: string;
  result: string;
  /** Digest of the subjects and reporter the check compared with (null: recorded before it was kept). */
  subjects_key: string | null;
}

/** The recorded confirmation of a person's warnings in a check. */
export interface ConflictCheckConfirmationTable {
  check_id: string;
  user_id: string;
  confirmed_by: string | null;
  reason: string;
  confirmed_at: string;
}

/** One change of a county's recusal setting (the workplace window), kept as its history. */
export interface RecusalSettingChangeTable {
  id: string;
  county_code: string;
  setting: string;
  value_before: number | null;
  value_after: number;
  changed_by: string | null;
  changed_at: string;
}

/** A recusal request and its decision (回避申请、决定). */
export interface RecusalTable extends ScopedColumns {
  id: string;
  resource: string;
  resource_id: string;
  user_id: string;
  requested_by_kind: string;
  oral: number;
  reasons: string;
  recorded_by: string | null;
  state: string;
  escalated: number;
  target_unit_path: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  withdrawn_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface RecusalTables {
  declared_relations: DeclaredRelationTable;
  declared_relation_versions: DeclaredRelationVersionTable;
  conflict_checks: ConflictCheckTable;
  conflict_check_confirmations: ConflictCheckConfirmationTable;
  recusals: RecusalTable;
  recusal_setting_changes: RecusalSettingChangeTable;
}

/** A row of `declared_relations` as read. */
export type DeclaredRelationRow = Selectable<DeclaredRelationTable>;
/** A row of `recusals` as read. */
export type RecusalRow = Selectable<RecusalTable>;
