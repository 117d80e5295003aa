import { join } from 'node:path';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/types.js';
import { transact } from '../../db/durability.js';
import {
  type CryptoProfile,
  type CryptoSuite,
  Keyring,
  masterKeyCheck,
  readMasterKey,
  suiteOfSealed,
} from '../../shared/crypto.js';
import { DomainError, domainError } from '../../shared/errors.js';
import { appendAuditEvent } from '../audit/index.js';
import { blobStoreFor } from '../attachments/index.js';
import { MAC_ROOT_CONTEXT, readCryptoSettings } from './crypto-suite.service.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-inventory.js';

/**
 * `qingfeng rekey`: re-seals every sealed value of the inventory (`sealed-inventory.ts`) under a
 * new master key and/or suite, and — when the suite changes — re-encrypts every attachment file
 * into the target blob format. Resumable: `crypto_settings.rekey_*` records the target (so `serve`
 * refuses to start, REKEY_UNFINISHED) and `rekey_progress` the last row key done per step; a value
 * already under the target (its prefix, and it opens under the target key) is never sealed again.
 * Keyed hashes and the audit chain keep their algorithm and their root: the root is sealed under
 * the new master key in the final transaction, with the new key's check value.
 */

/** Rows re-sealed per transaction. */
export const REKEY_BATCH_ROWS = 500;
/** Blob files re-encrypted per transaction (each is written, fsynced and renamed before the commit). */
const REKEY_BATCH_BLOBS = 50;
/** Larger than any stored file: rewriting keeps what was accepted once. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;
/** PostgreSQL advisory lock held by a running rekey (two at once are refused). */
const REKEY_LOCK = 2_026_120_811;

/** Options of `runRekey`. */
export interface RekeyOptions {
  /** Target suite; undefined: the suite of an interrupted rekey, else the install's. */
  suite?: CryptoSuite | undefined;
  /** File holding the new master key (32 bytes in base64); undefined: the key stays. */
  newMasterKeyFile?: string | undefined;
  /** Rows per transaction (default REKEY_BATCH_ROWS; tests use small batches). */
  batchRows?: number;
  /** One line per batch and step (`table.column: n / total`). */
  progress?: (line: string) => void;
  /** Tests only: throws inside the transaction once this run has re-sealed this many values (a crash mid-batch). */
  failAfterValues?: number;
}

/** What a finished `runRekey` did. */
export interface RekeyResult {
  fromSuite: CryptoSuite;
  suite: CryptoSuite;
  /** The suite of keyed hashes and the audit chain: unchanged (their inputs are gone). */
  macSuite: CryptoSuite;
  keyChanged: boolean;
  /** Whether this run continued an interrupted rekey. */
  resumed: boolean;
  /** Values this run sealed under the target (each value once, across runs). */
  resealed: number;
  /** Values found already under the target (re-sealed by an earlier, interrupted run). */
  skipped: number;
  /** Attachment files re-encrypted into the target format by this run. */
  blobsRewritten: number;
  /** Rows whose attachment file is missing: their data key is re-sealed, the file cannot be rewritten. */
  blobsMissing: string[];
}

type AnyRow = Record<string, string | number | null>;
type AnyDb = Kysely<Record<string, AnyRow>>;

/** The platform `rekey` works on: opened by the caller with `openPlatform(config, { forRekey: true })`. */
export interface RekeyPlatform {
  database: Db;
  /** The CURRENT master key (QF_MASTER_KEY_FILE). */
  masterKey: Buffer;
  dataDir: string;
}
type Platform = RekeyPlatform;

/** A failure injected by `failAfterValues`. */
export class RekeyInterrupted extends Error {}

/**
 * Runs (or resumes) a rekey on `platform`, opened with `forRekey` (the server must be stopped);
 * the caller closes it. Throws MASTER_KEY_MISMATCH (the key file is not the install's, or a
 * resumed rekey got another new key), REKEY_UNFINISHED (a resumed rekey asked for another suite),
 * VALIDATION_FAILED (nothing to change, unreadable key file) or CONFLICT (another rekey runs).
 */
export async function runRekey(platform: RekeyPlatform, opts: RekeyOptions = {}): Promise<RekeyResult> {
  const oldKey = platform.masterKey;
  const newKey = opts.newMasterKeyFile ? readKeyFile(opts.newMasterKeyFile, '--new-master-key') : oldKey;
  if (opts.newMasterKeyFile && newKey.equals(oldKey)) {
    throw domainError(
      'VALIDATION_FAILED',
      { field: 'newMasterKey' },
      `--new-master-key ${opts.newMasterKeyFile} holds the current master key: make a new one (32 random bytes in base64)`,
    );
  }
  const release = await takeRekeyLock(platform);
  try {
    return await rekeyOpened(platform, oldKey, newKey, opts);
  } finally {
    await release();
  }
}

function readKeyFile(path: string, what: string): Buffer {
  try {
    return readMasterKey(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw domainError('VALIDATION_FAILED', { field: what }, `${what} ${path}: ${reason}`);
  }
}

/** PostgreSQL: a session advisory lock, so two rekeys never run at once (SQLite: the rule in the README). */
async function takeRekeyLock(platform: Platform): Promise<() => Promise<void>> {
  if (platform.database.sqlite) return async () => undefined;
  const db = platform.database.db;
  // One pooled connection holds the session lock for the whole run.
  let unlock: () => void = () => undefined;
  const held = new Promise<void>((r) => (unlock = r));
  let acquired: (ok: boolean) => void = () => undefined;
  const got = new Promise<boolean>((r) => (acquired = r));
  const session = db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${REKEY_LOCK}) as ok`.execute(conn);
    const ok = rows[0]?.ok === true;
    acquired(ok);
    if (!ok) return;
    await held;
    await sql`select pg_advisory_unlock(${REKEY_LOCK})`.execute(conn);
  });
  if (!(await got)) {
    await session;
    throw domainError('CONFLICT', { lock: 'rekey' }, 'another `qingfeng rekey` is running on this database');
  }
  return async () => {
    unlock();
    await session;
  };
}

async function rekeyOpened(
  platform: Platform,
  oldKey: Buffer,
  newKey: Buffer,
  opts: RekeyOptions,
): Promise<RekeyResult> {
  const db = platform.database.db;
  const row = await readCryptoSettings(db);
  if (!row) throw new Error('crypto_settings has no row after openPlatform');
  const newCheck = masterKeyCheck(newKey);
  if (row.key_check !== masterKeyCheck(oldKey)) {
    if (row.rekey_suite === null && row.key_check === newCheck) {
      throw domainError(
        'MASTER_KEY_MISMATCH',
        {},
        `this rekey already finished: move ${opts.newMasterKeyFile ?? 'the new key file'} to QF_MASTER_KEY_FILE, then start the server`,
      );
    }
    throw domainError(
      'MASTER_KEY_MISMATCH',
      {},
      'the master key file (QF_MASTER_KEY_FILE) is not the key this database was sealed under; rekey reads the CURRENT key there and the new one from --new-master-key',
    );
  }
  const resumed = row.rekey_suite !== null;
  const target: CryptoSuite = opts.suite ?? row.rekey_suite ?? row.suite;
  if (resumed) {
    if (target !== row.rekey_suite) {
      throw domainError(
        'REKEY_UNFINISHED',
        { target: row.rekey_suite },
        `an interrupted rekey to suite ${row.rekey_suite} is under way: run it again with --suite ${row.rekey_suite} (or without --suite) to finish it`,
      );
    }
    if (newCheck !== row.rekey_key_check) {
      throw domainError(
        'MASTER_KEY_MISMATCH',
        {},
        row.rekey_key_check === row.key_check
          ? 'the interrupted rekey keeps the master key: run it again without --new-master-key'
          : 'the interrupted rekey was started with another new master key: give the same --new-master-key file',
      );
    }
  } else if (target === row.suite && newKey.equals(oldKey)) {
    throw domainError(
      'VALIDATION_FAILED',
      { field: 'suite' },
      `nothing to do: the install is already ${row.suite}; give --suite ${row.suite === 'aes' ? 'sm' : 'aes'} and/or --new-master-key FILE`,
    );
  }

  // The keyed-hash root: the original master key unless an earlier rekey already kept it sealed.
  const macRoot = row.mac_root_enc
    ? new Keyring(oldKey, { suite: row.suite, macSuite: row.mac_suite }).open(row.mac_root_enc, MAC_ROOT_CONTEXT)
    : oldKey;
  const base: Omit<CryptoProfile, 'suite'> = { macSuite: row.mac_suite, macRoot };
  const oldRing = new Keyring(oldKey, { ...base, suite: row.suite });
  const targetRing = new Keyring(newKey, { ...base, suite: target });
  const keyChanged = !newKey.equals(oldKey);
  const now = () => new Date().toISOString();

  if (!resumed) {
    await transact(db, async (tx) => {
      await tx
        .updateTable('crypto_settings')
        .set({ rekey_suite: target, rekey_key_check: newCheck, rekey_started_at: now(), updated_at: now() })
        .where('id', '=', 1)
        .execute();
      await tx.deleteFrom('rekey_progress').execute();
      await audit(tx, platform, 'crypto.rekey_start', {
        suite: [row.suite, target],
        master_key: keyChanged ? ['[secret]', '[new]'] : ['[secret]', '[secret]'],
      });
    });
  }

  const run: RunState = {
    platform,
    oldRing,
    targetRing,
    target,
    rewriteFiles: target !== row.suite,
    batchRows: opts.batchRows ?? REKEY_BATCH_ROWS,
    progress: opts.progress ?? (() => undefined),
    failAfter: opts.failAfterValues,
    resealed: 0,
    skipped: 0,
    blobsRewritten: 0,
    blobsMissing: [],
  };
  for (const column of SEALED_COLUMNS) {
    if (column.table === 'crypto_settings') continue; // the final transaction re-seals the root
    if (column.blob) await rekeyBlobColumn(run, column);
    else await rekeyColumn(run, column);
  }

  // The final transaction: the suite, the key's check value and the root under the new key change together.
  const keepRoot = keyChanged || row.mac_root_enc !== null;
  await transact(db, async (tx) => {
    await tx
      .updateTable('crypto_settings')
      .set({
        suite: target,
        key_check: newCheck,
        mac_root_enc: keepRoot ? targetRing.seal(macRoot, MAC_ROOT_CONTEXT) : null,
        rekey_suite: null,
        rekey_key_check: null,
        rekey_started_at: null,
        updated_at: now(),
      })
      .where('id', '=', 1)
      .execute();
    const steps = await tx.selectFrom('rekey_progress').select(['step', 'rows_done']).orderBy('step').execute();
    await tx.deleteFrom('rekey_progress').execute();
    await audit(tx, platform, 'crypto.rekey', {
      suite: [row.suite, target],
      mac_suite: [row.mac_suite, row.mac_suite],
      master_key: keyChanged ? ['[secret]', '[new]'] : ['[secret]', '[secret]'],
      rows: [null, Object.fromEntries(steps.map((s) => [s.step, Number(s.rows_done)]))],
    });
  });
  return {
    fromSuite: row.suite,
    suite: target,
    macSuite: row.mac_suite,
    keyChanged,
    resumed,
    resealed: run.resealed,
    skipped: run.skipped,
    blobsRewritten: run.blobsRewritten,
    blobsMissing: run.blobsMissing,
  };
}

interface RunState {
  platform: Platform;
  oldRing: Keyring;
  targetRing: Keyring;
  target: CryptoSuite;
  /** The suite changes: attachment files are re-encrypted into the target format. */
  rewriteFiles: boolean;
  batchRows: number;
  progress: (line: string) => void;
  failAfter: number | undefined;
  resealed: number;
  skipped: number;
  blobsRewritten: number;
  blobsMissing: string[];
}

async function audit(
  tx: Transaction<Database>,
  platform: Platform,
  action: string,
  changes: Record<string, [unknown, unknown]>,
): Promise<void> {
  await appendAuditEvent(tx, platform.database.dialect, {
    occurredAt: new Date().toISOString(),
    actorUserId: null,
    actorUsername: 'qingfeng rekey',
    requestId: null,
    action,
    resourceType: 'crypto_settings',
    resourceId: '1',
    changes,
  });
}

/** Whether `value` is already under the target: its prefix, and it opens under the target key. */
function isUnderTarget(run: RunState, value: string, context: string): boolean {
  if (suiteOfSealed(value) !== run.target) return false;
  try {
    run.targetRing.open(value, context);
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INTEGRITY_ERROR') return false;
    throw err;
  }
}

function contextOf(column: SealedColumn, key: string, blobId?: string): string {
  return column.context.replaceAll('{key}', key).replaceAll('{blob_id}', blobId ?? '');
}

/**
 * Called after each value re-sealed inside a batch's transaction (`inBatch` of them so far): throws
 * the injected failure once the test's count is reached, rolling the batch back.
 */
function checkInjectedFailure(run: RunState, inBatch: number): void {
  if (run.failAfter !== undefined && run.resealed + inBatch >= run.failAfter) {
    throw new RekeyInterrupted(`injected failure after ${run.resealed + inBatch} values`);
  }
}

interface Step {
  name: string;
  lastKey: string | null;
  rowsDone: number;
  done: boolean;
}

async function loadStep(db: Kysely<Database>, name: string): Promise<Step> {
  const row = await db.selectFrom('rekey_progress').selectAll().where('step', '=', name).executeTakeFirst();
  return {
    name,
    lastKey: row?.last_key ?? null,
    rowsDone: Number(row?.rows_done ?? 0),
    done: Number(row?.done ?? 0) === 1,
  };
}

async function saveStep(tx: Transaction<Database>, step: Step): Promise<void> {
  const values = { last_key: step.lastKey, rows_done: step.rowsDone, done: step.done ? 1 : 0 };
  await tx
    .insertInto('rekey_progress')
    .values({ step: step.name, ...values })
    .onConflict((oc) => oc.column('step').doUpdateSet(values))
    .execute();
}

/** Rows of `column` not yet walked, in key order. */
async function nextRows(
  db: AnyDb,
  column: SealedColumn,
  step: Step,
  limit: number,
  withBlob: boolean,
): Promise<AnyRow[]> {
  let q = db
    .selectFrom(column.table)
    .select([
      sql<string>`${sql.ref(column.key)}`.as('k'),
      sql<string>`${sql.ref(column.column)}`.as('v'),
      ...(withBlob ? [sql<string>`${sql.ref('blob_id')}`.as('b')] : []),
    ])
    .where(sql.ref(column.column), 'is not', null)
    .orderBy(sql.ref(column.key))
    .limit(limit);
  if (step.lastKey !== null) q = q.where(sql.ref(column.key), '>', step.lastKey);
  return q.execute();
}

async function totalOf(db: AnyDb, column: SealedColumn): Promise<number> {
  const r = await db
    .selectFrom(column.table)
    .select(sql<number>`count(*)`.as('n'))
    .where(sql.ref(column.column), 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Re-seals one column in batches, one transaction each, recording the last key done. */
async function rekeyColumn(run: RunState, column: SealedColumn): Promise<void> {
  const db = run.platform.database.db;
  const anyDb = db as unknown as AnyDb;
  const step = await loadStep(db, `${column.table}.${column.column}`);
  if (step.done) return;
  const total = await totalOf(anyDb, column);
  for (;;) {
    const rows = await nextRows(anyDb, column, step, run.batchRows, false);
    let resealed = 0;
    let skipped = 0;
    await transact(db, async (tx) => {
      resealed = 0;
      skipped = 0;
      for (const r of rows) {
        const key = String(r.k);
        const value = String(r.v);
        const context = contextOf(column, key);
        if (isUnderTarget(run, value, context)) {
          skipped += 1;
          continue;
        }
        const sealed = run.targetRing.seal(run.oldRing.open(value, context), context);
        await (tx as unknown as AnyDb)
          .updateTable(column.table)
          .set({ [column.column]: sealed })
          .where(sql.ref(column.key), '=', key)
          .where(sql.ref(column.column), '=', value)
          .execute();
        checkInjectedFailure(run, ++resealed);
      }
      step.rowsDone += rows.length;
      step.lastKey = rows.length > 0 ? String(rows[rows.length - 1]!.k) : step.lastKey;
      step.done = rows.length < run.batchRows;
      await saveStep(tx, step);
    });
    // Counted once committed: a rolled-back batch is done again by the next run.
    run.resealed += resealed;
    run.skipped += skipped;
    run.progress(`${step.name}: ${step.rowsDone} / ${total}`);
    if (step.done) return;
  }
}

/**
 * Re-seals a blob column's data keys. With a suite change each file is re-encrypted under a NEW
 * blob id (written beside, fsynced, renamed), the row's (blob_id, key_enc) changes in one
 * transaction and the old file is deleted after the commit: a crash leaves the row matching the
 * file it names, and an unreferenced file for the orphan sweeper.
 */
async function rekeyBlobColumn(run: RunState, column: SealedColumn): Promise<void> {
  const db = run.platform.database.db;
  const anyDb = db as unknown as AnyDb;
  const store = blobStoreFor(join(run.platform.dataDir, column.blobRoot ?? ''));
  const step = await loadStep(db, `blobs.${column.table}`);
  if (step.done) return;
  const total = await totalOf(anyDb, column);
  const batch = run.rewriteFiles ? Math.min(run.batchRows, REKEY_BATCH_BLOBS) : run.batchRows;
  const blobContextOf = (key: string) => contextOf(column, key).replace(/^attachments\.key:[^:]*:/, '');
  for (;;) {
    const rows = await nextRows(anyDb, column, step, batch, true);
    // Files first (outside the transaction): written under new ids, referenced by nothing yet.
    const updates: { key: string; blobId: string; keyEnc: string; newBlobId: string; newKeyEnc: string }[] = [];
    let skipped = 0;
    try {
      for (const r of rows) {
        const key = String(r.k);
        const blobId = String(r.b);
        const keyEnc = String(r.v);
        const keyContext = contextOf(column, key, blobId);
        if (isUnderTarget(run, keyEnc, keyContext)) {
          skipped += 1;
          continue;
        }
        let newBlobId = blobId;
        let newKeyEnc: string | null = null;
        if (run.rewriteFiles) {
          const context = blobContextOf(key);
          try {
            const written = await store.write(store.read(blobId, keyEnc, { keyring: run.oldRing, context }), {
              keyring: run.targetRing,
              context,
              maxBytes: NO_SIZE_LIMIT,
            });
            newBlobId = written.blobId;
            newKeyEnc = written.keyEnc;
          } catch (err) {
            if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) throw err;
            // The file is gone already: its data key still moves, so a file restored from a backup opens.
            run.blobsMissing.push(`${column.table}:${key}`);
          }
        }
        newKeyEnc ??= run.targetRing.seal(run.oldRing.open(keyEnc, keyContext), keyContext);
        updates.push({ key, blobId, keyEnc, newBlobId, newKeyEnc });
      }
      await transact(db, async (tx) => {
        let inBatch = 0;
        for (const u of updates) {
          await (tx as unknown as AnyDb)
            .updateTable(column.table)
            .set({ blob_id: u.newBlobId, [column.column]: u.newKeyEnc })
            .where(sql.ref(column.key), '=', u.key)
            .where(sql.ref('blob_id'), '=', u.blobId)
            .where(sql.ref(column.column), '=', u.keyEnc)
            .execute();
          checkInjectedFailure(run, ++inBatch);
        }
        step.rowsDone += rows.length;
        step.lastKey = rows.length > 0 ? String(rows[rows.length - 1]!.k) : step.lastKey;
        step.done = rows.length < batch;
        await saveStep(tx, step);
      });
    } catch (err) {
      // Nothing refers to the new files: remove them now rather than waiting for the sweeper.
      for (const u of updates) if (u.newBlobId !== u.blobId) await store.remove(u.newBlobId);
      throw err;
    }
    run.resealed += updates.length;
    run.skipped += skipped;
    for (const u of updates) {
      if (u.newBlobId === u.blobId) continue;
      await store.remove(u.blobId);
      run.blobsRewritten += 1;
    }
    run.progress(`${step.name}: ${step.rowsDone} / ${total}`);
    if (step.done) return;
  }
}
