/**
 * The measures' documents (留置决定书, 留置通知书, 责令候查决定书, 管护决定书) rendered from the
 * measure's record as PDF or DOCX, each rendering audited (team or supervisors only).
 */
import {
  custodyDecision,
  detentionDecision,
  detentionNotice,
  standbyDecision,
} from '../../documents/case-measure-templates.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { commissionOf } from '../numbering/index.js';
import { loadMeasure } from './cases.measures.js';

/** The measure documents by glossary name, with the measure kind each belongs to. */
export const MEASURE_DOCUMENTS = {
  detention_decision: 'detention',
  detention_notice: 'detention',
  standby_decision: 'standby',
  custody_decision: 'custody',
} as const;
/** A measure document. */
export type MeasureDocument = keyof typeof MEASURE_DOCUMENTS;

/**
 * Renders a measure's document as PDF or DOCX, audited (`case.measure_document`). Throws
 * MEASURE_STEP (a document of another kind of measure), NOT_FOUND, NEED_TO_KNOW.
 */
export async function measureDocument(
  ctx: Ctx,
  caseId: string,
  measureId: string,
  doc: MeasureDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const { row, m } = await loadMeasure(tx, caseId, measureId, 'detail');
    if (MEASURE_DOCUMENTS[doc] !== m.kind)
      throw domainError('MEASURE_STEP', { status: m.status, step: doc }, '该措施没有这种文书');
    const organ = await commissionOf(tx, row.handling_unit_id);
    const subject = await tx.db
      .selectFrom('case_subjects')
      .select(['position', 'employer'])
      .where('id', '=', m.case_subject_id)
      .executeTakeFirst();
    const approvedBy =
      m.kind === 'detention'
        ? `经本机关领导人员集体研究决定（${m.collective_on ?? ''}），并报经${m.higher_organ ?? ''}批准（${m.higher_number ?? ''}）`
        : `经${m.approver_name ?? ''}批准`;
    const data = {
      number: m.approval_number ?? '',
      subjectName: m.subject_name,
      subjectPosition: [subject?.employer, subject?.position].filter(Boolean).join(''),
      caseNumber: row.number ?? '',
      reason: m.reason,
      legalBasis: m.legal_basis,
      approvedBy,
      startOn: m.started_at ? toShanghaiDate(m.started_at) : '',
      organName: organ.name,
      date: doc === 'detention_notice' && m.notified_at ? toShanghaiDate(m.notified_at) : m.approved_on,
    };
    const model =
      doc === 'detention_decision'
        ? detentionDecision(data)
        : doc === 'detention_notice'
          ? detentionNotice({ ...data, recipient: m.notified_unit ?? m.notified_family ?? '' })
          : doc === 'standby_decision'
            ? standbyDecision(data)
            : custodyDecision(data);
    await recordAudit(tx, {
      action: 'case.measure_document',
      resourceType: 'case_measure',
      resourceId: measureId,
      unitId: row.owner_unit_id,
      changes: { document: [null, `${doc}.${format}`], at: [null, nowIso(tx)] },
    });
    const bytes = format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
    return { bytes, title: `${model.title}（${m.subject_name}）` };
  });
}
