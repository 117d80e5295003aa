/**
 * Files of a case: evidence files and property photos, sealed in the platform's blob store (the
 * attachments module's `blobStoreFor`, under its own `evidence/` root so the report attachments'
 * orphan sweep, which knows only report attachments, never touches them). Evidence is stored as
 * received, not cleaned (its metadata may be evidence), with the SHA-256 of its bytes shown as the
 * integrity hash (完整性校验值, TL21 第一百二十三条). Downloads are audited before any byte is sent.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CASE_EVIDENCE_EVENT_LABELS, CASE_WORKING_STATES } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { blobStoreFor } from '../attachments/index.js';
import { recordAudit } from '../audit/index.js';
import { evidenceRoot } from './cases.jobs.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';

/** Largest evidence file accepted (bytes). */
export const MAX_CASE_FILE_BYTES = 20 * 1024 * 1024;

/** A case file as listed (its name opened, its hash shown). */
export interface CaseFileView {
  id: string;
  evidenceId: string | null;
  propertyId: string | null;
  name: string;
  contentType: string;
  sizeBytes: number;
  /** SHA-256 (hex) of the bytes as received. */
  sha256: string;
  createdAt: string;
}

/** What a file belongs to: an evidence item or a seized item of the case. */
export type CaseFileOwner = { evidenceId: string } | { propertyId: string };

const nameContext = (id: string) => `case_files.name:${id}`;
const blobContext = (id: string) => `case_files.blob:${id}`;

/** The evidence blob store of the data directory (its own root beside the attachments'). */
function store(ctx: Ctx) {
  return blobStoreFor(evidenceRoot(ctx.config.dataDir));
}

/** Keeps the last path segment of a client's file name, without control characters, at most 120 chars. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return (base.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '证据文件').slice(0, 120);
}

/** The files of a case (no access check: callers load the case first). */
export async function filesOf(tx: Ctx, caseId: string): Promise<CaseFileView[]> {
  const rows = await tx.db
    .selectFrom('case_files')
    .select(['id', 'evidence_id', 'property_id', 'name_enc', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    evidenceId: r.evidence_id,
    propertyId: r.property_id,
    name: tx.keyring.openText(r.name_enc, nameContext(r.id)),
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}

async function requireOwner(tx: Ctx, caseId: string, owner: CaseFileOwner): Promise<{ label: string; unitId: string }> {
  const row = await loadCase(tx, caseId, 'manage');
  await requireCaseStatus(tx, caseId, CASE_WORKING_STATES, 'file');
  const found =
    'evidenceId' in owner
      ? await tx.db
          .selectFrom('case_evidence')
          .select(['seq', 'title'])
          .where('id', '=', owner.evidenceId)
          .where('case_id', '=', caseId)
          .executeTakeFirst()
      : await tx.db
          .selectFrom('case_property')
          .select(['seq', 'number as title'])
          .where('id', '=', owner.propertyId)
          .where('case_id', '=', caseId)
          .executeTakeFirst();
  if (!found) throw errors.notFound('evidenceId' in owner ? 'evidence' : 'property');
  const label = 'evidenceId' in owner ? `证据${found.seq}：${found.title}` : `涉案财物${found.title}`;
  return { label, unitId: row.owner_unit_id };
}

/**
 * Seals one file for an evidence item or a seized item of the case (team or supervisors with
 * `manage`; a working state): the case and the item are checked before a byte is stored, the bytes
 * are hashed as they stream into the blob store, and the row, the trail step and the audit event
 * are written in one transaction; if that fails the blob is removed. Throws NOT_FOUND,
 * NEED_TO_KNOW, CASE_TRANSITION, FILE_TOO_LARGE, VALIDATION_FAILED (an unsupported or empty file).
 */
export async function addCaseFile(
  ctx: Ctx,
  caseId: string,
  owner: CaseFileOwner,
  file: { fileName: string | undefined; source: AsyncIterable<Buffer | Uint8Array> },
): Promise<CaseFileView> {
  await inTransaction(ctx, (tx) => requireOwner(tx, caseId, owner));
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
    maxBytes: MAX_CASE_FILE_BYTES,
  });
  const sha256 = hash.digest('hex');
  const name = cleanName(file.fileName);
  try {
    return await inTransaction(ctx, async (tx) => {
      const { label, unitId } = await requireOwner(tx, caseId, owner);
      const at = nowIso(tx);
      await tx.db
        .insertInto('case_files')
        .values({
          id,
          case_id: caseId,
          evidence_id: 'evidenceId' in owner ? owner.evidenceId : null,
          property_id: 'propertyId' in owner ? owner.propertyId : null,
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
      await addCaseEvent(tx, caseId, 'evidence_file', {
        label: CASE_EVIDENCE_EVENT_LABELS.evidence_file,
        note: `${label}（SHA-256 ${sha256}）`,
      });
      await recordAudit(tx, {
        action: 'case.file_add',
        resourceType: 'case',
        resourceId: caseId,
        unitId,
        changes: { file: [null, id], sha256: [null, sha256], size: [null, blob.size] },
      });
      return {
        id,
        evidenceId: 'evidenceId' in owner ? owner.evidenceId : null,
        propertyId: 'propertyId' in owner ? owner.propertyId : null,
        name,
        contentType: blob.contentType,
        sizeBytes: blob.size,
        sha256,
        createdAt: at,
      };
    });
  } catch (err) {
    await store(ctx)
      .remove(blob.blobId)
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Opens a file of a case for a reader of its content (team or supervisors: NOT_FOUND,
 * NEED_TO_KNOW), auditing the download before any byte is sent. The stream errors with
 * INTEGRITY_ERROR if the stored bytes were altered.
 */
export async function openCaseFile(
  ctx: Ctx,
  caseId: string,
  fileId: string,
): Promise<{ name: string; contentType: string; sizeBytes: number; sha256: string; stream: Readable }> {
  const row = await inTransaction(ctx, async (tx) => {
    const c = await loadCase(tx, caseId, 'detail');
    const found = await tx.db
      .selectFrom('case_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!found) throw errors.notFound('file');
    await recordAudit(tx, {
      action: 'case.file_read',
      resourceType: 'case',
      resourceId: caseId,
      unitId: c.owner_unit_id,
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
