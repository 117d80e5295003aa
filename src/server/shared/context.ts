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

/**
 * An attempt the request was refused (a record out of scope: 404; a route or record the person
 * may not use: 403), noted while the request runs and recorded as a security event after it
 * failed, in a transaction of its own (the request's own work is rolled back).
 */
export interface SecurityDenial {
  /** 404 (out of scope or recused) or 403 (permission or need-to-know). */
  status: 403 | 404;
  /** What was attempted: the policy's `resource.action` or the missing permission. */
  attempted: string;
  /** The kind of record (`report`, `staff`…), or `route` for a route-level refusal. */
  resourceType: string;
  resourceId: string | null;
  /** The unit owning the record (so the denial shows under its unit), when known. */
  unitId: string | null;
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
  /**
   * The request's refused attempts (see `SecurityDenial`): shared by every ctx derived from the
   * request's (transactions copy the reference); absent outside HTTP requests (CLI, jobs).
   */
  denials?: SecurityDenial[];
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
