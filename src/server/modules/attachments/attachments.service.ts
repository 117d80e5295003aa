import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { visibleWhere } from '../access/index.js';
import { appendAuditEvent, recordAudit } from '../audit/index.js';
import { type AttachmentOwner, assertReportOwner } from './attachments.policy.js';
import { BlobStore, type WrittenBlob } from './blob-store.js';
import { cleanFile, readUpload } from './clean.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from './sniff.js';
import { transact } from '../../db/durability.js';

/** One buffer as a byte source. */
async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Who added a file. */
export type Uploader = 'reporter' | 'staff';

const stores = new Map<string, BlobStore>();

/** The blob store of a data directory (one per directory and process). */
export function blobStoreFor(dataDir: string): BlobStore {
  const root = join(dataDir, 'blobs');
  let store = stores.get(root);
  if (!store) {
    store = new BlobStore(root);
    stores.set(root, store);
  }
  return store;
}

/** Sealing context of an attachment's file name. */
const nameContext = (id: string) => `attachments.name:${id}`;
/** Blob-store context of an attachment's bytes. */
const blobContext = (id: string) => `attachments.blob:${id}`;

/**
 * Keeps the last path segment of a client's file name, without control characters, at most 120
 * chars; `fallback` when nothing is left.
 */
export function cleanFileName(name: string | undefined, fallback = '附件'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || fallback).slice(0, 120);
}

/** A stored attachment. */
export interface StoredAttachment {
  id: string;
  contentType: string;
  sizeBytes: number;
}

async function countBy(ctx: Ctx, reportId: string, uploader: Uploader): Promise<number> {
  const row = await ctx.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('report_id', '=', reportId)
    .where('uploaded_by', '=', uploader)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One file of an upload: the client's name and its bytes. */
export interface IncomingFile {
  fileName: string | undefined;
  source: AsyncIterable<Buffer | Uint8Array>;
}

/** Options of `addAttachments`. */
export interface AddAttachmentsOptions {
  uploader: Uploader;
  ownerUnitId: string;
  /** The owner's own record of the files (e.g. the report's history step), in the same transaction. */
  inTransaction?: (tx: Ctx, attachmentIds: string[]) => Promise<void>;
}

/**
 * Stores every file of one upload for a report, all or nothing. Each file in turn is read
 * (FILE_TOO_LARGE), cleaned by the type of its content (metadata stripped; FILE_TYPE_NOT_ALLOWED,
 * FILE_UNREADABLE, FILE_ACTIVE_CONTENT: see clean.ts) and sealed into the blob store, so memory
 * holds one file at a time; a file beyond `MAX_ATTACHMENTS` from the same side is refused
 * (TOO_MANY_FILES). Then the rows, the owner's record and one audit event per file are written
 * in one transaction. If any file is refused or that transaction fails, every blob of the upload
 * is removed: nothing is half-written. An upload without a file is VALIDATION_FAILED.
 */
export async function addAttachments(
  ctx: Ctx,
  reportId: string,
  files: AsyncIterable<IncomingFile>,
  opts: AddAttachmentsOptions,
): Promise<StoredAttachment[]> {
  const store = blobStoreFor(ctx.config.dataDir);
  const written: { id: string; fileName: string | undefined; blob: WrittenBlob }[] = [];
  try {
    const existing = await countBy(ctx, reportId, opts.uploader);
    for await (const file of files) {
      if (existing + written.length >= MAX_ATTACHMENTS) throw domainError('TOO_MANY_FILES', { max: MAX_ATTACHMENTS });
      // Cleaned before anything is written: the blob store only ever sees the cleaned file.
      const cleaned = await cleanFile(await readUpload(file.source, MAX_ATTACHMENT_BYTES));
      const id = newId();
      const blob = await store.write(once(cleaned.bytes), {
        keyring: ctx.keyring,
        context: blobContext(id),
        maxBytes: MAX_ATTACHMENT_BYTES,
      });
      written.push({ id, fileName: file.fileName, blob });
    }
    if (written.length === 0) throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
    await inTransaction(ctx, async (tx) => {
      if ((await countBy(tx, reportId, opts.uploader)) + written.length > MAX_ATTACHMENTS)
        throw domainError('TOO_MANY_FILES', { max: MAX_ATTACHMENTS });
      const now = nowIso(tx);
      for (const { id, fileName, blob } of written) {
        await tx.db
          .insertInto('attachments')
          .values({
            id,
            report_id: reportId,
            content_type: blob.contentType,
            size_bytes: blob.size,
            name_enc: tx.keyring.seal(cleanFileName(fileName), nameContext(id)),
            blob_id: blob.blobId,
            key_enc: blob.keyEnc,
            uploaded_by: opts.uploader,
            user_id: opts.uploader === 'staff' ? (tx.actor?.userId ?? null) : null,
            created_at: now,
          })
          .execute();
      }
      if (opts.inTransaction)
        await opts.inTransaction(
          tx,
          written.map((w) => w.id),
        );
      for (const { id, blob } of written) {
        await recordAudit(tx, {
          action: 'attachment.add',
          resourceType: 'report',
          resourceId: reportId,
          unitId: opts.ownerUnitId,
          changes: { attachment: [null, id], contentType: [null, blob.contentType], size: [null, blob.size] },
        });
      }
    });
  } catch (err) {
    for (const { blob } of written) await store.remove(blob.blobId).catch(() => undefined);
    throw err;
  }
  return written.map(({ id, blob }) => ({ id, contentType: blob.contentType, sizeBytes: blob.size }));
}

/** Stores one file for a report: `addAttachments` with a single file. */
export async function addAttachment(
  ctx: Ctx,
  reportId: string,
  source: AsyncIterable<Buffer | Uint8Array>,
  opts: Omit<AddAttachmentsOptions, 'inTransaction'> & {
    fileName: string | undefined;
    inTransaction?: (tx: Ctx, attachmentId: string) => Promise<void>;
  },
): Promise<StoredAttachment> {
  const { fileName, inTransaction: own, ...rest } = opts;
  async function* one(): AsyncGenerator<IncomingFile> {
    yield { fileName, source };
  }
  const [stored] = await addAttachments(ctx, reportId, one(), {
    ...rest,
    ...(own ? { inTransaction: (tx: Ctx, ids: string[]) => own(tx, ids[0]!) } : {}),
  });
  return stored!;
}

/**
 * Opens an attachment of a report the caller may see through `owner` (its report's policy and
 * action: the scope is in the query's WHERE; NOT_FOUND otherwise), recording the download in the
 * audit log before any byte is sent. The stream errors with INTEGRITY_ERROR if the stored bytes
 * were altered.
 */
export async function openAttachment<A extends string>(
  ctx: Ctx,
  owner: AttachmentOwner<A>,
  reportId: string,
  attachmentId: string,
): Promise<{ name: string; contentType: string; sizeBytes: number; stream: Readable }> {
  assertReportOwner(owner);
  const row = await inTransaction(ctx, async (tx) => {
    const found = await tx.db
      .selectFrom('attachments as a')
      .innerJoin('reports as r', 'r.id', 'a.report_id')
      .select([
        'a.id',
        'a.name_enc',
        'a.content_type',
        'a.size_bytes',
        'a.blob_id',
        'a.key_enc',
        'r.owner_unit_id',
        'r.owner_unit_path',
        'r.region_path',
      ])
      .where('a.id', '=', attachmentId)
      .where('a.report_id', '=', reportId)
      .where(visibleWhere(tx, owner.policy, owner.action, { alias: 'r' }))
      .executeTakeFirst();
    if (!found) throw errors.notFound('attachment');
    await recordAudit(tx, {
      action: 'attachment.read',
      resourceType: 'report',
      resourceId: reportId,
      unitId: found.owner_unit_id,
      changes: { attachment: [null, attachmentId] },
    });
    return found;
  });
  const store = blobStoreFor(ctx.config.dataDir);
  return {
    name: ctx.keyring.openText(row.name_enc, nameContext(row.id)),
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    stream: store.read(row.blob_id, row.key_enc, { keyring: ctx.keyring, context: blobContext(row.id) }),
  };
}

/**
 * How old an unreferenced blob must be before the sweep deletes it: far longer than any upload
 * and its commit take, so a blob whose row is still being written is never lost.
 */
export const ORPHAN_BLOB_GRACE_MS = 24 * 3600_000;

/** Blob ids checked against the `attachments` table per query. */
const ORPHAN_BATCH = 500;

/** What `sweepStoreOrphans` sweeps: a blob store's root, how to tell a referenced blob, what to audit. */
export interface OrphanSweep {
  /** The blob store's root folder. */
  root: string;
  /** Of the given blob ids, those a row still references. */
  referenced: (blobIds: string[]) => Promise<ReadonlySet<string>>;
  /** The audit event's action and resource type. */
  action: string;
  resourceType: string;
}

/**
 * Deletes the orphan blobs of one blob store: files older than the grace period that no row
 * references (left when a crash fell between writing the blob and committing its row). The
 * directory is streamed and ids are checked in batches, never all in memory. Each run is audited
 * with its counts only (no ids, no file names), so the deletion of stored files is accounted for.
 * Returns the counts. Used for report attachments here and by other modules for their own stores.
 */
export async function sweepStoreOrphans(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  sweep: OrphanSweep,
  opts: { graceMs?: number; batchSize?: number } = {},
): Promise<{ checked: number; removed: number }> {
  const result = await blobStoreFor(sweep.root).sweepOrphans(opts.graceMs ?? ORPHAN_BLOB_GRACE_MS, sweep.referenced, {
    batchSize: opts.batchSize ?? ORPHAN_BATCH,
  });
  await transact(db, (trx) =>
    appendAuditEvent(trx, dialect, {
      occurredAt: new Date(clock.nowMs()).toISOString(),
      actorUserId: null,
      actorUsername: 'system',
      requestId: null,
      action: sweep.action,
      resourceType: sweep.resourceType,
      changes: { blobsChecked: [null, result.checked], orphansRemoved: [null, result.removed] },
    }),
  );
  return result;
}

/**
 * Deletes the orphan blobs of report attachments (`sweepStoreOrphans` over the data folder's
 * store, a blob referenced by an `attachments` row kept).
 */
export async function sweepOrphanBlobs(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  dataDir: string,
  opts: { graceMs?: number; batchSize?: number } = {},
): Promise<{ checked: number; removed: number }> {
  return sweepStoreOrphans(
    db,
    dialect,
    clock,
    {
      root: dataDir,
      referenced: async (blobIds) => {
        const rows = await db.selectFrom('attachments').select('blob_id').where('blob_id', 'in', blobIds).execute();
        return new Set(rows.map((r) => r.blob_id));
      },
      action: 'attachment.sweep_orphans',
      resourceType: 'attachment',
    },
    opts,
  );
}
