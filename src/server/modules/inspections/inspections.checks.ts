/**
 * Working through a checklist (逐项检查, on a phone or in the console): the team uploads the photos
 * and documents of an item first (images re-encoded without their metadata as in intake, then
 * sealed in the blob store under `inspections/`), then records the item's result on a target with
 * a note and the files. An item whose required evidence is missing is refused; an item found
 * wanting becomes a finding (`inspection_findings`) whose next step the leader decides.
 */
import { type CheckResult, type ChecklistItem, EVIDENCE_LABELS } from '../../shared/inspections.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import {
  type IncomingUpload,
  type OpenedSealedFile,
  type SealedFileView,
  cleanImage,
  detectFileType,
  sealedFiles,
} from '../attachments/index.js';
import { recordAudit } from '../audit/index.js';
import { type InspectionAction, inspectionPolicy } from './inspections.policy.js';
import { type InspectionView, requireStatus, teamRole, touchInspection, viewOf } from './inspections.read.js';
import type { InspectionRow } from './inspections.tables.js';

/** Largest file accepted for a check (bytes). */
export const MAX_CHECK_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The checks' photos and documents: images cleaned of metadata, sealed under `inspections/`. A file
 * sent without a name is kept as 附件 (the attachments' fallback it has always had).
 */
const files = sealedFiles({
  table: 'inspection_check_files',
  owner: 'inspection_id',
  root: 'inspections',
  maxBytes: MAX_CHECK_FILE_BYTES,
  fallbackName: '附件',
});

/** Loads inspection `id` for a member of its team while it is in progress (INSPECTION_NOT_MEMBER, INSPECTION_STATE). */
async function workedInspection(tx: Ctx, id: string): Promise<InspectionRow> {
  const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read');
  if (!(await teamRole(tx, id))) throw domainError('INSPECTION_NOT_MEMBER', { action: 'check' });
  requireStatus(row, ['in_progress'], 'check');
  return row;
}

/** A file as stored for a check. */
export type CheckFileView = SealedFileView;

/** Reads a check's file whole and keeps a photo (re-encoded without its metadata) or a PDF; refuses anything else. */
async function checkFileBytes(source: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const piece of source) {
    const b = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    size += b.length;
    if (size > MAX_CHECK_FILE_BYTES) throw domainError('FILE_TOO_LARGE', { field: 'file' });
    chunks.push(b);
  }
  const raw = Buffer.concat(chunks);
  const type = detectFileType(raw.subarray(0, 64));
  if (!type || !(type.contentType.startsWith('image/') || type.contentType === 'application/pdf'))
    throw domainError(
      'FILE_TYPE_NOT_ALLOWED',
      { field: 'file' },
      '检查佐证只接受照片（JPEG、PNG、WebP、GIF）或 PDF 文件',
    );
  return type.contentType.startsWith('image/') ? (await cleanImage(raw, type.contentType)).bytes : raw;
}

/**
 * Seals one photo (JPEG, PNG, WebP, GIF: re-encoded without EXIF, GPS and the rest) or PDF for a
 * check of inspection `id` (a team member, while in progress); it is attached when the check is
 * recorded. FILE_TYPE_NOT_ALLOWED (anything else, HEIC), FILE_UNREADABLE, FILE_TOO_LARGE, and the
 * refusals of the inspection. Audited (`inspection.file_add`).
 */
export async function addCheckFile(ctx: Ctx, id: string, file: IncomingUpload): Promise<CheckFileView> {
  return files.add(ctx, file, {
    check: (tx) => workedInspection(tx, id),
    prepare: checkFileBytes,
    keep: async (tx, { checked, columns }) => {
      await tx.db
        .insertInto('inspection_check_files')
        .values({ ...columns, inspection_id: id, check_id: null })
        .execute();
      return {
        action: 'inspection.file_add',
        resourceType: 'inspection',
        resourceId: id,
        unitId: checked.owner_unit_id,
      };
    },
  });
}

/** Opens a file of inspection `id` for someone who sees it (NOT_FOUND otherwise), audited before any byte. */
export async function openCheckFile(ctx: Ctx, id: string, fileId: string): Promise<OpenedSealedFile> {
  return files.open(ctx, id, fileId, async (tx) => {
    const insp = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read');
    return { action: 'inspection.file_read', resourceType: 'inspection', resourceId: id, unitId: insp.owner_unit_id };
  });
}

/** What recording one item's result takes. */
export interface CheckInput {
  /** The inspection's version read. */
  version: number;
  targetId: string;
  checklistId: string;
  itemCode: string;
  result: CheckResult;
  note?: string | null | undefined;
  /** Files uploaded for this check (not yet attached to another). */
  fileIds?: readonly string[] | undefined;
}

/**
 * Records (or records again) one item's result on one target (a team member, in progress). The
 * evidence the item requires must be there, unless the item does not apply: a photo (an image
 * among the files), a document (any file) or a note; INSPECTION_EVIDENCE_MISSING (400) says which.
 * A result `wanting` needs a note and opens a finding (once per check; a later `pass` removes an
 * undecided one). VALIDATION_FAILED (unknown target, checklist, item or file), CONFLICT.
 * Audited (`inspection.check_record`).
 */
export async function recordCheck(ctx: Ctx, id: string, input: CheckInput): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) => {
    const row = await workedInspection(tx, id);
    if (Number(row.version) !== input.version) throw errors.conflict({ version: Number(row.version) });
    const target = await tx.db
      .selectFrom('inspection_targets')
      .selectAll()
      .where('id', '=', input.targetId)
      .where('inspection_id', '=', id)
      .executeTakeFirst();
    if (!target) throw errors.validation({ field: 'targetId' }, '检查对象不属于本次检查');
    const checklist = await tx.db
      .selectFrom('inspection_checklists')
      .selectAll()
      .where('id', '=', input.checklistId)
      .where('inspection_id', '=', id)
      .executeTakeFirst();
    if (!checklist) throw errors.validation({ field: 'checklistId' }, '检查清单不属于本次检查');
    const item = (JSON.parse(checklist.items) as ChecklistItem[]).find((i) => i.code === input.itemCode);
    if (!item) throw errors.validation({ field: 'itemCode' }, '检查项目不在该清单中');
    const note = input.note?.trim() || null;
    const existing = await tx.db
      .selectFrom('inspection_checks')
      .select('id')
      .where('target_id', '=', target.id)
      .where('checklist_id', '=', checklist.id)
      .where('item_code', '=', item.code)
      .executeTakeFirst();
    const fileIds = [...new Set(input.fileIds ?? [])];
    const files = fileIds.length
      ? await tx.db
          .selectFrom('inspection_check_files')
          .select(['id', 'content_type', 'check_id'])
          .where('inspection_id', '=', id)
          .where('id', 'in', fileIds)
          .execute()
      : [];
    if (files.length !== fileIds.length || files.some((f) => f.check_id && f.check_id !== existing?.id))
      throw errors.validation({ field: 'fileIds' }, '所附文件不存在或已用于其他检查项目');
    const kept = existing
      ? await tx.db
          .selectFrom('inspection_check_files')
          .select(['id', 'content_type'])
          .where('check_id', '=', existing.id)
          .execute()
      : [];
    const all = [...kept, ...files.filter((f) => !kept.some((k) => k.id === f.id))];
    if (input.result !== 'not_applicable') {
      const missing =
        (item.evidence === 'photo' && !all.some((f) => f.content_type.startsWith('image/'))) ||
        (item.evidence === 'document' && all.length === 0) ||
        (item.evidence === 'note' && !note);
      if (missing)
        throw domainError(
          'INSPECTION_EVIDENCE_MISSING',
          { field: item.evidence === 'note' ? 'note' : 'fileIds', evidence: item.evidence, itemCode: item.code },
          `“${item.label}”须附${EVIDENCE_LABELS[item.evidence]}作为佐证，缺少佐证不能记录检查结果`,
        );
    }
    if (input.result === 'wanting' && !note)
      throw errors.validation({ field: 'note' }, `“${item.label}”存在问题的，须写明具体问题`);
    const now = nowIso(tx);
    const checkId = existing?.id ?? newId();
    const values = {
      result: input.result,
      note,
      recorded_by: tx.actor?.userId ?? null,
      recorded_by_name: tx.actor?.displayName ?? null,
      recorded_at: now,
    };
    if (existing) await tx.db.updateTable('inspection_checks').set(values).where('id', '=', checkId).execute();
    else
      await tx.db
        .insertInto('inspection_checks')
        .values({
          id: checkId,
          inspection_id: id,
          target_id: target.id,
          checklist_id: checklist.id,
          item_code: item.code,
          ...values,
        })
        .execute();
    if (files.length)
      await tx.db
        .updateTable('inspection_check_files')
        .set({ check_id: checkId })
        .where(
          'id',
          'in',
          files.map((f) => f.id),
        )
        .execute();
    const finding = await tx.db
      .selectFrom('inspection_findings')
      .select(['id', 'next_step'])
      .where('check_id', '=', checkId)
      .executeTakeFirst();
    let findingId: string | null = finding?.id ?? null;
    if (input.result === 'wanting') {
      if (!finding) {
        const last = await tx.db
          .selectFrom('inspection_findings')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('inspection_id', '=', id)
          .executeTakeFirst();
        findingId = newId();
        await tx.db
          .insertInto('inspection_findings')
          .values({
            id: findingId,
            inspection_id: id,
            check_id: checkId,
            target_id: target.id,
            seq: Number(last?.seq ?? 0) + 1,
            item_label: item.label,
            what: note!,
            severity: 'minor',
            responsible_unit_id: target.unit_id,
            responsible_person: null,
            subject_id: null,
            next_step: null,
            due_on: null,
            rectification_item_id: null,
            talk_id: null,
            clue_id: null,
            recommendation_id: null,
            decision_note: null,
            decided_by: null,
            decided_at: null,
            version: 1,
            created_at: now,
          })
          .execute();
      } else if (!finding.next_step)
        await tx.db.updateTable('inspection_findings').set({ what: note! }).where('id', '=', finding.id).execute();
    } else if (finding) {
      if (finding.next_step)
        throw domainError(
          'INSPECTION_STATE',
          { action: 'recheck', finding: finding.id },
          '该项目发现的问题已作出处置，不能改为其他结果',
        );
      await tx.db.deleteFrom('inspection_findings').where('id', '=', finding.id).execute();
      findingId = null;
    }
    const next = await touchInspection(tx, row);
    await recordAudit(tx, {
      action: 'inspection.check_record',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        target: [null, target.id],
        item: [null, `${checklist.id}:${item.code}`],
        result: [null, input.result],
        files: [null, all.map((f) => f.id)],
        finding: [null, findingId],
      },
    });
    return viewOf(tx, next);
  });
}
