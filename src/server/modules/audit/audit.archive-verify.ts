import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { safeEqual } from '../../shared/crypto.js';
import type { EventHasher, HashedEvent } from './audit.chain.js';
import type { Anchor } from './audit.anchors.js';
import { GENESIS_HASH } from './audit.service.js';
import { auditRetentionOf, listAuditArchives, signArchive } from './audit.archive.js';
import type { AuditArchiveTable } from './audit.tables.js';

/**
 * Verification of the archived part of the audit chain: every recorded archive's signature, its
 * file (present, SHA-256 as signed), the events inside (contiguous, each link and hash), each
 * archive continuing the previous one from the genesis hash; archive files in the folder that no
 * record names; then the point where the online chain must continue. A problem names the
 * archive file and the first seq it affects.
 */

/** Where the online chain continues after the archives. */
export interface ArchivedPart {
  /** First seq the online part must start with (1 without archives). */
  nextSeq: number;
  /** The prev_hash it must carry. */
  prevHash: string;
  /** Archived events checked. */
  checked: number;
  /** Hashes of the anchored seqs found in the archives (anchors are checked against these). */
  anchored: Map<number, string>;
  /** Recorded archives. */
  archives: number;
}

/** A problem in the archived part. */
export interface ArchiveProblem {
  ok: false;
  checked: number;
  firstBadSeq: number | null;
  reason: string;
}

/**
 * Verifies the recorded archives of `db`'s chain with `hasher`, collecting the hashes of the
 * anchored seqs they hold. Without archives it returns the genesis start at once.
 */
export async function verifyAuditArchives(
  db: Kysely<Database>,
  hasher: EventHasher,
  anchors: readonly Anchor[],
): Promise<({ ok: true } & ArchivedPart) | ArchiveProblem> {
  const rows = await listAuditArchives(db);
  const retention = auditRetentionOf(db);
  const part: ArchivedPart = { nextSeq: 1, prevHash: GENESIS_HASH, checked: 0, anchored: new Map(), archives: 0 };
  if (retention && existsSync(retention.archiveDir)) {
    const recorded = new Set(rows.map((r) => r.file));
    const stray = readdirSync(retention.archiveDir)
      .filter((f) => f.endsWith('.jsonl.gz') && !recorded.has(f))
      .sort();
    if (stray.length > 0)
      return problem(
        0,
        null,
        `archive file ${stray[0]} is in ${retention.archiveDir} but no audit_archives record names it (a record was removed?)`,
      );
  }
  if (rows.length === 0) return { ok: true, ...part };
  if (!retention) return problem(0, 1, 'the audit chain has archives but the archive folder is not configured');
  const wanted = new Set(anchors.map((a) => a.seq));
  for (const row of rows) {
    const label = `archive ${row.file} (seq ${row.from_seq}–${row.to_seq})`;
    if (row.from_seq !== part.nextSeq || row.first_prev_hash !== part.prevHash)
      return problem(part.checked, part.nextSeq, `${label} does not continue the previous archive`);
    if (!safeEqual(row.signature, signArchive(retention.archiveKey, row, retention.archiveAlgorithm)))
      return problem(part.checked, row.from_seq, `${label}: its record's signature is not valid (altered or forged)`);
    const path = join(retention.archiveDir, row.file);
    if (!existsSync(path)) return problem(part.checked, row.from_seq, `${label}: the file is missing`);
    const sha = await sha256Of(path);
    if (sha !== row.sha256)
      return problem(
        part.checked,
        row.from_seq,
        `${label}: the file was altered (its SHA-256 differs from the signed one)`,
      );
    const inside = await verifyArchiveFile(path, row, hasher, wanted, part.anchored);
    if (inside) return problem(part.checked, inside.seq, `${label}: ${inside.reason}`);
    part.checked += Number(row.events);
    part.nextSeq = row.to_seq + 1;
    part.prevHash = row.last_hash;
    part.archives += 1;
  }
  // The online part must start where the archives end (a partly pruned archive leaves events
  // below that, which the archive holds).
  const low = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.min('seq').as('s'))
    .executeTakeFirst();
  if (low?.s != null && Number(low.s) > part.nextSeq)
    return problem(
      part.checked,
      part.nextSeq,
      `events ${part.nextSeq}–${Number(low.s) - 1} are neither in the database nor in a recorded archive`,
    );
  return { ok: true, ...part };
}

function problem(checked: number, firstBadSeq: number | null, reason: string): ArchiveProblem {
  return { ok: false, checked, firstBadSeq, reason };
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Walks one archive file's lines; returns its first problem or null. */
async function verifyArchiveFile(
  path: string,
  row: AuditArchiveTable,
  hasher: EventHasher,
  wanted: Set<number>,
  anchored: Map<number, string>,
): Promise<{ seq: number; reason: string } | null> {
  let seq = Number(row.from_seq);
  let prev = row.first_prev_hash;
  let header = false;
  let ended = false;
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line === '') continue;
      const item = JSON.parse(line) as {
        kind?: string;
        fromSeq?: number;
        event?: HashedEvent & { prev_hash: string; hash: string };
        anchor?: Anchor;
        end?: { toSeq: number; lastHash: string; events: number };
      };
      if (!header) {
        if (item.kind !== 'qingfeng-audit-archive' || item.fromSeq !== seq) return { seq, reason: 'bad header line' };
        header = true;
      } else if (item.event) {
        const e = item.event;
        if (Number(e.seq) !== seq) return { seq, reason: `missing event: expected seq ${seq}, found ${e.seq}` };
        if (e.prev_hash !== prev) return { seq, reason: 'prev_hash does not match the previous event' };
        if (hasher(prev, e) !== e.hash) return { seq, reason: 'content does not match its hash' };
        if (wanted.has(seq)) anchored.set(seq, e.hash);
        prev = e.hash;
        seq += 1;
      } else if (item.end) {
        if (item.end.toSeq !== Number(row.to_seq) || seq - 1 !== Number(row.to_seq) || item.end.lastHash !== prev)
          return { seq, reason: 'the file ends elsewhere than its record says' };
        ended = true;
      }
    }
  } catch {
    return { seq, reason: 'the file cannot be read (damaged)' };
  }
  if (!ended || prev !== row.last_hash) return { seq, reason: 'the file ends early' };
  return null;
}
