import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, TEST_PASSWORD, nextTotp, startTestEnv, testDialects } from '../../test/harness.js';
import { totpCode } from '../../shared/totp.js';

describe.each(testDialects())('auth on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  it('signs in, returns abilities and a CSRF token, and sets an httpOnly SameSite=Strict cookie', async () => {
    const res = await env.anon().post('/api/auth/login', { username: 'leader', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe('leader');
    expect(body.abilities).toContain('staff.read');
    expect(body.abilities).not.toContain('user.manage');
    expect(body.csrfToken).toMatch(/^[0-9a-f]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'qf_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
  });

  it('answers the same error for an unknown user and a wrong password', async () => {
    const a = await env.anon().post('/api/auth/login', { username: 'nobody', password: 'whatever-123' });
    const b = await env.anon().post('/api/auth/login', { username: 'casemgr', password: 'wrong-Password-1' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(b.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('requires CSRF tokens on state-changing requests', async () => {
    const client = await env.as('leader');
    const noToken = await env.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: client.cookie! },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_INVALID');
    const wrong = await env.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: client.cookie!, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.json().error.code).toBe('CSRF_INVALID');
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session after 30 idle minutes', async () => {
    const client = await env.as('intake');
    env.clock.advance(29 * 60_000);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    const gone = await client.get('/api/auth/me');
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('forces administrators to enrol TOTP, then requires the code at login and refuses replays', async () => {
    const first = await env.anon().post('/api/auth/login', { username: 'auditadmin', password: TEST_PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json().user.restriction).toBe('totp_enrolment');
    expect(first.json().abilities).toEqual([]);
    const cookie = `qf_session=${first.cookies.find((c) => c.name === 'qf_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': first.json().csrfToken };
    const blocked = await env.app.inject({ method: 'GET', url: '/api/audit-events', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const setup = await env.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers });
    const secret = setup.json().secret as string;
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/auth/totp/activation',
      headers,
      payload: { code: '000000' === totpCode(secret, env.clock.nowMs()) ? '111111' : '000000' },
    });
    expect(bad.json().error.code).toBe('TOTP_INVALID');
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/auth/totp/activation',
      headers,
      payload: { code: nextTotp(secret, env.clock) },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().abilities).toContain('audit.read');
    expect((await env.app.inject({ method: 'GET', url: '/api/audit-events', headers })).statusCode).toBe(200);

    const missing = await env.anon().post('/api/auth/login', { username: 'auditadmin', password: TEST_PASSWORD });
    expect(missing.json().error.code).toBe('TOTP_REQUIRED');
    const code = nextTotp(secret, env.clock);
    expect(
      (await env.anon().post('/api/auth/login', { username: 'auditadmin', password: TEST_PASSWORD, totp: code }))
        .statusCode,
    ).toBe(200);
    const replay = await env
      .anon()
      .post('/api/auth/login', { username: 'auditadmin', password: TEST_PASSWORD, totp: code });
    expect(replay.json().error.code).toBe('TOTP_INVALID');
  });

  it('makes a new account change its password at first login, under the policy', async () => {
    const admin = await env.as('sysadmin');
    const created = await admin.post('/api/users', {
      username: 'newbie',
      displayName: '新用户',
      password: 'Initial-Pass-1',
    });
    expect(created.statusCode).toBe(201);
    const login = await env.anon().post('/api/auth/login', { username: 'newbie', password: 'Initial-Pass-1' });
    expect(login.json().user.restriction).toBe('password_change');
    const cookie = `qf_session=${login.cookies.find((c) => c.name === 'qf_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
    const weak = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'short1A' },
    });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const twoClasses = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'alllowercase123' },
    });
    expect(twoClasses.json().error.code).toBe('WEAK_PASSWORD');
    const good = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'Better-Pass-2026' },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().user.restriction).toBeNull();
  });
});
