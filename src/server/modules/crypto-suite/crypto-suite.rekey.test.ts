import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openPlatform } from '../../bootstrap.js';
import { seedDemoDisclosure } from '../../seed/demo-disclosure.js';
import { seedDemoGrid } from '../../seed/demo-grid.js';
import { seedDemoQrSupervision } from '../../seed/demo-qr-supervision.js';
import type { AppConfig } from '../../shared/config.js';
import { Keyring } from '../../shared/crypto.js';
import { silentLogger } from '../../shared/logger.js';
import { TEST_PASSWORD, type TestEnv, nextTotp, startTestEnv, testDialects } from '../../test/harness.js';
import { blobStoreFor } from '../attachments/index.js';
import { verifyAuditChain } from '../audit/index.js';
import { type RekeyOptions, RekeyInterrupted, readCryptoSettings, runRekey as rekeyOn } from './index.js';
import { SEALED_COLUMNS } from './sealed-inventory.js';

/** As `qingfeng rekey` does: the platform opened for rekey, closed after. */
async function runRekey(config: AppConfig, opts: RekeyOptions) {
  const platform = await openPlatform(config, { forRekey: true });
  try {
    return await rekeyOn(platform, opts);
  } finally {
    await platform.database.close();
  }
}

type AnyDb = Kysely<Record<string, Record<string, string | number | null>>>;

/** Every sealed value of the inventory (but the root), by `table.column:key`, with its blob id. */
async function sealedValues(db: AnyDb): Promise<Map<string, { value: string; context: string }>> {
  const out = new Map<string, { value: string; context: string }>();
  for (const c of SEALED_COLUMNS) {
    if (c.table === 'crypto_settings') continue;
    const rows = await db
      .selectFrom(c.table)
      .select([
        sql<string>`${sql.ref(c.key)}`.as('k'),
        sql<string>`${sql.ref(c.column)}`.as('v'),
        ...(c.blob ? [sql<string>`${sql.ref('blob_id')}`.as('b')] : []),
      ])
      .where(sql.ref(c.column), 'is not', null)
      .execute();
    for (const r of rows) {
      const key = String(r.k);
      const context = c.context.replaceAll('{key}', key).replaceAll('{blob_id}', String(r.b ?? ''));
      out.set(`${c.table}.${c.column}:${key}`, { value: String(r.v), context });
    }
  }
  return out;
}

/**
 * `qingfeng rekey` on both engines, on an install with real data: a named public report with an
 * attachment and its receipt, a TOTP-enrolled administrator, sealed identities of the grid,
 * disclosure and 立码监督 modules. aes → sm interrupted mid-way (an injected failure) and resumed,
 * then a new master key; after each: every value under the target and opening to the same
 * plaintext, the receipt look-up, the file byte-identical, a TOTP sign-in, the audit chain intact.
 */
describe.each(testDialects())('rekey on $name', ({ name }) => {
  let env: TestEnv;
  let receipt = '';
  let fileBytes: Buffer;
  /** Plaintext of every non-blob value before any rekey. */
  const plain = new Map<string, string>();
  let totpSecret = '';
  let valueCount = 0;

  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: true, config: { cryptoSuite: 'aes' } });
    const { db, dialect } = env.platform.database;
    await seedDemoGrid(db, dialect, env.clock, env.platform.masterKey);
    await seedDemoDisclosure(db, dialect, env.clock, env.platform.masterKey);
    await seedDemoQrSupervision(db, dialect, env.clock, env.platform.masterKey);
    const village = await db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const made = await env.anon().post('/api/public/reports', {
      regionCode: village.code,
      named: true,
      reporter: { name: '轮换测试人', phone: '13712345678' },
      subject: { name: '轮换测试对象', position: '村会计' },
      content: '村会计挪用集体资金，测试密钥轮换。',
    });
    expect(made.statusCode, made.body).toBe(201);
    receipt = made.json<{ receipt: string }>().receipt;
    fileBytes = await sharp({ create: { width: 9, height: 7, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    const up = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt }, { name: '证据.png', bytes: fileBytes });
    expect(up.statusCode, up.body).toBe(201);
    await env.as('sysadmin'); // enrols TOTP
    const keyring = new Keyring(env.platform.masterKey);
    const values = await sealedValues(db as unknown as AnyDb);
    for (const [k, { value, context }] of values) {
      if (k.includes('.key_enc:')) continue; // data keys change with their file
      plain.set(k, keyring.open(value, context).toString('base64'));
    }
    const admin = await db
      .selectFrom('users')
      .select(['id', 'totp_secret_enc'])
      .where('username', '=', 'sysadmin')
      .executeTakeFirstOrThrow();
    totpSecret = keyring.openText(admin.totp_secret_enc!, `users.totp:${admin.id}`);
    valueCount = values.size;
    // The data every module must have: otherwise the test proves less than it says.
    for (const t of [
      'reports.reporter_enc',
      'attachments.key_enc',
      'users.totp_secret_enc',
      'grid_informants.name_enc',
    ])
      expect(
        [...values.keys()].some((k) => k.startsWith(`${t}:`)),
        t,
      ).toBe(true);
    expect(valueCount).toBeGreaterThan(10);
  });
  afterAll(async () => env?.close());

  /** Opens the install as `serve` would and checks everything a user relies on. */
  async function checkInstall(prefix: 's1.' | 'v1.', version: number): Promise<void> {
    // The operator sets QF_CRYPTO_SUITE to the new suite or unsets it (the recorded one).
    const config = { ...env.config, cryptoSuite: undefined };
    const platform = await openPlatform(config);
    const app = await buildApp(config, {
      database: platform.database,
      masterKey: platform.masterKey,
      clock: env.clock,
      logger: silentLogger(),
    });
    try {
      const keyring = new Keyring(platform.masterKey);
      const db = platform.database.db;
      const values = await sealedValues(db as unknown as AnyDb);
      expect(values.size).toBe(valueCount);
      for (const [k, { value, context }] of values) {
        expect(value.startsWith(prefix), k).toBe(true);
        const opened = keyring.open(value, context).toString('base64');
        if (plain.has(k)) expect(opened, k).toBe(plain.get(k));
      }
      const lookup = await app.inject({ method: 'POST', url: '/api/public/receipt-lookups', payload: { receipt } });
      expect(lookup.statusCode, lookup.body).toBe(200);
      expect(lookup.json()).toMatchObject({ attachmentCount: 1 });
      const file = await db.selectFrom('attachments').select(['id', 'blob_id', 'key_enc']).executeTakeFirstOrThrow();
      const store = blobStoreFor(env.config.dataDir);
      expect(readFileSync(store.pathFor(file.blob_id))[4]).toBe(version);
      const bytes = await store.readAll(file.blob_id, file.key_enc, {
        keyring,
        context: `attachments.blob:${file.id}`,
      });
      expect(bytes.equals(fileBytes)).toBe(true);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sysadmin', password: TEST_PASSWORD, totp: nextTotp(totpSecret, env.clock) },
      });
      expect(login.statusCode, login.body).toBe(200);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      expect(await db.selectFrom('rekey_progress').select('step').execute()).toEqual([]);
    } finally {
      await app.close();
      await platform.database.close();
    }
  }

  it('moves aes to sm, interrupted mid-way and resumed, each value sealed once', async () => {
    const lines: string[] = [];
    const oldBlob = await env.platform.database.db
      .selectFrom('attachments')
      .select('blob_id')
      .executeTakeFirstOrThrow();
    const oldPath = blobStoreFor(env.config.dataDir).pathFor(oldBlob.blob_id);
    expect(existsSync(oldPath)).toBe(true);
    const half = Math.floor(valueCount / 2);
    await expect(runRekey(env.config, { suite: 'sm', batchRows: 2, failAfterValues: half })).rejects.toBeInstanceOf(
      RekeyInterrupted,
    );
    const db = env.platform.database.db;
    expect(await readCryptoSettings(db)).toMatchObject({ suite: 'aes', rekey_suite: 'sm' });
    const between = await sealedValues(db as unknown as AnyDb);
    const moved = [...between.values()].filter((v) => v.value.startsWith('s1.')).length;
    // Whole batches committed before the failure, the failing batch rolled back.
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(half);
    await expect(openPlatform(env.config)).rejects.toMatchObject({ code: 'REKEY_UNFINISHED' });
    // Another suite than the interrupted one is refused, nothing changed.
    await expect(runRekey(env.config, { suite: 'aes' })).rejects.toMatchObject({ code: 'REKEY_UNFINISHED' });

    const second = await runRekey(env.config, { batchRows: 2, progress: (l) => lines.push(l) });
    expect(second).toMatchObject({ resumed: true, fromSuite: 'aes', suite: 'sm', macSuite: 'aes', skipped: 0 });
    // Every value sealed exactly once across both runs: the first run's committed ones plus the second's.
    expect(moved + second.resealed).toBe(valueCount);
    // The file was re-encrypted under a new blob id and the old file deleted (checkInstall reads the new one).
    expect(existsSync(oldPath)).toBe(false);
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.every((l) => /^[a-z_]+\.[a-z_]+: \d+ \/ \d+$/.test(l)),
      lines.join('\n'),
    ).toBe(true);
    expect(await readCryptoSettings(db)).toMatchObject({ suite: 'sm', mac_suite: 'aes', rekey_suite: null });
    await checkInstall('s1.', 2);
  });

  it('changes the master key: the new key opens everything, the old one is refused', async () => {
    const oldKey = readFileSync(env.config.masterKeyFile, 'utf8');
    const newFile = join(env.config.dataDir, 'new.key');
    writeFileSync(newFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    // The current key given as the new one: refused before anything is written.
    await expect(runRekey(env.config, { newMasterKeyFile: env.config.masterKeyFile })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const result = await runRekey(env.config, { newMasterKeyFile: newFile });
    expect(result).toMatchObject({ keyChanged: true, suite: 'sm', resealed: valueCount, blobsRewritten: 0 });
    // The key file is not moved by rekey: until it is, the start is refused; a second run says so.
    await expect(openPlatform({ ...env.config, cryptoSuite: undefined })).rejects.toMatchObject({
      code: 'MASTER_KEY_MISMATCH',
    });
    await expect(runRekey(env.config, { newMasterKeyFile: newFile })).rejects.toMatchObject({
      code: 'MASTER_KEY_MISMATCH',
      message: expect.stringContaining('already finished'),
    });
    writeFileSync(env.config.masterKeyFile, readFileSync(newFile));
    await checkInstall('s1.', 2);
    const oldFile = join(env.config.dataDir, 'old.key');
    writeFileSync(oldFile, oldKey, { mode: 0o600 });
    await expect(openPlatform({ ...env.config, cryptoSuite: undefined, masterKeyFile: oldFile })).rejects.toMatchObject(
      {
        code: 'MASTER_KEY_MISMATCH',
      },
    );
  });
});
