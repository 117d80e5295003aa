import { createHmac, randomBytes } from 'node:crypto';

/** TOTP second factor (RFC 6238, SHA-1, 6 digits, 30 s), compatible with common authenticator apps. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Encodes bytes as RFC 4648 base32 without padding. */
export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[=\s]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new RangeError('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Generates a new 160-bit TOTP secret in base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** Computes the TOTP code of `secret` for the 30-second step containing `atMs`. */
export function totpCode(secret: string, atMs: number): string {
  const counter = Math.floor(atMs / 1000 / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = h[h.length - 1]! & 0xf;
  const bin = (h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, '0');
}

/**
 * Checks `code` against the steps around `atMs` (±1 step for clock drift) and returns the
 * matched step number, so callers can refuse a code that was already used (replay).
 */
export function verifyTotp(secret: string, code: string, atMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(atMs / 30000);
  for (const d of [0, -1, 1]) {
    if (totpCode(secret, (step + d) * 30000) === code) return step + d;
  }
  return null;
}

/** Builds the otpauth:// URL an authenticator app scans. */
export function totpUrl(secret: string, username: string): string {
  const label = encodeURIComponent(`清风:${username}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent('清风')}&algorithm=SHA1&digits=6&period=30`;
}
