/** Kysely table types of the tables this module owns: clocks, their extensions and pauses, the timer catalogue. Columns mirror the migrations. */
import type { Generated, Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One clock of a time limit on a record (report, later clue, case, measure). */
export interface DeadlineTable extends ScopedColumns {
  id: string;
  resource_type: string;
  resource_id: string;
  kind: string;
  /** Occurrence of this kind on the record: 1, then 2 for a second letter or a restarted review. */
  seq: Generated<number>;
  /** The `timer_rules` version the clock started under; null for clocks older than the catalogue. */
  rule_id: string | null;
  /** Shanghai date of the start (the start day itself is not counted). */
  starts_on: string;
  /** Start instant; null for clocks older than the engine (their `created_at` then). */
  starts_at: string | null;
  /** End of the legal period before a holiday moves it; null means `due_on` (older clocks). */
  legal_due_on: string | null;
  /** Due date; `PAUSED_DUE_ON` while paused, so due-date readers pass a paused clock by. */
  due_on: string;
  /** Hour clocks: the due instant (their `due_on` is its Shanghai date); null otherwise. */
  due_at: string | null;
  /**
   * The clock's own length in its rule's unit, for a rule that leaves it to the record (a
   * non-statutory clock: the period a verification work plan states); null: the rule's.
   */
  amount: number | null;
  /** Number of extensions. */
  extended: number;
  /** When the running pause began; null when running or never paused. */
  paused_at: string | null;
  met_at: string | null;
  /** Why the clock ended: 'met' (the step was done) or 'restarted' (a new clock replaced it). */
  end_reason: string | null;
  /** Years computed without a loaded holiday arrangement, comma-separated ('' none; null: derive). */
  uncovered_years: string | null;
  /** The last reminder sent: 'due_soon' or 'overdue'. */
  reminded_stage: string | null;
  created_at: string;
}

/** One extension of a clock, with who approved it and why. */
export interface DeadlineExtensionTable {
  id: string;
  deadline_id: string;
  /** 1 for the first extension of the clock, 2 for the second… */
  seq: number;
  amount: number;
  unit: string;
  /** The approver (null only for extensions carried over from before the engine). */
  approver_user_id: string | null;
  approver_name: string | null;
  /** The role key under which the approver approved (one of the rule's approver roles). */
  approver_role: string | null;
  reason: string;
  /** Who recorded it (the caller). */
  recorded_by: string | null;
  legal_due_before: string | null;
  legal_due_after: string | null;
  due_after: string | null;
  created_at: string;
}

/** One pause of a clock and its resumption. */
export interface DeadlinePauseTable {
  id: string;
  deadline_id: string;
  paused_at: string;
  resumed_at: string | null;
  reason: string;
  paused_by: string | null;
  resumed_by: string | null;
  resume_note: string | null;
}

/** One version of a timer rule: a national default, or a province or county override. */
export interface TimerRuleTable {
  id: string;
  kind: string;
  /** 'national' | 'province' | 'county'. */
  level: string;
  /** '' for national; the province or county code otherwise. */
  region_code: string;
  version: number;
  label: string;
  stage: string;
  start_event: string;
  /** null: the law sets no length; a clock cannot start until a province or county sets one. */
  amount: number | null;
  unit: string;
  extend_over_holiday: number;
  pausable: number;
  repeatable: number;
  max_restarts: number | null;
  /** JSON array of extension steps (see `ExtensionStep`). */
  extensions: string;
  source: string;
  note: string | null;
  /** 1: this version withdraws the override (the level above applies again). */
  withdrawn: number;
  /** Why the change was made (overrides). */
  reason: string | null;
  created_by: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface DeadlinesTables {
  deadlines: DeadlineTable;
  deadline_extensions: DeadlineExtensionTable;
  deadline_pauses: DeadlinePauseTable;
  timer_rules: TimerRuleTable;
}

/** A row of `deadlines` as read. */
export type DeadlineRow = Selectable<DeadlineTable>;
/** A row of `timer_rules` as read. */
export type TimerRuleRow = Selectable<TimerRuleTable>;
