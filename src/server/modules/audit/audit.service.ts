import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { Ctx } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import { insertRow } from '../../db/insert-row.js';
import { arg, runCompiled } from '../../db/compiled-query.js';
import { transact } from '../../db/durability.js';
import { type HashedEvent, auditChainOf, eventHasher, readAuditHead } from './audit.chain.js';
import { checkAnchors, effectiveKeyedFrom, loadAnchors } from './audit.anchors.js';
import { verifyAuditArchives } from './audit.archive-verify.js';

/**
 * The audit chain. Every event is appended in the same transaction as the change it records;
 * each row carries the hash of the previous row and of its own canonical content, so any
 * edited, deleted or inserted row breaks the chain at that row. The hash is keyed (HMAC under a
 * key outside the database, see audit.chain.ts) from the head's `keyed_from` on, and the head is
 * anchored outside the database (audit.anchors.ts).
 */

/** What a caller says about one audited action. */
export interface AuditInput {
  /** `resource.action`, e.g. `zone.update`, `subject.read`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** The unit the record belongs to (for the audit administrator's filters). */
  unitId?: string | null;
  /** Field → [before, after] of the fields that changed. */
  changes?: Record<string, [unknown, unknown]> | null;
}

/** Fields whose values never enter the audit log; only the fact that they changed does. */
const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'totp_secret_enc', 'totpSecret']);

/** Genesis hash: the `prev_hash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Returns the before/after pairs of the fields in `after` that differ from `before`; secret
 * fields are recorded as changed without their values.
 */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === 'updated_at' || k === 'version' || k === 'updatedAt') continue;
    const b = before ? before[k] : null;
    if (JSON.stringify(b) === JSON.stringify(v)) continue;
    out[k] = SECRET_FIELDS.has(k) ? ['[secret]', '[secret]'] : [b ?? null, v ?? null];
  }
  return out;
}

/**
 * Appends one event to the chain inside the caller's transaction (the ctx's db must be a
 * transaction so the event commits or rolls back with the change).
 */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  await appendAuditEvent(ctx.db, ctx.dialect, {
    occurredAt: new Date(ctx.clock.nowMs()).toISOString(),
    actorUserId: ctx.actor?.userId ?? null,
    actorUsername: ctx.actor?.username ?? null,
    requestId: ctx.requestId,
    ...input,
  });
}

/** The full description of an event, for callers without a request context (CLI, jobs). */
export interface RawAuditInput extends AuditInput {
  occurredAt: string;
  actorUserId: string | null;
  actorUsername: string | null;
  requestId: string | null;
}

/** Appends one event under the chain lock; `db` must be a transaction. */
export async function appendAuditEvent(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  input: RawAuditInput,
): Promise<void> {
  if (!db.isTransaction) throw new Error('audit events are written inside the transaction of the change');
  const locked = await dialect.lockAuditHead(db as never);
  const { chainKey, smFrom } = auditChainOf(db);
  const head =
    locked ??
    (
      await runCompiled(
        db,
        'audit.head',
        (d) => d.selectFrom('audit_head').select(['last_seq', 'last_hash', 'keyed_from']).where('id', '=', 1),
        [],
      )
    ).rows[0];
  if (!head) throw new Error('audit_head row is missing');
  const row: HashedEvent = {
    seq: Number(head.last_seq) + 1,
    id: newId(),
    occurred_at: input.occurredAt,
    actor_user_id: input.actorUserId,
    actor_username: input.actorUsername,
    action: input.action,
    resource_type: input.resourceType,
    resource_id: input.resourceId ?? null,
    unit_id: input.unitId ?? null,
    request_id: input.requestId,
    changes: input.changes && Object.keys(input.changes).length > 0 ? JSON.stringify(input.changes) : null,
  };
  const hash = eventHasher(chainKey, Number(head.keyed_from), smFrom)(head.last_hash, row);
  const event = { ...row, prev_hash: head.last_hash, hash };
  if (dialect.name === 'postgres') {
    // One round trip: the event and the head's advance in one statement (a data-modifying CTE).
    await db.executeQuery(CompiledQuery.raw(APPEND_PG, [...EVENT_COLUMNS.map((c) => event[c]), row.seq, hash]));
    return;
  }
  await insertRow(db, 'audit_events', event);
  await runCompiled(
    db,
    'audit.head.advance',
    (d) =>
      d
        .updateTable('audit_head')
        .set({ last_seq: arg<number>(0), last_hash: arg<string>(1) })
        .where('id', '=', 1),
    [row.seq, hash],
  );
}

/** The columns of an audit event row, in the order of `APPEND_PG`'s parameters (and of bulk loads). */
export const EVENT_COLUMNS = [
  'seq',
  'id',
  'occurred_at',
  'actor_user_id',
  'actor_username',
  'action',
  'resource_type',
  'resource_id',
  'unit_id',
  'request_id',
  'changes',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof HashedEvent | 'prev_hash' | 'hash')[];

/** PostgreSQL: insert the event and advance the head in one statement. */
const APPEND_PG = `with e as (insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(
  (_, i) => `$${i + 1}`,
).join(', ')})) update audit_head set last_seq = $${EVENT_COLUMNS.length + 1}, last_hash = $${
  EVENT_COLUMNS.length + 2
} where id = 1`;

/**
 * On a chain written before the keyed scheme (the migration set `keyed_from` past its last
 * event), appends the `audit.chain_keyed` marker: the first keyed event, saying from where on
 * the chain is keyed. Does nothing on a new chain (keyed from seq 1) or once the marker is
 * written. Returns whether it wrote the marker.
 */
export async function ensureAuditChainKeyed(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  nowMs: number,
): Promise<boolean> {
  const due = (h: Awaited<ReturnType<typeof readAuditHead>>) => !!h && h.keyedFrom > 1 && h.lastSeq === h.keyedFrom - 1;
  if (!due(await readAuditHead(db))) return false;
  return transact(db, async (trx) => {
    await dialect.lockAuditHead(trx);
    const head = await readAuditHead(trx);
    if (!due(head)) return false;
    await appendAuditEvent(trx, dialect, {
      occurredAt: new Date(nowMs).toISOString(),
      actorUserId: null,
      actorUsername: 'system',
      requestId: null,
      action: 'audit.chain_keyed',
      resourceType: 'audit_event',
      changes: { keyedFrom: [null, head!.keyedFrom], previousEvents: [null, head!.lastSeq] },
    });
    return true;
  });
}

/** Outcome of a chain verification. */
export interface VerifyResult {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /** Sequence number of the first bad row, or null. */
  firstBadSeq: number | null;
  /** What is wrong with it. */
  reason: string | null;
  /** Anchors (lines of the anchor file) the chain was checked against. */
  anchors: number;
}

/** The chain's verdict before the anchors: links, hashes and head. */
export type ChainResult = Omit<VerifyResult, 'anchors'>;

/**
 * Checks a chain whose links and hashes were walked (`chain`) against the anchor file: a bad
 * anchor line, an anchored event that differs or is missing, or a disagreement on where the
 * keyed scheme starts makes it broken. A chain already broken keeps its first bad seq.
 */
export async function withAnchors(
  db: Kysely<Database>,
  chain: ChainResult,
  loaded: ReturnType<typeof loadAnchors>,
  archived?: { upTo: number; hashes: ReadonlyMap<number, string> },
): Promise<VerifyResult> {
  const anchors = loaded.anchors.length;
  if (!chain.ok) return { ...chain, anchors };
  if (loaded.bad)
    return {
      ok: false,
      checked: chain.checked,
      firstBadSeq: null,
      reason: `line ${loaded.bad.line} of the anchor file ${loaded.bad.reason}`,
      anchors,
    };
  const problem = await checkAnchors(db, loaded.anchors, await readAuditHead(db), chain.checked, archived);
  if (problem) return { ok: false, checked: chain.checked, firstBadSeq: problem.seq, reason: problem.reason, anchors };
  return { ...chain, anchors };
}

/**
 * Walks the whole chain in sequence order and returns the first row whose hash, link or
 * sequence number is wrong, whether the tip matches `audit_head`, then checks the anchors.
 */
export async function verifyAuditChain(db: Kysely<Database>, batch = 20000): Promise<VerifyResult> {
  const loaded = loadAnchors(db);
  const head = await readAuditHead(db);
  const { chainKey, smFrom } = auditChainOf(db);
  const hasher = eventHasher(chainKey, effectiveKeyedFrom(head, loaded.anchors), smFrom);
  // Events taken offline by retention are verified in their archives first (audit.archive-verify.ts).
  const archived = await verifyAuditArchives(db, hasher, loaded.anchors);
  if (!archived.ok) return { ...archived, anchors: loaded.anchors.length };
  const chain = await walkChain(db, hasher, batch, archived);
  return withAnchors(db, chain, loaded, { upTo: archived.nextSeq - 1, hashes: archived.anchored });
}

async function walkChain(
  db: Kysely<Database>,
  hasher: (prev: string, e: HashedEvent) => string,
  batch: number,
  start: { nextSeq: number; prevHash: string; checked: number },
): Promise<ChainResult> {
  let prev = start.prevHash;
  let expectedSeq = start.nextSeq;
  let checked = start.checked;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          firstBadSeq: expectedSeq,
          reason: `missing event: expected seq ${expectedSeq}, found ${seq}`,
        };
      }
      if (r.prev_hash !== prev) {
        return { ok: false, checked, firstBadSeq: seq, reason: 'prev_hash does not match the previous event' };
      }
      const h = hasher(prev, r);
      if (h !== r.hash) return { ok: false, checked, firstBadSeq: seq, reason: 'content does not match its hash' };
      prev = h;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batch) break;
  }
  const head = await readAuditHead(db);
  if (!head || head.lastSeq !== checked || head.lastHash !== prev) {
    return {
      ok: false,
      checked,
      firstBadSeq: checked + 1,
      reason: `chain ends at seq ${checked} but the head records seq ${head ? head.lastSeq : 'none'}: events were removed from the end`,
    };
  }
  return { ok: true, checked, firstBadSeq: null, reason: null };
}
