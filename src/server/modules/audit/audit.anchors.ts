import { createHmac } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { safeEqual } from '../../shared/crypto.js';
import { type AuditHead, auditChainOf, readAuditHead } from './audit.chain.js';

/**
 * Anchors: the chain's head written outside the database. At least hourly (the `audit.anchor`
 * job), at `serve`/`worker` start and stop and before each export, the head's sequence number
 * and hash are appended as one line to the anchor file (opened O_APPEND, fsynced), each line
 * MACed with a key derived from the master key. `verify-audit` then requires every anchor to be
 * on the chain: its seq must exist with that hash (a re-written past is caught even where the
 * key was known), and an anchor beyond the head means events were cut off the end (truncation
 * leaves a valid prefix, which no key can reveal). The audit administrator exports the file
 * and keeps copies elsewhere, so deleting it does not erase what it proved.
 */

/** One line of the anchor file. */
export interface Anchor {
  /** When it was written (ISO instant). */
  at: string;
  /** The head's sequence number then. */
  seq: number;
  /** The hash of that event. */
  hash: string;
  /** Where the keyed scheme starts (the head's `keyed_from`). */
  keyedFrom: number;
  /** HMAC-SHA-256 (HMAC-SM3 on a 商用密码 install) of the fields above under the anchor key. */
  mac: string;
}

function anchorMac(key: Buffer, a: Omit<Anchor, 'mac'>, algorithm: 'sha256' | 'sm3' = 'sha256'): string {
  return createHmac(algorithm, key)
    .update(`qingfeng-audit-anchor/v1\n${a.at}\n${a.seq}\n${a.hash}\n${a.keyedFrom}`)
    .digest('hex');
}

/**
 * Appends the current head of `db`'s chain to the anchor file, fsynced, and returns the line's
 * anchor. Safe from several processes at once (one small O_APPEND write per line).
 */
export async function writeAuditAnchor(db: Kysely<Database>, nowMs: number): Promise<Anchor> {
  const chain = auditChainOf(db);
  const head = await readAuditHead(db);
  if (!head) throw new Error('audit_head row is missing');
  const fields = {
    at: new Date(nowMs).toISOString(),
    seq: head.lastSeq,
    hash: head.lastHash,
    keyedFrom: head.keyedFrom,
  };
  const anchor: Anchor = { ...fields, mac: anchorMac(chain.anchorKey, fields, chain.anchorAlgorithm) };
  const created = !existsSync(chain.anchorFile);
  if (created) mkdirSync(dirname(chain.anchorFile), { recursive: true, mode: 0o700 });
  const fd = openSync(chain.anchorFile, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) {
    // The new file's directory entry must be durable too.
    const dir = openSync(dirname(chain.anchorFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
  return anchor;
}

/** The anchor file's content as it is (empty when none was written yet), for the export. */
export function readAnchorFile(db: Kysely<Database>): string {
  const { anchorFile } = auditChainOf(db);
  return existsSync(anchorFile) ? readFileSync(anchorFile, 'utf8') : '';
}

/** The anchors of the file, or the first line that is not a genuine anchor. */
export function parseAnchors(
  text: string,
  anchorKey: Buffer,
  algorithm: 'sha256' | 'sm3' = 'sha256',
): { anchors: Anchor[]; bad: { line: number; reason: string } | null } {
  const anchors: Anchor[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A torn last line (a crash mid-write, before the fsync) anchored nothing.
    if (line === '' || (i === lines.length - 1 && !line.endsWith('}'))) continue;
    let a: Anchor;
    try {
      a = JSON.parse(line) as Anchor;
    } catch {
      return { anchors, bad: { line: i + 1, reason: 'is not an anchor' } };
    }
    const ok =
      a &&
      typeof a.at === 'string' &&
      Number.isSafeInteger(a.seq) &&
      typeof a.hash === 'string' &&
      Number.isSafeInteger(a.keyedFrom) &&
      typeof a.mac === 'string' &&
      safeEqual(a.mac, anchorMac(anchorKey, { at: a.at, seq: a.seq, hash: a.hash, keyedFrom: a.keyedFrom }, algorithm));
    if (!ok) return { anchors, bad: { line: i + 1, reason: 'does not carry a valid MAC (altered or forged)' } };
    anchors.push(a);
  }
  return { anchors, bad: null };
}

/** Reads and checks the anchor file of `db`'s chain. */
export function loadAnchors(db: Kysely<Database>): ReturnType<typeof parseAnchors> & { file: string } {
  const chain = auditChainOf(db);
  return { ...parseAnchors(readAnchorFile(db), chain.anchorKey, chain.anchorAlgorithm), file: chain.anchorFile };
}

/**
 * Where the keyed scheme must start: the head's `keyed_from`, or an anchor's if lower (an
 * intruder who raises `keyed_from` to pass re-linked plain SHA-256 events off as old ones is
 * overruled by what the anchors recorded).
 */
export function effectiveKeyedFrom(head: AuditHead | null, anchors: Anchor[]): number {
  let k = head?.keyedFrom ?? 1;
  for (const a of anchors) k = Math.min(k, a.keyedFrom);
  return k;
}

/** A problem the anchors reveal: the first bad event and what is wrong. */
export interface AnchorProblem {
  seq: number;
  reason: string;
}

/**
 * Checks the anchors against a chain verified up to `checked` events (its links and hashes
 * already found intact): each anchored seq must exist with the anchored hash, none may lie
 * beyond the end, and they must agree with the head on where the keyed scheme starts. Returns
 * the problem with the lowest seq, or null.
 */
export async function checkAnchors(
  db: Kysely<Database>,
  anchors: Anchor[],
  head: AuditHead | null,
  checked: number,
  archived?: { upTo: number; hashes: ReadonlyMap<number, string> },
): Promise<AnchorProblem | null> {
  const problems: AnchorProblem[] = [];
  // Several anchors may name one seq (no event between two hours): each must carry its hash.
  const wanted = new Map<number, Anchor[]>();
  for (const a of anchors) {
    if (head && a.keyedFrom !== head.keyedFrom)
      problems.push({
        seq: Math.min(a.keyedFrom, head.keyedFrom),
        reason: `the head says the keyed chain starts at seq ${head.keyedFrom}, the anchor of ${a.at} says ${a.keyedFrom}`,
      });
    if (a.seq > checked)
      problems.push({
        seq: checked + 1,
        reason: `the anchor of ${a.at} records seq ${a.seq} but the chain ends at seq ${checked}: events were removed from the end`,
      });
    else if (archived && a.seq > 0 && a.seq <= archived.upTo) {
      // An archived event is checked against its archive (audit.archive-verify.ts).
      if (archived.hashes.get(a.seq) !== a.hash)
        problems.push({ seq: a.seq, reason: `archived event seq ${a.seq} differs from the anchor of ${a.at}` });
    } else if (a.seq > 0) wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a]);
  }
  const seqs = [...wanted.keys()];
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
    const found = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    for (const seq of seqs.slice(i, i + 500))
      for (const a of wanted.get(seq)!)
        if (found.get(seq) !== a.hash)
          problems.push({ seq, reason: `event seq ${seq} differs from the anchor of ${a.at}` });
  }
  problems.sort((x, y) => x.seq - y.seq);
  return problems[0] ?? null;
}
