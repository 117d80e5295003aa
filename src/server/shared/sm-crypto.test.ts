import { createCipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sm4CtrHmac, hkdfSm3, hmacSm3, sm3Hex } from './sm-crypto.js';

const hex = (s: string) => Buffer.from(s.replaceAll(/\s/g, ''), 'hex');

function sm4EcbEncrypt(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

describe('SM3 (GB/T 32905-2016, appendix A)', () => {
  it('example 1: "abc"', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('example 2: "abcd" × 16 (64 bytes, two blocks after padding)', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('SM4 (GB/T 32907-2016, appendix A)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');

  it('example 1: one encryption', () => {
    expect(sm4EcbEncrypt(key, key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('example 2: 1,000,000 encryptions of the same block under the same key', () => {
    const c = createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    let block = Buffer.from(key);
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  it('CTR mode: the example of draft-ribose-cfrg-sm4 (as in OpenSSL test/recipes/30-test_evp_data/evpciph_sm4.txt)', () => {
    const c = createCipheriv('sm4-ctr', key, hex('0123456789abcdeffedcba9876543210'));
    const plain = hex(
      'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd' +
        'eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa',
    );
    expect(Buffer.concat([c.update(plain), c.final()]).toString('hex')).toBe(
      'c2b4759e78ac3cf43d0852f4e8d5f9fd7256e8a5fcb65a350ee00630912e4449' +
        '2a0b17e1b85b060d0fba612d8a95831638b361fd5ffacd942f081485a83ca35d',
    );
  });
});

describe('HMAC-SM3 (GM/T 0042-2015, appendix D.3, as in intel-ipsec-mb test/kat-app/hmac_sm3.json.c)', () => {
  it('37-byte key 01..25, 50 bytes of 0xcd', () => {
    const key = Buffer.from(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(hmacSm3(key, Buffer.alloc(50, 0xcd)).toString('hex')).toBe(
      '220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae',
    );
  });
});

describe('HKDF-SM3', () => {
  // No published HKDF-SM3 vector is known: the check is against RFC 5869 written out with HMAC-SM3.
  function rfc5869(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
    const prk = createHmac('sm3', salt.length ? salt : Buffer.alloc(32))
      .update(ikm)
      .digest();
    const blocks: Buffer[] = [];
    let t = Buffer.alloc(0);
    for (let i = 1; Buffer.concat(blocks).length < length; i++) {
      t = createHmac('sm3', prk)
        .update(Buffer.concat([t, info, Buffer.from([i])]))
        .digest();
      blocks.push(t);
    }
    return Buffer.concat(blocks).subarray(0, length);
  }

  it('is RFC 5869 extract-then-expand over HMAC-SM3, for one and several blocks', () => {
    const ikm = hex('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b');
    for (const length of [16, 32, 42, 80]) {
      expect(hkdfSm3(ikm, 'qingfeng/test', length).toString('hex')).toBe(
        rfc5869(ikm, Buffer.alloc(0), Buffer.from('qingfeng/test'), length).toString('hex'),
      );
    }
    const salt = hex('000102030405060708090a0b0c');
    expect(hkdfSm3(ikm, 'x', 32, salt)).toEqual(rfc5869(ikm, salt, Buffer.from('x'), 32));
    expect(hkdfSm3(ikm, 'a')).not.toEqual(hkdfSm3(ikm, 'b'));
  });
});

describe('SM4-CTR + HMAC-SM3', () => {
  const key = Buffer.alloc(32, 7);
  const aead = new Sm4CtrHmac(key);
  const aad = Buffer.from('users.id_number_enc');

  it('round-trips, and the ciphertext is SM4-CTR under the derived key with the nonce and a zero counter', () => {
    const nonce = hex('000102030405060708090a0b');
    const plain = Buffer.from('身份证号 110101199003071234'.repeat(5));
    const { ct, tag } = aead.encrypt(plain, aad, nonce);
    const iv = Buffer.concat([nonce, Buffer.alloc(4)]);
    const ref = createCipheriv('sm4-ctr', hkdfSm3(key, 'qingfeng/sm4-ctr', 16), iv);
    expect(ct).toEqual(Buffer.concat([ref.update(plain), ref.final()]));
    expect(tag).toHaveLength(32);
    expect(aead.decrypt(ct, tag, aad, nonce)).toEqual(plain);
    expect(aead.open(aead.seal(plain, aad), aad)).toEqual(plain);
    expect(aead.open(aead.seal(Buffer.alloc(0), aad), aad)).toEqual(Buffer.alloc(0));
  });

  it('refuses an altered ciphertext, tag, nonce, associated data or key', () => {
    const sealed = aead.seal(Buffer.from('secret'), aad);
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i]! ^= 0x01;
      expect(aead.open(bad, aad)).toBeNull();
    }
    expect(aead.open(sealed, Buffer.from('users.totp_secret_enc'))).toBeNull();
    expect(new Sm4CtrHmac(Buffer.alloc(32, 8)).open(sealed, aad)).toBeNull();
    expect(aead.open(sealed.subarray(0, 43), aad)).toBeNull();
    expect(aead.open(Buffer.concat([sealed, Buffer.from([0])]), aad)).toBeNull();
  });

  it('keeps associated data and ciphertext apart (the length prefix): moving a byte between them fails', () => {
    const nonce = Buffer.alloc(12, 1);
    const { ct, tag } = aead.encrypt(Buffer.from('bc'), Buffer.from('a'), nonce);
    expect(aead.decrypt(Buffer.concat([Buffer.from('a'), ct]), tag, Buffer.alloc(0), nonce)).toBeNull();
  });

  it('refuses keys and nonces of the wrong size', () => {
    expect(() => new Sm4CtrHmac(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => aead.encrypt(Buffer.from('x'), aad, Buffer.alloc(16))).toThrow(/12 bytes/);
  });
});
