/**
 * Audit retention on SQLite (modules/audit/audit.archive.ts): a valid keyed chain of
 * BENCH_ARCHIVE_EVENTS (default 300,000) events, one every 30 s from 2025-01-01 (about 104 days:
 * four monthly archives), bulk-inserted; then, in this order, each timed:
 *   ceiling   `verifyAuditChain` of the whole chain in the database (reads and hashes every event);
 *   archive   `archiveAuditEvents` years later: verify, gzip, fsync, sign, record, then delete;
 *   verify    `verifyAuditChain` again, now reading the archives (gunzip) and the online rest.
 * Prints events/s, archive bytes per event, and each time as a ratio to the ceiling.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openPlatform } from '../src/server/bootstrap.js';
import {
  ARCHIVE_FOLDER,
  EVENT_COLUMNS,
  archiveAuditEvents,
  chainHasherOf,
  readAuditHead,
  verifyAuditChain,
} from '../src/server/modules/audit/index.js';
import { type AppConfig, loadConfig } from '../src/server/shared/config.js';
import { newId } from '../src/server/shared/ids.js';
import { fmt, heading, makeTempDir, report, runMain } from './lib/common.js';

const EVENTS = Number(process.env.BENCH_ARCHIVE_EVENTS ?? 300_000);
const B = 'audit-archive';

runMain('audit-archive.bench', async () => {
  heading(`audit retention on SQLite: ${fmt(EVENTS)} events`);
  const dir = makeTempDir('audit-archive');
  const config: AppConfig = { ...loadConfig({ QF_DATA_DIR: dir }), dataDir: dir };
  const platform = await openPlatform(config);
  const { database } = platform;
  const db = database.db;
  const hash = await chainHasherOf(db);
  const sqlite = database.sqlite!;
  const h0 = (await readAuditHead(db))!;
  const insert = sqlite.prepare(
    `insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const setHead = sqlite.prepare('update audit_head set last_seq = ?, last_hash = ? where id = 1');
  let prev = h0.lastHash;
  let seq = h0.lastSeq;
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  const chunk = sqlite.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      seq += 1;
      const e = {
        seq,
        id: newId(),
        occurred_at: new Date(t0 + (seq - h0.lastSeq) * 30_000).toISOString(),
        actor_user_id: null,
        actor_username: `user${seq % 40}`,
        action: seq % 3 ? 'subject.read' : 'staff.update',
        resource_type: seq % 3 ? 'subject' : 'staff',
        resource_id: newId(),
        unit_id: null,
        request_id: randomUUID(),
        changes: seq % 3 ? null : JSON.stringify({ name: ['张三', '李四'], position: ['干部', '副主任'] }),
      };
      const h = hash(prev, e);
      insert.run(...EVENT_COLUMNS.map((c) => (c === 'prev_hash' ? prev : c === 'hash' ? h : e[c])));
      prev = h;
    }
    setHead.run(seq, prev);
  });
  for (let done = 0; done < EVENTS; done += 50_000) chunk(Math.min(50_000, EVENTS - done));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  // The platform's own start events are of today: move "now" far enough that all is old.
  const later = Date.now() + 3 * 366 * 86_400_000;

  let t = performance.now();
  const before = await verifyAuditChain(db);
  const verifyMs = performance.now() - t;
  if (!before.ok) throw new Error(`chain broken before archiving: ${before.reason}`);
  const ceiling = { name: 'verify in the database', value: verifyMs };
  report({
    bench: B,
    name: 'verify in the database (ceiling)',
    value: verifyMs,
    unit: 'ms',
    note: `${fmt(before.checked)} events`,
  });

  t = performance.now();
  const run = await archiveAuditEvents(db, database.dialect, later);
  const archiveMs = performance.now() - t;
  const files = readdirSync(join(dir, ARCHIVE_FOLDER)).filter((f) => f.endsWith('.jsonl.gz'));
  const bytes = files.reduce((n, f) => n + statSync(join(dir, ARCHIVE_FOLDER, f)).size, 0);
  const archived = run.archives.reduce((n, a) => n + a.events, 0);
  if (archived < EVENTS || run.pruned !== archived) throw new Error(`archived ${archived}, pruned ${run.pruned}`);
  report({
    bench: B,
    name: 'archive + prune',
    value: archiveMs,
    unit: 'ms',
    ceiling,
    note: `${fmt(archived / (archiveMs / 1000))} events/s, ${run.archives.length} files, ${fmt(bytes / archived)} bytes/event gzip`,
  });
  report({
    bench: B,
    name: 'archive throughput',
    value: archived / (archiveMs / 1000),
    unit: 'events/s',
    // A county writes well under a million events a month: 10,000/s archives a month in under two minutes.
    target: { op: '>=', value: 10_000 },
  });

  t = performance.now();
  const after = await verifyAuditChain(db);
  const afterMs = performance.now() - t;
  if (!after.ok || after.checked !== before.checked + run.archives.length)
    throw new Error(`chain after archiving: ${JSON.stringify(after)}`);
  report({ bench: B, name: 'verify from the archives + online part', value: afterMs, unit: 'ms', ceiling });
  await database.close();
});
