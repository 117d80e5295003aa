import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type MigrationDb, openMigrationDb } from '../test/migration-db.js';
import { testDialects } from '../test/harness.js';
import {
  GENESIS_HASH,
  appendAuditEvent,
  configureAuditChain,
  ensureAuditChainKeyed,
  hashEvent,
  verifyAuditChain,
} from '../modules/audit/index.js';
import { transact } from './durability.js';

/**
 * Migration 2026120505_audit_keyed_chain over a chain written before it (plain SHA-256 links):
 * the chain keeps verifying, the marker written at the next start is the first keyed event, and
 * the events after it are keyed.
 */
describe.each(testDialects())('migration 2026120505_audit_keyed_chain on $name', ({ name }) => {
  let m: MigrationDb | undefined;
  afterAll(async () => m?.close());

  it('keeps an old plain SHA-256 chain verifying and keys it from the marker on', async () => {
    const opened = await openMigrationDb(name, 'k');
    m = opened;
    const { db, dialect } = opened;
    await opened.migrateTo('2026120410_workbench');
    // An old chain, as the code before the keyed scheme wrote it.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 5; seq++) {
      const e = {
        seq,
        id: `old-${seq}`,
        occurred_at: `2026-11-2${seq}T02:00:00.000Z`,
        actor_user_id: null,
        actor_username: 'leader',
        action: 'report.read',
        resource_type: 'report',
        resource_id: `r${seq}`,
        unit_id: null,
        request_id: null,
        changes: null,
      };
      const hash = hashEvent(prev, e);
      await db
        .insertInto('audit_events')
        .values({ ...e, prev_hash: prev, hash })
        .execute();
      prev = hash;
    }
    await db.updateTable('audit_head').set({ last_seq: 5, last_hash: prev }).where('id', '=', 1).execute();

    await opened.migrateToLatest();
    const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.keyed_from)).toBe(6);
    configureAuditChain(db, randomBytes(32), `/nonexistent/${randomBytes(6).toString('hex')}/anchors.log`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, anchors: 0 });

    expect(await ensureAuditChainKeyed(db, dialect, Date.parse('2026-12-05T02:00:00Z'))).toBe(true);
    await transact(db, (trx) =>
      appendAuditEvent(trx, dialect, {
        occurredAt: '2026-12-05T02:01:00.000Z',
        actorUserId: null,
        actorUsername: 'leader',
        requestId: null,
        action: 'report.read',
        resourceType: 'report',
      }),
    );
    const events = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual([...Array(5).fill('report.read'), 'audit.chain_keyed', 'report.read']);
    // From the marker on, the plain SHA-256 is not what is stored: the events are keyed.
    for (const e of events.slice(0, 5)) expect(e.hash).toBe(hashEvent(e.prev_hash, e));
    for (const e of events.slice(5)) expect(e.hash).not.toBe(hashEvent(e.prev_hash, e));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 7 });
  });
});
