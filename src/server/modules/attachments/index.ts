/**
 * The attachments module: the sealed blob store and the attachment rows of uploaded files.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { attachmentJobs } from './attachments.jobs.js';

export type { AttachmentOwner } from './attachments.policy.js';
export {
  type IncomingFile,
  addAttachment,
  addAttachments,
  blobStoreFor,
  cleanFileName,
  openAttachment,
  ORPHAN_BLOB_GRACE_MS,
  type OrphanSweep,
  sweepOrphanBlobs,
  sweepStoreOrphans,
  type StoredAttachment,
} from './attachments.service.js';
export { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, detectFileType } from './sniff.js';
// Other modules' uploads (rectification evidence, inspection photos) are cleaned the same way before sealing.
export { type CleanedFile, cleanFile, readUpload } from './clean.js';
export { HEIC_REFUSAL, cleanImage } from './clean-image.js';
export type { AttachmentsTables } from './attachments.tables.js';
// Evidence files other modules keep (quality problems, rectification items, cases, inspections).
export {
  type AddSealedFileSteps,
  type IncomingUpload,
  type OpenedSealedFile,
  type SealedFileAudit,
  type SealedFileColumns,
  type SealedFileKind,
  type SealedFileRow,
  type SealedFileView,
  type SealedFiles,
  sealedFiles,
  sealedStore,
} from './sealed-files.js';

/** The attachments module as the platform sees it: its routes, jobs and scoped tables. */
export const attachmentsModule: ModuleDefinition = {
  name: 'attachments',
  jobs: attachmentJobs,
};
