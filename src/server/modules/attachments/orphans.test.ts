import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { createWorker, enqueuePeriodicJobs } from '../../bootstrap.js';
import sharp from 'sharp';
import { samplePng } from '../../test/sample-files.js';
import { ORPHAN_BLOB_GRACE_MS, addAttachment, blobStoreFor, sweepOrphanBlobs } from './attachments.service.js';

/** A PNG signature followed by `marker`, so each file is unique. */
function png(marker: string): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  return Buffer.concat([head, Buffer.from(marker.padEnd(300, ' '))]);
}

/** `bytes` as the async stream the blob store reads. */
async function* stream(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Sets a file's mtime (and atime) `ageMs` into the past. */
function age(path: string, ageMs: number): void {
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

describe.each(testDialects())('orphan blob sweep on $name', ({ name }) => {
  let env: TestEnv;
  let reportId: string;
  let ownerUnitId: string;

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    const village = await db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const made = await env.anon().post('/api/public/reports', {
      regionCode: village.code,
      named: false,
      subject: { name: '孤儿文件测试对象' },
      content: '村干部违规发放补贴，附件为发放名单照片。',
    });
    expect(made.statusCode, made.body).toBe(201);
    const report = await db
      .selectFrom('reports')
      .select(['id', 'owner_unit_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    reportId = report.id;
    ownerUnitId = report.owner_unit_id;
  });
  afterAll(async () => env?.close());

  const store = () => blobStoreFor(env.config.dataDir);
  const write = (marker: string) =>
    store().write(stream(png(marker)), { keyring: env.ctx().keyring, context: `test:${marker}`, maxBytes: 10_000 });

  it('removes old orphans only: a referenced blob and a young orphan stay, and the run is audited without ids', async () => {
    // A blob with its attachment row, made old: referenced, so kept whatever its age.
    const kept = await addAttachment(env.ctx(), reportId, stream(samplePng(1)), {
      fileName: 'kept.png',
      uploader: 'reporter',
      ownerUnitId,
    });
    const keptRow = await env
      .ctx()
      .db.selectFrom('attachments')
      .select('blob_id')
      .where('id', '=', kept.id)
      .executeTakeFirstOrThrow();
    age(store().pathFor(keptRow.blob_id), ORPHAN_BLOB_GRACE_MS * 3);
    // An orphan just written: its row may still be committing, so it stays.
    const young = await write('young orphan');
    age(store().pathFor(young.blobId), ORPHAN_BLOB_GRACE_MS - 3600_000);
    // Orphans older than the grace period, more than one batch of them.
    const old = await Promise.all([1, 2, 3, 4, 5].map((i) => write(`old orphan ${i}`)));
    for (const b of old) age(store().pathFor(b.blobId), ORPHAN_BLOB_GRACE_MS + 60_000);

    const result = await sweepOrphanBlobs(env.ctx().db, env.platform.database.dialect, env.clock, env.config.dataDir, {
      batchSize: 2,
    });
    expect(result).toEqual({ checked: 6, removed: 5 });
    for (const b of old) expect(existsSync(store().pathFor(b.blobId))).toBe(false);
    expect(existsSync(store().pathFor(young.blobId))).toBe(true);
    expect(existsSync(store().pathFor(keptRow.blob_id))).toBe(true);
    // The kept attachment still decrypts.
    const attachment = await env
      .ctx()
      .db.selectFrom('attachments')
      .select(['blob_id', 'key_enc'])
      .where('id', '=', kept.id)
      .executeTakeFirstOrThrow();
    const bytes = await store().readAll(attachment.blob_id, attachment.key_enc, {
      keyring: env.ctx().keyring,
      context: `attachments.blob:${kept.id}`,
    });
    expect((await sharp(bytes).metadata()).format).toBe('png');

    const events = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'changes', 'actor_username', 'resource_id'])
      .where('action', '=', 'attachment.sweep_orphans')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_username: 'system', resource_id: null });
    expect(JSON.parse(events[0]!.changes!)).toEqual({ blobsChecked: [null, 6], orphansRemoved: [null, 5] });
    for (const b of old) expect(events[0]!.changes).not.toContain(b.blobId);

    // A second run finds nothing more to remove.
    expect(await sweepOrphanBlobs(env.ctx().db, env.platform.database.dialect, env.clock, env.config.dataDir)).toEqual({
      checked: 1,
      removed: 0,
    });
  });

  it('leaves temp files of uploads in progress and foreign files alone', async () => {
    const orphan = await write('orphan beside a temp file');
    const dir = join(store().pathFor(orphan.blobId), '..');
    age(store().pathFor(orphan.blobId), ORPHAN_BLOB_GRACE_MS * 2);
    // A temp file (sweepTemp's business) and a file the store did not write, both old.
    const temp = join(dir, `${orphan.blobId.slice(0, -4)}${orphan.blobId.slice(-4)}.0123456789ab.tmp`);
    const foreign = join(dir, 'README');
    writeFileSync(temp, 'partial upload');
    writeFileSync(foreign, 'not a blob');
    age(temp, ORPHAN_BLOB_GRACE_MS * 2);
    age(foreign, ORPHAN_BLOB_GRACE_MS * 2);
    const result = await sweepOrphanBlobs(env.ctx().db, env.platform.database.dialect, env.clock, env.config.dataDir);
    expect(result.removed).toBe(1);
    expect(existsSync(store().pathFor(orphan.blobId))).toBe(false);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining([basename(temp), 'README']));
  });

  it('is scheduled once a day and run by the worker', async () => {
    const db = env.ctx().db;
    await enqueuePeriodicJobs(db, env.clock);
    await enqueuePeriodicJobs(db, env.clock);
    const jobs = await db
      .selectFrom('jobs')
      .select(['kind', 'status'])
      .where('kind', '=', 'attachments.sweep_orphans')
      .execute();
    expect(jobs).toEqual([{ kind: 'attachments.sweep_orphans', status: 'pending' }]);
    const orphan = await write('orphan for the worker');
    age(store().pathFor(orphan.blobId), ORPHAN_BLOB_GRACE_MS * 2);
    const worker = createWorker(env.platform, env.clock);
    while ((await worker.runOnce()) > 0) {
      // run every due job
    }
    const done = await db
      .selectFrom('jobs')
      .select(['status', 'last_error'])
      .where('kind', '=', 'attachments.sweep_orphans')
      .executeTakeFirstOrThrow();
    expect(done).toEqual({ status: 'done', last_error: null });
    expect(existsSync(store().pathFor(orphan.blobId))).toBe(false);
  });
});
