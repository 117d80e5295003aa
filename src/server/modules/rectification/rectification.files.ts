/**
 * The evidence of an item (整改佐证材料): files the responsible unit adds while the item is open or
 * in progress. Each is read whole and cleaned as intake's attachments are (images re-encoded
 * without metadata, PDFs rewritten without metadata or active content; other types refused),
 * then sealed in the platform's blob store under its own `rectification/` root with the SHA-256
 * of the stored bytes. Downloads are audited before any byte is sent.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { MAX_ATTACHMENT_BYTES, blobStoreFor, cleanFile, readUpload } from '../attachments/index.js';
import { recordAudit } from '../audit/index.js';
import { addEvent, itemFor } from './rectification.items.js';
import { type RectificationAction, rectificationPolicy } from './rectification.policy.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** A file of an item as listed. */
export interface ItemFileView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

const nameContext = (id: string) => `rectification_files.name:${id}`;
const blobContext = (id: string) => `rectification_files.blob:${id}`;

function store(ctx: Ctx) {
  return blobStoreFor(join(ctx.config.dataDir, 'rectification'));
}

function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return (base.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '整改佐证材料').slice(0, 120);
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** The files of item `itemId` (no access check: callers load the item first). */
export async function itemFiles(tx: Ctx, itemId: string): Promise<ItemFileView[]> {
  const rows = await tx.db
    .selectFrom('rectification_files')
    .select(['id', 'name_enc', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('item_id', '=', itemId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: tx.keyring.openText(r.name_enc, nameContext(r.id)),
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}

/**
 * Cleans and seals one evidence file for item `itemId` (the responsible side, while open or in
 * progress): the item is checked before a byte is stored and again with the row's insert, its
 * event and its audit event (`rectification.item_file`); if that fails the blob is removed.
 * FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, FILE_UNREADABLE, FILE_ACTIVE_CONTENT as for attachments.
 */
export async function addItemFile(
  ctx: Ctx,
  itemId: string,
  file: { fileName: string | undefined; source: AsyncIterable<Buffer | Uint8Array> },
): Promise<ItemFileView> {
  await inTransaction(ctx, (tx) => itemFor(tx, itemId, 'owner', ['open', 'in_progress'], 'file'));
  const cleaned = await cleanFile(await readUpload(file.source, MAX_ATTACHMENT_BYTES));
  const id = newId();
  const sha256 = createHash('sha256').update(cleaned.bytes).digest('hex');
  const blob = await store(ctx).write(once(cleaned.bytes), {
    keyring: ctx.keyring,
    context: blobContext(id),
    maxBytes: MAX_ATTACHMENT_BYTES,
  });
  const name = cleanName(file.fileName);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await itemFor(tx, itemId, 'owner', ['open', 'in_progress'], 'file');
      const at = nowIso(tx);
      await tx.db
        .insertInto('rectification_files')
        .values({
          id,
          item_id: itemId,
          content_type: blob.contentType,
          size_bytes: blob.size,
          sha256,
          name_enc: tx.keyring.seal(name, nameContext(id)),
          blob_id: blob.blobId,
          key_enc: blob.keyEnc,
          user_id: tx.actor?.userId ?? null,
          created_at: at,
        })
        .execute();
      await addEvent(tx, itemId, 'file_added', name, { file: id, sha256 });
      await recordAudit(tx, {
        action: 'rectification.item_file',
        resourceType: 'rectification_item',
        resourceId: itemId,
        unitId: row.owner_unit_id,
        changes: { file: [null, id], sha256: [null, sha256], size: [null, blob.size] },
      });
      return { id, name, contentType: blob.contentType, sizeBytes: blob.size, sha256, createdAt: at };
    });
  } catch (err) {
    await store(ctx)
      .remove(blob.blobId)
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Opens an evidence file of an item for someone who sees the item (NOT_FOUND otherwise), auditing
 * the download (`rectification.item_file_read`) before any byte is sent.
 */
export async function openItemFile(
  ctx: Ctx,
  itemId: string,
  fileId: string,
): Promise<{ name: string; contentType: string; sizeBytes: number; sha256: string; stream: Readable }> {
  const row = await inTransaction(ctx, async (tx) => {
    const item = await loadInScope<RectificationAction, RectificationItemRow>(tx, rectificationPolicy, itemId, 'read');
    const found = await tx.db
      .selectFrom('rectification_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (!found) throw errors.notFound('file');
    await recordAudit(tx, {
      action: 'rectification.item_file_read',
      resourceType: 'rectification_item',
      resourceId: itemId,
      unitId: item.owner_unit_id,
      changes: { file: [null, fileId] },
    });
    return found;
  });
  return {
    name: ctx.keyring.openText(row.name_enc, nameContext(row.id)),
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    stream: store(ctx).read(row.blob_id, row.key_enc, { keyring: ctx.keyring, context: blobContext(row.id) }),
  };
}
