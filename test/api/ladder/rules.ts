/**
 * The access ladder's vocabulary (see ../ladder.test.ts): what a route's rule says and the kit a
 * rule's exercise gets. The modules of issue 16 keep their rules in files beside this one, so the
 * ladder's one table is assembled from parts.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Permission } from '../../../src/server/modules/access/index.js';
import type { Client, TestEnv } from '../../../src/server/test/harness.js';

/** A route's answer. */
export type Res = LightMyRequestResponse;

/** Ids taken from the seeded county through list endpoints. */
export interface Ids {
  regionCode: string;
  unitId: string;
  zoneId: string;
  membershipId: string;
  zoneRoleId: string;
  staffId: string;
  subjectId: string;
  userId: string;
  roleId: string;
  assignmentId: string;
}

/** What a rule's exercise gets: the environment, the seeded ids and signed-in clients. */
export interface Kit {
  env: TestEnv;
  ids: Ids;
  /** A cached signed-in client of a demo (or test-made) account. */
  as(username: string): Promise<Client>;
  /** A new session of an account (for routes that end sessions). */
  fresh(username: string, password?: string): Promise<Client>;
}

/** A route's access rule. */
export interface Rule {
  /**
   * `public`: no session; `session`: any signed-in account; `informant`: an informant's phone
   * session (a staff session answers 401); otherwise the permission checked.
   */
  access: 'public' | 'session' | 'informant' | Permission;
  /** The client of a non-staff access kind (`informant`): used instead of `holder` for rungs 4 and 5. */
  client?: (k: Kit) => Promise<Client>;
  /** An account that may use the route (2xx for reads). */
  holder?: string;
  /** An account that lacks the permission (403 FORBIDDEN naming it). */
  lacker?: string;
  /** Query string for reads (without `?`). */
  query?: string;
  /**
   * How the holder exercises a state-changing route and what it must answer. Default: a body with
   * an unknown field, answered 400 VALIDATION_FAILED (permission passed, validation refused).
   */
  exercise?: (k: Kit) => Promise<Res>;
  expect?: number;
  /** Reads: response content type (default JSON). */
  contentType?: RegExp;
}

/** The content type of an Excel download. */
export const XLSX = /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/;
