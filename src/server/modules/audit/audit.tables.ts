/** Kysely table types of the tables this module owns: the hash-chained audit log. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

export interface AuditEventTable {
  seq: number;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  unit_id: string | null;
  request_id: string | null;
  changes: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  /** First seq whose hash is keyed (HMAC); earlier events are plain SHA-256 (chains from before the keyed scheme). */
  keyed_from: number;
}

/** The tables of this module, as the `Database` type composes them. */
export interface AuditTables {
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
}

/** A row of `audit_events` as read. */
export type AuditEventRow = Selectable<AuditEventTable>;
