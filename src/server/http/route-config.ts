import type { Permission } from '../modules/access/index.js';

/** Per-route access settings, read by the session hook before anything else runs. */
export interface RouteAccess {
  /** No session needed (health, login, public pages). */
  public?: boolean;
  /** Reachable while the account must still change its password or enrol TOTP. */
  allowRestricted?: boolean;
  /** Permission the caller must hold (anywhere; objects are then checked against its scope). */
  permission?: Permission;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
