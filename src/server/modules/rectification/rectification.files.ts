/**
 * The evidence of an item (整改佐证材料): files the responsible unit adds while the item is open or
 * in progress. Each is read whole and cleaned as intake's attachments are (images re-encoded
 * without metadata, PDFs rewritten without metadata or active content; other types refused),
 * then sealed in the platform's blob store under its own `rectification/` root with the SHA-256
 * of the stored bytes. Downloads are audited before any byte is sent.
 */
import type { Ctx } from '../../shared/context.js';
import { loadInScope } from '../access/index.js';
import {
  type IncomingUpload,
  MAX_ATTACHMENT_BYTES,
  type OpenedSealedFile,
  type SealedFileView,
  cleanFile,
  readUpload,
  sealedFiles,
} from '../attachments/index.js';
import { addEvent, itemFor } from './rectification.items.js';
import { type RectificationAction, rectificationPolicy } from './rectification.policy.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** A file of an item as listed. */
export type ItemFileView = SealedFileView;

/** The items' evidence files: cleaned, then sealed under `rectification/`. */
const files = sealedFiles({
  table: 'rectification_files',
  owner: 'item_id',
  root: 'rectification',
  maxBytes: MAX_ATTACHMENT_BYTES,
  fallbackName: '整改佐证材料',
});

/** What the files' audit events are about: the item. */
const resource = (itemId: string, unitId: string) => ({
  resourceType: 'rectification_item',
  resourceId: itemId,
  unitId,
});

/** The files of item `itemId` (no access check: callers load the item first). */
export async function itemFiles(tx: Ctx, itemId: string): Promise<ItemFileView[]> {
  return files.list(tx, itemId);
}

/**
 * Cleans and seals one evidence file for item `itemId` (the responsible side, while open or in
 * progress): the item is checked before a byte is stored and again with the row's insert, its
 * event and its audit event (`rectification.item_file`); if that fails the blob is removed.
 * FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, FILE_UNREADABLE, FILE_ACTIVE_CONTENT as for attachments.
 */
export async function addItemFile(ctx: Ctx, itemId: string, file: IncomingUpload): Promise<ItemFileView> {
  return files.add(ctx, file, {
    check: (tx) => itemFor(tx, itemId, 'owner', ['open', 'in_progress'], 'file'),
    prepare: async (source) => (await cleanFile(await readUpload(source, MAX_ATTACHMENT_BYTES))).bytes,
    keep: async (tx, { checked, columns, file: added }) => {
      await tx.db
        .insertInto('rectification_files')
        .values({ ...columns, item_id: itemId })
        .execute();
      await addEvent(tx, itemId, 'file_added', added.name, { file: added.id, sha256: added.sha256 });
      return { action: 'rectification.item_file', ...resource(itemId, checked.owner_unit_id) };
    },
  });
}

/**
 * Opens an evidence file of an item for someone who sees the item (NOT_FOUND otherwise), auditing
 * the download (`rectification.item_file_read`) before any byte is sent.
 */
export async function openItemFile(ctx: Ctx, itemId: string, fileId: string): Promise<OpenedSealedFile> {
  return files.open(ctx, itemId, fileId, async (tx) => {
    const item = await loadInScope<RectificationAction, RectificationItemRow>(tx, rectificationPolicy, itemId, 'read');
    return { action: 'rectification.item_file_read', ...resource(itemId, item.owner_unit_id) };
  });
}
