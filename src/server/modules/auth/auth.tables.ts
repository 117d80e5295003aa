/** Kysely table types of the tables this module owns: accounts and sessions. Columns mirror the migrations. */
import type { Selectable, Updateable } from 'kysely';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string | null;
  staff_id: string | null;
  password_hash: string;
  must_change_password: number;
  password_changed_at: string | null;
  /** Retired (issue 11): failures are counted per login name in `login_throttles`. Always 0. */
  failed_attempts: number;
  /** Retired (issue 11): the timed lock is replaced by `locked_at`. Always null. */
  locked_until: string | null;
  /** When the account locked after too many failed sign-ins; null when not locked. */
  locked_at: string | null;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  disabled: number;
  last_login_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** Failed sign-ins per login name (account or not), keyed by a keyed hash of the name. */
export interface LoginThrottleTable {
  key_hash: string;
  /** Failures in a row since the last success (reset after a quiet day). */
  failures: number;
  last_failure_at: string;
  /** No attempt is checked before this instant (null: no wait). */
  next_attempt_at: string | null;
}

/** The tables of this module, as the `Database` type composes them. */
export interface AuthTables {
  users: UserTable;
  sessions: SessionTable;
  login_throttles: LoginThrottleTable;
}

/** A row of `users` as read. */
export type UserRow = Selectable<UserTable>;
/** A row of `sessions` as read. */
export type SessionRow = Selectable<SessionTable>;
/** A row of `users` as changed. */
export type UserUpdate = Updateable<UserTable>;
