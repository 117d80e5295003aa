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
import { BlobStore } from './blob-store.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from './sniff.js';
import { transact } from '../../db/durability.js';

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

/** Keeps the last path segment of a client's file name, without control characters, at most 120 chars. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || '附件').slice(0, 120);
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

/**
 * Stores a file for a report: refuses a sixth file from the same side (TOO_MANY_FILES), streams
 * the bytes sealed into the blob store (type from the content, FILE_TYPE_NOT_ALLOWED /
 * FILE_TOO_LARGE), then records the row, the history step and the audit event in one
 * transaction. If that transaction fails the blob is removed, so nothing is half-written.
 */
export async function addAttachment(
  ctx: Ctx,
  reportId: string,
  source: AsyncIterable<Buffer | Uint8Array>,
  opts: {
    fileName: string | undefined;
    uploader: Uploader;
    ownerUnitId: string;
    /** The owner's own record of the file (e.g. the report's history step), in the same transaction. */
    inTransaction?: (tx: Ctx, attachmentId: string) => Promise<void>;
  },
): Promise<StoredAttachment> {
  if ((await countBy(ctx, reportId, opts.uploader)) >= MAX_ATTACHMENTS)
    throw domainError('TOO_MANY_FILES', { max: MAX_ATTACHMENTS });
  const id = newId();
  const store = blobStoreFor(ctx.config.dataDir);
  const blob = await store.write(source, {
    keyring: ctx.keyring,
    context: blobContext(id),
    maxBytes: MAX_ATTACHMENT_BYTES,
  });
  try {
    await inTransaction(ctx, async (tx) => {
      if ((await countBy(tx, reportId, opts.uploader)) >= MAX_ATTACHMENTS)
        throw domainError('TOO_MANY_FILES', { max: MAX_ATTACHMENTS });
      const now = nowIso(tx);
      await tx.db
        .insertInto('attachments')
        .values({
          id,
          report_id: reportId,
          content_type: blob.contentType,
          size_bytes: blob.size,
          name_enc: tx.keyring.seal(cleanFileName(opts.fileName), nameContext(id)),
          blob_id: blob.blobId,
          key_enc: blob.keyEnc,
          uploaded_by: opts.uploader,
          user_id: opts.uploader === 'staff' ? (tx.actor?.userId ?? null) : null,
          created_at: now,
        })
        .execute();
      if (opts.inTransaction) await opts.inTransaction(tx, id);
      await recordAudit(tx, {
        action: 'attachment.add',
        resourceType: 'report',
        resourceId: reportId,
        unitId: opts.ownerUnitId,
        changes: { attachment: [null, id], contentType: [null, blob.contentType], size: [null, blob.size] },
      });
    });
  } catch (err) {
    await store.remove(blob.blobId).catch(() => undefined);
    throw err;
  }
  return { id, contentType: blob.contentType, sizeBytes: blob.size };
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

/**
 * Deletes orphan blobs: files in the blob store older than the grace period that no
 * `attachments` row references (left when a crash fell between writing the blob and committing
 * its row). The directory is streamed and ids are checked in batches, never all in memory. Each
 * run is audited with its counts only (no ids, no file names), so the deletion of stored files
 * is accounted for. Returns the counts.
 */
export async function sweepOrphanBlobs(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  dataDir: string,
  opts: { graceMs?: number; batchSize?: number } = {},
): Promise<{ checked: number; removed: number }> {
  const result = await blobStoreFor(dataDir).sweepOrphans(
    opts.graceMs ?? ORPHAN_BLOB_GRACE_MS,
    async (blobIds) => {
      const rows = await db.selectFrom('attachments').select('blob_id').where('blob_id', 'in', blobIds).execute();
      return new Set(rows.map((r) => r.blob_id));
    },
    { batchSize: opts.batchSize ?? ORPHAN_BATCH },
  );
  await transact(db, (trx) =>
    appendAuditEvent(trx, dialect, {
      occurredAt: new Date(clock.nowMs()).toISOString(),
      actorUserId: null,
      actorUsername: 'system',
      requestId: null,
      action: 'attachment.sweep_orphans',
      resourceType: 'attachment',
      changes: { blobsChecked: [null, result.checked], orphansRemoved: [null, result.removed] },
    }),
  );
  return result;
}
