import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * 商用密码 (国密) primitives from Node's bundled OpenSSL: SM3 (GB/T 32905-2016), HMAC-SM3
 * (GM/T 0042-2015), HKDF over HMAC-SM3 (RFC 5869's extract-then-expand with SM3 as the hash) and
 * an authenticated encryption built from SM4 (GB/T 32907-2016): SM4-CTR then HMAC-SM3 over the
 * associated data, the IV and the ciphertext (encrypt-then-MAC, with separate keys derived from
 * one 32-byte key). SM4-GCM is not used: OpenSSL builds before 3.2 (Node 20's among them) lack it,
 * and encrypt-then-MAC with HMAC-SM3 needs nothing but SM3 and SM4.
 */

/** Bytes of an SM4 key. */
export const SM4_KEY_BYTES = 16;
/** Bytes of an SM4 block, and of the CTR IV. */
export const SM4_BLOCK_BYTES = 16;
/** Bytes of an SM3 digest, and of the AEAD's tag (HMAC-SM3, not truncated). */
export const SM3_BYTES = 32;
/** Bytes of the random part of an AEAD IV; the last 4 bytes are the block counter, starting at 0. */
export const SM_AEAD_NONCE_BYTES = 12;

/** Returns the SM3 digest of `data` (hex). */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/** Returns HMAC-SM3 of `data` under `key`. */
export function hmacSm3(key: Buffer | Uint8Array, data: string | Buffer): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

/**
 * Derives `length` bytes from `ikm` with HKDF (RFC 5869) over HMAC-SM3, `info` naming the purpose:
 * the SM suite's counterpart of HKDF-SHA-256, so an SM install derives every key with SM3 only.
 */
export function hkdfSm3(ikm: Buffer | Uint8Array, info: string, length = 32, salt: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.from(hkdfSync('sm3', ikm, salt, info, length));
}

/** The CTR IV of a 12-byte nonce: the nonce and a 32-bit block counter starting at zero. */
function ctrIv(nonce: Buffer): Buffer {
  const iv = Buffer.alloc(SM4_BLOCK_BYTES);
  nonce.copy(iv, 0, 0, SM_AEAD_NONCE_BYTES);
  return iv;
}

/** The MAC'd text: the length of the associated data (uint64 BE), the data, the nonce, the ciphertext. */
function tagOf(macKey: Buffer, aad: Buffer, nonce: Buffer, ct: Buffer): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(aad.length));
  return createHmac('sm3', macKey).update(len).update(aad).update(nonce).update(ct).digest();
}

/**
 * SM4-CTR + HMAC-SM3 (encrypt-then-MAC) under one 32-byte key: the SM4 key and the MAC key are
 * derived from it with HKDF-SM3 under distinct labels, so neither use weakens the other.
 */
export class Sm4CtrHmac {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  /** Derives the SM4 and HMAC-SM3 keys from a 32-byte `key`. */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new RangeError('the SM AEAD key must be 32 bytes');
    this.encKey = hkdfSm3(key, 'qingfeng/sm4-ctr', SM4_KEY_BYTES);
    this.macKey = hkdfSm3(key, 'qingfeng/hmac-sm3', SM3_BYTES);
  }

  /**
   * Encrypts `plain` bound to `aad` under `nonce` (12 bytes, never reused with this key; random
   * by default). Returns the ciphertext (as long as `plain`) and its 32-byte tag.
   */
  encrypt(plain: Buffer, aad: Buffer, nonce: Buffer = randomBytes(SM_AEAD_NONCE_BYTES)): { ct: Buffer; tag: Buffer } {
    if (nonce.length !== SM_AEAD_NONCE_BYTES) throw new RangeError('the SM AEAD nonce must be 12 bytes');
    // 2^32 blocks per nonce: the 32-bit counter must not wrap into the nonce.
    if (plain.length > 0xffffffff * SM4_BLOCK_BYTES) throw new RangeError('plaintext too long for one SM AEAD nonce');
    const ct = this.ctr(plain, nonce);
    return { ct, tag: tagOf(this.macKey, aad, nonce, ct) };
  }

  /**
   * Checks the tag (in constant time) and then decrypts; returns null when the tag, the nonce, the
   * associated data or the ciphertext differ from what `encrypt` produced. Nothing is decrypted
   * before the tag verified.
   */
  decrypt(ct: Buffer, tag: Buffer, aad: Buffer, nonce: Buffer): Buffer | null {
    if (nonce.length !== SM_AEAD_NONCE_BYTES || tag.length !== SM3_BYTES) return null;
    const expected = tagOf(this.macKey, aad, nonce, ct);
    if (!timingSafeEqual(expected, tag)) return null;
    return this.ctr(ct, nonce);
  }

  /** SM4-CTR of `data` (encryption and decryption are the same); no copy when the stream cipher has no tail. */
  private ctr(data: Buffer, nonce: Buffer): Buffer {
    const cipher = createCipheriv('sm4-ctr', this.encKey, ctrIv(nonce));
    const out = cipher.update(data);
    const tail = cipher.final();
    return tail.length ? Buffer.concat([out, tail]) : out;
  }

  /** Seals `plain` into one buffer: nonce (12) | tag (32) | ciphertext. */
  seal(plain: Buffer, aad: Buffer): Buffer {
    const nonce = randomBytes(SM_AEAD_NONCE_BYTES);
    const { ct, tag } = this.encrypt(plain, aad, nonce);
    return Buffer.concat([nonce, tag, ct]);
  }

  /** Opens what `seal` made; null when it was altered or `aad` differs. */
  open(sealed: Buffer, aad: Buffer): Buffer | null {
    if (sealed.length < SM_AEAD_NONCE_BYTES + SM3_BYTES) return null;
    const nonce = sealed.subarray(0, SM_AEAD_NONCE_BYTES);
    const tag = sealed.subarray(SM_AEAD_NONCE_BYTES, SM_AEAD_NONCE_BYTES + SM3_BYTES);
    return this.decrypt(sealed.subarray(SM_AEAD_NONCE_BYTES + SM3_BYTES), tag, aad, nonce);
  }
}
