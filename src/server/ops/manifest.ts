/**
 * The backup manifest: what the archive holds (engine, schema version, row counts, every file's
 * size and SHA-256, the audit chain's head at the snapshot) and an HMAC over it under a key
 * derived from the master key. A key id (a second derived value, revealing nothing of the key)
 * tells "made with another master key" apart from "the manifest was altered".
 */
import { createHmac } from 'node:crypto';
import { deriveKey, safeEqual } from '../shared/crypto.js';
import type { WrittenEntry } from './archive.js';

/** The manifest's format marker; a reader refuses any other. */
export const MANIFEST_FORMAT = 'qingfeng-backup/1';
/** The manifest's name in the archive (its last entry). */
export const MANIFEST_NAME = 'manifest.json';
/** HKDF label of the manifest's MAC key. */
export const BACKUP_KEY_LABEL = 'qingfeng/backup/v1';

/** What `manifest.json` says. */
export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  /** When the snapshot was taken (ISO instant). */
  createdAt: string;
  engine: 'sqlite' | 'postgres';
  /** The newest applied migration of the snapshot. */
  schemaVersion: string;
  /** PostgreSQL: the schema the dump holds. */
  pgSchema: string | null;
  /** The audit chain's head in the snapshot (null: no event yet). */
  audit: { seq: number; hash: string } | null;
  /** Rows per table in the snapshot. */
  tables: Record<string, number>;
  /** Every other entry of the archive. */
  files: WrittenEntry[];
  /** Identifies the master key the MAC is made with (derived; reveals nothing of the key). */
  keyId: string;
  /** HMAC-SHA-256 of the manifest without this field. */
  mac: string;
}

function macKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, BACKUP_KEY_LABEL);
}

/** The key id of `masterKey` for manifests. */
export function backupKeyId(masterKey: Buffer): string {
  return createHmac('sha256', macKey(masterKey)).update('qingfeng-backup-key-id').digest('hex').slice(0, 16);
}

function macOf(masterKey: Buffer, body: Omit<BackupManifest, 'mac'>): string {
  return createHmac('sha256', macKey(masterKey)).update(JSON.stringify(body)).digest('hex');
}

/** Completes a manifest with its key id and MAC. */
export function signManifest(masterKey: Buffer, body: Omit<BackupManifest, 'mac' | 'keyId'>): BackupManifest {
  const withKey = { ...body, keyId: backupKeyId(masterKey) };
  return { ...withKey, mac: macOf(masterKey, withKey) };
}

/** Checks a parsed manifest: 'ok', 'wrong_key' or 'tampered'. */
export function checkManifestMac(masterKey: Buffer, m: BackupManifest): 'ok' | 'wrong_key' | 'tampered' {
  if (m.keyId !== backupKeyId(masterKey)) return 'wrong_key';
  const { mac, ...body } = m;
  return typeof mac === 'string' && safeEqual(mac, macOf(masterKey, body)) ? 'ok' : 'tampered';
}
