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

/**
 * Secrets never reach the database in clear: they are sealed with AES-256-GCM under a key
 * derived from the master key file, which lives outside the database (QF_MASTER_KEY_FILE).
 */

const VERSION = 'v1';

/** Loads the 32-byte master key from `path`, creating it with mode 0600 if missing. */
export function loadOrCreateMasterKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
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

/** Seals and opens secrets, and derives purpose-bound keys, from one master key. */
export class Keyring {
  private readonly encKey: Buffer;
  private readonly macKeys = new Map<string, Buffer>();

  /** Derives the encryption key from the master key with HKDF-SHA256. */
  constructor(private readonly masterKey: Buffer) {
    this.encKey = this.derive('qingfeng/encryption/v1');
  }

  private derive(info: string): Buffer {
    return deriveKey(this.masterKey, info);
  }

  /** Returns a keyed hash (HMAC-SHA256, hex) of `value` for `purpose`: for receipts, tokens, CSRF. */
  mac(purpose: string, value: string | Buffer): string {
    let key = this.macKeys.get(purpose);
    if (!key) {
      key = this.derive(`qingfeng/mac/${purpose}`);
      this.macKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(value).digest('hex');
  }

  /** Encrypts `plain`, bound to `context` (e.g. the table and column), as a compact string. */
  seal(plain: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${Buffer.concat([iv, tag, ct]).toString('base64')}`;
  }

  /** Decrypts a value made by `seal`; throws INTEGRITY_ERROR if it was altered or the context differs. */
  open(sealed: string, context: string): Buffer {
    const [version, body] = sealed.split('.', 2);
    if (version !== VERSION || !body) throw domainError('INTEGRITY_ERROR', { integrity: true }, '密文格式不正确');
    const raw = Buffer.from(body, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
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
