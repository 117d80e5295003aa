import type { Selectable } from 'kysely';

/** One backup run (`qingfeng backup` or the scheduled `ops.backup`). */
export interface BackupRunTable {
  id: string;
  started_at: string;
  finished_at: string;
  status: 'ok' | 'failed';
  /** The archive's path (ok runs). */
  file: string | null;
  bytes: number | null;
  /** The one-line message of a failed run. */
  error: string | null;
}

/** The tables of operations, as the `Database` type composes them. */
export interface OpsTables {
  backup_runs: BackupRunTable;
}

/** A row of `backup_runs`. */
export type BackupRunRow = Selectable<BackupRunTable>;
