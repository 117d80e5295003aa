import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type TestEnv, TEST_PASSWORD, startTestEnv } from '../test/harness.js';

/** A stream that appends what is written to `into`. */
function logTo(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      into.push(chunk.toString('utf8'));
      cb();
    },
  });
}

describe.skipIf(process.env.TEST_SQLITE === '0')('request logs (engine-independent: SQLite leg only)', () => {
  let env: TestEnv;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString('utf8'));
        cb();
      },
    });
    env = await startTestEnv('sqlite', { logStream: stream });
  });
  afterAll(async () => env?.close());

  it('never contain passwords, cookies, CSRF tokens, IP addresses or query strings', async () => {
    const res = await env.anon().post('/api/auth/login', { username: 'leader', password: TEST_PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'qf_session')!.value;
    const csrf = res.json<{ csrfToken: string }>().csrfToken;
    await env.anon().post('/api/auth/login', { username: 'leader', password: 'Wrong-Secret-991' });
    const client = await env.as('leader');
    await client.get('/api/subjects?q=%E7%8E%8B%E4%BC%9F-unique-query');
    await client.post('/api/auth/logout');
    const all = lines.join('');
    expect(all).toContain('/api/auth/login'); // the log is really being captured
    for (const secret of [
      TEST_PASSWORD,
      'Wrong-Secret-991',
      cookie,
      csrf,
      client.csrf!,
      'unique-query',
      '127.0.0.1',
      'remoteAddress',
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it('never contain the metrics bearer token, a receipt, or a receipt lookup', async () => {
    const token = 'log-test-metrics-token-0123456789abcdef';
    const app = await buildApp(
      { ...env.config, metricsToken: token },
      { database: env.platform.database, masterKey: env.platform.masterKey, logStream: logTo(lines) },
    );
    try {
      const before = lines.length;
      const scrape = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(scrape.statusCode).toBe(200);
      const refused = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token.toUpperCase()}` },
      });
      expect(refused.statusCode).toBe(401);
      const region = await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('level', '=', 'village')
        .executeTakeFirstOrThrow();
      const made = await app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: {
          regionCode: region.code,
          named: false,
          subject: { name: '测试某' },
          content: '村里补助发放不公，有不符合条件的户领取了补助。',
        },
      });
      expect(made.statusCode, made.body).toBe(201);
      const receipt = made.json<{ receipt: string }>().receipt;
      const lookup = await app.inject({ method: 'POST', url: '/api/public/receipt-lookups', payload: { receipt } });
      expect(lookup.statusCode).toBe(200);
      const mine = lines.slice(before).join('');
      expect(mine).toContain('/metrics'); // these requests were logged
      expect(mine).toContain('/api/public/receipt-lookups');
      for (const secret of [token, token.toUpperCase(), receipt]) expect(mine).not.toContain(secret);
    } finally {
      await app.close();
    }
  });

  it('give services a request logger in ctx.log: its lines carry the request id, under the same redaction', async () => {
    const own: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        own.push(chunk.toString('utf8'));
        cb();
      },
    });
    const app = await buildApp(env.config, {
      database: env.platform.database,
      masterKey: env.platform.masterKey,
      logStream: stream,
    });
    try {
      app.get('/api/test/service-log', { config: { access: { public: true } } }, async (req) => {
        req.ctx.log.info({ password: 'Pw-in-service-1', cookie: 'qf_session=abc123', note: 'kept' }, 'service says');
        return { ok: true };
      });
      const res = await app.inject({ method: 'GET', url: '/api/test/service-log' });
      expect(res.statusCode).toBe(200);
      const line = own.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'service says');
      expect(line).toMatchObject({ reqId: res.headers['x-request-id'], note: 'kept', password: '[redacted]' });
      expect(own.join('')).not.toContain('Pw-in-service-1');
      expect(own.join('')).not.toContain('abc123');
    } finally {
      await app.close();
    }
  });
});
