/** Kysely table types of the tables this module owns: the posts register, approvals and their steps. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** Who holds a post (岗位) of a unit: a commission's principal leader, a department's head… */
export interface ApprovalPostTable {
  id: string;
  unit_id: string;
  post: string;
  /** The holder's account; null when the holder is off the platform (then `holder_name`). */
  user_id: string | null;
  holder_name: string | null;
  set_by: string | null;
  set_at: string;
  version: number;
}

/** One document going up a chain (呈批件), scoped like the record it is about. */
export interface ApprovalTable extends ScopedColumns {
  id: string;
  number: string;
  action: string;
  target_level: string;
  resource_type: string;
  resource_id: string;
  title: string;
  /** Canonical JSON of what is being approved. */
  content: string;
  /** SHA-256 (hex) of `content`: kept when approved, checked on every read. */
  content_hash: string;
  status: string;
  round: number;
  current_step_id: string | null;
  current_holder_id: string | null;
  drafter_id: string;
  drafting_unit_id: string;
  submitted_at: string;
  decided_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One post of one round of a chain, with its holder and decision. */
export interface ApprovalStepTable {
  id: string;
  approval_id: string;
  round: number;
  seq: number;
  post: string;
  unit_id: string;
  holder_id: string | null;
  holder_name: string | null;
  /** 1: the holder is off the platform; the drafter's side records the paper signature. */
  offline: number;
  status: string;
  skip_reason: string | null;
  opinion: string | null;
  /** Date on the paper signature (offline steps), YYYY-MM-DD. */
  signed_on: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** The tables of this module, as the `Database` type composes them. */
export interface ApprovalsTables {
  approval_posts: ApprovalPostTable;
  approvals: ApprovalTable;
  approval_steps: ApprovalStepTable;
}

/** A row of `approvals` as read. */
export type ApprovalRow = Selectable<ApprovalTable>;
/** A row of `approval_steps` as read. */
export type ApprovalStepRow = Selectable<ApprovalStepTable>;
/** A row of `approval_posts` as read. */
export type ApprovalPostRow = Selectable<ApprovalPostTable>;
