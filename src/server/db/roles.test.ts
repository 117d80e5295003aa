import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveAuditEvents, verifyAuditChain } from '../modules/audit/index.js';
import { type TestEnv, startTestEnv } from '../test/harness.js';

/**
 * PostgreSQL with an owner role and an application role (DATABASE_OWNER_URL + DATABASE_URL):
 * the owner runs the migrations and grants; the application role, which the server runs as,
 * may only insert into and read the audit log, and cannot switch off its append-only trigger.
 * Roles are global to the cluster: each run creates its own, with a unique name, and drops it.
 */
describe.skipIf(!process.env.TEST_PG_URL)('PostgreSQL owner and application roles', () => {
  const role = `qf_app_${process.pid}_${randomBytes(4).toString('hex')}`;
  let env: TestEnv;
  let app: pg.Client;
  const admin = () => new pg.Client({ connectionString: process.env.TEST_PG_URL });

  beforeAll(async () => {
    const a = admin();
    await a.connect();
    await a.query(`create role ${role} login`);
    await a.end();
    const url = new URL(process.env.TEST_PG_URL!);
    url.username = role;
    url.password = '';
    env = await startTestEnv('postgres', {
      config: { databaseUrl: url.toString(), databaseOwnerUrl: process.env.TEST_PG_URL },
    });
    app = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${env.config.pgSchema}` });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await env?.close();
    const a = admin();
    await a.connect();
    await a.query(`drop owned by ${role}`);
    await a.query(`drop role if exists ${role}`);
    await a.end();
  });

  it('runs the platform as the application role: sign-ins, audit events, verification', async () => {
    expect((await app.query<{ u: string }>('select current_user as u')).rows[0]!.u).toBe(role);
    const owner = await app.query<{ o: string }>(
      `select tableowner as o from pg_tables where schemaname = $1 and tablename = 'audit_events'`,
      [env.config.pgSchema],
    );
    expect(owner.rows[0]!.o).not.toBe(role);
    const leader = await env.as('leader');
    expect((await leader.get('/api/reports?pageSize=1')).statusCode).toBe(200);
    await env.as('auditadmin');
    const n = await app.query<{ n: number }>('select count(*)::int as n from audit_events');
    expect(n.rows[0]!.n).toBeGreaterThan(2);
    expect(await verifyAuditChain(env.platform.database.db)).toMatchObject({ ok: true });
  });

  it('cannot delete or update audit events, nor disable or drop the append-only trigger', async () => {
    for (const statement of [
      'delete from audit_events where seq = 1',
      `update audit_events set action = 'x' where seq = 1`,
      'truncate audit_events',
      'delete from audit_head',
      'insert into audit_head (id, last_seq, last_hash, keyed_from) values (2, 0, $$x$$, 1)',
    ])
      await expect(app.query(statement), statement).rejects.toThrow(/permission denied/);
    for (const statement of [
      'alter table audit_events disable trigger all',
      'alter table audit_events disable trigger audit_events_no_update',
      'drop trigger audit_events_no_update on audit_events',
      'drop table audit_events',
    ])
      await expect(app.query(statement), statement).rejects.toThrow(/must be owner/);
    // The migrator's tables are read-only to it too.
    await expect(app.query('delete from kysely_migration')).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(env.platform.database.db)).toMatchObject({ ok: true });
  });

  it('archives and prunes the audit log through the owner function only, never an event no archive covers', async () => {
    for (const statement of [
      'delete from audit_archives',
      `update audit_archives set file = 'x'`,
      'truncate audit_archives',
    ])
      await expect(app.query(statement), statement).rejects.toThrow(/permission denied/);
    // Nothing archived yet: the owner's function removes nothing.
    expect(Number((await app.query<{ n: string }>('select audit_prune_archived(100) as n')).rows[0]!.n)).toBe(0);
    const before = (await app.query<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]!.n;
    // Six months and more later, the archive job (running as the application role) takes the old events offline.
    const run = await archiveAuditEvents(
      env.platform.database.db,
      env.platform.database.dialect,
      env.clock.nowMs() + 400 * 86_400_000,
    );
    expect(run.archives.length).toBeGreaterThan(0);
    expect(run.pruned).toBe(run.archives.reduce((n, a) => n + a.events, 0));
    const after = (await app.query<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]!.n;
    expect(after).toBe(before - run.pruned + run.archives.length); // + an audit.archive event per archive
    expect(await verifyAuditChain(env.platform.database.db)).toMatchObject({ ok: true });
    // Still no direct delete, and the head stays whatever is asked.
    await expect(app.query('delete from audit_events')).rejects.toThrow(/permission denied/);
    expect(Number((await app.query<{ n: string }>('select audit_prune_archived(1000000) as n')).rows[0]!.n)).toBe(0);
  });
});
