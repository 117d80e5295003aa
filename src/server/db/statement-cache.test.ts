import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingDatabase } from './statement-cache.js';

describe('SQLite prepared-statement cache', () => {
  it('reuses an idle statement and never hands out one that is still being iterated', () => {
    const raw = new SqliteDatabase(':memory:');
    raw.exec('create table t (n integer); insert into t values (1), (2), (3);');
    const db = cachingDatabase(raw);
    const q = 'select n from t order by n';
    const first = db.prepare(q);
    expect(db.prepare(q)).toBe(first);
    const it1 = first.iterate([]);
    expect(it1.next().value).toEqual({ n: 1 });
    // `first` is mid-iteration: a second use gets its own statement, and both read correctly.
    const second = db.prepare(q);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...it1]).toEqual([{ n: 2 }, { n: 3 }]);
    expect(db.prepare(q)).toBe(first);
    db.close();
  });

  it('keeps at most `size` statements, evicting the oldest', () => {
    const raw = new SqliteDatabase(':memory:');
    const db = cachingDatabase(raw, 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    db.prepare('select 3');
    expect(db.prepare('select 2')).toBe(b);
    expect(db.prepare('select 1')).not.toBe(a);
    db.close();
  });
});
