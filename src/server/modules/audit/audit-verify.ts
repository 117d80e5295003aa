import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { GENESIS_HASH, type ChainResult, type VerifyResult, verifyAuditChain, withAnchors } from './audit.service.js';
import { type EventHasher, auditChainOf, eventHasher, readAuditHead } from './audit.chain.js';
import { verifyAuditArchives } from './audit.archive-verify.js';
import { effectiveKeyedFrom, loadAnchors } from './audit.anchors.js';

/**
 * Parallel verification of the audit chain. Each row stores the hash of its predecessor, so a
 * row's own hash can be checked without its neighbours: workers verify contiguous sequence
 * ranges over their own read-only connections, and the main thread checks that the ranges
 * link up (each range's first prev_hash equals the previous range's last hash) and that the
 * last range ends at the chain head. The result is the same as the sequential walk's. The
 * workers get the chain's HMAC key (derived, never the master key) and where keying starts.
 */

/** Columns of a row in the order the workers read them. */
export type RawAuditRow = [
  seq: number,
  id: string,
  occurredAt: string,
  actorUserId: string | null,
  actorUsername: string | null,
  action: string,
  resourceType: string,
  resourceId: string | null,
  unitId: string | null,
  requestId: string | null,
  changes: string | null,
  prevHash: string,
  hash: string,
];

/** Outcome of verifying one range. */
export interface RangeResult {
  from: number;
  to: number;
  checked: number;
  /** prev_hash of the first row of the range (null when the range is empty). */
  firstPrevHash: string | null;
  lastHash: string | null;
  lastSeq: number | null;
  bad: { seq: number; reason: string } | null;
}

/** SQL that reads a range in order, as raw rows (same text on both engines). */
export const RANGE_SQL =
  'select seq, id, occurred_at, actor_user_id, actor_username, action, resource_type, resource_id, unit_id, request_id, changes, prev_hash, hash from audit_events where seq >= $1 and seq <= $2 order by seq';

/**
 * Verifies the rows of one range [from, to] as they stream in: contiguous sequence numbers,
 * each row's hash over its content, and each link inside the range.
 */
export class RangeVerifier {
  private expected: number;
  private prev: string | null = null;
  private first: string | null = null;
  private checked = 0;
  private bad: { seq: number; reason: string } | null = null;

  /** Starts a range from `from` to `to` inclusive, hashing with `hasher`. */
  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly hasher: EventHasher,
  ) {
    this.expected = from;
  }

  /** Checks the next row; returns false once a bad row was found (stop feeding). */
  push(r: RawAuditRow): boolean {
    if (this.bad) return false;
    const seq = Number(r[0]);
    if (seq !== this.expected)
      return this.fail(this.expected, `missing event: expected seq ${this.expected}, found ${seq}`);
    if (this.prev === null) this.first = r[11];
    else if (r[11] !== this.prev) return this.fail(seq, 'prev_hash does not match the previous event');
    const h = this.hasher(r[11], {
      seq,
      id: r[1],
      occurred_at: r[2],
      actor_user_id: r[3],
      actor_username: r[4],
      action: r[5],
      resource_type: r[6],
      resource_id: r[7],
      unit_id: r[8],
      request_id: r[9],
      changes: r[10],
    });
    if (h !== r[12]) return this.fail(seq, 'content does not match its hash');
    this.prev = h;
    this.expected += 1;
    this.checked += 1;
    return true;
  }

  private fail(seq: number, reason: string): false {
    this.bad = { seq, reason };
    return false;
  }

  /** The range's result once every row was pushed. */
  result(): RangeResult {
    if (!this.bad && this.expected <= this.to)
      this.fail(this.expected, `missing event: expected seq ${this.expected}, the range ends`);
    return {
      from: this.from,
      to: this.to,
      checked: this.checked,
      firstPrevHash: this.first,
      lastHash: this.prev,
      lastSeq: this.expected - 1,
      bad: this.bad,
    };
  }
}

/** Combines the range results, in order, with the head into the chain's verdict. */
export function combineRanges(
  ranges: RangeResult[],
  head: { last_seq: number; last_hash: string } | undefined,
  start: { prevHash: string; checked: number } = { prevHash: GENESIS_HASH, checked: 0 },
): ChainResult {
  let checked = start.checked;
  let prevLast = start.prevHash;
  for (const r of ranges) {
    if (r.checked > 0 && r.firstPrevHash !== prevLast) {
      return { ok: false, checked, firstBadSeq: r.from, reason: 'prev_hash does not match the previous event' };
    }
    checked += r.checked;
    if (r.bad) return { ok: false, checked, firstBadSeq: r.bad.seq, reason: r.bad.reason };
    if (r.lastHash) prevLast = r.lastHash;
  }
  if (!head || Number(head.last_seq) !== checked || head.last_hash !== prevLast) {
    return {
      ok: false,
      checked,
      firstBadSeq: checked + 1,
      reason: `chain ends at seq ${checked} but the head records seq ${head ? Number(head.last_seq) : 'none'}: events were removed from the end`,
    };
  }
  return { ok: true, checked, firstBadSeq: null, reason: null };
}

/** What a worker gets: its range and how to hash it. */
export interface WorkerInput {
  source: VerifySource;
  from: number;
  to: number;
  /** The chain's HMAC key. */
  chainKey: Uint8Array;
  /** The first keyed seq. */
  keyedFrom: number;
  /** The first HMAC-SM3 seq (null: none). */
  smFrom: number | null;
}

/** Where the workers connect: a SQLite file or a PostgreSQL URL (with schema). */
export interface VerifySource {
  databaseUrl: string;
  pgSchema?: string | undefined;
}

/** Under tsx or vitest the sources are .ts and the worker needs the tsx loader; the build is .js. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

function runWorker(input: WorkerInput): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(FROM_SOURCE ? './audit-verify.worker-dev.mjs' : './audit-verify.worker.js', import.meta.url);
    const w = new Worker(url, { workerData: input });
    w.once('message', (m: RangeResult) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`audit verification worker exited with ${code}`));
    });
  });
}

/**
 * Verifies the chain with one worker per core over `source` (a SQLite file or PostgreSQL);
 * falls back to the sequential walk for in-memory databases and short chains.
 */
export async function verifyAuditChainParallel(
  db: Kysely<Database>,
  source: VerifySource,
  opts: { workers?: number; minEvents?: number } = {},
): Promise<VerifyResult> {
  const head = await readAuditHead(db);
  const max = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  const last = Math.max(head?.lastSeq ?? 0, Number(max?.m ?? 0));
  const inMemory = source.databaseUrl === ':memory:' || source.databaseUrl.endsWith(':memory:');
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), 8));
  if (inMemory || last < (opts.minEvents ?? 50_000) || workers === 1) return verifyAuditChain(db);
  const loaded = loadAnchors(db);
  const keyedFrom = effectiveKeyedFrom(head, loaded.anchors);
  const chainKey = new Uint8Array(auditChainOf(db).chainKey);
  const { smFrom } = auditChainOf(db);
  // Events taken offline by retention are verified in their archives; the workers take the rest.
  const archived = await verifyAuditArchives(
    db,
    eventHasher(auditChainOf(db).chainKey, keyedFrom, smFrom),
    loaded.anchors,
  );
  if (!archived.ok) return { ...archived, anchors: loaded.anchors.length };
  const first = archived.nextSeq;
  const size = Math.ceil(Math.max(0, last - first + 1) / workers);
  const ranges = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      runWorker({
        source,
        from: first + i * size,
        to: Math.min(last, first + (i + 1) * size - 1),
        chainKey,
        keyedFrom,
        smFrom,
      }),
    ),
  );
  const chain = combineRanges(
    ranges,
    head ? { last_seq: head.lastSeq, last_hash: head.lastHash } : undefined,
    archived,
  );
  return withAnchors(db, chain, loaded, { upTo: archived.nextSeq - 1, hashes: archived.anchored });
}
