import { copyFileSync, existsSync, fdatasync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './database.js';
import { Checkpointer, WalSync, registerDurability, transact } from './durability.js';
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
    await new Promise((r) => setTimeout(r, 10));
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
    await new Promise((r) => setTimeout(r, 20));
    // Committed (visible) but not yet answered: the sync is still open.
    expect((await sql<{ n: number }>`select count(*) as n from d`.execute(db)).rows[0]!.n).toBe(1);
    expect(answered).toBe(false);
    syncs.shift()!.open();
    await tx;
    expect(answered).toBe(true);

    const gc = new GroupCommit(db);
    const order: string[] = [];
    const a = gc.run((trx) => sql`insert into d (id) values (2)`.execute(trx)).then(() => order.push('a'));
    await new Promise((r) => setTimeout(r, 20));
    expect(syncs).toHaveLength(1);
    // A second unit arrives while the first batch's sync is open: it commits in its own batch now.
    const b = gc.run((trx) => sql`insert into d (id) values (3)`.execute(trx)).then(() => order.push('b'));
    await new Promise((r) => setTimeout(r, 20));
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
      const deadline = Date.now() + 5000;
      let n = rowsInMainFile();
      while (n < 50 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        n = rowsInMainFile();
      }
      expect(n).toBe(50);
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
      // A bulk load holds the write lock for 2.5 s, longer than the checkpointer's 2 s timeout.
      const raw = database.sqlite!;
      raw.exec('begin immediate');
      for (let i = 0; i < 50; i++) raw.prepare('insert into l (v) values (?)').run('z'.repeat(3000));
      await new Promise((r) => setTimeout(r, 2500));
      raw.exec('commit');
      await new Promise((r) => setTimeout(r, 300));
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
    const deadline = Date.now() + 5000;
    while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(exited).toBe(true);
    expect(errors.join(' ')).toMatch(/directory does not exist|unable to open/i);
    await expect(c.stop()).resolves.toBeUndefined();
  });
});
