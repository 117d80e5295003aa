import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './types.js';

/**
 * Durable commits on a SQLite file without blocking the event loop.
 *
 * The connection runs WAL with `synchronous = NORMAL` and no automatic checkpoints: a COMMIT only
 * appends its pages to the `-wal` file (no fsync on the event loop), and nobody is answered until
 * `WalSync.sync()` — an `fdatasync` of that file on libuv's thread pool — has returned. A sync
 * covers every commit written before it started, so concurrent transactions share one. The
 * checkpoints that copy the WAL back into the database (and fsync both) run on a worker thread
 * with its own connection (`Checkpointer`), on the second core.
 *
 * What a client was told is therefore on disk exactly as with `synchronous = FULL`; the
 * difference is only where the waiting happens. PostgreSQL and in-memory SQLite need none of
 * this: `durable(db)` resolves at once for them.
 */

/** Coalescing fdatasync of one SQLite file's write-ahead log. */
export class WalSync {
  readonly #wal: string;
  #fd: number | null = null;
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #closed = false;

  readonly #datasync: typeof fdatasync;

  /** `datasync` is replaceable for tests that need to hold a sync open. */
  constructor(databaseFile: string, datasync: typeof fdatasync = fdatasync) {
    this.#wal = `${databaseFile}-wal`;
    this.#datasync = datasync;
  }

  /**
   * Resolves once everything written to the WAL before this call is on disk. A sync already in
   * flight may have started before the caller's commit, so the caller waits for the next one;
   * everyone who arrives meanwhile shares that next one.
   */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (!this.#running) {
      this.#running = this.#syncOnce().finally(() => {
        this.#running = null;
      });
      return this.#running;
    }
    this.#next ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#next = null;
        return this.sync();
      });
    return this.#next;
  }

  #open(): number | null {
    if (this.#fd !== null) return this.#fd;
    try {
      this.#fd = openSync(this.#wal, 'r');
    } catch (err) {
      // No WAL yet: nothing was ever committed through it.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    // The WAL's directory entry must be durable too (once, when the file is first seen).
    const dir = openSync(dirname(this.#wal), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return this.#fd;
  }

  #syncOnce(): Promise<void> {
    const fd = this.#open();
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => this.#datasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Waits for syncs in flight, then closes the file handle. */
  async close(): Promise<void> {
    await (this.#next ?? this.#running)?.catch(() => undefined);
    this.#closed = true;
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}

/** How often the checkpointer copies the WAL back into the database. */
export const CHECKPOINT_INTERVAL_MS = 100;

/**
 * WAL frames (4 KiB pages) beyond which the checkpointer restarts the log. Under sustained writes
 * a PASSIVE checkpoint never finds the log fully copied when the next writer begins, so the WAL
 * would never wrap and grows without bound (measured: 1 GB in 26 s at 1,150 submissions/s, for
 * an 83 MB database). A RESTART checkpoint holds new writers back (they wait in their busy
 * handler) while it copies what the PASSIVE pass just left, so the next write starts the log at
 * its beginning again.
 */
export const CHECKPOINT_RESTART_FRAMES = 16_384;

// The worker is plain JavaScript evaluated from this string, so it runs the same from the .ts
// sources (tsx, vitest) and from the build. It has its own connection; a PASSIVE checkpoint never
// blocks the writer; a RESTART one (only past `restartFrames`) briefly does. The WAL is cut back
// to `journal_size_limit` whenever the writer restarts it.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
db.pragma('synchronous = NORMAL');
let stopped = false;
function checkpoint() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // A RESTART that a long writer (a bulk load, a seed) keeps waiting past the busy timeout
    // returns busy = 1 rather than throwing; it is simply tried again on the next tick.
    if (r && r.log >= workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}
const timer = setInterval(() => { if (!stopped) checkpoint(); }, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { stopped = true; clearInterval(timer); checkpoint(); db.close(); parentPort.close(); }
});
`;

/**
 * A worker thread that checkpoints one SQLite file every `CHECKPOINT_INTERVAL_MS`, so the writer
 * on the event loop never pays for copying the WAL back into the database and fsyncing it.
 */
export class Checkpointer {
  readonly #worker: Worker;
  #stopped: Promise<void> | null = null;
  #exited = false;

  /**
   * `onError` hears of a failed checkpoint; `onExit` of the thread ending before `stop()` (the
   * caller should then let the writer checkpoint again, or the WAL grows without bound).
   */
  constructor(
    databaseFile: string,
    onError: (message: string) => void,
    onExit: () => void,
    intervalMs = CHECKPOINT_INTERVAL_MS,
    restartFrames = CHECKPOINT_RESTART_FRAMES,
  ) {
    this.#worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: {
        file: databaseFile,
        intervalMs,
        restartFrames,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    this.#worker.on('message', (m: unknown) => {
      if (m && typeof m === 'object' && 'error' in m) onError(String(m.error));
    });
    this.#worker.on('error', (err) => onError(err.message));
    this.#worker.once('exit', () => {
      this.#exited = true;
      if (!this.#stopped) onExit();
    });
    this.#worker.unref();
  }

  /** Runs a last checkpoint and stops the thread (terminated if it has not exited within 5 s). */
  stop(): Promise<void> {
    if (this.#exited) return (this.#stopped ??= Promise.resolve());
    this.#stopped ??= new Promise<void>((resolve) => {
      // Keep the process alive until the thread has finished its last checkpoint.
      this.#worker.ref();
      const timer = setTimeout(() => void this.#worker.terminate(), 5000);
      this.#worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#worker.postMessage('stop');
    });
    return this.#stopped;
  }
}

const syncs = new WeakMap<Kysely<Database>, () => Promise<void>>();

/** Registers how commits on `db` are made durable (SQLite files; see the module comment). */
export function registerDurability(db: Kysely<Database>, sync: () => Promise<void>): void {
  syncs.set(db, sync);
}

/** Resolves once every commit made on `db` so far is on disk. */
export function durable(db: Kysely<Database>): Promise<void> {
  const sync = syncs.get(db);
  return sync ? sync() : Promise.resolve();
}

/**
 * Runs `fn` in a transaction on `db` and resolves after the commit is durable. Every write
 * transaction goes through here (ESLint refuses `.transaction()` elsewhere), so no caller is
 * answered before its data is on disk.
 */
export async function transact<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // eslint-disable-next-line no-restricted-syntax -- the one place transactions are opened
  const result = await db.transaction().execute(fn);
  await durable(db);
  return result;
}
