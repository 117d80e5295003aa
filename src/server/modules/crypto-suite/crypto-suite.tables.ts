import type { Selectable } from 'kysely';
import type { CryptoSuite } from '../../shared/crypto.js';

/** The install's crypto suite: one row, id 1 (migration 2026120811e). */
export interface CryptoSettingsTable {
  id: number;
  /** Suite of new sealed values and attachment files. */
  suite: CryptoSuite;
  /** Suite of keyed hashes and of the audit chain key's derivation; fixed at install. */
  mac_suite: CryptoSuite;
  /** `masterKeyCheck` of the current master key. */
  key_check: string;
  /** The keyed-hash root sealed under the current master key, once `rekey` changed the key; null: the master key is the root. */
  mac_root_enc: string | null;
  /** First audit seq whose link is HMAC-SM3 (null: none). */
  chain_sm_from: number | null;
  /** Target suite of a `rekey` under way (null: none under way). */
  rekey_suite: CryptoSuite | null;
  /** `masterKeyCheck` of the new master key of a `rekey` under way (same as `key_check` when only the suite changes). */
  rekey_key_check: string | null;
  rekey_started_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Progress of one re-sealing step of a `rekey`. */
export interface RekeyProgressTable {
  /** The step: `<table>.<column>` or `blobs.<table>`. */
  step: string;
  /** The last row key re-sealed (rows are walked in key order). */
  last_key: string | null;
  rows_done: number;
  /** 1 once the step has no rows left. */
  done: number;
}

/** The tables of this module, as the `Database` type composes them. */
export interface CryptoSuiteTables {
  crypto_settings: CryptoSettingsTable;
  rekey_progress: RekeyProgressTable;
}

/** A row of `crypto_settings` as read. */
export type CryptoSettingsRow = Selectable<CryptoSettingsTable>;
