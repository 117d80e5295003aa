import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './database.js';
import { migrateTo, migrateToLatest } from './migrate.js';
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
// The harness's advisory lock: schema creation, migration and drops are serialized across files.
const SCHEMA_LOCK = 7_274_201;

async function locked<T>(fn: () => Promise<T>, isPg: boolean): Promise<T> {
  if (!isPg) return fn();
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await admin.connect();
  await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
  try {
    return await fn();
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]);
    await admin.end();
  }
}

describe.each(testDialects())('migration 2026120505_audit_keyed_chain on $name', ({ name }) => {
  let database: Db;
  let schema: string | undefined;
  afterAll(async () => {
    await database?.close();
    if (schema)
      await locked(async () => {
        const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }, true);
  });

  it('keeps an old plain SHA-256 chain verifying and keys it from the marker on', async () => {
    if (name === 'postgres') {
      schema = `k_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      database = openDatabase(process.env.TEST_PG_URL!, { pgSchema: schema });
    } else database = openDatabase(':memory:');
    const { db, dialect } = database;
    await locked(() => migrateTo(db, '2026120410_workbench', schema), name === 'postgres');
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

    await locked(() => migrateToLatest(db, schema), name === 'postgres');
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
