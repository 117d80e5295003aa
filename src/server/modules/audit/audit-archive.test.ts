import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../db/durability.js';
import { jobDefinitions } from '../../modules.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { makeReport, villageOf } from '../../test/factories.js';
import { verifyAuditChainParallel } from './audit-verify.js';
import { ARCHIVE_FOLDER, archiveAuditEvents, archiveCutoff, listAuditArchives } from './audit.archive.js';
import { writeAuditAnchor } from './audit.anchors.js';
import { readAuditHead } from './audit.chain.js';
import { appendAuditEvent, verifyAuditChain } from './audit.service.js';

describe('the online period', () => {
  it('keeps whole UTC months: at least six months online', () => {
    expect(archiveCutoff(Date.parse('2027-06-15T10:00:00Z'), 6)).toBe('2026-12-01T00:00:00.000Z');
    expect(archiveCutoff(Date.parse('2027-01-01T00:00:00Z'), 6)).toBe('2026-07-01T00:00:00.000Z');
    expect(archiveCutoff(Date.parse('2027-03-31T23:59:59Z'), 12)).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe.each(testDialects())('audit retention on $name', ({ name }) => {
  let env: TestEnv;
  const db = () => env.platform.database.db;
  const dialect = () => env.platform.database.dialect;
  const archiveDir = () => join(env.config.dataDir, ARCHIVE_FOLDER);
  const verifyBoth = async () => {
    const seq = await verifyAuditChain(db());
    const par = await verifyAuditChainParallel(
      db(),
      { databaseUrl: env.config.databaseUrl, pgSchema: env.config.pgSchema },
      { workers: 3, minEvents: 0 },
    );
    expect(par).toEqual(seq);
    return seq;
  };

  /** Appends `n` events stamped `iso` (as if written then), then anchors the head. */
  async function eventsAt(iso: string, n: number): Promise<void> {
    await transact(db(), async (trx) => {
      for (let i = 0; i < n; i++)
        await appendAuditEvent(trx, dialect(), {
          occurredAt: iso,
          actorUserId: null,
          actorUsername: 'tester',
          requestId: null,
          action: 'staff.update',
          resourceType: 'staff',
          resourceId: `s-${i}`,
          changes: { name: ['张三', `李四${i}`] },
        });
    });
    await writeAuditAnchor(db(), Date.parse(iso));
  }

  beforeAll(async () => {
    env = await startTestEnv(name, { sqliteFile: true });
    // The seed's events are of 2026-11-20; then some work and events in the following months.
    await makeReport(env, await villageOf(env, 'township1'), { kind: 'petition' });
    await writeAuditAnchor(db(), env.clock.nowMs());
    await eventsAt('2026-11-30T23:59:59.000Z', 30);
    await eventsAt('2026-12-15T08:00:00.000Z', 40);
    await eventsAt('2027-01-10T08:00:00.000Z', 25);
    await eventsAt('2027-03-01T08:00:00.000Z', 5);
  });
  afterAll(async () => env?.close());

  const countWhere = async (op: '<' | '>=', iso: string) =>
    Number(
      (
        await db()
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('occurred_at', op, iso)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('archives only events older than six months, removes them after the signed file is recorded, and the whole chain still verifies', async () => {
    const cutoff = '2026-12-01T00:00:00.000Z';
    const young = await countWhere('>=', cutoff);
    const old = await countWhere('<', cutoff);
    expect(old).toBeGreaterThan(30);
    expect(await verifyBoth()).toMatchObject({ ok: true });

    const run = await archiveAuditEvents(db(), dialect(), Date.parse('2027-06-15T10:00:00Z'));
    expect(run.archives).toHaveLength(1);
    const [a] = run.archives;
    expect(a!.file).toMatch(/^audit-2026-11-1-\d+\.jsonl\.gz$/);
    expect(a!.last_at < cutoff).toBe(true);
    expect(a!.events).toBe(old);
    expect(a!.anchors).toBeGreaterThanOrEqual(2); // the seed's anchor and the one of 11-30
    expect(run.pruned).toBe(old);
    // Nothing younger than the online period left the database, nothing older stayed.
    expect(await countWhere('>=', cutoff)).toBe(young + 1); // + the audit.archive event itself
    expect(await countWhere('<', cutoff)).toBe(0);
    const head = await readAuditHead(db());
    const result = await verifyBoth();
    expect(result).toMatchObject({ ok: true, checked: head!.lastSeq });
    expect(result.anchors).toBeGreaterThanOrEqual(5);
    // A second run the same day has nothing to do.
    expect(await archiveAuditEvents(db(), dialect(), Date.parse('2027-06-15T11:00:00Z'))).toEqual({
      archives: [],
      pruned: 0,
    });
  });

  it('archives month by month as time passes, never the head', async () => {
    const run = await archiveAuditEvents(db(), dialect(), Date.parse('2027-08-02T00:00:00Z'));
    expect(run.archives.map((a) => a.file.slice(0, 13))).toEqual(['audit-2026-12', 'audit-2027-01']);
    const rows = await listAuditArchives(db());
    expect(rows.map((r) => r.from_seq)).toEqual([1, rows[0]!.to_seq + 1, rows[1]!.to_seq + 1]);
    const head = await readAuditHead(db());
    expect(rows.at(-1)!.to_seq).toBeLessThan(head!.lastSeq);
    expect(await countWhere('>=', '2027-02-01T00:00:00.000Z')).toBeGreaterThan(0);
    expect(await verifyBoth()).toMatchObject({ ok: true, checked: head!.lastSeq });
    // Years later, the head (and what the archive job itself wrote) is never archived.
    await archiveAuditEvents(db(), dialect(), Date.parse('2035-01-01T00:00:00Z'));
    const last = await readAuditHead(db());
    const online = await db().selectFrom('audit_events').select('seq').execute();
    expect(online.map((r) => Number(r.seq))).toContain(last!.lastSeq);
    expect(await verifyBoth()).toMatchObject({ ok: true, checked: last!.lastSeq });
  });

  it('the database refuses to delete an event no archive covers, and to alter or skip archives', async () => {
    const head = await readAuditHead(db());
    await expect(db().deleteFrom('audit_events').where('seq', '=', head!.lastSeq).execute()).rejects.toThrow(
      /append-only/,
    );
    const rows = await listAuditArchives(db());
    await expect(
      db()
        .updateTable('audit_archives')
        .set({ sha256: '0'.repeat(64) })
        .where('id', '=', rows[0]!.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db()
        .insertInto('audit_archives')
        .values({
          ...rows[0]!,
          id: 'gap',
          file: 'gap.jsonl.gz',
          from_seq: rows.at(-1)!.to_seq + 5,
          to_seq: rows.at(-1)!.to_seq + 6,
        })
        .execute(),
    ).rejects.toThrow(/archive/);
    expect(await verifyBoth()).toMatchObject({ ok: true });
  });

  it('names an altered archive file, a missing one, a forged record and an unrecorded file', async () => {
    const rows = await listAuditArchives(db());
    const target = rows[1]!;
    const path = join(archiveDir(), target.file);
    const original = readFileSync(path);
    // An event's content changed inside the file.
    const text = gunzipSync(original).toString('utf8').replace('"staff.update"', '"staff.delete"');
    writeFileSync(path, gzipSync(text));
    let r = await verifyBoth();
    expect(r).toMatchObject({ ok: false, firstBadSeq: target.from_seq });
    expect(r.reason).toContain(target.file);
    expect(r.reason).toContain('altered');
    // The file deleted.
    renameSync(path, `${path}.away`);
    r = await verifyBoth();
    expect(r.reason).toContain(target.file);
    expect(r.reason).toContain('missing');
    renameSync(`${path}.away`, path);
    writeFileSync(path, original);
    expect(await verifyBoth()).toMatchObject({ ok: true });

    // A record forged by someone with DDL rights but without the key (the file re-hashed to match).
    const forgedText = gunzipSync(original).toString('utf8').replace('"staff.update"', '"staff.delete"');
    const forged = gzipSync(forgedText);
    const { createHash } = await import('node:crypto');
    if (name === 'postgres') await sql`alter table audit_archives disable trigger user`.execute(db());
    else await sql`drop trigger audit_archives_no_update`.execute(db());
    await db()
      .updateTable('audit_archives')
      .set({ sha256: createHash('sha256').update(forged).digest('hex') })
      .where('id', '=', target.id)
      .execute();
    writeFileSync(path, forged);
    r = await verifyBoth();
    expect(r).toMatchObject({ ok: false, firstBadSeq: target.from_seq });
    expect(r.reason).toContain('signature is not valid');
    await db().updateTable('audit_archives').set({ sha256: target.sha256 }).where('id', '=', target.id).execute();
    writeFileSync(path, original);
    expect(await verifyBoth()).toMatchObject({ ok: true });

    // A record removed (its file still there): the file is named, and the gap in the chain shows.
    const last = rows.at(-1)!;
    if (name === 'sqlite') await sql`drop trigger audit_archives_no_delete`.execute(db());
    await db().deleteFrom('audit_archives').where('id', '=', last.id).execute();
    r = await verifyBoth();
    expect(r.ok).toBe(false);
    expect(r.reason).toContain(last.file);
    expect(readdirSync(archiveDir())).toContain(last.file);
  });
});

describe.each(testDialects())('retention jobs never delete records on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
    await makeReport(env, await villageOf(env, 'township1'), { kind: 'petition' });
  });
  afterAll(async () => env?.close());

  /** Tables retention may shrink: the audit log (into archives), credentials, notifications read long ago, finished jobs. */
  const MAY_SHRINK = new Set([
    'audit_events',
    'sessions',
    'login_throttles',
    'grid_sessions',
    'grid_invitations',
    'notifications',
    'jobs',
    'subsidy_lookup_limits',
    'reports_search_pending',
  ]);

  async function tableCounts(): Promise<Map<string, number>> {
    const db = env.platform.database.db;
    const names =
      name === 'postgres'
        ? (
            await sql<{ t: string }>`select table_name as t from information_schema.tables
              where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
          ).rows.map((r) => r.t)
        : (
            await sql<{ t: string }>`select name as t from sqlite_master where type = 'table'
              and name not like 'sqlite_%' and name not like 'reports_search%'`.execute(db)
          ).rows.map((r) => r.t);
    const out = new Map<string, number>();
    for (const t of names) {
      const r = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t)}`.execute(db);
      out.set(t, Number(r.rows[0]!.n));
    }
    return out;
  }

  it('every daily and hourly job, run two years on, removes nothing but what retention may; read notifications go after 90 days, unread stay', async () => {
    const db = env.platform.database.db;
    const user = await db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow();
    const at = new Date(env.clock.nowMs()).toISOString();
    await db
      .insertInto('notifications')
      .values([
        {
          id: 'n-read',
          user_id: user.id,
          kind: 'test',
          title: 't',
          body: 'b',
          resource_type: null,
          resource_id: null,
          dedupe_key: null,
          read_at: at,
          created_at: at,
        },
        {
          id: 'n-unread',
          user_id: user.id,
          kind: 'test',
          title: 't',
          body: 'b',
          resource_type: null,
          resource_id: null,
          dedupe_key: null,
          read_at: null,
          created_at: at,
        },
      ])
      .execute();
    const before = await tableCounts();
    expect(before.get('reports')).toBeGreaterThan(0);
    env.clock.advance(2 * 366 * 86_400_000);
    const log = env.ctx().log;
    const jobEnv = { db, dialect: env.platform.database.dialect, clock: env.clock, dataDir: env.config.dataDir, log };
    const periodic = jobDefinitions().filter((j) => j.every);
    expect(periodic.map((j) => j.kind)).toEqual(
      expect.arrayContaining([
        'audit.archive',
        'notifications.purge_read',
        'grid.purge_credentials',
        'jobs.purge_done',
      ]),
    );
    for (const job of periodic) await job.run({}, {} as never, jobEnv);
    const after = await tableCounts();
    for (const [table, n] of before)
      if (!MAY_SHRINK.has(table)) expect(after.get(table) ?? 0, `${table} lost rows`).toBeGreaterThanOrEqual(n);
    // The audit log was archived, and still verifies as a whole.
    expect((await listAuditArchives(db)).length).toBeGreaterThan(0);
    const oldOnline = await db
      .selectFrom('audit_events')
      .select('seq')
      .where('occurred_at', '<', archiveCutoff(env.clock.nowMs(), 6))
      .execute();
    expect(oldOnline).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    const left = await db.selectFrom('notifications').select('id').where('id', 'in', ['n-read', 'n-unread']).execute();
    expect(left.map((r) => r.id)).toEqual(['n-unread']);
  });
});
