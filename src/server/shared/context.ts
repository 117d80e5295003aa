import type { Kysely } from 'kysely';
import type { AppConfig } from './config.js';
import type { Clock } from './clock.js';
import type { Keyring } from './crypto.js';
import type { Log } from './logger.js';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { Permission } from '../modules/access/index.js';
import type { Scope } from './scope.js';
import { domainError, errors } from './errors.js';
import { transact } from '../db/durability.js';

/** Why a signed-in person can only reach their own account pages for now. */
export type Restriction = 'password_change' | 'totp_enrolment' | null;

/** The signed-in person behind a request, with what they may do and where. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  unitId: string | null;
  sessionId: string;
  restriction: Restriction;
  /** Permissions granted by any role assignment. */
  permissions: ReadonlySet<Permission>;
  /** For each permission, the union of the scopes of the assignments that grant it. */
  scopes: ReadonlyMap<Permission, Scope>;
}

/** What every service function receives: the database (or transaction) and who is asking. */
export interface Ctx {
  db: Kysely<Database>;
  dialect: DialectHelpers;
  clock: Clock;
  keyring: Keyring;
  config: AppConfig;
  actor: Actor | null;
  requestId: string | null;
  /**
   * Where services log: the request's pino child (it carries `reqId`) or the CLI's logger.
   * Redaction is the root logger's (shared/logger.ts); still, log ids and counts, not content.
   */
  log: Log;
}

/** Runs `fn` in one transaction; audit events written through the returned ctx commit with it. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return transact(ctx.db, (trx) => fn({ ...ctx, db: trx }));
}

/** Returns the actor or throws UNAUTHENTICATED. */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw domainError('UNAUTHENTICATED');
  return ctx.actor;
}

/** Returns the actor's scope for `permission`, or throws FORBIDDEN if they lack it. */
export function scopeFor(ctx: Ctx, permission: Permission): Scope {
  const actor = requireActor(ctx);
  const scope = actor.scopes.get(permission);
  if (!scope) throw errors.forbidden(permission);
  return scope;
}

/** Returns whether the actor holds `permission` anywhere. */
export function can(ctx: Ctx, permission: Permission): boolean {
  return ctx.actor?.permissions.has(permission) ?? false;
}

/** Returns the ISO instant of now on the context's clock. */
export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return new Date(ctx.clock.nowMs()).toISOString();
}
