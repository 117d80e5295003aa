/**
 * The restore drill (issue 17 §1) and the refusals of backup and restore, on every engine of the
 * run: seed and work, back up while public submissions run, restore elsewhere, compare every
 * table row by row and every blob byte by byte, the audit chain verified by the restore itself.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database.js';
import {
  type ArchiveSink,
  OpsError,
  compareDatabases,
  createBackup,
  lastGoodBackupAt,
  restoreBackup,
  verifyBackup,
} from '../../src/server/ops/index.js';
import { TarWriter, fileSink, readArchiveIndex, readEntryBuffer } from '../../src/server/ops/archive.js';
import { MANIFEST_NAME, type BackupManifest, signManifest } from '../../src/server/ops/manifest.js';
import { opsWorkbench } from '../../src/server/ops/ops.workbench.js';
import { makeClue, makeReport, villageOf } from '../../src/server/test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';
import { samplePng } from '../../src/server/test/sample-files.js';

/** Every file below the data folder's sub-folders (the blob stores), by path relative to it. */
function blobFilesOf(dataDir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, depth: number) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (depth > 0 && !e.name.endsWith('.tmp')) out.set(relative(dataDir, p), readFileSync(p));
    }
  };
  if (existsSync(dataDir)) walk(dataDir, 0);
  return out;
}

async function expectOpsError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpsError);
  expect((err as OpsError).code).toBe(code);
  expect((err as OpsError).message).toMatch(text);
}

let restoreDbCounter = 0;

describe.each(testDialects())('backup and restore on $name', ({ name }) => {
  let env: TestEnv;
  let out: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: true });
    out = mkdtempSync(join(tmpdir(), 'qf-backups-'));
  }, 60_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await env?.close();
    rmSync(out, { recursive: true, force: true });
  });

  /** An empty restore target: a fresh data folder (with the master key copied in) and, on PostgreSQL, a fresh database. */
  async function emptyTarget(key = env.config.masterKeyFile) {
    const dir = mkdtempSync(join(tmpdir(), 'qf-restore-'));
    copyFileSync(key, join(dir, 'master.key'));
    let databaseUrl = `sqlite:${join(dir, 'qingfeng.sqlite')}`;
    const pgSchema = env.config.pgSchema;
    if (name === 'postgres') {
      const base = process.env.TEST_PG_URL!;
      const dbName = `qf_restore_${process.pid}_${restoreDbCounter++}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const u = new URL(base);
      u.pathname = `/${dbName}`;
      databaseUrl = u.toString();
      cleanups.push(async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`drop database if exists ${dbName} with (force)`);
        await a.end();
      });
    }
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return {
      dataDir: dir,
      databaseUrl,
      pgSchema,
      masterKeyFile: join(dir, 'master.key'),
      auditAnchorFile: join(dir, 'audit-anchors.log'),
    };
  }

  async function reportWithFile(region: string, i: number): Promise<{ id: string; receipt: string }> {
    const r = await makeReport(env, region, { subject: { name: `备份演练${i}` } });
    const up = await env
      .anon()
      .upload('/api/public/receipt-attachments', { receipt: r.receipt }, { name: `收据${i}.png`, bytes: samplePng(i) });
    if (up.statusCode !== 201) throw new Error(`upload: ${up.statusCode} ${up.body}`);
    return r;
  }

  it('restore drill: a backup taken while submissions run restores every row and blob of its snapshot, chain intact', async () => {
    const region = await villageOf(env, 'township1');
    await makeClue(env);
    await makeClue(env, 'township1');
    const before: string[] = [];
    for (let i = 0; i < 6; i++) before.push((await reportWithFile(region, i)).id);
    await env.ctx().db.deleteFrom('backup_runs').execute();
    expect(await lastGoodBackupAt(env.ctx().db)).toBeNull();

    // Submissions keep arriving while the backup runs.
    let stop = false;
    const during: string[] = [];
    const load = (async () => {
      for (let i = 100; !stop; i++) during.push((await reportWithFile(region, i)).id);
    })();
    const result = await createBackup({
      config: env.config,
      masterKey: env.platform.masterKey,
      db: env.ctx().db,
      to: out,
    });
    stop = true;
    await load;
    expect(during.length).toBeGreaterThan(0);
    expect(result.file).toMatch(new RegExp(`qingfeng-\\d{8}T\\d{6}Z-${name}\\.qfbak$`));
    expect(await lastGoodBackupAt(env.ctx().db)).not.toBeNull();
    // The master key is not in the archive, nor any file that holds it.
    const key = readFileSync(env.config.masterKeyFile, 'utf8').trim();
    expect(readFileSync(result.file).includes(Buffer.from(key))).toBe(false);
    expect((await readArchiveIndex(result.file)).map((e) => e.name)).not.toContain('master.key');

    const target = await emptyTarget();
    const restored = await restoreBackup({ config: target, archive: result.file });
    expect(restored.auditEvents).toBe(result.manifest.audit!.seq);
    const copy = openDatabase(target.databaseUrl, { pgSchema: target.pgSchema });
    try {
      const live = { db: env.ctx().db, pgSchema: env.config.pgSchema ?? null };
      const cmp = await compareDatabases(live, { db: copy.db, pgSchema: target.pgSchema ?? null });
      expect(cmp.tables).toBeGreaterThan(50);
      // Nothing the live database lacks; every report acknowledged before the backup is there.
      for (const d of cmp.differences) expect(d.onlyInB, d.table).toEqual([]);
      const restoredReports = new Set((await copy.db.selectFrom('reports').select('id').execute()).map((r) => r.id));
      for (const id of before) expect(restoredReports.has(id)).toBe(true);
      // Rows that differ are only those the later submissions moved on (the chain head, counters,
      // the search index's pending list); every other row of the snapshot is identical.
      const changed = cmp.differences.filter((d) => d.differ.length).map((d) => d.table);
      expect(changed.filter((t) => !['audit_head', 'number_counters'].includes(t))).toEqual([]);
      // Rows only the live database holds came after the snapshot: reports submitted during it.
      const lateReports =
        cmp.differences.find((d) => d.table === 'reports')?.onlyInA.map((k) => (JSON.parse(k) as string[])[0]) ?? [];
      for (const id of lateReports) expect(during).toContain(id);
      expect(restoredReports.size + lateReports.length).toBe(
        before.length + during.length + (await countSeededReports()),
      );
      // Every attachment row of the copy has its blob, byte for byte the live one.
      const liveBlobs = blobFilesOf(env.config.dataDir);
      const copyBlobs = blobFilesOf(target.dataDir);
      for (const [path, bytes] of copyBlobs) expect(bytes.equals(liveBlobs.get(path)!), path).toBe(true);
      const blobIds = (await copy.db.selectFrom('attachments').select('blob_id').execute()).map((r) => r.blob_id);
      const names = new Set([...copyBlobs.keys()].map((p) => p.split('/').at(-1)));
      expect(blobIds.length).toBeGreaterThanOrEqual(before.length);
      for (const id of blobIds) expect(names.has(id), id).toBe(true);
    } finally {
      await copy.close();
    }

    // Quiet now: a second backup restores to an identical copy, every table and every blob.
    const quiet = await createBackup({
      config: env.config,
      masterKey: env.platform.masterKey,
      db: env.ctx().db,
      to: out,
      now: new Date(Date.now() + 2000),
    });
    const target2 = await emptyTarget();
    await restoreBackup({ config: target2, archive: quiet.file });
    const copy2 = openDatabase(target2.databaseUrl, { pgSchema: target2.pgSchema });
    try {
      const cmp = await compareDatabases(
        { db: env.ctx().db, pgSchema: env.config.pgSchema ?? null },
        { db: copy2.db, pgSchema: target2.pgSchema ?? null },
      );
      // The second run's own backup_runs row is written after its snapshot.
      expect(cmp.differences.map((d) => d.table)).toEqual(['backup_runs']);
      expect(cmp.differences[0]!.onlyInA).toHaveLength(1);
    } finally {
      await copy2.close();
    }
    const liveBlobs = blobFilesOf(env.config.dataDir);
    const copyBlobs = blobFilesOf(target2.dataDir);
    expect([...copyBlobs.keys()].sort()).toEqual([...liveBlobs.keys()].sort());
    for (const [path, bytes] of copyBlobs) expect(bytes.equals(liveBlobs.get(path)!), path).toBe(true);
  }, 180_000);

  async function countSeededReports(): Promise<number> {
    // Reports the seed made (none in the demo preset unless it files some): all reports not made here.
    const all = await env.ctx().db.selectFrom('reports').select('subject_name').execute();
    return all.filter((r) => !String(r.subject_name).startsWith('备份演练')).length;
  }

  it('refuses a damaged archive, another master key, an altered manifest and a newer schema, writing nothing', async () => {
    const good = await createBackup({
      config: env.config,
      masterKey: env.platform.masterKey,
      db: env.ctx().db,
      to: out,
      now: new Date(Date.now() + 10_000),
    });
    const index = await readArchiveIndex(good.file);
    // Damaged: one byte of a blob flipped.
    const blob = index.find((e) => e.name.startsWith('files/'))!;
    const damaged = join(out, 'damaged.qfbak');
    const bytes = readFileSync(good.file);
    bytes.writeUInt8(bytes.readUInt8(blob.offset + 10) ^ 0xff, blob.offset + 10);
    writeFileSync(damaged, bytes);
    let target = await emptyTarget();
    await expectOpsError(
      restoreBackup({ config: target, archive: damaged }),
      'BACKUP_DAMAGED',
      new RegExp(`${blob.name} does not match`),
    );
    expect(blobFilesOf(target.dataDir).size).toBe(0);
    expect(existsSync(join(target.dataDir, 'qingfeng.sqlite'))).toBe(false);
    // Cut short.
    const cut = join(out, 'cut.qfbak');
    writeFileSync(cut, readFileSync(good.file).subarray(0, 5000));
    await expectOpsError(verifyBackup(cut, env.platform.masterKey), 'BACKUP_DAMAGED', /damaged/);

    // Another master key.
    const otherKey = join(out, 'other.key');
    writeFileSync(otherKey, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    target = await emptyTarget(otherKey);
    await expectOpsError(
      restoreBackup({ config: target, archive: good.file }),
      'BACKUP_WRONG_KEY',
      /another master key/,
    );

    // The manifest altered (a row count changed, the MAC left as it was), and a newer schema (re-signed).
    const manifest = JSON.parse(
      (
        await readEntryBuffer(
          good.file,
          index.find((e) => e.name === MANIFEST_NAME)!,
        )
      ).toString(),
    ) as BackupManifest;
    const rewrite = async (file: string, m: BackupManifest) => {
      const sink = await fileSink(file);
      const tar = new TarWriter(sink);
      for (const e of index)
        if (e.name !== MANIFEST_NAME) await tar.addBuffer(e.name, await readEntryBuffer(good.file, e));
      await tar.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify(m)));
      await tar.finish();
      await sink.close();
    };
    const altered = join(out, 'altered.qfbak');
    await rewrite(altered, { ...manifest, tables: { ...manifest.tables, reports: 1 } });
    await expectOpsError(verifyBackup(altered, env.platform.masterKey), 'BACKUP_TAMPERED', /altered/);
    const newer = join(out, 'newer.qfbak');
    const { mac: _mac, keyId: _keyId, ...body } = manifest;
    await rewrite(newer, signManifest(env.platform.masterKey, { ...body, schemaVersion: '2099010101_future' }));
    target = await emptyTarget();
    await expectOpsError(
      restoreBackup({ config: target, archive: newer }),
      'BACKUP_SCHEMA_NEWER',
      /2099010101_future is newer/,
    );
    expect(blobFilesOf(target.dataDir).size).toBe(0);
  }, 120_000);

  it('will not overwrite a live database, nor write a backup into the data folder', async () => {
    const good = await createBackup({
      config: env.config,
      masterKey: env.platform.masterKey,
      db: env.ctx().db,
      to: out,
      now: new Date(Date.now() + 20_000),
    });
    const reports = (await env.ctx().db.selectFrom('reports').select('id').execute()).length;
    const blobs = blobFilesOf(env.config.dataDir).size;
    await expectOpsError(
      restoreBackup({ config: env.config, archive: good.file }),
      'RESTORE_TARGET_NOT_EMPTY',
      /will not overwrite a live database/,
    );
    expect((await env.ctx().db.selectFrom('reports').select('id').execute()).length).toBe(reports);
    expect(blobFilesOf(env.config.dataDir).size).toBe(blobs);

    const inside = join(env.config.dataDir, 'backups');
    await expectOpsError(
      createBackup({ config: env.config, masterKey: env.platform.masterKey, db: env.ctx().db, to: inside }),
      'BACKUP_TARGET_IN_DATA_DIR',
      /inside the data folder/,
    );
    expect(existsSync(inside)).toBe(false);
  }, 60_000);

  it('a full disk mid-archive leaves no archive, says the disk is full and records the failed run', async () => {
    const lastGood = await lastGoodBackupAt(env.ctx().db);
    const dir = mkdtempSync(join(tmpdir(), 'qf-full-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const fullAfter = 256 * 1024;
    const openSink = async (path: string): Promise<ArchiveSink> => {
      const real = await fileSink(path);
      let written = 0;
      return {
        async write(b) {
          if (written + b.length > fullAfter)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          written += b.length;
          await real.write(b);
        },
        sync: () => real.sync(),
        close: () => real.close(),
      };
    };
    await expectOpsError(
      createBackup({ config: env.config, masterKey: env.platform.masterKey, db: env.ctx().db, to: dir, openSink }),
      'BACKUP_DISK_FULL',
      /disk .* is full/,
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(await lastGoodBackupAt(env.ctx().db)).toBe(lastGood);
    const failed = await env.ctx().db.selectFrom('backup_runs').selectAll().where('status', '=', 'failed').execute();
    expect(failed.at(-1)?.error).toMatch(/full/);
  }, 60_000);

  it('the system administrator is warned when no backup succeeded within a day', async () => {
    const card = opsWorkbench[0]!;
    const last = await lastGoodBackupAt(env.ctx().db);
    expect(last).not.toBeNull();
    const at = (ms: number) => ({ ...env.ctx(), clock: { nowMs: () => ms } });
    const ctx = at(Date.parse(last!) + 25 * 3600_000);
    expect(await card.load(at(Date.parse(last!) + 3600_000), { since: null, limit: 5 })).toBeNull();
    const stale = await card.load(ctx, { since: null, limit: 5 });
    expect(stale?.message).toMatch(/^最近一次成功备份：/);
    await ctx.db.deleteFrom('backup_runs').where('status', '=', 'ok').execute();
    expect((await card.load(ctx, { since: null, limit: 5 }))?.message).toMatch(/^尚无成功备份/);
  });
});
