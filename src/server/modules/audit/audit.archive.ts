import { createHash, createHmac } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { transact } from '../../db/durability.js';
import { cryptoProfileOf, deriveKeyWith, macAlgorithm } from '../../shared/crypto.js';
import { domainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Log } from '../../shared/logger.js';
import { type EventHasher, auditChainOf, eventHasher, readAuditHead } from './audit.chain.js';
import { type Anchor, effectiveKeyedFrom, loadAnchors } from './audit.anchors.js';
import { GENESIS_HASH, appendAuditEvent } from './audit.service.js';
import type { AuditArchiveTable } from './audit.tables.js';

/**
 * Audit retention (等保 2.0 level 3: audit records kept at least six months). Events stay in the
 * database for the online period (`QF_AUDIT_ONLINE_MONTHS`, at least 6); the daily job
 * `audit.archive` writes older events, whole UTC months at a time, to gzip JSON Lines files under
 * `<data>/audit-archive/` with their chain hashes and the anchors that fall inside them, fsyncs
 * them, records each file in `audit_archives` with its SHA-256 and a signature, and only then
 * removes the archived events from the database, oldest first, never the head.
 *
 * The signature is an HMAC-SHA-256 under a key derived from the master key (label
 * `qingfeng/audit-archive/v1`), not Ed25519: whoever verifies an archive must also verify the
 * chain inside it, whose links are HMACs under the master key's chain key, so a public key would
 * let nobody verify more than they can today, and a private signing key would be one more
 * secret to keep apart from the database. Verification (`verifyAuditArchives`) checks every
 * recorded archive's signature, file hash, events and links, then the online chain continues
 * from the last archive's hash.
 */

/** HKDF label of the archives' signing key. */
export const ARCHIVE_KEY_LABEL = 'qingfeng/audit-archive/v1';
/** 等保 2.0 level 3: audit records stay at least six months. */
export const MIN_AUDIT_ONLINE_MONTHS = 6;
/** Events per archive file at most (a month of a busy county stays one file; a backlog is cut). */
export const MAX_EVENTS_PER_ARCHIVE = 500_000;
/** Events read, and removed, per statement. */
const BATCH = 5_000;
/** Folder of the archives under the data folder. */
export const ARCHIVE_FOLDER = 'audit-archive';

/** Where a database's audit archives go and how long events stay online. */
export interface AuditRetentionConfig {
  archiveDir: string;
  onlineMonths: number;
  archiveKey: Buffer;
  /** HMAC of the signatures: the install's MAC suite's (HMAC-SM3 on a 商用密码 install). */
  archiveAlgorithm: 'sha256' | 'sm3';
}

const configs = new WeakMap<object, AuditRetentionConfig>();

/**
 * Tells the audit module where `db`'s archives live and how long events stay online
 * (`openPlatform` calls it beside `configureAuditChain`). Fewer than six months is refused.
 */
export function configureAuditRetention(
  db: Kysely<Database>,
  masterKey: Buffer,
  opts: { dataDir: string; onlineMonths?: number },
): void {
  const onlineMonths = opts.onlineMonths ?? MIN_AUDIT_ONLINE_MONTHS;
  if (!Number.isInteger(onlineMonths) || onlineMonths < MIN_AUDIT_ONLINE_MONTHS)
    throw new Error(`audit events stay online at least ${MIN_AUDIT_ONLINE_MONTHS} months (等保 2.0)`);
  const profile = cryptoProfileOf(masterKey);
  configs.set(db.getExecutor().adapter, {
    archiveDir: join(opts.dataDir, ARCHIVE_FOLDER),
    onlineMonths,
    // From the keyed-hash root, as the chain's keys: archives signed before a master-key change
    // (rekey) still verify after it.
    archiveKey: deriveKeyWith(profile.macSuite, profile.macRoot ?? masterKey, ARCHIVE_KEY_LABEL),
    archiveAlgorithm: macAlgorithm(profile.macSuite),
  });
}

/** The retention configuration of `db`, or null when `configureAuditRetention` was not called. */
export function auditRetentionOf(db: Kysely<Database>): AuditRetentionConfig | null {
  return configs.get(db.getExecutor().adapter) ?? null;
}

/**
 * The first instant that stays online: the start of the UTC month `onlineMonths` before the
 * month of `nowMs`. Archiving whole months keeps every event online for at least the period.
 */
export function archiveCutoff(nowMs: number, onlineMonths: number): string {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - onlineMonths, 1)).toISOString();
}

/** The signed part of an archive: its row without id, signature and created_at. */
export type ArchiveManifest = Omit<AuditArchiveTable, 'id' | 'signature' | 'created_at'>;

/** The signature of an archive's manifest (hex HMAC under the archive key, SHA-256 or SM3 by the install's suite). */
export function signArchive(key: Buffer, m: ArchiveManifest, algorithm: 'sha256' | 'sm3' = 'sha256'): string {
  return createHmac(algorithm, key)
    .update(
      [
        'qingfeng-audit-archive/v1',
        m.file,
        Number(m.from_seq),
        Number(m.to_seq),
        m.first_prev_hash,
        m.last_hash,
        Number(m.events),
        m.first_at,
        m.last_at,
        m.sha256,
        Number(m.anchors),
      ].join('\n'),
    )
    .digest('hex');
}

/** The recorded archives in chain order. */
export async function listAuditArchives(db: Kysely<Database>): Promise<AuditArchiveTable[]> {
  const rows = await db.selectFrom('audit_archives').selectAll().orderBy('from_seq').execute();
  return rows.map((r) => ({ ...r, from_seq: Number(r.from_seq), to_seq: Number(r.to_seq) }));
}

/** The last archived seq (0 when nothing is archived) and its hash. */
async function archivedEnd(db: Kysely<Database>): Promise<{ toSeq: number; lastHash: string }> {
  const last = await db
    .selectFrom('audit_archives')
    .select(['to_seq', 'last_hash'])
    .orderBy('to_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? { toSeq: Number(last.to_seq), lastHash: last.last_hash } : { toSeq: 0, lastHash: GENESIS_HASH };
}

/** What one run of the archive job did. */
export interface ArchiveRun {
  archives: ArchiveManifest[];
  /** Events removed from the database (archived in this run or an earlier one cut short). */
  pruned: number;
}

/**
 * Archives the events older than the online period and removes them from the database (the
 * job `audit.archive`). Idempotent and resumable: a run cut short leaves either an unrecorded
 * `.partial` file (rewritten next time) or recorded archives whose events the next run removes.
 * Throws AUDIT_ARCHIVE_REFUSED when the part to archive does not verify (a broken chain is kept
 * in the database as evidence) or when retention is not configured.
 */
export async function archiveAuditEvents(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  nowMs: number,
  log?: Log,
): Promise<ArchiveRun> {
  const retention = auditRetentionOf(db);
  if (!retention) throw domainError('AUDIT_ARCHIVE_REFUSED', { reason: 'audit retention is not configured' });
  const run: ArchiveRun = { archives: [], pruned: await pruneArchivedEvents(db, dialect) };
  const cutoff = archiveCutoff(nowMs, retention.onlineMonths);
  const loaded = loadAnchors(db);
  for (;;) {
    const head = await readAuditHead(db);
    if (!head) return run;
    const end = await archivedEnd(db);
    // Every event below the first young one is old (seq order, not time order: an event's
    // instant is taken before the chain lock, so neighbours may be a few ms out of order).
    const young = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.min('seq').as('s'))
      .where('occurred_at', '>=', cutoff)
      .executeTakeFirst();
    const limit = Math.min(young?.s == null ? head.lastSeq : Number(young.s) - 1, head.lastSeq - 1);
    if (end.toSeq + 1 > limit) break;
    const { chainKey, smFrom } = auditChainOf(db);
    const hasher = eventHasher(chainKey, effectiveKeyedFrom(head, loaded.anchors), smFrom);
    const manifest = await writeArchiveFile(db, retention, hasher, end, limit, loaded.anchors);
    const signature = signArchive(retention.archiveKey, manifest, retention.archiveAlgorithm);
    await transact(db, async (trx) => {
      await dialect.lockAuditHead(trx);
      await trx
        .insertInto('audit_archives')
        .values({ id: newId(), ...manifest, signature, created_at: new Date(nowMs).toISOString() })
        .execute();
      await appendAuditEvent(trx, dialect, {
        occurredAt: new Date(nowMs).toISOString(),
        actorUserId: null,
        actorUsername: 'system',
        requestId: null,
        action: 'audit.archive',
        resourceType: 'audit_event',
        changes: {
          archive: [null, { file: manifest.file, fromSeq: manifest.from_seq, toSeq: manifest.to_seq }],
        },
      });
    });
    run.archives.push(manifest);
    log?.info(
      { file: manifest.file, fromSeq: manifest.from_seq, toSeq: manifest.to_seq, events: manifest.events },
      'audit events archived',
    );
    run.pruned += await pruneArchivedEvents(db, dialect);
  }
  return run;
}

/** The UTC month of an instant (`2026-05`). */
const monthOf = (iso: string) => iso.slice(0, 7);

/**
 * Writes the next archive file: events from `end.toSeq + 1` through at most `limit`, one UTC
 * month (by the first event's instant) and at most MAX_EVENTS_PER_ARCHIVE, each verified
 * (link and hash) before it is written; then the anchors inside the range. Fsynced and renamed
 * into place, the folder fsynced. Returns the manifest to sign and record.
 */
async function writeArchiveFile(
  db: Kysely<Database>,
  retention: AuditRetentionConfig,
  hasher: EventHasher,
  end: { toSeq: number; lastHash: string },
  limit: number,
  anchors: Anchor[],
): Promise<ArchiveManifest> {
  mkdirSync(retention.archiveDir, { recursive: true, mode: 0o700 });
  const fromSeq = end.toSeq + 1;
  const partial = join(retention.archiveDir, `audit-${fromSeq}.partial`);
  const gzip = createGzip({ level: 6 });
  const sha = createHash('sha256');
  const out = await open(partial, 'w', 0o600);
  const written = (async () => {
    for await (const chunk of gzip) {
      sha.update(chunk as Buffer);
      await out.write(chunk as Buffer);
    }
  })();
  const put = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await new Promise<void>((r) => gzip.once('drain', r));
  };
  let prev = end.lastHash;
  let seq = fromSeq;
  let firstAt = '';
  let lastAt = '';
  let month = '';
  let events = 0;
  try {
    await put(JSON.stringify({ kind: 'qingfeng-audit-archive', version: 1, fromSeq, firstPrevHash: prev }));
    outer: while (seq <= limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>=', seq)
        .where('seq', '<=', limit)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        const s = Number(r.seq);
        if (events > 0 && (monthOf(r.occurred_at) > month || events >= MAX_EVENTS_PER_ARCHIVE)) break outer;
        if (s !== seq) throw refused(`missing event: expected seq ${seq}, found ${s}`, seq);
        if (r.prev_hash !== prev) throw refused('prev_hash does not match the previous event', s);
        if (hasher(prev, r) !== r.hash) throw refused('content does not match its hash', s);
        if (events === 0) {
          firstAt = r.occurred_at;
          month = monthOf(r.occurred_at);
        }
        lastAt = r.occurred_at;
        await put(JSON.stringify({ event: { ...r, seq: s } }));
        prev = r.hash;
        seq += 1;
        events += 1;
      }
    }
    if (events === 0) throw refused(`no event to archive at seq ${fromSeq}`, fromSeq);
    const toSeq = seq - 1;
    const inside = anchors.filter((a) => a.seq >= fromSeq && a.seq <= toSeq);
    for (const a of inside) await put(JSON.stringify({ anchor: a }));
    await put(JSON.stringify({ end: { toSeq, lastHash: prev, events } }));
    gzip.end();
    await written;
    await out.sync();
    await out.close();
    const file = `audit-${month}-${fromSeq}-${toSeq}.jsonl.gz`;
    renameSync(partial, join(retention.archiveDir, file));
    fsyncFolder(retention.archiveDir);
    const manifest: ArchiveManifest = {
      file,
      from_seq: fromSeq,
      to_seq: toSeq,
      first_prev_hash: end.lastHash,
      last_hash: prev,
      events,
      first_at: firstAt,
      last_at: lastAt,
      sha256: sha.digest('hex'),
      anchors: inside.length,
    };
    // A copy of the signed manifest beside the file, for a reader without the database.
    const sidecar = join(retention.archiveDir, `${file}.manifest.json`);
    writeFileSync(
      sidecar,
      `${JSON.stringify({ ...manifest, signature: signArchive(retention.archiveKey, manifest, retention.archiveAlgorithm) })}\n`,
      {
        mode: 0o600,
      },
    );
    const fd = openSync(sidecar, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fsyncFolder(retention.archiveDir);
    return manifest;
  } catch (err) {
    gzip.destroy();
    await out.close().catch(() => undefined);
    await written.catch(() => undefined);
    if (existsSync(partial)) rmSync(partial, { force: true });
    throw err;
  }
}

function refused(reason: string, seq: number) {
  return domainError('AUDIT_ARCHIVE_REFUSED', { reason, seq });
}

function fsyncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the events that recorded archives cover, oldest first, BATCH per transaction; the
 * database refuses anything else (migration 2026120811d). On PostgreSQL through the owner's
 * SECURITY DEFINER function `audit_prune_archived` (the application role may not DELETE).
 */
export async function pruneArchivedEvents(db: Kysely<Database>, dialect: DialectHelpers): Promise<number> {
  const { toSeq } = await archivedEnd(db);
  if (toSeq === 0) return 0;
  let total = 0;
  for (;;) {
    const n = await transact(db, async (trx) => {
      if (dialect.name === 'postgres') {
        const res = await sql<{ n: string | number }>`select audit_prune_archived(${BATCH}) as n`.execute(trx);
        return Number(res.rows[0]?.n ?? 0);
      }
      const low = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.fn.min('seq').as('s'))
        .executeTakeFirst();
      if (low?.s == null || Number(low.s) > toSeq) return 0;
      const res = await trx
        .deleteFrom('audit_events')
        .where('seq', '<=', Math.min(toSeq, Number(low.s) + BATCH - 1))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    });
    total += n;
    if (n === 0) return total;
  }
}
