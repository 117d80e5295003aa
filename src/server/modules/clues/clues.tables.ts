/** Kysely table types of the tables this module owns: clues. Columns mirror the migrations. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

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

/** The tables of this module, as the `Database` type composes them. */
export interface CluesTables {
  clues: ClueTable;
}

/** A row of `clues` as read. */
export type ClueRow = Selectable<ClueTable>;
