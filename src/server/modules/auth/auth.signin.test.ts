import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, TEST_PASSWORD, nextTotp, startTestEnv, testDialects } from '../../test/harness.js';
import { FREE_FAILURES, LOCK_AFTER_FAILURES, delaySecondsAfter } from './auth.throttle.js';

// Issue 11 §4: sign-in answers the same for accounts and non-accounts, five wrong passwords no
// longer lock anyone out, and a lock set by someone else's guessing is cleared by the owner's
// second factor (or, without one, by the system administrator, whom the workbench tells).

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: unknown;
}

describe.each(testDialects())('sign-in on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  async function attempt(username: string, password: string, totp?: string): Promise<Answer> {
    const res = await env.anon().post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    const body = res.json<{ error?: { requestId?: string } }>();
    if (body.error) delete body.error.requestId;
    return { status: res.statusCode, retryAfter: res.headers['retry-after'], body };
  }

  /** Fails `n` times in a row for `username`, waiting out each delay on the test clock. */
  async function failTimes(username: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const a = await attempt(username, `Wrong-Password-${i}`);
      expect(a.status, `failure ${i + 1}`).toBe(401);
      env.clock.advance(delaySecondsAfter(i + 1) * 1000);
    }
  }

  async function userRow(username: string) {
    return env.ctx().db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  }

  it('answers an account and a name that is no account alike, attempt by attempt, into the delay', async () => {
    for (let i = 1; i <= FREE_FAILURES + 1; i++) {
      const known = await attempt('casemgr', `Wrong-Password-${i}`);
      const unknown = await attempt('no-such-person', `Wrong-Password-${i}`);
      expect(unknown, `attempt ${i}`).toEqual(known);
      expect(known.status).toBe(i <= FREE_FAILURES ? 401 : 429);
    }
    const throttled = await attempt('casemgr', TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.retryAfter).toBe('1');
    expect(throttled.body).toMatchObject({ error: { code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 1 } } });
    // The names typed are not stored in clear anywhere.
    const keys = await env.ctx().db.selectFrom('login_throttles').select('key_hash').execute();
    expect(keys.map((k) => k.key_hash).join()).not.toMatch(/no-such-person|casemgr/);
    env.clock.advance(1000);
    expect((await attempt('casemgr', TEST_PASSWORD)).status).toBe(200);
  });

  it('five wrong passwords do not lock the owner out: the next attempt waits 2^k seconds, growing', async () => {
    for (let i = 0; i < FREE_FAILURES; i++) expect((await attempt('reviewer', `Bad-Password-${i}`)).status).toBe(401);
    for (const wait of [1, 2, 4]) {
      const early = await attempt('reviewer', 'Bad-Password-x');
      expect(early.status).toBe(429);
      expect(early.retryAfter).toBe(String(wait));
      env.clock.advance(wait * 1000 - 1);
      expect((await attempt('reviewer', 'Bad-Password-x')).status).toBe(429);
      env.clock.advance(1);
      expect((await attempt('reviewer', 'Bad-Password-y')).status).toBe(401);
    }
    env.clock.advance(8000);
    const right = await attempt('reviewer', TEST_PASSWORD);
    expect(right.status).toBe(200);
    // A success forgets the count: the next wrong password is answered 401, not 429.
    expect((await attempt('reviewer', 'Bad-Password-z')).status).toBe(401);
    expect((await attempt('reviewer', TEST_PASSWORD)).status).toBe(200);
    expect((await userRow('reviewer')).locked_at).toBeNull();
    // A full day later the delay is forgotten too.
    for (let i = 0; i < FREE_FAILURES; i++) await attempt('reviewer', `Bad-Password-${i}`);
    expect((await attempt('reviewer', 'Bad-Password-x')).status).toBe(429);
    env.clock.advance(24 * 3600_000 + 1000);
    for (let i = 0; i < FREE_FAILURES; i++) expect((await attempt('reviewer', `Bad-Password-${i}`)).status).toBe(401);
    env.clock.advance(1000);
    expect((await attempt('reviewer', TEST_PASSWORD)).status).toBe(200);
  });

  it('a lock set by guessing is cleared by the owner with password and second-factor code', async () => {
    // auditadmin enrols a second factor at first sign-in (the harness keeps its secret).
    await env.as('auditadmin');
    await failTimes('auditadmin', LOCK_AFTER_FAILURES);
    const locked = await userRow('auditadmin');
    expect(locked.locked_at).not.toBeNull();
    // Without the password nothing shows the lock.
    expect(await attempt('auditadmin', 'Wrong-Password-again')).toEqual(
      await attempt('nobody-at-all', 'Wrong-Password-again'),
    );
    env.clock.advance(3600_000);
    // The right password asks for the code and says the code unlocks.
    const ask = await attempt('auditadmin', TEST_PASSWORD);
    expect(ask.status).toBe(401);
    expect(ask.body).toMatchObject({ error: { code: 'TOTP_REQUIRED', details: { locked: true } } });
    // The security administrator is told (workbench card).
    const sec = await env.as('secadmin');
    const card = (await sec.get('/api/workbench'))
      .json<{ cards: { key: string; items: { id: string; subtitle: string }[] }[] }>()
      .cards.find((c) => c.key === 'auth.locked_accounts');
    expect(card?.items.map((i) => i.id)).toContain(locked.id);
    // Password and code sign in and clear the lock.
    const secret = await totpSecretOf('auditadmin');
    const ok = await attempt('auditadmin', TEST_PASSWORD, nextTotp(secret, env.clock));
    expect(ok.status).toBe(200);
    expect((await userRow('auditadmin')).locked_at).toBeNull();
    const actions = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', locked.id)
      .where('action', 'in', ['auth.lockout', 'auth.unlock_by_totp'])
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['auth.lockout', 'auth.unlock_by_totp']);
  });

  it('an account without a second factor stays locked until the system administrator unlocks it', async () => {
    await failTimes('leader', LOCK_AFTER_FAILURES);
    env.clock.advance(3600_000);
    const right = await attempt('leader', TEST_PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', details: { unlockBy: 'administrator' } } });
    const leaderId = (await userRow('leader')).id;
    const sys = await env.as('sysadmin');
    const listed = (await sys.get('/api/users?pageSize=200')).json<{ items: { id: string; locked: boolean }[] }>();
    expect(listed.items.find((u) => u.id === leaderId)?.locked).toBe(true);
    // A reason is required (how the owner was verified): none, blank or unknown fields are refused.
    for (const body of [undefined, {}, { reason: '   ' }, { reason: '本人电话核实', extra: 1 }]) {
      const refused = await sys.post(`/api/users/${leaderId}/unlock`, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await userRow('leader')).locked_at).not.toBeNull();
    const reason = '本人到信访室当面核实身份';
    expect((await sys.post(`/api/users/${leaderId}/unlock`, { reason })).statusCode).toBe(200);
    expect((await attempt('leader', TEST_PASSWORD)).status).toBe(200);
    // Audited with the reason, in the same chain.
    const event = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['actor_username', 'changes'])
      .where('resource_id', '=', leaderId)
      .where('action', '=', 'user.unlock')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.actor_username).toBe('sysadmin');
    expect(JSON.parse(event.changes!)).toMatchObject({ reason: [null, reason] });
    // The security administrator is told: who unlocked which account and why.
    const sec = await env.as('secadmin');
    const card = (await sec.get('/api/workbench'))
      .json<{ cards: { key: string; count: number; items: { title: string; subtitle: string }[] }[] }>()
      .cards.find((c) => c.key === 'audit.admin_unlocks');
    expect(card?.items[0]).toMatchObject({ subtitle: `由 sysadmin 解锁：${reason}` });
    expect(card?.items[0]?.title).toContain('（leader）');
    // Not a card for the system administrator, who did it.
    const sysCards = (await sys.get('/api/workbench')).json<{ cards: { key: string }[] }>().cards;
    expect(sysCards.map((c) => c.key)).not.toContain('audit.admin_unlocks');
  });

  /** The harness's TOTP secret of an enrolled account, read back the way the server does. */
  async function totpSecretOf(username: string): Promise<string> {
    const row = await userRow(username);
    return env.ctx().keyring.openText(row.totp_secret_enc!, `users.totp:${row.id}`);
  }
});
