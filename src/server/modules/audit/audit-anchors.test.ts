import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, enqueuePeriodicJobs } from '../../bootstrap.js';
import { type TestEnv, startTestEnv, testCryptoSuite, testDialects } from '../../test/harness.js';
import { dropAuditTriggers } from '../../test/tamper.js';
import { verifyAuditChainParallel } from './audit-verify.js';
import type { Anchor } from './audit.anchors.js';
import { auditChainOf, eventHasher, hashEvent, macEvent } from './audit.chain.js';
import { GENESIS_HASH, ensureAuditChainKeyed, verifyAuditChain } from './audit.service.js';
import type { AuditEventRow } from './audit.tables.js';

/**
 * The keyed chain and its anchors, in process on both engines: an intruder who can write the
 * database (triggers dropped) but does not hold the key deletes an event and re-links the rest
 * with plain SHA-256 or a key of their own; truncation, which needs no key, is caught by the
 * anchors written outside the database.
 */
describe.each(testDialects())('keyed audit chain and anchors on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: true });
    // Some events: sign-ins and sign-outs of several people.
    for (const u of ['leader', 'intake', 'orgadmin', 'leader']) await env.as(u);
  });
  afterAll(async () => env?.close());

  const db = () => env.platform.database.db;
  const rows = () => db().selectFrom('audit_events').selectAll().orderBy('seq').execute();
  const head = () => db().selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const verifyBoth = async () => {
    const s = await verifyAuditChain(db());
    const p = await verifyAuditChainParallel(
      db(),
      { databaseUrl: env.config.databaseUrl, pgSchema: env.config.pgSchema },
      { workers: 2, minEvents: 0 },
    );
    expect(p).toEqual(s);
    return s;
  };
  /** Runs every due job, as the worker of `serve` does. */
  const runJobs = async () => {
    const worker = createWorker(env.platform, env.clock);
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
  };
  const anchorLines = (): Anchor[] =>
    readFileSync(env.config.auditAnchorFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Anchor);

  /** Replaces the whole chain by `events` (triggers dropped), relinked with `hasher`, and the head with it. */
  const rewrite = async (
    events: AuditEventRow[],
    hasher: (prev: string, e: AuditEventRow) => string,
    keyedFrom?: number,
  ) => {
    await db().deleteFrom('audit_events').execute();
    let prev = GENESIS_HASH;
    const out = events.map((e, i) => {
      const r = { ...e, seq: i + 1, prev_hash: prev };
      r.hash = hasher(prev, r);
      prev = r.hash;
      return r;
    });
    for (let i = 0; i < out.length; i += 200)
      await db()
        .insertInto('audit_events')
        .values(out.slice(i, i + 200))
        .execute();
    await db()
      .updateTable('audit_head')
      .set({ last_seq: out.length, last_hash: prev, ...(keyedFrom ? { keyed_from: keyedFrom } : {}) })
      .where('id', '=', 1)
      .execute();
  };

  it('keys a new chain from its first event: each hash is an HMAC, not the plain SHA-256', async () => {
    const h = await head();
    expect(Number(h.keyed_from)).toBe(1);
    const all = await rows();
    expect(all.length).toBeGreaterThanOrEqual(4);
    const { chainKey, smFrom } = auditChainOf(db());
    // A 商用密码 install (TEST_CRYPTO_SUITE=sm) links with HMAC-SM3 from its first event.
    const algorithm = testCryptoSuite() === 'sm' ? 'sm3' : 'sha256';
    expect(smFrom).toBe(algorithm === 'sm3' ? 1 : null);
    for (const r of all) {
      expect(r.hash).not.toBe(hashEvent(r.prev_hash, r));
      expect(r.hash).toBe(macEvent(chainKey, r.prev_hash, r, algorithm));
    }
    // The verifier's fast HMAC agrees with createHmac, on long and non-ASCII content too, for both hashes.
    const long = { ...all[0]!, changes: JSON.stringify({ note: ['', '举报内容'.repeat(3000)] }) };
    expect(eventHasher(chainKey, 1)('p', long)).toBe(macEvent(chainKey, 'p', long));
    expect(eventHasher(chainKey, 1, 1)('p', long)).toBe(macEvent(chainKey, 'p', long, 'sm3'));
    expect(eventHasher(chainKey, 1, 2)('p', long)).toBe(macEvent(chainKey, 'p', long, 'sha256'));
    expect(await verifyBoth()).toMatchObject({ ok: true, checked: all.length, anchors: 0 });
  });

  it('anchors the head hourly through the job, each line MACed, and checks the chain against it', async () => {
    await enqueuePeriodicJobs(db(), env.clock);
    await runJobs();
    const [a] = anchorLines();
    // The head when the job ran (other periodic jobs may have appended events since).
    const anchored = await db()
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('seq', '=', a!.seq)
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ seq: Number(anchored.seq), hash: anchored.hash, keyedFrom: 1 });
    expect(a!.seq).toBeGreaterThanOrEqual(4);
    expect(a!.mac).toMatch(/^[0-9a-f]{64}$/);
    // Same hour: the job is deduplicated; the next hour anchors again.
    await enqueuePeriodicJobs(db(), env.clock);
    await runJobs();
    expect(anchorLines()).toHaveLength(1);
    env.clock.advance(3600_000);
    await env.as('leader');
    await enqueuePeriodicJobs(db(), env.clock);
    await runJobs();
    expect(anchorLines()).toHaveLength(2);
    expect(anchorLines()[1]!.seq).toBeGreaterThan(a!.seq);
    expect(await verifyBoth()).toMatchObject({ ok: true, anchors: 2 });
  });

  it('lets the audit administrator export the anchor file, anchoring the head first', async () => {
    const auditor = await env.as('auditadmin');
    const res = await auditor.get('/api/audit-anchors/export.log');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-anchors-\d{4}-\d{2}-\d{2}\.log"$/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Anchor);
    expect(lines).toEqual(anchorLines());
    const h = await head();
    // The last line is the head after the export's own audit event.
    expect(lines.at(-1)).toMatchObject({ seq: Number(h.last_seq), hash: h.last_hash });
    const ev = await db()
      .selectFrom('audit_events')
      .select('actor_username')
      .where('seq', '=', Number(h.last_seq))
      .executeTakeFirstOrThrow();
    expect(ev.actor_username).toBe('auditadmin');
    expect((await (await env.as('leader')).get('/api/audit-anchors/export.log')).statusCode).toBe(403);
    expect((await env.anon().get('/api/audit-anchors/export.log')).statusCode).toBe(401);
  });

  it('catches a deleted event re-linked with plain SHA-256 or with a wrong key, naming its seq', async () => {
    const original = await rows();
    await dropAuditTriggers(env.platform.database);
    const k = 4;
    const without = original.filter((r) => Number(r.seq) !== k);
    // Plain SHA-256, the scheme as it was, from the deletion on.
    await rewrite(without, (prev, e) => (Number(e.seq) < k ? e.hash : hashEvent(prev, e)));
    expect(await verifyBoth()).toMatchObject({ ok: false, firstBadSeq: k, reason: 'content does not match its hash' });
    // Knowing the keyed scheme but not the key: the events before the deletion kept, the rest re-keyed.
    const wrongKey = Buffer.alloc(32, 7);
    await rewrite(without, (prev, e) => (Number(e.seq) < k ? e.hash : macEvent(wrongKey, prev, e)));
    const r = await verifyBoth();
    expect(r).toMatchObject({ ok: false, firstBadSeq: k, reason: 'content does not match its hash' });
    // Passing everything off as a chain from before the keyed scheme (keyed_from past the end):
    // the anchors say where keying starts.
    await rewrite(without, (prev, e) => hashEvent(prev, e), without.length + 1);
    expect(await verifyBoth()).toMatchObject({ ok: false, firstBadSeq: 1 });
    await rewrite(without, (prev, e) => (Number(e.seq) < k ? e.hash : hashEvent(prev, e)), without.length + 1);
    expect(await verifyBoth()).toMatchObject({ ok: false, firstBadSeq: k });
    await rewrite(original, (_prev, e) => e.hash, 1);
    expect(await verifyBoth()).toMatchObject({ ok: true });
  });

  it('catches a truncated tail after an anchor, and an altered or forged anchor line', async () => {
    const original = await rows();
    const last = anchorLines().at(-1)!;
    // Cut the last three events, head set to the (validly keyed) prefix: no key needed, and
    // without anchors nothing would show.
    const kept = original.filter((r) => Number(r.seq) <= last.seq - 3);
    await rewrite(kept, (_prev, e) => e.hash);
    const r = await verifyBoth();
    expect(r).toMatchObject({ ok: false, firstBadSeq: kept.length + 1 });
    expect(r.reason).toContain(`records seq ${last.seq} but the chain ends at seq ${kept.length}`);
    await rewrite(original, (_prev, e) => e.hash);
    expect((await verifyBoth()).ok).toBe(true);

    const file = env.config.auditAnchorFile;
    const text = readFileSync(file, 'utf8');
    // An anchor moved to a shorter chain fails its MAC.
    writeFileSync(file, text.replace(`"seq":${last.seq},`, `"seq":${last.seq - 3},`));
    expect(await verifyBoth()).toMatchObject({ ok: false, reason: expect.stringMatching(/valid MAC/) as unknown });
    // A torn last line (crash mid-write) is no anchor and no error.
    writeFileSync(file, `${text}{"at":"2026-`);
    expect(await verifyBoth()).toMatchObject({ ok: true });
    writeFileSync(file, text);
  });

  it('keeps verifying a chain written before the keyed scheme, keyed from its marker on', async () => {
    const original = await rows();
    const n = original.length;
    // As the migration leaves an old chain: plain SHA-256 links, keyed_from past its end.
    await rewrite(original, (prev, e) => hashEvent(prev, e), n + 1);
    writeFileSync(env.config.auditAnchorFile, '');
    expect(await verifyBoth()).toMatchObject({ ok: true, checked: n });
    expect(await ensureAuditChainKeyed(db(), env.platform.database.dialect, env.clock.nowMs())).toBe(true);
    expect(await ensureAuditChainKeyed(db(), env.platform.database.dialect, env.clock.nowMs())).toBe(false);
    await env.as('intake');
    const after = await rows();
    const marker = after[n]!;
    expect(marker).toMatchObject({ seq: n + 1, action: 'audit.chain_keyed' });
    const { chainKey, smFrom } = auditChainOf(db());
    const hasher = eventHasher(chainKey, n + 1, smFrom);
    for (const r of after) expect(hasher(r.prev_hash, r)).toBe(r.hash);
    expect(marker.hash).toBe(macEvent(chainKey, marker.prev_hash, marker, smFrom === null ? 'sha256' : 'sm3'));
    expect(await verifyBoth()).toMatchObject({ ok: true, checked: after.length });
    // An old event altered is still caught.
    await db().updateTable('audit_events').set({ actor_username: 'mallory' }).where('seq', '=', 2).execute();
    expect(await verifyBoth()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
