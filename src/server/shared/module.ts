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
import type { Permission } from '../modules/access/index.js';
import type { Clock } from './clock.js';
import type { Ctx } from './context.js';
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
  /** Cards the module adds to the workbench (工作台), the first page after sign-in. */
  workbench?: readonly WorkbenchProvider[];
}

/** What a workbench card is: something to do, a clock, something new, a warning, or a chart. */
export type WorkbenchCardKind = 'todo' | 'clock' | 'new' | 'alert' | 'chart';

/** One line of a card: a record to open. */
export interface WorkbenchItem {
  id: string;
  title: string;
  subtitle: string | null;
  /** When it happened or arrived (ISO instant), if that is what matters. */
  at: string | null;
  /** Its due date (Shanghai date), for clocks. */
  dueOn: string | null;
  overdue: boolean;
  /** Console path to open it. */
  href: string | null;
}

/** A bar or line chart's data (rendered with ECharts in the console). */
export interface WorkbenchChart {
  type: 'bar' | 'line';
  categories: string[];
  series: { name: string; data: number[] }[];
}

/** What a provider computes for the person asking. */
export interface WorkbenchCardContent {
  /** How many records the card stands for (capped: `countCapped` says it is a lower bound). */
  count: number;
  countCapped?: boolean;
  /** The most urgent or newest few. */
  items: WorkbenchItem[];
  /** Console path of the full list. */
  href: string | null;
  severity?: 'info' | 'warning' | 'danger';
  /** A sentence for alerts (e.g. which year's holiday arrangement is missing). */
  message?: string | null;
  chart?: WorkbenchChart | null;
}

/** A card a module contributes to the workbench. */
export interface WorkbenchProvider {
  /** `<module>.<card>`, also the key of "last looked" for `new` cards. */
  key: string;
  /** Its Chinese title. */
  title: string;
  kind: WorkbenchCardKind;
  /** Shown to anyone who holds one of these permissions (the content is scoped in SQL). */
  permissions: readonly Permission[];
  /** Computes the card; null hides it (nothing applies). `since`: when the person last looked. */
  load(ctx: Ctx, opts: { since: string | null; limit: number }): Promise<WorkbenchCardContent | null>;
}

let providers: readonly WorkbenchProvider[] | null = null;

/** Records every module's workbench cards (the composition root calls it once at load). */
export function registerWorkbenchProviders(list: readonly WorkbenchProvider[]): void {
  providers = [...list];
}

/** Every module's workbench cards, in module order. */
export function workbenchProviders(): readonly WorkbenchProvider[] {
  if (!providers) throw new Error('module definitions not loaded: import src/server/modules.ts first');
  return providers;
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
