/**
 * What a module contributes to the platform besides its functions: routes, jobs, the tables
 * whose rows carry an owner path (they follow a unit that moves). The composition root
 * (`src/server/modules.ts`) lists every module's definition; nothing else collects them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { JobRow } from '../modules/jobs/index.js';
import type { Clock } from './clock.js';
import type { Log } from './logger.js';

/** What a job gets besides its payload: the database and the platform's clock and data folder. */
export interface JobEnv {
  db: Kysely<Database>;
  dialect: DialectHelpers;
  clock: Clock;
  /** Local state (the blob store of attachments is under it). */
  dataDir: string;
  /** The job's logger (tagged with its id and kind). */
  log: Log;
}

/** A kind of job a module runs in the worker. Handlers must be idempotent (a job may run twice). */
export interface JobDefinition {
  /** `<module>.<what>`, the job row's kind. */
  kind: string;
  /** Enqueued by `serve` and `worker` once per UTC day or hour (deduplicated across processes). */
  every?: 'day' | 'hour';
  /** Does the work; throws to fail the attempt (retried with backoff). */
  run(payload: unknown, job: JobRow, env: JobEnv): Promise<void>;
}

/** A module as the platform sees it. */
export interface ModuleDefinition {
  /** The folder name under `src/server/modules/`. */
  name: string;
  /** Fastify plugins with the module's routes, registered in this order. */
  routes?: readonly FastifyPluginAsyncTypebox[];
  /** Jobs the worker runs for this module. */
  jobs?: readonly JobDefinition[];
  /**
   * Tables of this module whose rows carry `owner_unit_path` (and the other scope columns):
   * when a unit moves, their rows under it follow (see `moveScopedRows`).
   */
  scopedTables?: readonly ScopedTableName[];
}

/** A table whose rows carry the scope columns. */
export type ScopedTableName = {
  [T in keyof Database]: Database[T] extends { owner_unit_path: string } ? T : never;
}[keyof Database];

let registered: readonly ScopedTableName[] | null = null;

/** Records the scoped tables of every module (the composition root calls it once at load). */
export function registerScopedTables(tables: readonly ScopedTableName[]): void {
  registered = [...new Set(tables)];
}

/** The scoped tables every module declared; throws when the composition root was not loaded. */
export function scopedTables(): readonly ScopedTableName[] {
  if (!registered) throw new Error('module definitions not loaded: import src/server/modules.ts first');
  return registered;
}
