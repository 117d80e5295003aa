import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlatform } from '../../bootstrap.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { Keyring } from '../../shared/crypto.js';
import { blobStoreFor } from '../attachments/index.js';
import { verifyAuditChain } from '../audit/index.js';
import { readCryptoSettings } from './index.js';

/**
 * A 商用密码 install (QF_CRYPTO_SUITE=sm) through the real flows on both engines: the suite is
 * recorded at first start; a named public report, its reporter's file and the receipt look-up,
 * a TOTP secret and the audit chain all use SM4 / SM3; a later start with another suite or
 * another master key is refused before anything is opened.
 */
describe.each(testDialects())('crypto suite sm on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: name === 'sqlite', config: { cryptoSuite: 'sm' } });
  });
  afterAll(async () => env?.close());
  const db = () => env.platform.database.db;

  it('records the suite at first start and seals identities, files and TOTP secrets with SM4', async () => {
    expect(await readCryptoSettings(db())).toMatchObject({ suite: 'sm', mac_suite: 'sm', chain_sm_from: 1 });
    const village = await db()
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const made = await env.anon().post('/api/public/reports', {
      regionCode: village.code,
      named: true,
      reporter: { name: '国密测试人', phone: '13712345678' },
      subject: { name: '国密测试对象', position: '村会计' },
      content: '村会计挪用集体资金，测试商用密码套件。',
    });
    expect(made.statusCode, made.body).toBe(201);
    const receipt = made.json<{ receipt: string }>().receipt;
    const up = await env.anon().upload(
      '/api/public/receipt-attachments',
      { receipt },
      {
        name: '收据.png',
        bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
          .png()
          .toBuffer(),
      },
    );
    expect(up.statusCode, up.body).toBe(201);
    const page = await env.anon().post('/api/public/receipt-lookups', { receipt });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ attachmentCount: 1 });

    const report = await db()
      .selectFrom('reports')
      .select(['reporter_enc', 'receipt_enc'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(report.reporter_enc).toMatch(/^s1\./);
    const file = await db()
      .selectFrom('attachments')
      .select(['blob_id', 'key_enc', 'name_enc'])
      .executeTakeFirstOrThrow();
    expect(file.key_enc).toMatch(/^s1\./);
    expect(file.name_enc).toMatch(/^s1\./);
    // The blob on disk is format version 2 (SM4-CTR + HMAC-SM3).
    const blob = readFileSync(blobStoreFor(env.config.dataDir).pathFor(file.blob_id));
    expect(blob.subarray(0, 5)).toEqual(Buffer.concat([Buffer.from('QFBL'), Buffer.from([2])]));

    await env.as('sysadmin'); // enrols TOTP on first sign-in
    const admin = await db()
      .selectFrom('users')
      .select('totp_secret_enc')
      .where('username', '=', 'sysadmin')
      .executeTakeFirstOrThrow();
    expect(admin.totp_secret_enc).toMatch(/^s1\./);
    // No value sealed with AES anywhere these flows wrote.
    expect(report.receipt_enc ?? 's1.').toMatch(/^s1\./);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('refuses a start with another suite, or with another master key, and leaves the record as it was', async () => {
    await expect(openPlatform({ ...env.config, cryptoSuite: 'aes' })).rejects.toMatchObject({
      code: 'CRYPTO_SUITE_MISMATCH',
      message: expect.stringContaining('rekey --suite aes'),
    });
    const otherKey = join(env.config.dataDir, 'other.key');
    writeFileSync(otherKey, randomBytes(32).toString('base64'), { mode: 0o600 });
    await expect(openPlatform({ ...env.config, masterKeyFile: otherKey })).rejects.toMatchObject({
      code: 'MASTER_KEY_MISMATCH',
    });
    expect(await readCryptoSettings(db())).toMatchObject({ suite: 'sm', mac_suite: 'sm', rekey_suite: null });
    // Unset: the recorded suite.
    const again = await openPlatform({ ...env.config, cryptoSuite: undefined });
    try {
      expect(new Keyring(again.masterKey).suite).toBe('sm');
    } finally {
      await again.database.close();
    }
  });
});

describe.each(testDialects())('an install from before suites on $name', ({ name }) => {
  it('is recorded as aes, and asking for sm is refused with the way to move it', async () => {
    const env = await startTestEnv(name, { sqliteFile: name === 'sqlite', config: { cryptoSuite: 'aes' } });
    try {
      // As the migration leaves a database with data: no suite row yet.
      await env.platform.database.db.deleteFrom('crypto_settings').execute();
      await expect(openPlatform({ ...env.config, cryptoSuite: 'sm' })).rejects.toMatchObject({
        code: 'CRYPTO_SUITE_MISMATCH',
        message: expect.stringContaining('rekey --suite sm'),
      });
      const reopened = await openPlatform({ ...env.config, cryptoSuite: undefined });
      await reopened.database.close();
      expect(await readCryptoSettings(env.platform.database.db)).toMatchObject({ suite: 'aes', chain_sm_from: null });
    } finally {
      await env.close();
    }
  });
});
