/** Kysely table types of the tables this module owns: clocks of time limits. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

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

/** The tables of this module, as the `Database` type composes them. */
export interface DeadlinesTables {
  deadlines: DeadlineTable;
}

/** A row of `deadlines` as read. */
export type DeadlineRow = Selectable<DeadlineTable>;
