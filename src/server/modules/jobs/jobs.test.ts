import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { DONE_JOB_RETENTION_MS, purgeDoneJobs } from './jobs.jobs.js';
import { Worker, backoffMs, enqueueJob } from './jobs.service.js';

describe.each(testDialects())('job queue on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false });
  });
  afterAll(async () => env?.close());
  const db = () => env.platform.database.db;
  const jobsOf = (kind: string) => db().selectFrom('jobs').selectAll().where('kind', '=', kind).execute();

  it('writes the job in the transaction of the change: a rollback leaves no job', async () => {
    await db()
      .transaction()
      .execute(async (trx) => {
        await enqueueJob(trx, env.clock, 'test.rolled_back', { a: 1 });
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(await jobsOf('test.rolled_back')).toHaveLength(0);
    await db()
      .transaction()
      .execute((trx) => enqueueJob(trx, env.clock, 'test.committed', { a: 1 }));
    expect(await jobsOf('test.committed')).toHaveLength(1);
  });

  it('purges finished jobs after a week, and keeps recent, pending and failed ones', async () => {
    const db = env.ctx().db;
    const now = env.clock.nowMs();
    const make = async (status: string, finishedAgoMs: number | null) => {
      const id = (await enqueueJob(db, env.clock, 'test.purge', { status }))!;
      await db
        .updateTable('jobs')
        .set({ status, finished_at: finishedAgoMs === null ? null : new Date(now - finishedAgoMs).toISOString() })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const old = await make('done', DONE_JOB_RETENTION_MS + 60_000);
    const recent = await make('done', 60_000);
    const pending = await make('pending', null);
    const failed = await make('failed', DONE_JOB_RETENTION_MS * 2);
    expect(await purgeDoneJobs(db, new Date(now - DONE_JOB_RETENTION_MS).toISOString())).toBe(1);
    const left = (await db.selectFrom('jobs').select('id').where('kind', '=', 'test.purge').execute()).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).toEqual(expect.arrayContaining([recent, pending, failed]));
  });

  it('enqueues a deduplicated job once', async () => {
    expect(await enqueueJob(db(), env.clock, 'test.dedupe', null, { dedupeKey: 'k1' })).not.toBeNull();
    expect(await enqueueJob(db(), env.clock, 'test.dedupe', null, { dedupeKey: 'k1' })).toBeNull();
    expect(await jobsOf('test.dedupe')).toHaveLength(1);
  });

  it('retries a failing job with backoff and gives up after max attempts', async () => {
    let calls = 0;
    const worker = new Worker(db(), env.platform.database.dialect, env.clock).register('test.flaky', async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    await enqueueJob(db(), env.clock, 'test.flaky', null, { maxAttempts: 3 });
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    let [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'boom 1' });
    expect(Date.parse(job!.run_at) - env.clock.nowMs()).toBe(backoffMs(1));
    expect(await worker.runOnce()).toBe(0); // not due yet
    env.clock.advance(backoffMs(1));
    await worker.runOnce();
    env.clock.advance(backoffMs(2));
    await worker.runOnce();
    [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ status: 'failed', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('reclaims a job whose worker died (lease expired) and never runs a job twice at once', async () => {
    const seen: string[] = [];
    const mk = () =>
      new Worker(db(), env.platform.database.dialect, env.clock, { batch: 5, leaseMs: 60_000 }).register(
        'test.count',
        async (payload) => {
          seen.push(String((payload as { n: number }).n));
        },
      );
    for (let n = 0; n < 40; n++) await enqueueJob(db(), env.clock, 'test.count', { n });
    const [a, b] = [mk(), mk()];
    // two workers claiming concurrently (on PostgreSQL: FOR UPDATE SKIP LOCKED)
    for (let round = 0; round < 10; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(seen.sort()).toEqual(Array.from({ length: 40 }, (_, n) => String(n)).sort());
    const left = await db()
      .selectFrom('jobs')
      .select('status')
      .where('kind', '=', 'test.count')
      .where('status', '!=', 'done')
      .execute();
    expect(left).toHaveLength(0);

    // a claimed job whose worker vanished is picked up again after the lease
    await enqueueJob(db(), env.clock, 'test.orphan', null);
    const dead = new Worker(db(), env.platform.database.dialect, env.clock, { leaseMs: 60_000 });
    const claimed = await env.platform.database.dialect.claimJobs(
      db(),
      10,
      dead.id,
      new Date(env.clock.nowMs()).toISOString(),
      new Date(env.clock.nowMs() + 60_000).toISOString(),
    );
    expect(claimed.some((j) => j.kind === 'test.orphan')).toBe(true);
    let ran = 0;
    const rescuer = new Worker(db(), env.platform.database.dialect, env.clock).register('test.orphan', async () => {
      ran += 1;
    });
    await rescuer.runOnce();
    expect(ran).toBe(0);
    env.clock.advance(61_000);
    await rescuer.runOnce();
    expect(ran).toBe(1);
  });

  it("gives each job a child of the worker's logger, which also records failures", async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        cb();
      },
    });
    const worker = new Worker(db(), env.platform.database.dialect, env.clock, {
      log: createLogger('info', stream),
    }).register('test.logged', async (payload, _job, _db, log) => {
      log.info({ token: 'tok-991' }, 'working');
      if ((payload as { fail: boolean }).fail) throw new Error('disk full');
    });
    const ok = await enqueueJob(db(), env.clock, 'test.logged', { fail: false });
    const bad = await enqueueJob(db(), env.clock, 'test.logged', { fail: true }, { maxAttempts: 2 });
    await worker.runOnce();
    const of = (id: string | null) => lines.filter((l) => l.job === id);
    expect(of(ok)).toEqual([
      expect.objectContaining({ level: 30, msg: 'working', jobKind: 'test.logged', worker: worker.id }),
    ]);
    // The logger's redaction applies to what handlers log.
    expect(of(ok)[0]!.token).toBe('[redacted]');
    expect(of(bad)[1]).toMatchObject({
      level: 40,
      msg: 'job attempt failed; will retry',
      attempts: 1,
      error: { type: 'Error', message: 'disk full' },
    });
    env.clock.advance(backoffMs(1));
    await worker.runOnce();
    expect(of(bad).at(-1)).toMatchObject({ level: 50, msg: 'job failed; no attempts left', attempts: 2 });
  });
});
