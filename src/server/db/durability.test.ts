import { copyFileSync, existsSync, fdatasync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/errors.js';
import { type TestEnv, startTestEnv } from '../test/harness.js';
import { waitFor } from '../test/wait.js';
import { type Db, openDatabase } from './database.js';
import {
  Checkpointer,
  StorageFailedError,
  WalSync,
  registerDurability,
  storageFailure,
  transact,
} from './durability.js';
import { GroupCommit } from './group-commit.js';

/** A promise with its resolver, to hold a sync open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'qf-durable-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('WalSync', () => {
  it('makes a caller who arrives during a sync wait for the next one, and shares that one', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.sqlite');
    const raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('create table t (x integer)');
    const started: (() => void)[] = [];
    const fake = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      started.push(() => fdatasync(fd, cb));
    }) as typeof fdatasync;
    const wal = new WalSync(file, fake);
    const done: string[] = [];
    const first = wal.sync().then(() => done.push('first'));
    await Promise.resolve();
    expect(started).toHaveLength(1);
    // Two callers arrive while the first sync is in flight: their commits may postdate its start.
    const second = wal.sync().then(() => done.push('second'));
    const third = wal.sync().then(() => done.push('third'));
    started[0]!();
    await first;
    expect(done).toEqual(['first']);
    // One more sync started for both of them, not one each.
    await waitFor('the second sync to start', () => started.length === 2);
    expect(started).toHaveLength(2);
    started[1]!();
    await Promise.all([second, third]);
    expect(done).toEqual(['first', 'second', 'third']);
    await wal.close();
    raw.close();
  });

  it('resolves at once when no WAL exists yet', async () => {
    const wal = new WalSync(join(tempDir(), 'missing.sqlite'));
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
  });
});

/** The error a failing disk gives fdatasync / fsync. */
function eio(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EIO: i/o error, ${syscall}`), { code: 'EIO', errno: -5, syscall });
}

/** A real fdatasync that starts failing with EIO once `disk.broken` is set; counts its calls. */
function breakableDisk() {
  const disk = {
    broken: false,
    datasyncs: 0,
    datasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      disk.datasyncs++;
      if (disk.broken) setImmediate(() => cb(eio('fdatasync')));
      else fdatasync(fd, cb);
    }) as typeof fdatasync,
  };
  return disk;
}

/** A SQLite file in WAL mode with a table and one committed row, so its `-wal` file exists. */
function walFile(): { file: string; raw: SqliteDatabase.Database } {
  const file = join(tempDir(), 'f.sqlite');
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.exec('create table t (x integer)');
  raw.exec('insert into t values (1)');
  return { file, raw };
}

describe('WalSync fail-stop', () => {
  it('poisons itself on the first failed fdatasync: that sync, the one waiting behind it and every later one reject, without syncing again', async () => {
    const { file, raw } = walFile();
    const started: ((err: NodeJS.ErrnoException | null) => void)[] = [];
    const fake = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      started.push(cb);
    }) as typeof fdatasync;
    const heard: StorageFailedError[] = [];
    const wal = new WalSync(file, fake, { onFailure: (err) => heard.push(err) });
    expect(wal.failed).toBeNull();
    const first = wal.sync();
    const waiting = wal.sync(); // arrives during the first sync: waits for the next one
    expect(started).toHaveLength(1);
    const cause = eio('fdatasync');
    started[0]!(cause);
    const err = await first.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageFailedError);
    const failed = err as StorageFailedError;
    expect(failed).toMatchObject({ code: 'EIO', syscall: 'fdatasync', path: `${file}-wal`, cause });
    expect(failed.message).toMatch(/fdatasync .* failed \(EIO\)/);
    await expect(waiting).rejects.toBe(failed);
    // Never retried: a later sync fails at once, with the same error, and calls nothing.
    await expect(wal.sync()).rejects.toBe(failed);
    await expect(wal.sync()).rejects.toBe(failed);
    expect(started).toHaveLength(1);
    expect(wal.failed).toBe(failed);
    expect(heard).toEqual([failed]);
    await wal.close();
    await expect(wal.sync()).rejects.toBe(failed);
    raw.close();
  });

  it('treats a failed fsync of the WAL’s directory the same way', async () => {
    const { file, raw } = walFile();
    let datasyncs = 0;
    let dirSyncs = 0;
    const heard: StorageFailedError[] = [];
    const wal = new WalSync(
      file,
      ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
        datasyncs++;
        fdatasync(fd, cb);
      }) as typeof fdatasync,
      {
        onFailure: (err) => heard.push(err),
        fsyncDir: () => {
          dirSyncs++;
          throw eio('fsync');
        },
      },
    );
    const err = await wal.sync().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageFailedError);
    expect(err).toMatchObject({ code: 'EIO', syscall: 'fsync', path: dirname(file) });
    await expect(wal.sync()).rejects.toBe(err);
    expect([datasyncs, dirSyncs, heard.length]).toEqual([0, 1, 1]);
    await wal.close();
    raw.close();
  });
});

describe('a SQLite file whose WAL cannot be synced', () => {
  it('refuses every later write, turns the connection read-only and reports the failure once', async () => {
    const file = join(tempDir(), 's.sqlite');
    const disk = breakableDisk();
    const heard: StorageFailedError[] = [];
    const database = openDatabase(`sqlite:${file}`, {
      datasync: disk.datasync,
      onStorageFailure: (err) => heard.push(err),
    });
    try {
      const { db } = database;
      await sql`create table s (id integer primary key)`.execute(db);
      await transact(db, (trx) => sql`insert into s (id) values (1)`.execute(trx));
      expect(storageFailure(db)).toBeNull();

      disk.broken = true;
      disk.datasyncs = 0;
      const err = await transact(db, (trx) => sql`insert into s (id) values (2)`.execute(trx)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageFailedError);
      expect(storageFailure(db)).toBe(err);
      expect(heard).toEqual([err]);
      expect(database.sqlite!.pragma('query_only', { simple: true })).toBe(1);

      // Later writes are refused before they start, and nothing is synced again.
      let ran = false;
      await expect(
        transact(db, async (trx) => {
          ran = true;
          await sql`insert into s (id) values (3)`.execute(trx);
        }),
      ).rejects.toBe(err);
      expect(ran).toBe(false);
      expect(() => database.sqlite!.prepare('insert into s (id) values (4)').run()).toThrow(/readonly/);
      expect(disk.datasyncs).toBe(1);
      expect(heard).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});

// Engine-independent (SQLite files only): runs in the SQLite leg only.
describe.skipIf(process.env.TEST_SQLITE === '0')('a public submission after storage failed', () => {
  let env: TestEnv;
  const disk = breakableDisk();
  const heard: StorageFailedError[] = [];
  afterAll(async () => env?.close());

  const report = {
    regionCode: '411221000000',
    named: false,
    subject: { name: '某某' },
    content: '存储故障测试的举报内容，至少十个字。',
  };

  it('answers 503 STORAGE_FAILED in the common error shape, even where an idempotent replay finds the unsynced row', async () => {
    env = await startTestEnv('sqlite', {
      sqliteFile: true,
      storage: {
        datasync: disk.datasync,
        onStorageFailure: (err) => heard.push(err),
      },
    });
    const anon = env.anon();
    expect((await anon.post('/api/public/reports', report)).statusCode).toBe(201);

    disk.broken = true;
    disk.datasyncs = 0;
    const expectStorageFailed = (res: Awaited<ReturnType<typeof anon.post>>) => {
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({
        error: {
          code: 'STORAGE_FAILED',
          message: ERROR_CODES.STORAGE_FAILED.message,
          requestId: res.headers['x-request-id'],
        },
      });
      expect(res.body).not.toMatch(/EIO|stack|fdatasync/);
    };
    // The commit lands in the WAL but its sync fails; the service's idempotent replay then finds
    // the row: still no receipt for it.
    expectStorageFailed(await anon.post('/api/public/reports', report, { 'idempotency-key': 'storage-failed-01' }));
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ code: 'EIO', syscall: 'fdatasync' });

    // From now on writes are refused at once, without syncing again; the failure was reported once.
    expectStorageFailed(await anon.post('/api/public/reports', report, { 'idempotency-key': 'storage-failed-01' }));
    expectStorageFailed(await anon.post('/api/public/reports', report));
    expect(disk.datasyncs).toBe(1);
    expect(heard).toHaveLength(1);
    // Reads are still served until the process stops.
    expect((await anon.get('/api/health')).statusCode).toBe(200);
  });
});

describe('transact and group commit wait for durability', () => {
  let database: Db;
  afterAll(async () => database?.close());

  it('answers a transaction and a group-commit batch only after the sync, without holding the next batch', async () => {
    database = openDatabase(':memory:');
    const { db } = database;
    await sql`create table d (id integer primary key)`.execute(db);
    const syncs: ReturnType<typeof gate>[] = [];
    registerDurability(db, () => {
      const g = gate();
      syncs.push(g);
      return g.promise;
    });

    let answered = false;
    const tx = transact(db, (trx) => sql`insert into d (id) values (1)`.execute(trx)).then(() => (answered = true));
    await waitFor('the commit to reach its sync', () => syncs.length === 1);
    // Committed (visible) but not yet answered: the sync is still open.
    expect((await sql<{ n: number }>`select count(*) as n from d`.execute(db)).rows[0]!.n).toBe(1);
    expect(answered).toBe(false);
    syncs.shift()!.open();
    await tx;
    expect(answered).toBe(true);

    const gc = new GroupCommit(db);
    const order: string[] = [];
    const a = gc.run((trx) => sql`insert into d (id) values (2)`.execute(trx)).then(() => order.push('a'));
    await waitFor('the first batch to reach its sync', () => syncs.length === 1);
    expect(syncs).toHaveLength(1);
    // A second unit arrives while the first batch's sync is open: it commits in its own batch now.
    const b = gc.run((trx) => sql`insert into d (id) values (3)`.execute(trx)).then(() => order.push('b'));
    await waitFor('the second batch to reach its own sync', () => syncs.length === 2);
    expect(syncs).toHaveLength(2);
    expect(order).toEqual([]);
    syncs[1]!.open();
    await b;
    syncs[0]!.open();
    await a;
    expect(order).toEqual(['b', 'a']);
    expect((await sql<{ n: number }>`select count(*) as n from d`.execute(db)).rows[0]!.n).toBe(3);
  });
});

describe('a SQLite file', () => {
  it('runs WAL with NORMAL sync, and a worker thread checkpoints it into the database file', async () => {
    const dir = tempDir();
    const file = join(dir, 'q.sqlite');
    const database = openDatabase(`sqlite:${file}`);
    try {
      const raw = database.sqlite!;
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('synchronous', { simple: true })).toBe(1);
      expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      await sql`create table c (id integer primary key, v text)`.execute(database.db);
      for (let i = 0; i < 50; i++)
        await transact(database.db, (trx) => sql`insert into c (id, v) values (${i}, ${'x'.repeat(500)})`.execute(trx));
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      // The database file alone (without its WAL) holds the rows once the worker has checkpointed.
      const rowsInMainFile = () => {
        const copy = join(dir, `copy-${Date.now()}.sqlite`);
        copyFileSync(file, copy);
        expect(existsSync(`${copy}-wal`)).toBe(false);
        const c = new SqliteDatabase(copy, { readonly: true });
        try {
          const has = c.prepare(`select count(*) as n from sqlite_master where name = 'c'`).get() as { n: number };
          return has.n === 0 ? 0 : (c.prepare('select count(*) as n from c').get() as { n: number }).n;
        } finally {
          c.close();
        }
      };
      await waitFor('the checkpointer to copy the rows into the database file', () => rowsInMainFile() >= 50, {
        timeoutMs: 5000,
        everyMs: 50,
      });
      expect(rowsInMainFile()).toBe(50);
    } finally {
      await database.close();
    }
  });

  it('keeps the statement journal of a group-commit savepoint in memory, and still rolls that savepoint back alone', async () => {
    const dir = tempDir();
    const database = openDatabase(`sqlite:${join(dir, 'q.sqlite')}`);
    // SQLite's temporary files are unlinked as soon as they are opened: on Linux they show in
    // /proc/self/fd as "…/etilqs_… (deleted)".
    const tempFiles = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((target) => target.includes('etilqs_'));
    try {
      expect(database.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
      await sql`create table c (id integer primary key, v text)`.execute(database.db);
      await sql`create index c_v on c (v)`.execute(database.db);
      await transact(database.db, async (trx) => {
        for (let i = 0; i < 400; i++) await sql`insert into c (id, v) values (${i}, ${'a'.repeat(400)})`.execute(trx);
      });
      const before = tempFiles().length;
      const gc = new GroupCommit(database.db);
      let seenInside = -1;
      // Each unit rewrites every row (~300 KiB of existing pages, past SQLite's 64 KiB spill
      // threshold for a statement journal kept in a temporary file).
      const rewrite = (v: string, fail: boolean) =>
        gc.run(async (trx) => {
          await sql`update c set v = ${v.repeat(400)}`.execute(trx);
          seenInside = Math.max(seenInside, tempFiles().length);
          if (fail) throw new Error('unit fails after its writes');
        });
      const [ok, failed] = await Promise.allSettled([rewrite('b', false), rewrite('c', true)]);
      expect(ok.status).toBe('fulfilled');
      expect(failed.status).toBe('rejected');
      expect(seenInside).toBe(before);
      const rows = await sql<{ v: string; n: number }>`select v, count(*) as n from c group by v`.execute(database.db);
      expect(rows.rows).toEqual([{ v: 'b'.repeat(400), n: 400 }]);
    } finally {
      await database.close();
    }
  });
});

describe('the WAL under sustained writes', () => {
  it('stays bounded: the checkpointer restarts it, and immediate transactions wait for that', async () => {
    const dir = tempDir();
    const file = join(dir, 'w.sqlite');
    // Restart past 64 frames (256 KiB) instead of 16,384, so a test-sized load reaches it often.
    const database = openDatabase(`sqlite:${file}`, { checkpointRestartFrames: 64 });
    try {
      await sql`create table w (id integer primary key, v text)`.execute(database.db);
      let max = 0;
      const n = 1500;
      for (let i = 0; i < n; i++) {
        // Read first, then write: a deferred transaction could not upgrade while a restart held
        // the write lock and would fail with SQLITE_BUSY; `begin immediate` waits instead.
        await transact(database.db, async (trx) => {
          await sql`select count(*) from w where id = ${i}`.execute(trx);
          await sql`insert into w (v) values (${'x'.repeat(3000)})`.execute(trx);
        });
        if (i % 50 === 0) max = Math.max(max, statSync(`${file}-wal`).size);
        // A pause now and then gives the checkpointer (a thread polling every 100 ms) its turn even
        // on a machine busy with other tests; without one it once lagged to 3.3 MiB there. This is
        // pacing a sustained writer like a real one, not waiting for a state: it stays a sleep.
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 150));
      }
      const rows = await sql<{ n: number }>`select count(*) as n from w`.execute(database.db);
      expect(Number(rows.rows[0]!.n)).toBe(n);
      // Without restarts the log would hold every frame written: > 1,500 × 4 KiB = 6 MiB.
      expect(max).toBeLessThan(3 * 1024 * 1024);
    } finally {
      await database.close();
    }
  });
});

describe('a long writer', () => {
  it('holding the lock past the restart’s busy timeout loses nothing and reports no failure', async () => {
    const dir = tempDir();
    const file = join(dir, 'l.sqlite');
    const failures: string[] = [];
    const database = openDatabase(`sqlite:${file}`, {
      checkpointRestartFrames: 8,
      onCheckpointError: (m) => failures.push(m),
    });
    try {
      await sql`create table l (id integer primary key, v text)`.execute(database.db);
      for (let i = 0; i < 20; i++)
        await transact(database.db, (trx) => sql`insert into l (v) values (${'y'.repeat(3000)})`.execute(trx));
      // A bulk load holds the write lock for 2.5 s, longer than the checkpointer's 2 s timeout
      // (the scenario's duration, not a wait for a state).
      const raw = database.sqlite!;
      raw.exec('begin immediate');
      for (let i = 0; i < 50; i++) raw.prepare('insert into l (v) values (?)').run('z'.repeat(3000));
      await new Promise((r) => setTimeout(r, 2500));
      raw.exec('commit');
      // The checkpointer's next pass after the commit copies the bulk load into the database file
      // (read from a copy of the file alone, without its WAL): it ran, and reported nothing.
      const rowsInMainFile = () => {
        const copy = join(dir, `copy-${Date.now()}.sqlite`);
        copyFileSync(file, copy);
        let c: SqliteDatabase.Database | null = null;
        try {
          c = new SqliteDatabase(copy, { readonly: true });
          return (c.prepare('select count(*) as n from l').get() as { n: number }).n;
        } catch {
          return -1; // copied halfway through a checkpoint's write: look again
        } finally {
          c?.close();
          rmSync(copy, { force: true });
        }
      };
      await waitFor('the checkpointer to copy the bulk load into the file', () => rowsInMainFile() === 70, {
        timeoutMs: 10_000,
        everyMs: 50,
      });
      expect(failures).toEqual([]);
      const n = await sql<{ n: number }>`select count(*) as n from l`.execute(database.db);
      expect(Number(n.rows[0]!.n)).toBe(70);
    } finally {
      await database.close();
    }
  });
});

describe('Checkpointer', () => {
  it('reports a thread that cannot open its database and still stops cleanly', async () => {
    const errors: string[] = [];
    let exited = false;
    const c = new Checkpointer(
      join(tempDir(), 'no', 'such', 'dir', 'q.sqlite'),
      (m) => errors.push(m),
      () => (exited = true),
    );
    await waitFor('the checkpointer thread to exit', () => exited, { timeoutMs: 5000 });
    expect(exited).toBe(true);
    expect(errors.join(' ')).toMatch(/directory does not exist|unable to open/i);
    await expect(c.stop()).resolves.toBeUndefined();
  });
});
