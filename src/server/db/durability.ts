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
 *
 * Fail-stop: the first failed fsync is final (`StorageFailedError`). The sync never retries, every
 * later commit is refused, whoever opened the database hears of it once (`onFailure`), and the
 * server stops so that SQLite recovers from what is really on disk.
 */

/**
 * A commit could not be made durable: an fsync of the WAL (or of its directory) failed. After a
 * failed fsync the kernel may already have dropped the dirty pages and cleared the error, so a
 * later successful fsync would prove nothing about what was written before ("fsyncgate"). The
 * `WalSync` that raised it therefore never syncs again: every later commit fails with this same
 * error, and the process should stop so that SQLite recovers from what is really on disk
 * (PostgreSQL PANICs for the same reason). The HTTP layer answers it as `STORAGE_FAILED` (503).
 */
export class StorageFailedError extends Error {
  /** The errno code of the failed call (`EIO`, `ENOSPC`, …; `UNKNOWN` when it had none). */
  readonly code: string;
  /** The call that failed: `fdatasync` (the WAL) or `fsync` (its directory). */
  readonly syscall: string;
  /** The file or directory it was called on. */
  readonly path: string;

  /** Wraps `cause`, the error of the failed `syscall` on `path`. */
  constructor(cause: unknown, syscall: string, path: string) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'UNKNOWN';
    super(`${syscall} of ${path} failed (${code}); commits can no longer be made durable`, { cause });
    this.name = 'StorageFailedError';
    this.code = code;
    this.syscall = syscall;
    this.path = path;
  }
}

/** Options of a `WalSync`. */
export interface WalSyncOptions {
  /**
   * Hears of the first failed sync, exactly once (later syncs fail with the same error without
   * calling it again). It runs on the failing fs callback: it should only report and start a
   * shutdown; an exception it throws is written to stderr and otherwise ignored.
   */
  onFailure?: (err: StorageFailedError) => void;
  /** Replaces the fsync of the WAL's directory (tests only: a directory that cannot be synced). */
  fsyncDir?: (fd: number) => void;
}

/**
 * Coalescing fdatasync of one SQLite file's write-ahead log. Fail-stop: the first failed sync
 * poisons it (see `StorageFailedError`); it is never retried.
 */
export class WalSync {
  readonly #wal: string;
  #fd: number | null = null;
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #closed = false;
  #failed: StorageFailedError | null = null;

  readonly #datasync: typeof fdatasync;
  readonly #fsyncDir: (fd: number) => void;
  readonly #onFailure: ((err: StorageFailedError) => void) | undefined;

  /** `datasync` is replaceable for tests that need to hold a sync open or make it fail. */
  constructor(databaseFile: string, datasync: typeof fdatasync = fdatasync, options: WalSyncOptions = {}) {
    this.#wal = `${databaseFile}-wal`;
    this.#datasync = datasync;
    this.#fsyncDir = options.fsyncDir ?? fsyncSync;
    this.#onFailure = options.onFailure;
  }

  /** The error of the first failed sync, or null while every sync has succeeded. */
  get failed(): StorageFailedError | null {
    return this.#failed;
  }

  /**
   * Resolves once everything written to the WAL before this call is on disk. A sync already in
   * flight may have started before the caller's commit, so the caller waits for the next one;
   * everyone who arrives meanwhile shares that next one. Once a sync has failed, this and every
   * later call (and those already waiting) reject with that `StorageFailedError`.
   */
  sync(): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
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
        // Rejects without syncing if the sync just waited for failed.
        return this.sync();
      });
    return this.#next;
  }

  /** Records the first failure and tells `onFailure`; returns the error every sync now gets. */
  #fail(cause: unknown, syscall: string, path: string): StorageFailedError {
    if (this.#failed) return this.#failed;
    const failed = new StorageFailedError(cause, syscall, path);
    this.#failed = failed;
    try {
      this.#onFailure?.(failed);
    } catch (err) {
      process.stderr.write(`qingfeng: storage failure listener threw: ${String(err)}\n`);
    }
    return failed;
  }

  #open(): number | null {
    if (this.#fd !== null) return this.#fd;
    let fd: number;
    try {
      fd = openSync(this.#wal, 'r');
    } catch (err) {
      // No WAL yet: nothing was ever committed through it.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    // The WAL's directory entry must be durable too (once, when the file is first seen). Until
    // that has succeeded the handle is not kept, so a transient failure to open the directory is
    // retried by the next sync; a failed fsync of it is final, as for the WAL itself.
    try {
      const dirPath = dirname(this.#wal);
      const dir = openSync(dirPath, 'r');
      try {
        this.#fsyncDir(dir);
      } catch (err) {
        throw this.#fail(err, 'fsync', dirPath);
      } finally {
        closeSync(dir);
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.#fd = fd;
    return fd;
  }

  #syncOnce(): Promise<void> {
    let fd: number | null;
    try {
      fd = this.#open();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.#datasync(fd, (err) => (err ? reject(this.#fail(err, 'fdatasync', this.#wal)) : resolve())),
    );
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

/**
 * How long a RESTART checkpoint waits for the writer of the moment (new writers wait behind it
 * meanwhile): a group commit lasts milliseconds; a bulk load that holds the lock longer is met on
 * a later tick.
 */
export const CHECKPOINT_RESTART_WAIT_MS = 250;

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
    // RESTART only when the PASSIVE pass copied the whole log: frames it could not copy are
    // pinned by a reader of an older snapshot (a backup's VACUUM INTO reads one for minutes), and
    // a RESTART waiting for that reader would hold every writer back each tick. It waits at most
    // RESTART_WAIT_MS for the current writer; one kept waiting longer (a bulk load, a seed)
    // returns busy = 1 rather than throwing, and is simply tried again on the next tick.
    if (r && r.log >= workerData.restartFrames && r.checkpointed === r.log) {
      db.pragma('busy_timeout = ' + workerData.restartWaitMs);
      try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma('busy_timeout = 2000'); }
    }
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
        restartWaitMs: CHECKPOINT_RESTART_WAIT_MS,
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

  /**
   * Stops the thread without a last checkpoint (after a storage failure nothing more should be
   * written to the database file; SQLite recovers from the WAL on the next start). `stop()`
   * afterwards just waits for the thread to end.
   */
  halt(): Promise<void> {
    if (this.#exited) return (this.#stopped ??= Promise.resolve());
    this.#stopped ??= this.#worker.terminate().then(() => undefined);
    return this.#stopped;
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
const failures = new WeakMap<Kysely<Database>, () => StorageFailedError | null>();

/**
 * Registers how commits on `db` are made durable (SQLite files; see the module comment), and
 * optionally how to tell that this has failed for good (`WalSync.failed`).
 */
export function registerDurability(
  db: Kysely<Database>,
  sync: () => Promise<void>,
  failed?: () => StorageFailedError | null,
): void {
  syncs.set(db, sync);
  if (failed) failures.set(db, failed);
  else failures.delete(db);
}

/**
 * The storage failure of `db`, or null: once set, no commit on `db` can be made durable any more
 * and the process is expected to stop (the HTTP layer refuses writes meanwhile).
 */
export function storageFailure(db: Kysely<Database>): StorageFailedError | null {
  return failures.get(db)?.() ?? null;
}

/** Resolves once every commit made on `db` so far is on disk. */
export function durable(db: Kysely<Database>): Promise<void> {
  const sync = syncs.get(db);
  return sync ? sync() : Promise.resolve();
}

/**
 * Runs `fn` in a transaction on `db` and resolves after the commit is durable. Every write
 * transaction goes through here (ESLint refuses `.transaction()` elsewhere), so no caller is
 * answered before its data is on disk. Rejects with `StorageFailedError` once storage has failed
 * (without running `fn`).
 */
export async function transact<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // After a storage failure nothing is written any more (the connection is read-only too).
  const before = storageFailure(db);
  if (before) throw before;
  let result: T;
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one place transactions are opened
    result = await db.transaction().execute(fn);
  } catch (err) {
    // Storage failed while this transaction ran: its SQLITE_READONLY is that failure.
    throw storageFailure(db) ?? err;
  }
  await durable(db);
  return result;
}
