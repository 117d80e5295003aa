import { randomFillSync } from 'node:crypto';

// Random bytes are drawn from the CSPRNG a few kilobytes at a time: one call per id cost more
// than building the id (ids are minted on every write: report, event, audit row …).
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomSlice(n: number): Buffer {
  if (poolOffset + n > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  // Bytes handed out are wiped from the pool, so nothing keeps a copy of an id's randomness.
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

let lastMs = 0;
let seq = 0;

/**
 * Returns a new UUIDv7 (RFC 9562): sortable by creation time, so primary keys cluster well in
 * B-tree indexes on both SQLite and PostgreSQL. Monotonic within one process.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    seq += 1;
    if (seq > 0xfff) {
      lastMs += 1;
      seq = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    seq = randomSlice(2).readUInt16BE(0) & 0x3ff;
  }
  const b = randomSlice(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Matches a UUID in canonical lowercase form. */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
