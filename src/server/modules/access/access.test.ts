import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAccountFromCli } from '../../bootstrap.js';
import { type Client, type TestEnv, TEST_PASSWORD, startTestEnv, testDialects } from '../../test/harness.js';

interface Role {
  id: string;
  key: string;
  kind: string;
}

describe.each(testDialects())('roles, assignments and three-admin separation on $name', ({ name }) => {
  let env: TestEnv;
  let sec: Client;
  let sys: Client;
  let roles: Role[];
  const userId = async (username: string) =>
    (
      await env.platform.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  const role = (key: string) => roles.find((r) => r.key === key)!;

  beforeAll(async () => {
    env = await startTestEnv(name);
    sec = await env.as('secadmin');
    sys = await env.as('sysadmin');
    roles = (await sec.get('/api/roles')).json<{ items: Role[] }>().items;
  });
  afterAll(async () => env?.close());

  it('refuses a second administrator role, or a business role beside one', async () => {
    const auditId = await userId('auditadmin');
    const res = await sec.post('/api/role-assignments', { userId: auditId, roleId: role('system_admin').id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ADMIN_ROLE_CONFLICT');
    const biz = await sec.post('/api/role-assignments', {
      userId: auditId,
      roleId: role('commission_leader').id,
      scopeType: 'unit_subtree',
    });
    expect(biz.json().error.code).toBe('ADMIN_ROLE_CONFLICT');
    const leaderId = await userId('leader');
    const adminToBiz = await sec.post('/api/role-assignments', { userId: leaderId, roleId: role('audit_admin').id });
    expect(adminToBiz.json().error.code).toBe('ADMIN_ROLE_CONFLICT');
  });

  it('refuses self-assignment and a global scope on a business role', async () => {
    const self = await sec.post('/api/role-assignments', {
      userId: await userId('secadmin'),
      roleId: role('security_admin').id,
    });
    expect(self.json().error.code).toBe('SELF_ASSIGNMENT');
    const global = await sec.post('/api/role-assignments', {
      userId: await userId('intake'),
      roleId: role('reviewer').id,
      scopeType: 'global',
    });
    expect(global.json().error.code).toBe('INVALID_SCOPE');
  });

  it('refuses a custom role that mixes administrator and business permissions', async () => {
    const res = await sec.post('/api/roles', {
      key: 'mixed_role',
      name: '混合',
      permissions: ['audit.read', 'staff.read'],
      defaultScope: 'unit_subtree',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ROLE_MIXES_ADMIN_PERMISSIONS');
    const unknown = await sec.post('/api/roles', {
      key: 'odd_role',
      name: '未知',
      permissions: ['case.eat'],
      defaultScope: 'own_unit',
    });
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('grants a custom role with a custom unit scope, effective at once, and revokes it', async () => {
    const created = await sec.post('/api/roles', {
      key: 'subject_viewer',
      name: '监督对象查阅',
      permissions: ['subject.read', 'org.read'],
      defaultScope: 'custom',
    });
    expect(created.statusCode).toBe(201);
    // A new account, created by the system administrator, must change its password first.
    const made = await sys.post('/api/users', {
      username: 'viewer',
      displayName: '查阅员',
      password: 'Initial-Pass-1',
    });
    const viewerId = made.json().id as string;
    const units = await env.platform.database.db
      .selectFrom('units')
      .select(['id', 'region_code'])
      .where('kind', '=', 'township_commission')
      .limit(2)
      .execute();
    const grant = await sec.post('/api/role-assignments', {
      userId: viewerId,
      roleId: created.json().id,
      scopeType: 'custom',
      unitIds: [units[0]!.id],
    });
    expect(grant.statusCode).toBe(201);
    const login = await env.anon().post('/api/auth/login', { username: 'viewer', password: 'Initial-Pass-1' });
    const headers = {
      cookie: `qf_session=${login.cookies.find((c) => c.name === 'qf_session')!.value}`,
      'x-csrf-token': login.json().csrfToken,
    };
    await env.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'Viewer-Pass-2026' },
    });
    const list = await env.app.inject({ method: 'GET', url: '/api/subjects?pageSize=200', headers });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { ownerUnitId: string }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => s.ownerUnitId === units[0]!.id)).toBe(true);
    const revoke = await sec.delete(`/api/role-assignments/${grant.json().id}`);
    expect(revoke.statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/api/subjects', headers })).statusCode).toBe(403);
  });

  it('lets the system administrator disable an account, which ends its sessions', async () => {
    const intake = await env.as('intake');
    expect((await intake.get('/api/auth/me')).statusCode).toBe(200);
    const id = await userId('intake');
    expect((await sys.patch(`/api/users/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await intake.get('/api/auth/me')).statusCode).toBe(401);
    const again = await env.anon().post('/api/auth/login', { username: 'intake', password: 'Demo-Pass-2026' });
    expect(again.json().error.code).toBe('ACCOUNT_DISABLED');
    await sys.patch(`/api/users/${id}`, { disabled: false });
    // the security administrator may not manage accounts, the system administrator may not grant roles
    expect(
      (await sec.post('/api/users', { username: 'x_user', displayName: 'x', password: 'Some-Pass-2026' })).statusCode,
    ).toBe(403);
    expect((await sys.post('/api/role-assignments', { userId: id, roleId: role('reviewer').id })).statusCode).toBe(403);
  });

  it('keeps the system administrator from taking over another administrator; the server CLI recovers them', async () => {
    const auditId = await userId('auditadmin');
    for (const res of [
      await sys.post(`/api/users/${auditId}/password-reset`, { password: 'Taken-Over-2026' }),
      await sys.post(`/api/users/${auditId}/totp-reset`),
      await sys.patch(`/api/users/${auditId}`, { disabled: true }),
      await sys.post(`/api/users/${await userId('sysadmin')}/password-reset`, { password: 'Taken-Over-2026' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details.reason).toBe('administrator_account');
    }
    expect(
      (await env.anon().post('/api/auth/login', { username: 'auditadmin', password: 'Taken-Over-2026' })).statusCode,
    ).toBe(401);
    // a business account is still managed normally
    expect(
      (await sys.post(`/api/users/${await userId('reviewer')}/password-reset`, { password: 'Reviewer-Reset-26' }))
        .statusCode,
    ).toBe(200);
    expect(await resetAccountFromCli(env.platform, 'auditadmin', 'Recovered-Pass-26')).toBe(true);
    const login = await env.anon().post('/api/auth/login', { username: 'auditadmin', password: 'Recovered-Pass-26' });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.restriction).toBe('password_change');
    expect(
      (await env.anon().post('/api/auth/login', { username: 'auditadmin', password: TEST_PASSWORD })).statusCode,
    ).toBe(401);
  });
});
