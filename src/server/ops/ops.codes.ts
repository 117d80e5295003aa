/**
 * The codes of what backup, restore and verify-backup refuse or fail with (command line and the
 * scheduled job; no HTTP route answers them). docs/errors.md, "Backup and restore", lists them.
 */
export const OPS_ERROR_CODES = {
  /** The target folder lies inside the data folder (a backup there dies with the disk it protects). */
  BACKUP_TARGET_IN_DATA_DIR: 'the backup folder lies inside the data folder',
  /** The disk filled up while the archive was written; the partial archive was removed. */
  BACKUP_DISK_FULL: 'the disk is full',
  /** The snapshot or the copy failed for another reason (named in the message). */
  BACKUP_FAILED: 'the backup failed',
  /** The archive is not readable or a file in it does not match its recorded hash. */
  BACKUP_DAMAGED: 'the archive is damaged',
  /** The manifest's key id differs from this master key's. */
  BACKUP_WRONG_KEY: 'the archive was made with another master key',
  /** The key id matches but the manifest's MAC does not: someone changed the manifest. */
  BACKUP_TAMPERED: 'the manifest was altered',
  /** The archive's schema is newer than this code's. */
  BACKUP_SCHEMA_NEWER: 'the archive comes from a newer version',
  /** The restore target already holds a database, blobs or tables. */
  RESTORE_TARGET_NOT_EMPTY: 'will not overwrite a live database',
  /** The restored copy failed its checks (audit chain, row counts); it was removed again. */
  RESTORE_CHECK_FAILED: 'the restored copy failed its checks',
} as const;

/** One of the codes above. */
export type OpsErrorCode = keyof typeof OPS_ERROR_CODES;

/** A refusal or failure of backup, restore or verify-backup: a stable code and one clear line. */
export class OpsError extends Error {
  constructor(
    readonly code: OpsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}
