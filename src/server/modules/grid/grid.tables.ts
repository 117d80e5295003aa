/** Kysely table types of the tables this module owns. Columns mirror migration 2026120810b. */
import type { Generated, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** A village's outpost (廉情前哨站); head and deputies sealed. Owned by the township commission. */
export interface GridOutpostTable extends ScopedColumns {
  id: string;
  region_code: string;
  name: string;
  head_enc: string;
  /** Sealed JSON `string[]`. */
  deputies_enc: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An informant (廉情监督员) of a villager group: identity sealed or hashed, PIN and device hashed. */
export interface GridInformantTable extends ScopedColumns {
  id: string;
  outpost_id: string;
  region_code: string;
  group_code: string;
  name_enc: string;
  name_masked: string;
  phone_enc: string;
  person_hash: string;
  term_start: string;
  term_end: string;
  /** JSON `{ on: string; topic: string }[]`. */
  trainings: string;
  duty_signed_on: string | null;
  /** active | revoked. */
  status: string;
  pin_hash: string | null;
  device_hash: string | null;
  pin_failures: Generated<number>;
  locked_at: string | null;
  revoked_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A one-time sign-in link of an informant (keyed hash of its token). */
export interface GridInvitationTable {
  id: string;
  informant_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** An informant's session on their phone. */
export interface GridSessionTable {
  id: string;
  informant_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** A task pushed by the township to an informant. */
export interface GridTaskTable extends ScopedColumns {
  id: string;
  informant_id: string;
  region_code: string;
  /** A `GRID_TASK_KINDS` code. */
  kind: string;
  title: string;
  due_on: string | null;
  /** open | done | confirmed. */
  status: string;
  done_note: string | null;
  done_at: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
  created_by: string | null;
  created_at: string;
}

/** A county's points per event. */
export interface GridScoreRuleTable {
  county_code: string;
  clue_points: number;
  case_points: number;
  false_report_points: number;
  task_points: number;
  updated_by: string | null;
  updated_at: string;
}

/** Points given for one source event (unique per source). */
export interface GridScoreEventTable extends ScopedColumns {
  id: string;
  informant_id: string;
  region_code: string;
  /** report_clue | clue_case | false_report | task. */
  source_kind: string;
  source_id: string;
  points: number;
  quarter: string;
  scored_at: string;
}

/** The tables of this module, as `Database` composes them. */
export interface GridTables {
  grid_outposts: GridOutpostTable;
  grid_informants: GridInformantTable;
  grid_invitations: GridInvitationTable;
  grid_sessions: GridSessionTable;
  grid_tasks: GridTaskTable;
  grid_score_rules: GridScoreRuleTable;
  grid_score_events: GridScoreEventTable;
}

/** A row of `grid_informants` as read. */
export type GridInformantRow = Selectable<GridInformantTable>;
