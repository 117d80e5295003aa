import { type Kysely, type Transaction, sql } from 'kysely';
import { durable } from './durability.js';
import type { Database } from './types.js';

/** Most units of work one shared transaction carries. */
export const GROUP_COMMIT_MAX = 64;

interface Pending {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: independent units of work that arrive while a commit is in progress share the
 * next transaction, each inside its own savepoint, so a burst of public submissions pays for one
 * durable commit (one fsync on SQLite, one WAL flush on PostgreSQL) instead of one each.
 *
 * - A unit that throws is rolled back to its savepoint alone; the others still commit.
 * - Nobody hears back before the commit is durable: results and errors are delivered only after
 *   COMMIT returns and (SQLite files) the WAL holding it is fsynced, so a caller never sees a
 *   success that a crash could still undo. The next batch runs while the sync is in flight. If
 *   the commit or the sync fails, every unit of the batch gets that error.
 * - Each unit sees the writes of the units before it in the batch (numbering, the audit chain
 *   and idempotency checks therefore behave as in one-at-a-time transactions).
 *
 * Use it only for short units with no side effects outside the database.
 */
export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #max: number;
  #queue: Pending[] = [];
  #running = false;

  constructor(db: Kysely<Database>, max = GROUP_COMMIT_MAX) {
    this.#db = db;
    this.#max = max;
  }

  /** Runs `work` in the next shared transaction; settles after that transaction commits. */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) {
        this.#running = true;
        // Let the requests already parsed in this turn of the event loop join the batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      await this.#drainQueue();
    } finally {
      this.#running = false;
    }
  }

  async #drainQueue(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#max);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      try {
        // eslint-disable-next-line no-restricted-syntax -- durability is awaited below, per batch
        await this.#db.transaction().execute(async (trx) => {
          for (const item of batch) {
            await sql`savepoint group_item`.execute(trx);
            try {
              const value = await item.work(trx);
              await sql`release savepoint group_item`.execute(trx);
              outcomes.push({ ok: true, value });
            } catch (err) {
              await sql`rollback to savepoint group_item`.execute(trx);
              await sql`release savepoint group_item`.execute(trx);
              outcomes.push({ ok: false, value: err });
            }
          }
        });
      } catch (err) {
        for (const item of batch) item.reject(err);
        continue;
      }
      // Answer once the commit is on disk, without holding up the next batch.
      durable(this.#db).then(
        () =>
          batch.forEach((item, i) => {
            const o = outcomes[i]!;
            if (o.ok) item.resolve(o.value);
            else item.reject(o.value);
          }),
        (err: unknown) => batch.forEach((item) => item.reject(err)),
      );
    }
  }
}

const committers = new WeakMap<Kysely<Database>, GroupCommit>();

/** The group committer of a database handle (one per handle, created on first use). */
export function groupCommitFor(db: Kysely<Database>): GroupCommit {
  let gc = committers.get(db);
  if (!gc) {
    gc = new GroupCommit(db);
    committers.set(db, gc);
  }
  return gc;
}
