import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { dropAuditTriggers } from '../../test/tamper.js';
import { verifyAuditChainParallel } from './audit-verify.js';
import { GENESIS_HASH, verifyAuditChain } from './audit.service.js';
import { chainHasherOf } from './audit.chain.js';

const N = 12_000;

describe.each(testDialects())('parallel audit verification on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { seed: false, sqliteFile: true });
    const db = env.platform.database.db;
    await dropAuditTriggers(env.platform.database);
    await db.deleteFrom('audit_events').execute();
    const hashEvent = await chainHasherOf(db);
    let prev = GENESIS_HASH;
    const rows = [];
    for (let seq = 1; seq <= N; seq++) {
      const e = {
        seq,
        id: `ev-${seq}`,
        occurred_at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
        actor_user_id: null,
        actor_username: seq % 3 ? 'leader' : '中文用户',
        action: 'staff.update',
        resource_type: 'staff',
        resource_id: `r-${seq % 97}`,
        unit_id: null,
        request_id: null,
        changes: seq % 5 ? null : JSON.stringify({ name: ['张三', '李四'] }),
      };
      const hash = hashEvent(prev, e);
      rows.push({ ...e, prev_hash: prev, hash });
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('audit_events')
        .values(rows.slice(i, i + 500))
        .execute();
    await db.updateTable('audit_head').set({ last_seq: N, last_hash: prev }).where('id', '=', 1).execute();
  });
  afterAll(async () => env?.close());

  const source = () => ({ databaseUrl: env.config.databaseUrl, pgSchema: env.config.pgSchema });
  const parallel = () => verifyAuditChainParallel(env.platform.database.db, source(), { workers: 3, minEvents: 0 });

  it('agrees with the sequential walk on an intact chain', async () => {
    expect(await parallel()).toEqual({ ok: true, checked: N, firstBadSeq: null, reason: null, anchors: 0 });
    expect(await verifyAuditChain(env.platform.database.db)).toEqual({
      ok: true,
      checked: N,
      firstBadSeq: null,
      reason: null,
      anchors: 0,
    });
  });

  it('names the same first bad row as the sequential walk, inside a range and at a range boundary', async () => {
    const db = env.platform.database.db;
    // ranges of 4,000: 1..4000, 4001..8000, 8001..12000
    for (const seq of [6_123, 4_001, 8_000]) {
      const row = await db.selectFrom('audit_events').select('action').where('seq', '=', seq).executeTakeFirstOrThrow();
      await db.updateTable('audit_events').set({ action: 'staff.delete' }).where('seq', '=', seq).execute();
      const p = await parallel();
      const s = await verifyAuditChain(db);
      expect(p).toMatchObject({ ok: false, firstBadSeq: seq });
      expect(p).toEqual(s);
      await db.updateTable('audit_events').set({ action: row.action }).where('seq', '=', seq).execute();
    }
    // a deleted first row of a range, then a truncated tail
    const first = await db.selectFrom('audit_events').selectAll().where('seq', '=', 4_001).executeTakeFirstOrThrow();
    await db.deleteFrom('audit_events').where('seq', '=', 4_001).execute();
    expect(await parallel()).toMatchObject({ ok: false, firstBadSeq: 4_001 });
    await db.insertInto('audit_events').values(first).execute();
    const tail = await db.selectFrom('audit_events').selectAll().where('seq', '=', N).executeTakeFirstOrThrow();
    await db.deleteFrom('audit_events').where('seq', '=', N).execute();
    expect(await parallel()).toMatchObject({ ok: false, firstBadSeq: N });
    await db.insertInto('audit_events').values(tail).execute();
    expect((await parallel()).ok).toBe(true);
  });
});
