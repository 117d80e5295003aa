/**
 * Sealed files of a record (a quality problem's, a rectification item's, a case's or an
 * inspection's evidence): one file a request, sealed in the platform's blob store under the kind's
 * own root beside the attachments', with the SHA-256 of the stored bytes, kept by a row of the
 * owning module's table in the same transaction as its audit event, and read back audited before
 * any byte is sent. The owning module checks its record and writes its row (a module writes only
 * its own tables); the sealing, the clean-up of a blob no row kept, the names and the audit are
 * done here, the same way for every kind.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { blobStoreFor, cleanFileName } from './attachments.service.js';
import type { BlobStore, WrittenBlob } from './blob-store.js';

/** A kind of sealed file: the owning module's table, its blob-store root and its limits. */
export interface SealedFileKind {
  /** The owning module's table; it prefixes the sealing contexts (`<table>.name:<id>`, `<table>.blob:<id>`). */
  readonly table: string;
  /** The table's column of the record a file belongs to (e.g. `problem_id`). */
  readonly owner: string;
  /** The folder of its blob store below the data directory (e.g. `quality`). */
  readonly root: string;
  /** Largest file accepted (bytes). */
  readonly maxBytes: number;
  /** The name kept when the client's file name is empty once cleaned. */
  readonly fallbackName: string;
}

/** One uploaded file as a route hands it over: the client's name and the bytes as they arrive. */
export interface IncomingUpload {
  fileName: string | undefined;
  source: AsyncIterable<Buffer | Uint8Array>;
}

/** A sealed file as listed and as answered when added. */
export interface SealedFileView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 (hex) of the stored bytes. */
  sha256: string;
  createdAt: string;
}

/** The columns every sealed file's row has, for the owning module's insert (beside its owner columns). */
export type SealedFileColumns = Record<
  'id' | 'content_type' | 'sha256' | 'name_enc' | 'blob_id' | 'key_enc' | 'created_at',
  string
> & { size_bytes: number; user_id: string | null };

/** A sealed file's row as a listing reads it. */
export type SealedFileRow = Pick<SealedFileColumns, 'id' | 'name_enc' | 'content_type' | 'sha256' | 'created_at'> & {
  size_bytes: number | string;
};

/** Any kind's table, as the shared reads see it (its columns, the owner column among the rest). */
type SealedFileTable = SealedFileColumns & Record<string, string | number | null>;

/** The audit event of an added or downloaded file, less its changes (which name the file). */
export interface SealedFileAudit {
  action: string;
  resourceType: string;
  resourceId: string;
  unitId: string | null;
}

/** The steps of `SealedFiles.add` that belong to the owning module. */
export interface AddSealedFileSteps<C> {
  /** Loads and checks the record; run before a byte is stored and again in the keeping transaction. */
  check: (tx: Ctx) => Promise<C>;
  /**
   * Reads the whole upload and returns the bytes to store (checked, cleaned of metadata); without
   * it the bytes are stored as received, hashed as they stream into the blob store.
   */
  prepare?: (source: AsyncIterable<Buffer | Uint8Array>) => Promise<Buffer>;
  /** Writes the row (with `columns`) and any trail step; returns the audit event to record after them. */
  keep: (tx: Ctx, sealed: { checked: C; columns: SealedFileColumns; file: SealedFileView }) => Promise<SealedFileAudit>;
}

/** An opened sealed file: its name, type, hash and a stream of its bytes (erring with INTEGRITY_ERROR if altered). */
export interface OpenedSealedFile {
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  stream: Readable;
}

/** The sealed files of one kind. */
export interface SealedFiles {
  /** The files of record `ownerId`, oldest first (no access check: callers load the record first). */
  list(tx: Ctx, ownerId: string): Promise<SealedFileView[]>;
  /**
   * Seals one file for a record: `check` runs before a byte is stored, the bytes are sealed (as
   * received, or as `prepare` returns them), then `check` runs again with `keep` (the row, any
   * trail step) and the audit event `keep` names, its changes the file's id, hash and size, in one
   * transaction; if that fails the blob is removed. The refusals of `check`, `prepare` and the
   * blob store (FILE_TOO_LARGE past the kind's limit, VALIDATION_FAILED for an empty or
   * unsupported file).
   */
  add<C>(ctx: Ctx, file: IncomingUpload, steps: AddSealedFileSteps<C>): Promise<SealedFileView>;
  /**
   * Opens file `fileId` of record `ownerId`: `reader` loads the record in the reader's scope (its
   * refusals, NOT_FOUND outside) and names the audit event; no such file of the record is
   * NOT_FOUND; the event is recorded with the file's id before any byte is sent.
   */
  open(
    ctx: Ctx,
    ownerId: string,
    fileId: string,
    reader: (tx: Ctx) => Promise<SealedFileAudit>,
  ): Promise<OpenedSealedFile>;
  /** A row read by the owning module's own query, as shown. */
  view(tx: Ctx, row: SealedFileRow): SealedFileView;
}

/** The columns of a listing. */
const LISTED = ['id', 'name_enc', 'content_type', 'size_bytes', 'sha256', 'created_at'] as const;

/** The blob store of a kind in a data directory. */
export function sealedStore(dataDir: string, kind: SealedFileKind): BlobStore {
  return blobStoreFor(join(dataDir, kind.root));
}

/** The sealed files of `kind` (declared once by the owning module). */
export function sealedFiles(kind: SealedFileKind): SealedFiles {
  const nameContext = (id: string) => `${kind.table}.name:${id}`;
  const blobContext = (id: string) => `${kind.table}.blob:${id}`;
  const store = (ctx: Ctx) => sealedStore(ctx.config.dataDir, kind);
  const db = (ctx: Ctx) => ctx.db as unknown as Kysely<Record<string, SealedFileTable>>;

  function view(tx: Ctx, row: SealedFileRow): SealedFileView {
    return {
      id: row.id,
      name: tx.keyring.openText(row.name_enc, nameContext(row.id)),
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
      sha256: row.sha256,
      createdAt: row.created_at,
    };
  }

  /** Writes the bytes of file `id` into the store, with the SHA-256 of what was stored. */
  async function seal(
    ctx: Ctx,
    id: string,
    file: IncomingUpload,
    prepare: AddSealedFileSteps<unknown>['prepare'],
  ): Promise<{ blob: WrittenBlob; sha256: string }> {
    const hash = createHash('sha256');
    async function* hashed(): AsyncGenerator<Buffer> {
      for await (const piece of file.source) {
        const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        hash.update(bytes);
        yield bytes;
      }
    }
    async function* whole(bytes: Buffer): AsyncGenerator<Buffer> {
      hash.update(bytes);
      yield bytes;
    }
    const source = prepare ? whole(await prepare(file.source)) : hashed();
    const blob = await store(ctx).write(source, {
      keyring: ctx.keyring,
      context: blobContext(id),
      maxBytes: kind.maxBytes,
    });
    return { blob, sha256: hash.digest('hex') };
  }

  return {
    view,

    async list(tx, ownerId) {
      const rows = await db(tx)
        .selectFrom(kind.table)
        .select(LISTED)
        .where(kind.owner, '=', ownerId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => view(tx, r));
    },

    async add(ctx, file, steps) {
      await inTransaction(ctx, steps.check);
      const id = newId();
      const { blob, sha256 } = await seal(ctx, id, file, steps.prepare);
      const name = cleanFileName(file.fileName, kind.fallbackName);
      try {
        return await inTransaction(ctx, async (tx) => {
          const checked = await steps.check(tx);
          const at = nowIso(tx);
          const added = { id, name, contentType: blob.contentType, sizeBytes: blob.size, sha256, createdAt: at };
          const columns: SealedFileColumns = {
            id,
            content_type: blob.contentType,
            size_bytes: blob.size,
            sha256,
            name_enc: tx.keyring.seal(name, nameContext(id)),
            blob_id: blob.blobId,
            key_enc: blob.keyEnc,
            user_id: tx.actor?.userId ?? null,
            created_at: at,
          };
          const audit = await steps.keep(tx, { checked, columns, file: added });
          await recordAudit(tx, {
            ...audit,
            changes: { file: [null, id], sha256: [null, sha256], size: [null, blob.size] },
          });
          return added;
        });
      } catch (err) {
        await store(ctx)
          .remove(blob.blobId)
          .catch(() => undefined);
        throw err;
      }
    },

    async open(ctx, ownerId, fileId, reader) {
      const row = await inTransaction(ctx, async (tx) => {
        const audit = await reader(tx);
        const found = await db(tx)
          .selectFrom(kind.table)
          .select([...LISTED, 'blob_id', 'key_enc'])
          .where('id', '=', fileId)
          .where(kind.owner, '=', ownerId)
          .executeTakeFirst();
        if (!found) throw errors.notFound('file');
        await recordAudit(tx, { ...audit, changes: { file: [null, fileId] } });
        return found;
      });
      const { name, contentType, sizeBytes, sha256 } = view(ctx, row);
      const stream = store(ctx).read(row.blob_id, row.key_enc, { keyring: ctx.keyring, context: blobContext(row.id) });
      return { name, contentType, sizeBytes, sha256, stream };
    },
  };
}
