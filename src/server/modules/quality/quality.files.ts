/**
 * The rectification evidence of a problem (整改佐证材料): files the handling unit adds while the
 * problem is open, sealed in the platform's blob store (the attachments module's `blobStoreFor`,
 * under its own `quality/` root, as the case evidence is under `evidence/`), with the SHA-256 of
 * the bytes as received. Downloads are audited before any byte is sent.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { blobStoreFor } from '../attachments/index.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type ProblemAction, problemPolicy } from './quality.policy.js';
import { type ProblemView, problemForRectification, problemView } from './quality.problems.js';
import type { QualityProblemRow } from './quality.tables.js';

/** Largest evidence file accepted (bytes). */
export const MAX_QUALITY_FILE_BYTES = 20 * 1024 * 1024;

/** A file of a problem as listed. */
export interface ProblemFileView {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

const nameContext = (id: string) => `quality_problem_files.name:${id}`;
const blobContext = (id: string) => `quality_problem_files.blob:${id}`;

function store(ctx: Ctx) {
  return blobStoreFor(join(ctx.config.dataDir, 'quality'));
}

function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return (base.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '整改佐证材料').slice(0, 120);
}

/** The files of problem `problemId` (no access check: callers load the problem first). */
export async function problemFiles(tx: Ctx, problemId: string): Promise<ProblemFileView[]> {
  const rows = await tx.db
    .selectFrom('quality_problem_files')
    .select(['id', 'name_enc', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('problem_id', '=', problemId)
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
 * Seals one evidence file for problem `problemId` (the handling unit, while it is open): the
 * problem is checked before a byte is stored and again with the row's insert and its audit event
 * (`quality.problem_file`); if that fails the blob is removed. The refusals of
 * `problemForRectification`; FILE_TOO_LARGE.
 */
export async function addProblemFile(
  ctx: Ctx,
  problemId: string,
  file: { fileName: string | undefined; source: AsyncIterable<Buffer | Uint8Array> },
): Promise<ProblemFileView> {
  await inTransaction(ctx, (tx) => problemForRectification(tx, problemId));
  const id = newId();
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const piece of file.source) {
      const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      hash.update(bytes);
      yield bytes;
    }
  }
  const blob = await store(ctx).write(hashed(), {
    keyring: ctx.keyring,
    context: blobContext(id),
    maxBytes: MAX_QUALITY_FILE_BYTES,
  });
  const sha256 = hash.digest('hex');
  const name = cleanName(file.fileName);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await problemForRectification(tx, problemId);
      const at = nowIso(tx);
      await tx.db
        .insertInto('quality_problem_files')
        .values({
          id,
          problem_id: problemId,
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
      await recordAudit(tx, {
        action: 'quality.problem_file',
        resourceType: 'quality_problem',
        resourceId: problemId,
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
 * Opens an evidence file of a problem for someone who sees the problem (NOT_FOUND otherwise),
 * auditing the download (`quality.problem_file_read`) before any byte is sent.
 */
export async function openProblemFile(
  ctx: Ctx,
  problemId: string,
  fileId: string,
): Promise<{ name: string; contentType: string; sizeBytes: number; sha256: string; stream: Readable }> {
  const row = await inTransaction(ctx, async (tx) => {
    const p = await loadInScope<ProblemAction, QualityProblemRow>(tx, problemPolicy, problemId, 'read');
    const found = await tx.db
      .selectFrom('quality_problem_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('problem_id', '=', problemId)
      .executeTakeFirst();
    if (!found) throw errors.notFound('file');
    await recordAudit(tx, {
      action: 'quality.problem_file_read',
      resourceType: 'quality_problem',
      resourceId: problemId,
      unitId: p.owner_unit_id,
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

/** One problem with its evidence files (NOT_FOUND outside the handling unit's scope and the review's side). */
export async function readProblem(ctx: Ctx, id: string): Promise<ProblemView & { files: ProblemFileView[] }> {
  return inTransaction(ctx, async (tx) => {
    await loadInScope(tx, problemPolicy, id, 'read');
    return { ...(await problemView(tx, id)), files: await problemFiles(tx, id) };
  });
}
