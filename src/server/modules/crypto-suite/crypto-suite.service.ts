import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { type CryptoProfile, type CryptoSuite, Keyring, masterKeyCheck } from '../../shared/crypto.js';
import { domainError } from '../../shared/errors.js';
import type { CryptoSettingsRow } from './crypto-suite.tables.js';

/**
 * The install's crypto suite, recorded in the database at first start (`crypto_settings`):
 * `QF_CRYPTO_SUITE` chooses it for a new install, is refused when it names another suite later,
 * and only `rekey --suite` changes it. The row also holds the master key's check value (a wrong
 * key file is refused at start) and, after a master-key change, the keyed-hash root sealed under
 * the new key (receipts, ID-number hashes, tokens and the audit chain keep verifying).
 */

/** The context the keyed-hash root is sealed under. */
export const MAC_ROOT_CONTEXT = 'crypto_settings.mac_root_enc';

/** What `openPlatform` needs of the install's suite. */
export interface InstallCrypto {
  /** Suite, MAC suite and MAC root of the install's keyrings. */
  profile: CryptoProfile;
  /** First audit seq whose link is HMAC-SM3 (null: none). */
  chainSmFrom: number | null;
}

/** Options of `loadInstallCrypto`. */
export interface LoadCryptoOptions {
  /** The suite asked for (QF_CRYPTO_SUITE); undefined: the recorded one, or `aes` for a new install. */
  wanted: CryptoSuite | undefined;
  /** When the row is written. */
  at: string;
  /** `rekey` opens a database whose rekey is unfinished (it finishes it) and checks the keys itself. */
  forRekey?: boolean;
}

/** Reads the suite row (null before the first start after migration 2026120811e). */
export async function readCryptoSettings(db: Kysely<Database>): Promise<CryptoSettingsRow | null> {
  return (await db.selectFrom('crypto_settings').selectAll().where('id', '=', 1).executeTakeFirst()) ?? null;
}

/** Whether the database holds nothing yet: no account and no audit event (a new install). */
async function isNewInstall(db: Kysely<Database>): Promise<boolean> {
  const user = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const head = await db.selectFrom('audit_head').select('last_seq').where('id', '=', 1).executeTakeFirst();
  return !user && Number(head?.last_seq ?? 0) === 0;
}

/**
 * Records the suite at first start, then checks the master key and the wanted suite against the
 * record and returns the install's profile. A new install takes `wanted` (default `aes`); a
 * database with data from before suites existed is `aes`, whatever is wanted (its keyed hashes
 * are HMAC-SHA-256). Throws CRYPTO_SUITE_MISMATCH, MASTER_KEY_MISMATCH or REKEY_UNFINISHED.
 */
export async function loadInstallCrypto(
  db: Kysely<Database>,
  masterKey: Buffer,
  opts: LoadCryptoOptions,
): Promise<InstallCrypto> {
  let row = await readCryptoSettings(db);
  if (!row) {
    const fresh = await isNewInstall(db);
    if (!fresh && opts.wanted === 'sm') {
      throw domainError(
        'CRYPTO_SUITE_MISMATCH',
        { recorded: 'aes', wanted: 'sm' },
        'QF_CRYPTO_SUITE=sm: this database was created before crypto suites and is aes; stop the server and run `qingfeng rekey --suite sm` to move it to 商用密码',
      );
    }
    const suite: CryptoSuite = fresh ? (opts.wanted ?? 'aes') : 'aes';
    await db
      .insertInto('crypto_settings')
      .values({
        id: 1,
        suite,
        mac_suite: suite,
        key_check: masterKeyCheck(masterKey),
        mac_root_enc: null,
        chain_sm_from: suite === 'sm' ? 1 : null,
        rekey_suite: null,
        rekey_key_check: null,
        rekey_started_at: null,
        created_at: opts.at,
        updated_at: opts.at,
      })
      // Two processes starting at once: the first row wins, the other reads it.
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = (await readCryptoSettings(db))!;
  }
  if (!opts.forRekey) {
    if (row.rekey_suite !== null) {
      throw domainError(
        'REKEY_UNFINISHED',
        { target: row.rekey_suite },
        'a `qingfeng rekey` was interrupted: run the same rekey command again to finish it before starting the server',
      );
    }
    if (row.key_check !== masterKeyCheck(masterKey)) {
      throw domainError(
        'MASTER_KEY_MISMATCH',
        {},
        'the master key file (QF_MASTER_KEY_FILE) is not the key this database was sealed under; put the right key file in place',
      );
    }
    if (opts.wanted && opts.wanted !== row.suite) {
      throw domainError(
        'CRYPTO_SUITE_MISMATCH',
        { recorded: row.suite, wanted: opts.wanted },
        `QF_CRYPTO_SUITE=${opts.wanted}: this install's suite is ${row.suite}; unset QF_CRYPTO_SUITE or stop the server and run \`qingfeng rekey --suite ${opts.wanted}\``,
      );
    }
  }
  // `rekey` given a key file the record does not know refuses it itself, with the reason (e.g. a
  // finished rekey whose new key file was not moved into place yet): the root cannot be opened.
  if (opts.forRekey && row.key_check !== masterKeyCheck(masterKey)) {
    return { profile: { suite: row.suite, macSuite: row.mac_suite }, chainSmFrom: chainSmFromOf(row) };
  }
  return installCryptoOf(row, masterKey);
}

function chainSmFromOf(row: CryptoSettingsRow): number | null {
  return row.chain_sm_from === null ? null : Number(row.chain_sm_from);
}

/** The profile of a settings row under `masterKey` (opens the sealed keyed-hash root, if any). */
export function installCryptoOf(row: CryptoSettingsRow, masterKey: Buffer): InstallCrypto {
  const base: CryptoProfile = { suite: row.suite, macSuite: row.mac_suite };
  const macRoot = row.mac_root_enc ? new Keyring(masterKey, base).open(row.mac_root_enc, MAC_ROOT_CONTEXT) : undefined;
  return {
    profile: { ...base, macRoot },
    chainSmFrom: chainSmFromOf(row),
  };
}
