import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { JobRow } from './jobs.tables.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { type Log, silentLogger } from '../../shared/logger.js';
import { insertRow } from '../../db/insert-row.js';

/**
 * The job queue: jobs are rows written in the same transaction as the change that causes them
 * (pass the transaction as `db`), claimed by workers with row locks that skip locked rows on
 * PostgreSQL, retried with exponential backoff. Handlers must be idempotent: a job whose
 * worker died after doing the work but before marking it done runs again.
 */

/**
 * A job handler: gets the payload, the job row, the database and a logger whose lines carry the
 * job's id and kind (log through it, not console); throws to fail the attempt.
 */
export type JobHandler = (payload: unknown, job: JobRow, db: Kysely<Database>, log: Log) => Promise<void>;

/** Options of `enqueueJob`. */
export interface EnqueueOptions {
  /** When the job becomes due (ISO instant); now by default. */
  runAt?: string;
  /** A job with the same key is enqueued once (later calls are no-ops). */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Writes a job in the caller's transaction; returns its id, or null when the dedupe key exists. */
export async function enqueueJob(
  db: Kysely<Database>,
  clock: Clock,
  kind: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<string | null> {
  const now = new Date(clock.nowMs()).toISOString();
  if (opts.dedupeKey) {
    const exists = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', opts.dedupeKey).executeTakeFirst();
    if (exists) return null;
  }
  const id = newId();
  // Compiled once per engine: jobs are enqueued on hot paths (every public submission).
  await insertRow(db, 'jobs', {
    id,
    kind,
    payload: JSON.stringify(payload ?? null),
    status: 'pending',
    run_at: opts.runAt ?? now,
    max_attempts: opts.maxAttempts ?? 5,
    dedupe_key: opts.dedupeKey ?? null,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    finished_at: null,
  });
  return id;
}

/** Backoff before attempt `n + 1`: 10 s, 40 s, 160 s, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 10_000 * 4 ** Math.max(0, attempts - 1));
}

/**
 * What of an error goes into a log line: no enumerable extras (a driver's may quote row values).
 * Logged as `error`, not `err`: pino's `err` serializer would replace `type` with `Object`.
 */
function errorFields(err: unknown): { type: string; message: string; stack?: string } {
  return err instanceof Error
    ? { type: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) }
    : { type: typeof err, message: String(err) };
}

/** Claims due jobs and runs them with the registered handlers; logs failures through `log`. */
export class Worker {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** This worker's identity in `locked_by`. */
  readonly id = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  private readonly log: Log;

  /**
   * Creates a worker over `db`; `leaseMs` bounds how long a claimed job stays locked; `log` (the
   * process's logger; silent by default) gets a child per job for handlers and failures.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectHelpers,
    private readonly clock: Clock,
    private readonly opts: {
      leaseMs?: number;
      batch?: number;
      pollMs?: number;
      log?: Log;
    } = {},
  ) {
    this.log = (opts.log ?? silentLogger()).child({ worker: this.id });
  }

  /** Registers the handler of a job kind. */
  register(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** Claims and runs one batch of due jobs; returns how many ran. */
  async runOnce(): Promise<number> {
    const now = this.clock.nowMs();
    const jobs = await this.dialect.claimJobs(
      this.db,
      this.opts.batch ?? 10,
      this.id,
      new Date(now).toISOString(),
      new Date(now + (this.opts.leaseMs ?? 60_000)).toISOString(),
    );
    for (const job of jobs) await this.runJob(job);
    return jobs.length;
  }

  private async runJob(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const finishedAt = () => new Date(this.clock.nowMs()).toISOString();
    const log = this.log.child({ job: job.id, jobKind: job.kind });
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload), job, this.db, log);
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: finishedAt(), locked_by: null, locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.id)
        .execute();
    } catch (err) {
      const attempts = Number(job.attempts);
      const failed = attempts >= Number(job.max_attempts);
      const retryAt = new Date(this.clock.nowMs() + backoffMs(attempts)).toISOString();
      if (failed) log.error({ error: errorFields(err), attempts }, 'job failed; no attempts left');
      else log.warn({ error: errorFields(err), attempts, retryAt }, 'job attempt failed; will retry');
      await this.db
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'pending',
          run_at: retryAt,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
          locked_by: null,
          locked_until: null,
          finished_at: failed ? finishedAt() : null,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.id)
        .execute();
    }
  }

  /** Starts polling every `pollMs` (default 2 s) until `stop`. */
  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = (async () => {
        try {
          while (!this.stopped && (await this.runOnce()) > 0) {
            // drain the due jobs before sleeping
          }
        } catch (err) {
          // Claiming or recording failed (the database is away): the next tick tries again.
          this.log.error({ error: errorFields(err) }, 'job batch failed');
        }
      })();
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.opts.pollMs ?? 2000);
    };
    void tick();
  }

  /** Stops polling and waits for the batch in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
