import { createHmac, hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { cryptoProfileOf, deriveKeyWith, macAlgorithm } from '../../shared/crypto.js';

/**
 * The audit chain's keys. Each event's hash links it to its predecessor; from the head's
 * `keyed_from` on, that hash is an HMAC-SHA-256 under a key derived from the master key (which
 * lives outside the database, in ./data or QF_MASTER_KEY_FILE), so someone who can write the
 * database but not read the key cannot delete an event and re-link the rest. Events before
 * `keyed_from` (chains written before the keyed scheme) keep their plain SHA-256 links and are
 * verified as such. The key is derived with its own label: it opens nothing else, and the
 * verification workers get only it, never the master key.
 *
 * On a 商用密码 install (suite `sm`) the keys are derived with HKDF-SM3 and, from the seq the
 * install records (`crypto_settings.chain_sm_from`: 1 for an install created `sm`, the next seq
 * for one moved to `sm` by `rekey`), each link is HMAC-SM3 instead of HMAC-SHA-256. The keys
 * come from the keyed-hash root (the master key, or the original root kept sealed after a
 * master-key change), so the chain still verifies after `rekey`.
 */

/** HKDF label of the chain's HMAC key. */
export const CHAIN_KEY_LABEL = 'qingfeng/audit-chain/v1';
/** HKDF label of the anchor lines' HMAC key (a different key: an anchor is not an event). */
export const ANCHOR_KEY_LABEL = 'qingfeng/audit-anchor/v1';

/** The content of an event that its hash covers, in a fixed order. */
export interface HashedEvent {
  seq: number;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  unit_id: string | null;
  request_id: string | null;
  changes: string | null;
}

/** The hashed text of an event: the previous hash and its canonical content. */
function hashedText(prevHash: string, e: HashedEvent): string {
  const canonical = JSON.stringify([
    Number(e.seq),
    e.id,
    e.occurred_at,
    e.actor_user_id,
    e.actor_username,
    e.action,
    e.resource_type,
    e.resource_id,
    e.unit_id,
    e.request_id,
    e.changes,
  ]);
  return `${prevHash}\n${canonical}`;
}

/** An event's legacy (unkeyed) hash: plain SHA-256 of the previous hash and its canonical content. */
export function hashEvent(prevHash: string, e: HashedEvent): string {
  return hash('sha256', hashedText(prevHash, e));
}

/** An event's keyed hash: HMAC-SHA-256 (or HMAC-SM3, `algorithm` `sm3`) under the chain key over what `hashEvent` hashes. */
export function macEvent(
  chainKey: Buffer | Uint8Array,
  prevHash: string,
  e: HashedEvent,
  algorithm: 'sha256' | 'sm3' = 'sha256',
): string {
  return createHmac(algorithm, chainKey).update(hashedText(prevHash, e)).digest('hex');
}

/** Hashes events of one chain: keyed from `keyedFrom` on, plain SHA-256 before. */
export type EventHasher = (prevHash: string, e: HashedEvent) => string;

/**
 * HMAC-SHA-256 (or HMAC-SM3: the same 64-byte block and 32-byte digest) as two one-shot hashes
 * over preallocated buffers (RFC 2104: H(K^opad, H(K^ipad, m))), the same value as `createHmac`
 * at about 1.4 times its speed: verification hashes every event.
 */
function fastMac(chainKey: Buffer | Uint8Array, algorithm: 'sha256' | 'sm3' = 'sha256'): (text: string) => string {
  if (chainKey.length > 64) throw new Error('the chain key must be at most 64 bytes');
  const ipad = Buffer.alloc(64, 0x36);
  const opad = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < chainKey.length; i++) {
    ipad[i]! ^= chainKey[i]!;
    opad[i]! ^= chainKey[i]!;
  }
  let inner = Buffer.allocUnsafe(64 + 4096);
  ipad.copy(inner, 0);
  const outer = Buffer.allocUnsafe(64 + 32);
  opad.copy(outer, 0);
  return (text) => {
    let n = inner.write(text, 64);
    // A write that (nearly) fills the buffer may have been cut: grow it and write again.
    if (n > inner.length - 64 - 4) {
      inner = Buffer.allocUnsafe(64 + Buffer.byteLength(text) * 2);
      ipad.copy(inner, 0);
      n = inner.write(text, 64);
    }
    (hash(algorithm, inner.subarray(0, 64 + n), 'buffer') as unknown as Buffer).copy(outer, 64);
    return hash(algorithm, outer);
  };
}

/**
 * The hasher of a chain whose keyed scheme starts at `keyedFrom`, with HMAC-SM3 links from
 * `smFrom` on (null: HMAC-SHA-256 throughout).
 */
export function eventHasher(
  chainKey: Buffer | Uint8Array,
  keyedFrom: number,
  smFrom: number | null = null,
): EventHasher {
  const mac = fastMac(chainKey);
  if (smFrom === null) return (prev, e) => (Number(e.seq) >= keyedFrom ? mac(hashedText(prev, e)) : hashEvent(prev, e));
  const sm = fastMac(chainKey, 'sm3');
  return (prev, e) => {
    const seq = Number(e.seq);
    if (seq < keyedFrom) return hashEvent(prev, e);
    return seq >= smFrom ? sm(hashedText(prev, e)) : mac(hashedText(prev, e));
  };
}

/** What a database's audit chain needs from outside it: its keys and where it is anchored. */
export interface AuditChainConfig {
  /** HMAC key of the events (derived from the master key with CHAIN_KEY_LABEL). */
  chainKey: Buffer;
  /** HMAC key of the anchor lines (ANCHOR_KEY_LABEL). */
  anchorKey: Buffer;
  /** HMAC of the anchor lines: the install's MAC suite's (fixed at install, so one file holds one kind). */
  anchorAlgorithm: 'sha256' | 'sm3';
  /** The append-only anchor file (QF_AUDIT_ANCHOR_FILE). */
  anchorFile: string;
  /** First seq whose link is HMAC-SM3 (null: none). */
  smFrom: number | null;
}

// Per database, keyed by its dialect adapter (which its transactions share): the test suite
// opens many databases with different master keys in one process.
const configs = new WeakMap<object, AuditChainConfig>();

/**
 * Tells the audit module the keys and anchor file of `db`'s chain; `openPlatform` calls it
 * before anything is appended. Appending or verifying on a database without it throws. The keys
 * are derived with the install's MAC suite from its keyed-hash root (the profile registered for
 * `masterKey`); `smFrom` is the first HMAC-SM3 link (`crypto_settings.chain_sm_from`).
 */
export function configureAuditChain(
  db: Kysely<Database>,
  masterKey: Buffer,
  anchorFile: string,
  smFrom: number | null = null,
): void {
  const profile = cryptoProfileOf(masterKey);
  const root = profile.macRoot ?? masterKey;
  configs.set(db.getExecutor().adapter, {
    chainKey: deriveKeyWith(profile.macSuite, root, CHAIN_KEY_LABEL),
    anchorKey: deriveKeyWith(profile.macSuite, root, ANCHOR_KEY_LABEL),
    anchorAlgorithm: macAlgorithm(profile.macSuite),
    anchorFile,
    smFrom,
  });
}

/** The chain configuration of `db` (or of the database a transaction runs on). */
export function auditChainOf(db: Kysely<Database>): AuditChainConfig {
  const config = configs.get(db.getExecutor().adapter);
  if (!config) throw new Error('the audit chain is not configured for this database (openPlatform does it)');
  return config;
}

/** The chain's head: the last event and where the keyed scheme starts. */
export interface AuditHead {
  lastSeq: number;
  lastHash: string;
  keyedFrom: number;
}

/** Reads the head (committed state; inside a transaction, the transaction's). */
export async function readAuditHead(db: Kysely<Database>): Promise<AuditHead | null> {
  const h = await db
    .selectFrom('audit_head')
    .select(['last_seq', 'last_hash', 'keyed_from'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return h ? { lastSeq: Number(h.last_seq), lastHash: h.last_hash, keyedFrom: Number(h.keyed_from) } : null;
}

/** The hasher of `db`'s chain as its head says now (tests, benchmarks, tools that build chains). */
export async function chainHasherOf(db: Kysely<Database>): Promise<EventHasher> {
  const head = await readAuditHead(db);
  const config = auditChainOf(db);
  return eventHasher(config.chainKey, head?.keyedFrom ?? 1, config.smFrom);
}
