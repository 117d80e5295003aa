import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { clearAttempts, throttleKey } from './auth.throttle.js';
import { recordAudit, diffChanges } from '../audit/index.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import { endSessionsOf } from './auth.service.js';
import { invalidateAccessCache } from '../access/index.js';

/** An account as the system administrator sees it (no business data). */
export interface UserListItem {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  version: number;
  roles: { assignmentId: string; key: string; name: string; scopeType: string }[];
}

/** Lists accounts with their roles. */
export async function listUsers(
  ctx: Ctx,
  q: { q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: UserListItem[]; total: number }> {
  let base = ctx.db.selectFrom('users as u');
  if (q.q) {
    const like = `%${q.q.replace(/[%_]/g, '')}%`;
    base = base.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'un.name as unit_name',
      'u.disabled',
      'u.locked_at',
      'u.must_change_password',
      'u.totp_enabled',
      'u.last_login_at',
      'u.version',
    ])
    .orderBy('u.username')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const ids = rows.map((r) => r.id);
  const roles = ids.length
    ? await ctx.db
        .selectFrom('role_assignments as ra')
        .innerJoin('roles as r', 'r.id', 'ra.role_id')
        .select(['ra.id', 'ra.user_id', 'r.key', 'r.name', 'ra.scope_type'])
        .where('ra.user_id', 'in', ids)
        .execute()
    : [];
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      disabled: r.disabled === 1,
      locked: r.locked_at !== null,
      mustChangePassword: r.must_change_password === 1,
      totpEnabled: r.totp_enabled === 1,
      lastLoginAt: r.last_login_at,
      version: r.version,
      roles: roles
        .filter((x) => x.user_id === r.id)
        .map((x) => ({ assignmentId: x.id, key: x.key, name: x.name, scopeType: x.scope_type })),
    })),
  };
}

/** Input of `createUser`. */
export interface NewUser {
  username: string;
  displayName: string;
  unitId?: string | null | undefined;
  staffId?: string | null | undefined;
  password: string;
  /** Whether the person must change the password at first login (default true). */
  mustChangePassword?: boolean | undefined;
}

/** Creates an account (it must change its password at first login). Throws USERNAME_TAKEN, WEAK_PASSWORD. */
export async function createUser(ctx: Ctx, input: NewUser): Promise<string> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    const taken = await tx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken) throw domainError('USERNAME_TAKEN', { username: input.username });
    if (input.unitId) {
      const unit = await tx.db.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit) throw errors.validation({ field: 'unitId' }, '单位不存在');
    }
    const id = newId();
    const at = nowIso(tx);
    await tx.db
      .insertInto('users')
      .values({
        id,
        username: input.username,
        display_name: input.displayName,
        unit_id: input.unitId ?? null,
        staff_id: input.staffId ?? null,
        password_hash: passwordHash,
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        password_changed_at: at,
        failed_attempts: 0,
        locked_until: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 0,
        last_login_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await recordAudit(tx, {
      action: 'user.create',
      resourceType: 'user',
      resourceId: id,
      unitId: input.unitId ?? null,
      changes: diffChanges(null, {
        username: input.username,
        display_name: input.displayName,
        unit_id: input.unitId ?? null,
      }),
    });
    return id;
  });
}

/** Edits an account's name, unit or disabled flag; disabling also ends its sessions. */
export async function updateUser(
  ctx: Ctx,
  id: string,
  patch: {
    displayName?: string | undefined;
    unitId?: string | null | undefined;
    disabled?: boolean | undefined;
    version?: number | undefined;
  },
): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw errors.notFound('user');
    if (patch.version !== undefined && patch.version !== before.version)
      throw errors.conflict({ currentVersion: before.version });
    if (patch.disabled && id === actor.userId) throw domainError('FORBIDDEN', undefined, '不能停用自己的账号');
    if (patch.disabled !== undefined) await assertNotAdministrator(tx, id);
    const next = {
      display_name: patch.displayName ?? before.display_name,
      unit_id: patch.unitId === undefined ? before.unit_id : patch.unitId,
      disabled: patch.disabled === undefined ? before.disabled : patch.disabled ? 1 : 0,
    };
    const at = nowIso(tx);
    await tx.db
      .updateTable('users')
      .set({ ...next, version: before.version + 1, updated_at: at })
      .where('id', '=', id)
      .execute();
    if (next.disabled) await endSessionsOf(tx.db, id, at);
    await recordAudit(tx, {
      action: 'user.update',
      resourceType: 'user',
      resourceId: id,
      unitId: next.unit_id,
      changes: diffChanges(before, next),
    });
  });
  invalidateAccessCache(id);
}

/**
 * 三员分立: the system administrator manages accounts, but may not reset the credentials of, or
 * disable, an administrator (itself included): that would let one administrator take over
 * another's duty. Administrator accounts are recovered with the `reset-password` command on the
 * server. Throws FORBIDDEN.
 */
async function assertNotAdministrator(ctx: Ctx, userId: string): Promise<void> {
  const admin = await ctx.db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .select('r.kind')
    .where('ra.user_id', '=', userId)
    .where('r.kind', '!=', 'business')
    .executeTakeFirst();
  if (admin)
    throw domainError('FORBIDDEN', { reason: 'administrator_account' }, '管理员账号的凭据只能在服务器上用命令行重置');
}

/** Sets a new initial password (to be changed at next login) and ends the account's sessions. */
export async function resetPassword(ctx: Ctx, id: string, password: string): Promise<void> {
  assertPasswordPolicy(password);
  const hash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    const user = await tx.db.selectFrom('users').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
    if (!user) throw errors.notFound('user');
    await assertNotAdministrator(tx, id);
    const at = nowIso(tx);
    await tx.db
      .updateTable('users')
      .set({
        password_hash: hash,
        must_change_password: 1,
        password_changed_at: at,
        failed_attempts: 0,
        locked_until: null,
        locked_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await endSessionsOf(tx.db, id, at);
    await recordAudit(tx, {
      action: 'user.password_reset',
      resourceType: 'user',
      resourceId: id,
      unitId: user.unit_id,
      changes: { password: ['[secret]', '[secret]'] },
    });
  });
}

/**
 * Clears a lockout and the sign-in delay of the account's name (an account without a second
 * factor cannot clear its own lock), with the administrator's reason (e.g. how the owner was
 * verified) in the audit event the security administrator's workbench shows. Throws NOT_FOUND.
 */
export async function unlockUser(ctx: Ctx, id: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const user = await tx.db
      .selectFrom('users')
      .select(['id', 'username', 'unit_id', 'locked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!user) throw errors.notFound('user');
    await tx.db.updateTable('users').set({ failed_attempts: 0, locked_at: null }).where('id', '=', id).execute();
    await clearAttempts(tx, throttleKey(tx, user.username));
    await recordAudit(tx, {
      action: 'user.unlock',
      resourceType: 'user',
      resourceId: id,
      unitId: user.unit_id,
      changes: { lockedAt: [user.locked_at, null], reason: [null, reason.trim()] },
    });
  });
}

/** Ends every session of an account (e.g. a lost phone). */
export async function revokeUserSessions(ctx: Ctx, id: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db.selectFrom('users').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
    if (!user) throw errors.notFound('user');
    const revoked = await endSessionsOf(tx.db, id, nowIso(tx));
    await recordAudit(tx, {
      action: 'user.session_revoke',
      resourceType: 'user',
      resourceId: id,
      unitId: user.unit_id,
    });
    return revoked;
  });
}

/** Clears an account's second factor so it enrols again (lost device). */
export async function resetTotp(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const user = await tx.db
      .selectFrom('users')
      .select(['id', 'unit_id', 'totp_enabled'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!user) throw errors.notFound('user');
    await assertNotAdministrator(tx, id);
    await tx.db
      .updateTable('users')
      .set({ totp_enabled: 0, totp_secret_enc: null, totp_last_step: null })
      .where('id', '=', id)
      .execute();
    await endSessionsOf(tx.db, id, nowIso(tx));
    await recordAudit(tx, {
      action: 'user.totp_reset',
      resourceType: 'user',
      resourceId: id,
      unitId: user.unit_id,
      changes: { totpEnabled: [user.totp_enabled === 1, false] },
    });
  });
}
