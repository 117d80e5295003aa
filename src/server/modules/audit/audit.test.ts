import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { dropAuditTriggers } from '../../test/tamper.js';
import { verifyAuditChain } from './audit.service.js';

describe.each(testDialects())('audit chain on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const db = () => env.platform.database.db;
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('records a change with who, what, which record, unit, request id and before/after', async () => {
    const org = await env.as('orgadmin');
    const staff = (await org.get('/api/staff?pageSize=1')).json<{
      items: { id: string; unitId: string; version: number; name: string; position: string }[];
    }>().items[0]!;
    const res = await org.patch(`/api/staff/${staff.id}`, {
      unitId: staff.unitId,
      name: staff.name,
      position: '新职务',
      version: staff.version,
    });
    expect(res.statusCode).toBe(200);
    const ev = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'staff.update')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev.actor_username).toBe('orgadmin');
    expect(ev.resource_id).toBe(staff.id);
    expect(ev.unit_id).toBe(staff.unitId);
    expect(ev.request_id).toBe(res.headers['x-request-id']);
    expect(JSON.parse(ev.changes!)).toEqual({ position: [staff.position, '新职务'] });
  });

  it('writes nothing, neither the change nor its event, when the change fails', async () => {
    const org = await env.as('orgadmin');
    const before = await count();
    const res = await org.post('/api/subjects', {
      name: '测试',
      position: '村主任',
      employer: '某村',
      regionCode: '411221100001',
      cadreAuthority: 'village_cadre',
      ownerUnitId: '01a200a9-0000-7000-8000-000000000000',
    });
    expect(res.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('records reading a person’s record', async () => {
    const leader = await env.as('leader');
    const s = (await leader.get('/api/subjects?pageSize=1')).json<{ items: { id: string }[] }>().items[0]!;
    await leader.get(`/api/subjects/${s.id}`);
    const ev = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'subject.read')
      .where('resource_id', '=', s.id)
      .executeTakeFirst();
    expect(ev?.actor_username).toBe('leader');
    const st = (await leader.get('/api/staff?pageSize=1')).json<{ items: { id: string }[] }>().items[0]!;
    await leader.get(`/api/staff/${st.id}`);
    const sev = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'staff.read')
      .where('resource_id', '=', st.id)
      .executeTakeFirst();
    expect(sev?.actor_username).toBe('leader');
  });

  it('lets the audit administrator filter and export the log to Excel', async () => {
    const auditor = await env.as('auditadmin');
    const list = await auditor.get('/api/audit-events?actor=orgadmin&action=staff.update');
    expect(list.statusCode).toBe(200);
    const body = list.json<{ items: { action: string; actorUsername: string }[]; total: number }>();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((e) => e.action === 'staff.update' && e.actorUsername === 'orgadmin')).toBe(true);
    const prefix = await auditor.get('/api/audit-events?action=auth.&pageSize=200');
    expect(prefix.json<{ items: { action: string }[] }>().items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    const xlsx = await auditor.get('/api/audit-events/export.xlsx?action=staff.update');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(4).value).toBe('操作');
    expect(ws.rowCount - 1).toBe(body.total);
    // The action in words, then its code.
    expect(ws.getRow(2).getCell(4).value).toBe('修改工作人员');
    expect(ws.getRow(2).getCell(5).value).toBe('staff.update');
    const leader = await env.as('leader');
    expect((await leader.get('/api/audit-events')).statusCode).toBe(403);
  });

  it('refuses UPDATE and DELETE on the audit log in the database itself', async () => {
    await expect(sql`update audit_events set action = 'x' where seq = 1`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where seq = 1`.execute(db())).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('verifies an intact chain and names the first edited, deleted or inserted row', async () => {
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, firstBadSeq: null });
    await dropAuditTriggers(env.platform.database);
    const total = await count();
    expect(total).toBeGreaterThan(5);

    const original = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await sql`update audit_events set action = 'staff.delete' where seq = 3`.execute(db());
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadSeq: 3 });
    await db().updateTable('audit_events').set({ action: original.action }).where('seq', '=', 3).execute();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('detects a deleted middle row, a forged insertion and a truncated tail', async () => {
    const env2 = await startTestEnv(name);
    try {
      const leader = await env2.as('leader');
      for (let i = 0; i < 3; i++) await leader.post('/api/auth/logout').catch(() => undefined);
      await env2.as('leader');
      await env2.as('intake');
      const d = env2.platform.database.db;
      await dropAuditTriggers(env2.platform.database);
      const n = Number(
        (
          await d
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(n).toBeGreaterThanOrEqual(4);
      expect((await verifyAuditChain(d)).ok).toBe(true);

      const row2 = await d.selectFrom('audit_events').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
      await d.deleteFrom('audit_events').where('seq', '=', 2).execute();
      expect(await verifyAuditChain(d)).toMatchObject({ ok: false, firstBadSeq: 2 });
      await d.insertInto('audit_events').values(row2).execute();
      expect((await verifyAuditChain(d)).ok).toBe(true);

      // a forged row with a consistent sequence number but no valid hash
      await d
        .updateTable('audit_events')
        .set({ seq: sql`seq + 1000` })
        .where('seq', '>=', 3)
        .execute();
      await d
        .insertInto('audit_events')
        .values({ ...row2, seq: 3, id: 'forged', action: 'user.create', prev_hash: row2.hash })
        .execute();
      const forged = await verifyAuditChain(d);
      expect(forged).toMatchObject({ ok: false, firstBadSeq: 3 });
      await d.deleteFrom('audit_events').where('seq', '=', 3).execute();
      await d
        .updateTable('audit_events')
        .set({ seq: sql`seq - 1000` })
        .where('seq', '>=', 1003)
        .execute();
      expect((await verifyAuditChain(d)).ok).toBe(true);

      await d.deleteFrom('audit_events').where('seq', '=', n).execute();
      expect(await verifyAuditChain(d)).toMatchObject({ ok: false, firstBadSeq: n });
    } finally {
      await env2.close();
    }
  });

  it('is reachable by the verification endpoint for the audit administrator only', async () => {
    const env3 = await startTestEnv(name);
    try {
      const auditor = await env3.as('auditadmin');
      const res = await auditor.post('/api/audit-events/verification');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, firstBadSeq: null });
      const sys = await env3.as('sysadmin');
      expect((await sys.post('/api/audit-events/verification')).statusCode).toBe(403);
    } finally {
      await env3.close();
    }
  });
});

// The CLI test reads and tampers with a SQLite file directly; the chain checks above cover PostgreSQL.
describe.skipIf(process.env.TEST_SQLITE === '0')('verify-audit command', () => {
  it('exits 0 on an intact chain and 1 naming the first bad event after tampering', async () => {
    const env = await startTestEnv('sqlite', { sqliteFile: true });
    try {
      await env.as('leader');
      const file = env.config.databaseUrl.replace(/^sqlite:/, '');
      await env.platform.database.close();
      const run = () => {
        try {
          return {
            code: 0,
            // The same Node as this test (npx would pick whichever `node` its PATH names).
            out: execFileSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'verify-audit'], {
              env: {
                ...process.env,
                DATABASE_URL: `sqlite:${file}`,
                QF_MASTER_KEY_FILE: join(env.config.dataDir, 'master.key'),
              },
              encoding: 'utf8',
              stdio: ['ignore', 'pipe', 'pipe'],
            }),
          };
        } catch (e) {
          const err = e as { status: number; stderr: string };
          return { code: err.status, out: err.stderr };
        }
      };
      const ok = run();
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('audit chain intact');
      const { default: Sqlite } = await import('better-sqlite3');
      const raw = new Sqlite(file);
      raw.exec('drop trigger audit_events_no_update');
      raw.prepare("update audit_events set actor_username = 'mallory' where seq = 2").run();
      raw.close();
      const bad = run();
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('seq 2');
    } finally {
      await env.close().catch(() => undefined);
    }
  });
});
