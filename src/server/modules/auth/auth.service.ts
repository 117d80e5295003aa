import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { UserRow } from './auth.tables.js';
import { type Actor, type Ctx, type Restriction, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { randomToken } from '../../shared/crypto.js';
import { domainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { newTotpSecret, totpUrl, verifyTotp } from '../../shared/totp.js';
import { loadAccessProfile, type AccessProfile } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { assertPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
import { LOCK_AFTER_FAILURES, clearAttempts, countAttempt, throttleKey } from './auth.throttle.js';

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'qf_session';

/**
 * Ends every open session of an account (optionally but one) as of `at`; returns how many.
 * Used by password changes and resets, disabling, second-factor resets and the CLI.
 */
export async function endSessionsOf(
  db: Kysely<Database>,
  userId: string,
  at: string,
  exceptSessionId?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Sessions touch `last_seen_at` at most this often, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;

/** The signed-in person as the console sees them. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  roles: { key: string; name: string }[];
  totpEnabled: boolean;
  restriction: Restriction;
}

/** What login, me, password change and TOTP activation return. */
export interface SessionView {
  user: UserView;
  abilities: string[];
  csrfToken: string;
}

/** Result of a successful login: the view plus the cookie token. */
export interface LoginResult extends SessionView {
  token: string;
}

function restrictionOf(
  user: Pick<UserRow, 'must_change_password' | 'totp_enabled'>,
  profile: AccessProfile,
): Restriction {
  if (user.must_change_password) return 'password_change';
  // 三员: the three administrators must have a second factor before doing anything.
  if (profile.isAdmin && !user.totp_enabled) return 'totp_enrolment';
  return null;
}

/** Derives the CSRF token of a session from its cookie token (nothing extra is stored). */
export function csrfTokenFor(ctx: Pick<Ctx, 'keyring'>, sessionToken: string): string {
  return ctx.keyring.mac('csrf', sessionToken).slice(0, 43);
}

async function buildView(
  db: Kysely<Database>,
  user: UserRow,
  profile: AccessProfile,
): Promise<Omit<SessionView, 'csrfToken'>> {
  const unit = user.unit_id
    ? await db.selectFrom('units').select('name').where('id', '=', user.unit_id).executeTakeFirst()
    : undefined;
  const restriction = restrictionOf(user, profile);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      unitId: user.unit_id,
      unitName: unit?.name ?? null,
      roles: profile.roles.map((r) => ({ key: r.key, name: r.name })),
      totpEnabled: user.totp_enabled === 1,
      restriction,
    },
    abilities: restriction ? [] : [...profile.permissions].sort(),
  };
}

/** Input of `login`. */
export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Checks credentials (and the second factor when enrolled) and opens a session. Every attempt
 * is counted per login name before the password is checked, and a known and an unknown name run
 * the same steps (one argon2 verification, the same writes, the same answer), so neither the
 * answer nor its timing says whether an account exists. A lock shows only to someone who gave the
 * right password: the owner clears it with a second-factor code, an account without one gets
 * ACCOUNT_LOCKED until the system administrator unlocks it. Throws LOGIN_THROTTLED,
 * INVALID_CREDENTIALS, ACCOUNT_LOCKED, ACCOUNT_DISABLED, TOTP_REQUIRED, TOTP_INVALID.
 */
export async function login(ctx: Ctx, input: LoginInput): Promise<LoginResult> {
  const now = ctx.clock.nowMs();
  const key = throttleKey(ctx, input.username);
  const failures = await inTransaction(ctx, (tx) => countAttempt(tx, key));
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  const passwordOk = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk) return failLogin(ctx, user, key, failures, 'password');
  if (user.disabled) throw domainError('ACCOUNT_DISABLED');
  const locked = user.locked_at !== null;
  const enrolled = user.totp_enabled === 1 && user.totp_secret_enc !== null;
  // The right password: the count has done its job (a second-factor guess below counts again).
  await clearAttempts(ctx, key);
  if (locked && !enrolled) throw domainError('ACCOUNT_LOCKED', { unlockBy: 'administrator' });

  let totpStep: number | null = null;
  if (enrolled) {
    if (!input.totp) throw domainError('TOTP_REQUIRED', locked ? { locked: true } : undefined);
    const secret = ctx.keyring.openText(user.totp_secret_enc!, `users.totp:${user.id}`);
    totpStep = verifyTotp(secret, input.totp, now);
    // A code may be used once: refuse replays of the last accepted step.
    if (totpStep === null || (user.totp_last_step !== null && totpStep <= Number(user.totp_last_step))) {
      const again = await inTransaction(ctx, (tx) => countAttempt(tx, key));
      return failLogin(ctx, user, key, again, 'totp');
    }
  }

  const token = randomToken();
  const created = nowIso(ctx);
  const sessionId = newId();
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({
        failed_attempts: 0,
        locked_until: null,
        locked_at: null,
        last_login_at: created,
        ...(totpStep !== null ? { totp_last_step: totpStep } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    await tx.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        token_hash: tx.keyring.mac('session', token),
        user_id: user.id,
        created_at: created,
        last_seen_at: created,
        expires_at: new Date(now + tx.config.sessionAbsoluteHours * 3600_000).toISOString(),
        revoked_at: null,
      })
      .execute();
    const actx = { ...tx, actor: actorStub(user, sessionId) };
    if (locked) {
      // The owner's second factor clears a lock that someone else's guessing set.
      await recordAudit(actx, {
        action: 'auth.unlock_by_totp',
        resourceType: 'user',
        resourceId: user.id,
        unitId: user.unit_id,
        changes: { lockedAt: [user.locked_at, null] },
      });
    }
    await recordAudit(actx, { action: 'auth.login', resourceType: 'user', resourceId: user.id, unitId: user.unit_id });
  });
  const profile = await loadAccessProfile(ctx.db, user.id, now);
  const view = await buildView(ctx.db, user, profile);
  return { ...view, csrfToken: csrfTokenFor(ctx, token), token };
}

function actorStub(user: UserRow, sessionId: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    unitId: user.unit_id,
    sessionId,
    restriction: null,
    permissions: new Set(),
    scopes: new Map(),
  };
}

/**
 * Records a failed attempt (already counted) and answers it. Known and unknown names write one
 * audit event each (an unknown name is identified by its throttle key, never by the typed text),
 * so both take the same path; the failure that reaches LOCK_AFTER_FAILURES locks an account.
 */
async function failLogin(
  ctx: Ctx,
  user: UserRow | undefined,
  key: string,
  failures: number,
  factor: 'password' | 'totp',
): Promise<never> {
  const lock = user !== undefined && user.locked_at === null && failures >= LOCK_AFTER_FAILURES;
  await inTransaction(ctx, async (tx) => {
    if (lock) {
      await tx.db
        .updateTable('users')
        .set({ locked_at: nowIso(tx) })
        .where('id', '=', user.id)
        .execute();
    }
    await recordAudit(tx, {
      action: lock ? 'auth.lockout' : 'auth.login_failed',
      resourceType: user ? 'user' : 'login_name',
      resourceId: user ? user.id : key,
      unitId: user?.unit_id ?? null,
      changes: { factor: [null, factor], failures: [failures - 1, failures] },
    });
  });
  throw domainError(factor === 'totp' ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS');
}

/**
 * Resolves a session cookie token to the actor, enforcing revocation, the absolute lifetime and
 * the idle timeout; returns null when the session is not valid.
 */
export async function resolveSession(ctx: Ctx, token: string): Promise<Actor | null> {
  const now = ctx.clock.nowMs();
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.unit_id',
      'u.disabled',
      'u.must_change_password',
      'u.totp_enabled',
    ])
    .where('s.token_hash', '=', ctx.keyring.mac('session', token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled) return null;
  const lastSeen = Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now || lastSeen + ctx.config.sessionIdleMinutes * 60_000 <= now) return null;
  if (now - lastSeen > TOUCH_INTERVAL_MS) {
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id', '=', row.session_id)
      .execute();
  }
  const profile = await loadAccessProfile(ctx.db, row.id, now);
  const restriction = restrictionOf(row, profile);
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    sessionId: row.session_id,
    restriction,
    permissions: restriction ? new Set() : profile.permissions,
    scopes: restriction ? new Map() : profile.scopes,
  };
}

/** Returns the session view of the current actor (GET /api/auth/me). */
export async function currentSession(ctx: Ctx, token: string): Promise<SessionView> {
  const actor = requireActor(ctx);
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const profile = await loadAccessProfile(ctx.db, user.id, ctx.clock.nowMs());
  return { ...(await buildView(ctx.db, user, profile)), csrfToken: csrfTokenFor(ctx, token) };
}

/** Ends the current session. */
export async function logout(ctx: Ctx): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('sessions')
      .set({ revoked_at: nowIso(tx) })
      .where('id', '=', actor.sessionId)
      .execute();
    await recordAudit(tx, {
      action: 'auth.logout',
      resourceType: 'session',
      resourceId: actor.sessionId,
      unitId: actor.unitId,
    });
  });
}

/**
 * Changes the caller's password after checking the current one and the policy; other sessions
 * of the account are revoked. Throws INVALID_CREDENTIALS, WEAK_PASSWORD, PASSWORD_REUSED.
 */
export async function changePassword(ctx: Ctx, currentPassword: string, newPassword: string): Promise<void> {
  const actor = requireActor(ctx);
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) throw domainError('INVALID_CREDENTIALS');
  assertPasswordPolicy(newPassword);
  if (newPassword === currentPassword) throw domainError('PASSWORD_REUSED');
  const hash = await hashPassword(newPassword);
  await inTransaction(ctx, async (tx) => {
    const at = nowIso(tx);
    await tx.db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, password_changed_at: at, updated_at: at })
      .where('id', '=', user.id)
      .execute();
    await endSessionsOf(tx.db, user.id, at, actor.sessionId);
    await recordAudit(tx, {
      action: 'auth.password_change',
      resourceType: 'user',
      resourceId: user.id,
      unitId: user.unit_id,
      changes: { password: ['[secret]', '[secret]'] },
    });
  });
}

/** Starts TOTP enrolment: stores a new sealed secret (not yet active) and returns it once. */
export async function setupTotp(ctx: Ctx): Promise<{ secret: string; otpauthUrl: string }> {
  const actor = requireActor(ctx);
  const secret = newTotpSecret();
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({
        totp_secret_enc: tx.keyring.seal(secret, `users.totp:${actor.userId}`),
        totp_enabled: 0,
        updated_at: nowIso(tx),
      })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(tx, {
      action: 'auth.totp_setup',
      resourceType: 'user',
      resourceId: actor.userId,
      unitId: actor.unitId,
    });
  });
  return { secret, otpauthUrl: totpUrl(secret, actor.username) };
}

/** Activates the pending TOTP secret when `code` matches it. Throws TOTP_NOT_PENDING, TOTP_INVALID. */
export async function activateTotp(ctx: Ctx, code: string): Promise<void> {
  const actor = requireActor(ctx);
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!user.totp_secret_enc || user.totp_enabled) throw domainError('TOTP_NOT_PENDING');
  const secret = ctx.keyring.openText(user.totp_secret_enc, `users.totp:${user.id}`);
  const step = verifyTotp(secret, code, ctx.clock.nowMs());
  if (step === null) throw domainError('TOTP_INVALID');
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({ totp_enabled: 1, totp_last_step: step, updated_at: nowIso(tx) })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(tx, {
      action: 'auth.totp_enable',
      resourceType: 'user',
      resourceId: user.id,
      unitId: user.unit_id,
      changes: { totpEnabled: [false, true] },
    });
  });
}

/** Lists the caller's open sessions. */
export async function listOwnSessions(
  ctx: Ctx,
): Promise<{ id: string; createdAt: string; lastSeenAt: string; current: boolean }[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso(ctx))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    current: r.id === actor.sessionId,
  }));
}

/** Revokes one of the caller's own sessions; another person's session answers NOT_FOUND. */
export async function revokeOwnSession(ctx: Ctx, sessionId: string): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const res = await tx.db
      .updateTable('sessions')
      .set({ revoked_at: nowIso(tx) })
      .where('id', '=', sessionId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw domainError('NOT_FOUND');
    await recordAudit(tx, {
      action: 'auth.session_revoke',
      resourceType: 'session',
      resourceId: sessionId,
      unitId: actor.unitId,
    });
  });
}
