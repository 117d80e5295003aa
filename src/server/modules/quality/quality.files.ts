/**
 * The rectification evidence of a problem (整改佐证材料): files the handling unit adds while the
 * problem is open, sealed in the platform's blob store (the attachments module's sealed files,
 * under their own `quality/` root, as the case evidence is under `evidence/`), with the SHA-256 of
 * the bytes as received. Downloads are audited before any byte is sent.
 */
import { type Ctx, inTransaction } from '../../shared/context.js';
import { type IncomingUpload, type OpenedSealedFile, type SealedFileView, sealedFiles } from '../attachments/index.js';
import { loadInScope } from '../access/index.js';
import { type ProblemAction, problemPolicy } from './quality.policy.js';
import { type ProblemView, problemForRectification, problemView } from './quality.problems.js';
import type { QualityProblemRow } from './quality.tables.js';

/** Largest evidence file accepted (bytes). */
export const MAX_QUALITY_FILE_BYTES = 20 * 1024 * 1024;

/** A file of a problem as listed. */
export type ProblemFileView = SealedFileView;

/** The problems' evidence files: sealed as received under `quality/`. */
const files = sealedFiles({
  table: 'quality_problem_files',
  owner: 'problem_id',
  root: 'quality',
  maxBytes: MAX_QUALITY_FILE_BYTES,
  fallbackName: '整改佐证材料',
});

/** What the files' audit events are about: the problem. */
const resource = (problemId: string, unitId: string) => ({
  resourceType: 'quality_problem',
  resourceId: problemId,
  unitId,
});

/** The files of problem `problemId` (no access check: callers load the problem first). */
export async function problemFiles(tx: Ctx, problemId: string): Promise<ProblemFileView[]> {
  return files.list(tx, problemId);
}

/**
 * Seals one evidence file for problem `problemId` (the handling unit, while it is open): the
 * problem is checked before a byte is stored and again with the row's insert and its audit event
 * (`quality.problem_file`); if that fails the blob is removed. The refusals of
 * `problemForRectification`; FILE_TOO_LARGE.
 */
export async function addProblemFile(ctx: Ctx, problemId: string, file: IncomingUpload): Promise<ProblemFileView> {
  return files.add(ctx, file, {
    check: (tx) => problemForRectification(tx, problemId),
    keep: async (tx, { checked, columns }) => {
      await tx.db
        .insertInto('quality_problem_files')
        .values({ ...columns, problem_id: problemId })
        .execute();
      return { action: 'quality.problem_file', ...resource(problemId, checked.owner_unit_id) };
    },
  });
}

/**
 * Opens an evidence file of a problem for someone who sees the problem (NOT_FOUND otherwise),
 * auditing the download (`quality.problem_file_read`) before any byte is sent.
 */
export async function openProblemFile(ctx: Ctx, problemId: string, fileId: string): Promise<OpenedSealedFile> {
  return files.open(ctx, problemId, fileId, async (tx) => {
    const p = await loadInScope<ProblemAction, QualityProblemRow>(tx, problemPolicy, problemId, 'read');
    return { action: 'quality.problem_file_read', ...resource(problemId, p.owner_unit_id) };
  });
}

/** One problem with its evidence files (NOT_FOUND outside the handling unit's scope and the review's side). */
export async function readProblem(ctx: Ctx, id: string): Promise<ProblemView & { files: ProblemFileView[] }> {
  return inTransaction(ctx, async (tx) => {
    await loadInScope(tx, problemPolicy, id, 'read');
    return { ...(await problemView(tx, id)), files: await problemFiles(tx, id) };
  });
}
