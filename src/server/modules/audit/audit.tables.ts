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

/**
 * One signed archive file of audit events taken offline (audit.archive.ts): append-only,
 * contiguous from seq 1, never reaching the head (migration 2026120811d).
 */
export interface AuditArchiveTable {
  id: string;
  from_seq: number;
  to_seq: number;
  /** prev_hash of the first archived event (the previous archive's last hash, or the genesis hash). */
  first_prev_hash: string;
  /** Hash of the last archived event: the online chain continues from it. */
  last_hash: string;
  events: number;
  /** occurred_at of the first and last archived events. */
  first_at: string;
  last_at: string;
  /** File name under the data folder's `audit-archive/`. */
  file: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  /** Anchors (lines of the anchor file) inside the range, copied into the file. */
  anchors: number;
  /** HMAC-SHA-256 of the manifest under the archive key (derived from the master key). */
  signature: string;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface AuditTables {
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  audit_archives: AuditArchiveTable;
}

/** A row of `audit_events` as read. */
export type AuditEventRow = Selectable<AuditEventTable>;
