/**
 * Intake of an informant's report (channel `informant`, issue 16 §4): routed like a public report
 * by the village and the reporter's plain answer about the person, stored anonymous (the handler
 * sees no reporter identity), with only `reports.informant_id` tying it to the informant for their
 * own status list and for scoring. The caller (the grid module) runs it in its transaction.
 */
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { addAttachments } from '../attachments/index.js';
import { answer, openUpload } from './reports.files.routes.js';
import type { PublicSubjectRole } from '../../shared/reports.codes.js';
import { enqueueHandlerNotice } from './reports.jobs.js';
import { addReportEvent, createReport, publicRouting } from './reports.service.js';

/** What an informant reports from the phone. */
export interface InformantReportInput {
  regionCode: string;
  subjectName: string;
  subjectPosition?: string;
  subjectRole?: PublicSubjectRole;
  content: string;
  occurredOn?: string;
  place?: string;
}

/** Stores an informant's report in the caller's transaction; returns its id, number and time. */
export async function submitInformantReport(
  tx: Ctx,
  informantId: string,
  input: InformantReportInput,
): Promise<{ id: string; number: string; receivedAt: string }> {
  const created = await createReport(
    tx,
    {
      channel: 'informant',
      kind: 'accusation',
      categories: [],
      regionCode: input.regionCode,
      ...publicRouting(input.subjectRole, undefined),
      details: input.subjectRole ? { subjectRole: input.subjectRole } : undefined,
      subjectId: null,
      subject: { name: input.subjectName, position: input.subjectPosition },
      content: input.content,
      occurredOn: input.occurredOn,
      place: input.place,
      reporter: null,
    },
    null,
  );
  await tx.db.updateTable('reports').set({ informant_id: informantId }).where('id', '=', created.id).execute();
  await enqueueHandlerNotice(tx, { reportId: created.id, notice: 'received', ref: created.id });
  return { id: created.id, number: created.number, receivedAt: created.receivedAt };
}

/** The multipart upload of an informant's photos, as the upload routes describe it. */
export {
  Stored as InformantPhotosAnswer,
  UPLOAD_DESCRIPTION as INFORMANT_PHOTOS_DESCRIPTION,
} from './reports.files.routes.js';

/**
 * Adds photos (multipart: field `number` first, then `file` fields; up to 5 per report, cleaned of
 * metadata like the reporter's) to one of the informant's own reports, found by its number; any
 * other report answers 404.
 */
export async function addInformantPhotos(req: FastifyRequest, informantId: string) {
  const upload = await openUpload(req);
  const number = upload.fields.number;
  const report = number
    ? await req.ctx.db
        .selectFrom('reports')
        .select(['id', 'owner_unit_id'])
        .where('number', '=', number)
        .where('informant_id', '=', informantId)
        .executeTakeFirst()
    : undefined;
  if (!report) {
    upload.discard();
    throw number ? errors.notFound('report') : errors.validation({ field: 'number' }, '请先提交报送编号，再上传照片');
  }
  const stored = await addAttachments(req.ctx, report.id, upload.files, {
    uploader: 'reporter',
    ownerUnitId: report.owner_unit_id,
    inTransaction: async (tx, attachmentIds) => {
      await addReportEvent(tx, report.id, 'reporter_added_files', { public: true });
      await enqueueHandlerNotice(tx, { reportId: report.id, notice: 'files', ref: attachmentIds[0]! });
    },
  });
  return answer(stored);
}
