import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, TEST_PASSWORD, startTestEnv } from '../test/harness.js';

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
});
