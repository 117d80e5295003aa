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
  failed_attempts: number;
  locked_until: string | null;
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

/** The tables of this module, as the `Database` type composes them. */
export interface AuthTables {
  users: UserTable;
  sessions: SessionTable;
}

/** A row of `users` as read. */
export type UserRow = Selectable<UserTable>;
/** A row of `sessions` as read. */
export type SessionRow = Selectable<SessionTable>;
/** A row of `users` as changed. */
export type UserUpdate = Updateable<UserTable>;
