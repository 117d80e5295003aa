import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { domainError } from './errors.js';
import { Sm4CtrHmac, hkdfSm3 } from './sm-crypto.js';

/**
 * Secrets never reach the database in clear: they are sealed under a key derived from the master
 * key file, which lives outside the database (QF_MASTER_KEY_FILE), with the install's crypto
 * suite: `aes` (AES-256-GCM, HKDF-SHA-256, HMAC-SHA-256) or `sm` (商用密码: SM4-CTR + HMAC-SM3,
 * HKDF-SM3, HMAC-SM3). Each sealed value names its suite in its prefix (`v1.` AES, `s1.` SM), so
 * a database holds both while `rekey` moves it from one to the other; keyed hashes (`mac`) cannot
 * be converted (the input is gone), so their algorithm is fixed when the install is created.
 */

/** A crypto suite: `aes` (the default) or `sm` (商用密码, SM2/SM3/SM4 family). */
export type CryptoSuite = 'aes' | 'sm';
/** Every suite, for validation. */
export const CRYPTO_SUITES: readonly CryptoSuite[] = ['aes', 'sm'];

/** Prefix of a sealed value per suite. */
const PREFIX: Record<CryptoSuite, string> = { aes: 'v1', sm: 's1' };

/** Which algorithms a keyring uses, and the root of its keyed hashes. */
export interface CryptoProfile {
  /** Suite of new sealed values (and of new attachment files). */
  suite: CryptoSuite;
  /** Suite of keyed hashes and of the audit chain key's derivation: fixed at install. */
  macSuite: CryptoSuite;
  /**
   * The secret keyed hashes and the audit chain key are derived from: the master key itself,
   * until `rekey` changed the master key; then the original root, kept sealed in the database
   * under the new master key (so receipts, ID-number hashes and the chain still verify).
   */
  macRoot?: Buffer | undefined;
}

/** The profile of an install from before suites existed, and of keyrings made without one. */
export const DEFAULT_PROFILE: CryptoProfile = { suite: 'aes', macSuite: 'aes' };

// Per master key (the Buffer `openPlatform` loads and hands to the app, the worker and the
// seeders): the install's profile, so the many `new Keyring(masterKey)` need no change.
const profiles = new WeakMap<Buffer, CryptoProfile>();

/** Records the install's profile for `masterKey` (openPlatform does it after reading the database). */
export function registerCryptoProfile(masterKey: Buffer, profile: CryptoProfile): void {
  profiles.set(masterKey, profile);
}

/** The profile registered for `masterKey`, or the default (AES) one. */
export function cryptoProfileOf(masterKey: Buffer): CryptoProfile {
  return profiles.get(masterKey) ?? DEFAULT_PROFILE;
}

/** Loads the 32-byte master key from `path`, creating it with mode 0600 if missing. */
export function loadOrCreateMasterKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return readMasterKey(path);
}

/** Reads a 32-byte master key in base64 from `path` (tightening its mode to 0600); never creates one. */
export function readMasterKey(path: string): Buffer {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`master key file ${path} must hold 32 bytes in base64`);
  return key;
}

/**
 * Derives a 32-byte key for one purpose from the master key (HKDF-SHA256, `label` as the info):
 * distinct labels give independent keys, so a key handed to one purpose (e.g. the audit chain's
 * verification workers) reveals nothing of the others or of the master key.
 */
export function deriveKey(masterKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), label, 32));
}

/** `deriveKey` with the suite's KDF: HKDF-SHA-256 for `aes`, HKDF-SM3 for `sm`. */
export function deriveKeyWith(suite: CryptoSuite, root: Buffer, label: string): Buffer {
  return suite === 'sm' ? hkdfSm3(root, label, 32) : deriveKey(root, label);
}

/** The suite's hash for keyed hashes: `sha256` or `sm3` (Node's names). */
export function macAlgorithm(suite: CryptoSuite): 'sha256' | 'sm3' {
  return suite === 'sm' ? 'sm3' : 'sha256';
}

/** The suite a sealed value was made with (from its prefix), or null if it is no sealed value. */
export function suiteOfSealed(sealed: string): CryptoSuite | null {
  if (sealed.startsWith(`${PREFIX.aes}.`)) return 'aes';
  if (sealed.startsWith(`${PREFIX.sm}.`)) return 'sm';
  return null;
}

/**
 * A value identifying a master key without revealing it (an HMAC of a fixed text under a key
 * derived for this purpose): stored in the database, so a wrong key file is refused at start
 * with a clear message instead of failing on the first sealed value.
 */
export function masterKeyCheck(masterKey: Buffer): string {
  return createHmac('sha256', deriveKey(masterKey, 'qingfeng/key-check/v1'))
    .update('qingfeng')
    .digest('hex')
    .slice(0, 32);
}

/** Seals and opens secrets, and derives purpose-bound keys, from one master key. */
export class Keyring {
  private aesKey: Buffer | undefined;
  private smAead: Sm4CtrHmac | undefined;
  private readonly macKeys = new Map<string, Buffer>();
  /** The suite, MAC suite and MAC root of this keyring. */
  readonly profile: CryptoProfile;

  /**
   * A keyring over `masterKey`, with `profile` or else the one `openPlatform` registered for this
   * master key (AES by default). Sealing keys are derived on first use.
   */
  constructor(
    private readonly masterKey: Buffer,
    profile?: CryptoProfile,
  ) {
    this.profile = profile ?? cryptoProfileOf(masterKey);
  }

  /** The suite new sealed values and attachment files are made with. */
  get suite(): CryptoSuite {
    return this.profile.suite;
  }

  private aes(): Buffer {
    return (this.aesKey ??= deriveKey(this.masterKey, 'qingfeng/encryption/v1'));
  }

  private sm(): Sm4CtrHmac {
    return (this.smAead ??= new Sm4CtrHmac(hkdfSm3(this.masterKey, 'qingfeng/encryption/sm/v1', 32)));
  }

  /**
   * Returns a keyed hash (hex) of `value` for `purpose` — receipts, tokens, ID-number look-ups,
   * CSRF: HMAC-SHA-256 or HMAC-SM3 (the install's MAC suite) under a key derived from the MAC root.
   */
  mac(purpose: string, value: string | Buffer): string {
    let key = this.macKeys.get(purpose);
    if (!key) {
      key = deriveKeyWith(this.profile.macSuite, this.profile.macRoot ?? this.masterKey, `qingfeng/mac/${purpose}`);
      this.macKeys.set(purpose, key);
    }
    return createHmac(macAlgorithm(this.profile.macSuite), key).update(value).digest('hex');
  }

  /** Encrypts `plain`, bound to `context` (e.g. the table and column), as a compact string in the keyring's suite. */
  seal(plain: string | Buffer, context: string): string {
    const bytes = typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain;
    if (this.profile.suite === 'sm') {
      return `${PREFIX.sm}.${this.sm().seal(bytes, Buffer.from(context)).toString('base64')}`;
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.aes(), iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${PREFIX.aes}.${Buffer.concat([iv, tag, ct]).toString('base64')}`;
  }

  /**
   * Decrypts a value made by `seal` under either suite (its prefix says which); throws
   * INTEGRITY_ERROR if it was altered, the context differs or it was sealed under another key.
   */
  open(sealed: string, context: string): Buffer {
    const suite = suiteOfSealed(sealed);
    const body = suite ? sealed.slice(PREFIX[suite].length + 1) : '';
    if (!suite || !body) throw domainError('INTEGRITY_ERROR', { integrity: true }, '密文格式不正确');
    const raw = Buffer.from(body, 'base64');
    if (suite === 'sm') {
      const plain = this.sm().open(raw, Buffer.from(context));
      if (!plain) throw domainError('INTEGRITY_ERROR', { integrity: true });
      return plain;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.aes(), raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    } catch {
      throw domainError('INTEGRITY_ERROR', { integrity: true });
    }
  }

  /** Decrypts a value made by `seal` to a UTF-8 string. */
  openText(sealed: string, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }
}

/** Returns a URL-safe random token of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Returns the SHA-256 of `value` in hex. */
export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two strings in constant time (for tokens and codes). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
