import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactDatabaseUrl } from '../shared/config.js';
import { openDatabase } from './database.js';
import {
  DatabaseUnavailableError,
  FailoverPool,
  PgUrlError,
  connectPostgresClient,
  isDatabaseUnavailable,
  parsePostgresUrl,
} from './pg-failover.js';

describe('multi-host PostgreSQL URLs', () => {
  it('takes a libpq multi-host URL apart into one URL per host, in order', () => {
    const t = parsePostgresUrl(
      'postgres://qf:S3cret@db1.internal:55441,db2.internal:55442/qingfeng?target_session_attrs=read-write&sslmode=require',
    );
    expect(t.hosts).toEqual([
      { host: 'db1.internal', port: 55441 },
      { host: 'db2.internal', port: 55442 },
    ]);
    expect(t.targetSessionAttrs).toBe('read-write');
    expect(t.connectTimeoutMs).toBe(5000);
    expect(t.hostUrls).toEqual([
      'postgres://qf:S3cret@db1.internal:55441/qingfeng?sslmode=require',
      'postgres://qf:S3cret@db2.internal:55442/qingfeng?sslmode=require',
    ]);
  });

  it('reads one host, default ports, IPv6 and connect_timeout as libpq does', () => {
    expect(parsePostgresUrl('postgresql://db/qf')).toMatchObject({
      hosts: [{ host: 'db', port: 5432 }],
      hostUrls: ['postgresql://db/qf'],
      targetSessionAttrs: 'any',
    });
    const t = parsePostgresUrl(
      'postgres://u@[::1]:55441,127.0.0.1,pg_2/qf?connect_timeout=2&target_session_attrs=primary',
    );
    expect(t.hosts).toEqual([
      { host: '::1', port: 55441 },
      { host: '127.0.0.1', port: 5432 },
      { host: 'pg_2', port: 5432 },
    ]);
    expect(t.hostUrls[0]).toBe('postgres://u@[::1]:55441/qf');
    expect(t.connectTimeoutMs).toBe(2000);
    expect(t.targetSessionAttrs).toBe('primary');
  });

  it('refuses junk with a message that names the problem and never the password', () => {
    const refusals: [string, RegExp][] = [
      ['postgres://', /no host/],
      ['postgres://u:S3cret@/qf', /no host/],
      ['postgres://u:S3cret@h1:5432,,h2/qf', /host ""/],
      ['postgres://u:S3cret@h1:99999/qf', /port of "h1:99999"/],
      ['postgres://u:S3cret@h1:5432,h 2:5433/qf', /host "h 2:5433"/],
      ['postgres://u:S3cret@h1,h2:abc/qf', /host "h2:abc"/],
      ['postgres://u:S3cret@[zz]:5432/qf', /host "\[zz\]:5432"/],
      ['postgres://u:S3cret@h1,h2/qf?target_session_attrs=read-only', /target_session_attrs=read-only cannot be used/],
      ['postgres://u:S3cret@h1/qf?connect_timeout=soon', /connect_timeout=soon/],
      ['mysql://u:S3cret@h1/qf', /expected postgres:\/\//],
    ];
    for (const [url, why] of refusals) {
      let err: unknown;
      try {
        parsePostgresUrl(url);
      } catch (e) {
        err = e;
      }
      expect(err, url).toBeInstanceOf(PgUrlError);
      expect((err as Error).message, url).toMatch(why);
      expect((err as Error).message, url).not.toContain('S3cret');
    }
  });

  it('hides the password of a multi-host URL', () => {
    expect(redactDatabaseUrl('postgres://qf:S3cret@h1:5432,h2:5433/qf?target_session_attrs=read-write')).toBe(
      'postgres://qf:***@h1:5432,h2:5433/qf?target_session_attrs=read-write',
    );
    expect(redactDatabaseUrl('postgres://qf@h1,h2/qf?password=S3cret')).toBe('postgres://qf@h1,h2/qf?password=***');
  });

  it('tells a lost connection from an ordinary database error', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const e of [
      coded('ECONNREFUSED'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('25006', 'cannot execute INSERT in a read-only transaction'),
      coded('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('migration failed', { cause: coded('57P03') }),
      new DatabaseUnavailableError('no host'),
    ])
      expect(isDatabaseUnavailable(e), e.message).toBe(true);
    for (const e of [coded('23505'), coded('22021'), new Error('boom'), null, 'ECONNREFUSED'])
      expect(isDatabaseUnavailable(e)).toBe(false);
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Against the real PostgreSQL of TEST_PG_URL: a dead host before it (connection refused), a role
 * whose sessions are read-only (what a standby looks like to `target_session_attrs=read-write`),
 * and backends terminated under the pool (what a primary that dies does to its connections).
 */
describe.skipIf(!process.env.TEST_PG_URL)('failover pool on PostgreSQL', () => {
  const base = new URL(process.env.TEST_PG_URL ?? 'postgres://localhost/x');
  const live = `${base.hostname}:${base.port || 5432}`;
  const user = decodeURIComponent(base.username) || 'postgres';
  const auth = base.password ? `${user}:${base.password}` : user;
  const db = base.pathname.slice(1);
  const roRole = `qf_ro_${process.pid}_${randomBytes(3).toString('hex')}`;
  let dead: number;
  const admin = () => new pg.Client({ connectionString: process.env.TEST_PG_URL });
  const url = (hosts: string, attrs = 'read-write', who = auth) =>
    `postgres://${who}@${hosts}/${db}?target_session_attrs=${attrs}&connect_timeout=2`;

  beforeAll(async () => {
    dead = await deadPort();
    const a = admin();
    await a.connect();
    await a.query(`create role ${roRole} login`);
    await a.query(`alter role ${roRole} set default_transaction_read_only = on`);
    await a.end();
  });
  afterAll(async () => {
    const a = admin();
    await a.connect();
    await a.query(`drop role if exists ${roRole}`);
    await a.end();
  });

  it('skips a dead first host and then starts at the host that answered', async () => {
    const pool = new FailoverPool(parsePostgresUrl(url(`127.0.0.1:${dead},${live}`)), { max: 2 });
    try {
      const c = await pool.connect();
      const res = await c.query<{ one: number }>('select 1 as one', []);
      expect(res.rows).toEqual([{ one: 1 }]);
      c.release();
      expect(`${pool.currentHost.host}:${pool.currentHost.port}`).toBe(live);
    } finally {
      await pool.end();
    }
  });

  it('refuses a read-only server for read-write and primary, takes it for any', async () => {
    const who = roRole;
    const rw = new FailoverPool(parsePostgresUrl(url(live, 'read-write', who)), { max: 1 });
    const err = await rw.connect().catch((e: unknown) => e);
    await rw.end();
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toBe(
      `no database host accepted a read-write connection (${live}: read-only (a standby))`,
    );
    // Not in recovery: `primary` asks pg_is_in_recovery(), not the session default.
    for (const attrs of ['any', 'primary']) {
      const pool = new FailoverPool(parsePostgresUrl(url(live, attrs, who)), { max: 1 });
      const c = await pool.connect();
      c.release();
      await pool.end();
    }
  });

  it('fails fast, naming every host, when no host answers', async () => {
    const other = await deadPort();
    const pool = new FailoverPool(parsePostgresUrl(url(`127.0.0.1:${dead},127.0.0.1:${other}`)), { max: 1 });
    const t0 = performance.now();
    const err = await pool.connect().catch((e: unknown) => e);
    await pool.end();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${dead}: .*ECONNREFUSED.*; 127\\.0\\.0\\.1:${other}: `),
    );
  });

  it('turns a connection killed in use into DatabaseUnavailableError and drops it; the next one works', async () => {
    const lost: string[] = [];
    const pool = new FailoverPool(parsePostgresUrl(url(live)), { max: 2, onConnectionError: (m) => lost.push(m) });
    const a = admin();
    await a.connect();
    try {
      const c = await pool.connect();
      const pid = (await c.query<{ pid: number }>('select pg_backend_pid() as pid', [])).rows[0]!.pid;
      await a.query('select pg_terminate_backend($1)', [pid]);
      // Checked out and between queries when the server ends it (inside a transaction, say): the
      // client's 'error' event must have a listener, or the process ends.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const err = await c.query('select 1', []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as Error).message).toMatch(/^database connection lost: /);
      c.release();

      // Idle in the pool when its backend goes: reported, dropped, no crash.
      const d = await pool.connect();
      const pid2 = (await d.query<{ pid: number }>('select pg_backend_pid() as pid', [])).rows[0]!.pid;
      expect(pid2).not.toBe(pid);
      d.release();
      await a.query('select pg_terminate_backend($1)', [pid2]);
      await expect.poll(() => lost.length).toBe(1);
      expect(lost[0]).toContain(`database connection to ${live} lost`);
      const e = await pool.connect();
      const pid3 = (await e.query<{ pid: number }>('select pg_backend_pid() as pid', [])).rows[0]!.pid;
      expect([pid, pid2]).not.toContain(pid3);
      e.release();
    } finally {
      await a.end();
      await pool.end();
    }
  });

  it('serves Kysely through openDatabase and plain clients through connectPostgresClient', async () => {
    const multi = url(`127.0.0.1:${dead},${live}`);
    const database = openDatabase(multi, { poolSize: 2 });
    try {
      const { rows } = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(
        database.db,
      );
      expect(rows).toEqual([{ ro: 'off' }]);
    } finally {
      await database.close();
    }
    const client = await connectPostgresClient(multi);
    try {
      expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    await expect(connectPostgresClient(url(live, 'read-write', roRole))).rejects.toThrow(/read-only/);
  });
});
