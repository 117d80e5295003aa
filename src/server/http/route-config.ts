import type { Permission } from '../modules/access/index.js';

/** Per-route access settings, read by the session hook before anything else runs. */
export interface RouteAccess {
  /** No session needed (health, login, public pages). */
  public?: boolean;
  /**
   * An informant's phone session (廉情监督员, the grid module's `qf_informant` cookie and its own
   * CSRF token) instead of a staff session: a staff session alone answers 401 here, and an
   * informant session answers 401 on every staff route.
   */
  informant?: boolean;
  /**
   * The operator's bearer token (QF_METRICS_TOKEN) instead of a session: checked by the route
   * itself (`GET /metrics`, modules/metrics); a staff session alone is refused.
   */
  operatorToken?: boolean;
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
