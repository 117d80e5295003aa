/** Kysely table types of the tables this module owns: the job queue. Columns mirror the migrations. */
import type { Generated, Insertable, Selectable } from 'kysely';

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

/** The tables of this module, as the `Database` type composes them. */
export interface JobsTables {
  jobs: JobTable;
}

/** A row of `jobs` as read. */
export type JobRow = Selectable<JobTable>;
/** A row of `jobs` to insert. */
export type NewJob = Insertable<JobTable>;
