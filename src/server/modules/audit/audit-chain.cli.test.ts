import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestEnv } from '../../test/harness.js';
import { writeAuditAnchor } from './audit.anchors.js';

const run = promisify(execFile);

/**
 * The attack of issue 11 §3, from a second process, as someone with write access to the SQLite
 * file (not to the master key) would make it: open the file with better-sqlite3, drop the
 * append-only triggers, change the chain, rewrite the head. Modes:
 * - `plain`: delete event K and re-link the rest with plain SHA-256 (the scheme before keying);
 * - `wrong-key`: the same with HMAC under a key of their own (knowing the scheme, not the key);
 * - `unkeyed`: re-link every event with plain SHA-256 and move `keyed_from` past the end, so the
 *   whole chain passes for one written before the keyed scheme (only the anchors reveal it);
 * - `truncate`: cut the events from K on and point the head at the prefix (no key needed).
 */
const ATTACKER = `
import Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
const [file, mode, kText] = process.argv.slice(1);
const k = Number(kText);
const db = new Database(file);
db.exec('drop trigger if exists audit_events_no_update; drop trigger if exists audit_events_no_delete');
const cols = ['seq', 'id', 'occurred_at', 'actor_user_id', 'actor_username', 'action', 'resource_type',
  'resource_id', 'unit_id', 'request_id', 'changes', 'prev_hash', 'hash'];
const rows = db.prepare('select ' + cols.join(', ') + ' from audit_events order by seq').all();
const text = (prev, e) => prev + '\\n' + JSON.stringify([e.seq, e.id, e.occurred_at, e.actor_user_id,
  e.actor_username, e.action, e.resource_type, e.resource_id, e.unit_id, e.request_id, e.changes]);
const plain = (prev, e) => createHash('sha256').update(text(prev, e)).digest('hex');
const mine = (prev, e) => createHmac('sha256', Buffer.alloc(32, 7)).update(text(prev, e)).digest('hex');
const kept = mode === 'truncate' ? rows.filter((r) => r.seq < k) : rows.filter((r) => r.seq !== k);
const insert = db.prepare('insert into audit_events (' + cols.join(', ') + ') values (' + cols.map(() => '?').join(', ') + ')');
db.transaction(() => {
  db.prepare('delete from audit_events').run();
  let prev = '0'.repeat(64);
  kept.forEach((r, i) => {
    const e = { ...r, seq: i + 1, prev_hash: prev };
    if (mode === 'unkeyed') e.hash = plain(prev, e);
    else if (mode !== 'truncate' && e.seq >= k) e.hash = (mode === 'plain' ? plain : mine)(prev, e);
    insert.run(...cols.map((c) => e[c]));
    prev = e.hash;
  });
  db.prepare('update audit_head set last_seq = ?, last_hash = ? where id = 1').run(kept.length, prev);
  if (mode === 'unkeyed') db.prepare('update audit_head set keyed_from = ? where id = 1').run(kept.length + 1);
})();
db.close();
`;

// SQLite: the attacker opens the file itself. The PostgreSQL side is the role separation (db/roles.test.ts).
describe.skipIf(process.env.TEST_SQLITE === '0')('verify-audit against an intruder in a second process', () => {
  it('exits 1 naming the seq after a deletion re-linked without the key, and after truncation past an anchor', async () => {
    const env = await startTestEnv('sqlite', { sqliteFile: true });
    try {
      for (const u of ['leader', 'intake', 'orgadmin']) await env.as(u);
      const db = env.platform.database.db;
      const anchored = await writeAuditAnchor(db, env.clock.nowMs());
      for (const u of ['leader', 'tstaff1']) await env.as(u);
      const total = Number((await db.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow()).last_seq);
      expect(anchored.seq).toBeGreaterThanOrEqual(4);
      expect(total).toBeGreaterThan(anchored.seq);
      const file = env.config.databaseUrl.replace(/^sqlite:/, '');
      await env.platform.database.close();

      /** A copy of the database, attacked in `mode` by a child process. */
      const attacked = async (mode: string, k: number) => {
        const copy = join(env.config.dataDir, `${mode}.sqlite`);
        copyFileSync(file, copy);
        await run(process.execPath, ['--input-type=module', '-e', ATTACKER, copy, mode, String(k)]);
        return copy;
      };
      /** `verify-audit`, the real CLI, in its own process: exit status and what it printed. */
      const verify = async (dbFile: string) => {
        try {
          const r = await run(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'verify-audit'], {
            env: {
              ...process.env,
              DATABASE_URL: `sqlite:${dbFile}`,
              QF_DATA_DIR: env.config.dataDir,
              QF_MASTER_KEY_FILE: env.config.masterKeyFile,
              QF_AUDIT_ANCHOR_FILE: env.config.auditAnchorFile,
            },
          });
          return { code: 0, out: r.stdout };
        } catch (e) {
          const err = e as { code: number; stderr: string };
          return { code: err.code, out: err.stderr };
        }
      };

      const k = 3;
      const [plain, wrongKey, unkeyed, truncated] = await Promise.all([
        attacked('plain', k),
        attacked('wrong-key', k),
        attacked('unkeyed', k),
        attacked('truncate', anchored.seq - 1),
      ]);
      const intactCopy = join(env.config.dataDir, 'intact.sqlite');
      copyFileSync(file, intactCopy);
      const [intact, r1, r2, r3, r4] = await Promise.all([
        verify(intactCopy),
        verify(plain),
        verify(wrongKey),
        verify(unkeyed),
        verify(truncated),
      ]);
      expect(intact.code, intact.out).toBe(0);
      expect(intact.out).toMatch(/audit chain intact: \d+ events in [\d.]+ s \(1 anchor in /);
      expect(r1.code, r1.out).toBe(1);
      expect(r1.out).toContain(`BROKEN at event seq ${k}: content does not match its hash`);
      expect(r2.code, r2.out).toBe(1);
      expect(r2.out).toContain(`BROKEN at event seq ${k}: content does not match its hash`);
      // Every event re-linked as an unkeyed chain: the anchor says the chain is keyed from seq 1.
      expect(r3.code, r3.out).toBe(1);
      expect(r3.out).toContain('BROKEN at event seq 1: content does not match its hash');
      // A valid keyed prefix: only the anchor beyond its end shows what was cut.
      expect(r4.code, r4.out).toBe(1);
      expect(r4.out).toContain(
        `BROKEN at event seq ${anchored.seq - 1}: the anchor of ${anchored.at} records seq ${anchored.seq} but the chain ends at seq ${anchored.seq - 2}`,
      );
    } finally {
      await env.close().catch(() => undefined);
    }
  });
});
