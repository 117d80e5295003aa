/**
 * Files of a case: evidence files and property photos, sealed in the platform's blob store (the
 * attachments module's sealed files, under their own `evidence/` root so the report attachments'
 * orphan sweep, which knows only report attachments, never touches them). Evidence is stored as
 * received, not cleaned (its metadata may be evidence), with the SHA-256 of its bytes shown as the
 * integrity hash (完整性校验值, TL21 第一百二十三条). Downloads are audited before any byte is sent.
 */
import { CASE_EVIDENCE_EVENT_LABELS, CASE_WORKING_STATES } from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { type IncomingUpload, type OpenedSealedFile, type SealedFileView, sealedFiles } from '../attachments/index.js';
import { EVIDENCE_DIR } from './cases.jobs.js';
import { loadCase } from './cases.read.js';
import { addCaseEvent } from './cases.service.js';
import { requireCaseStatus } from './cases.state.js';

/** Largest evidence file accepted (bytes). */
export const MAX_CASE_FILE_BYTES = 20 * 1024 * 1024;

/** A case file as listed (its name opened, its hash shown: the SHA-256 of the bytes as received). */
export interface CaseFileView extends SealedFileView {
  evidenceId: string | null;
  propertyId: string | null;
}

/** What a file belongs to: an evidence item or a seized item of the case. */
export type CaseFileOwner = { evidenceId: string } | { propertyId: string };

/** The case files: stored as received (not cleaned) under `evidence/`. */
const files = sealedFiles({
  table: 'case_files',
  owner: 'case_id',
  root: EVIDENCE_DIR,
  maxBytes: MAX_CASE_FILE_BYTES,
  fallbackName: '证据文件',
});

/** The files of a case (no access check: callers load the case first). */
export async function filesOf(tx: Ctx, caseId: string): Promise<CaseFileView[]> {
  const rows = await tx.db
    .selectFrom('case_files')
    .select(['id', 'evidence_id', 'property_id', 'name_enc', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...files.view(tx, r), evidenceId: r.evidence_id, propertyId: r.property_id }));
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
  file: IncomingUpload,
): Promise<CaseFileView> {
  const evidenceId = 'evidenceId' in owner ? owner.evidenceId : null;
  const propertyId = 'propertyId' in owner ? owner.propertyId : null;
  const added = await files.add(ctx, file, {
    check: (tx) => requireOwner(tx, caseId, owner),
    keep: async (tx, { checked, columns, file: { sha256 } }) => {
      await tx.db
        .insertInto('case_files')
        .values({ ...columns, case_id: caseId, evidence_id: evidenceId, property_id: propertyId })
        .execute();
      await addCaseEvent(tx, caseId, 'evidence_file', {
        label: CASE_EVIDENCE_EVENT_LABELS.evidence_file,
        note: `${checked.label}（SHA-256 ${sha256}）`,
      });
      return { action: 'case.file_add', resourceType: 'case', resourceId: caseId, unitId: checked.unitId };
    },
  });
  return { ...added, evidenceId, propertyId };
}

/**
 * Opens a file of a case for a reader of its content (team or supervisors: NOT_FOUND,
 * NEED_TO_KNOW), auditing the download before any byte is sent. The stream errors with
 * INTEGRITY_ERROR if the stored bytes were altered.
 */
export async function openCaseFile(ctx: Ctx, caseId: string, fileId: string): Promise<OpenedSealedFile> {
  return files.open(ctx, caseId, fileId, async (tx) => {
    const c = await loadCase(tx, caseId, 'detail');
    return { action: 'case.file_read', resourceType: 'case', resourceId: caseId, unitId: c.owner_unit_id };
  });
}
