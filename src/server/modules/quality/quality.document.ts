/**
 * The problem list (问题清单) of one reviewed case as an official document, addressed to the
 * handling unit: the case, the score and grade, each problem with its checklist item, severity,
 * owner and due date, and how rectification is reported back (domain rules §7: the situation,
 * the problems, the requirements and deadline, how to report back). PDF or DOCX, audited.
 */
import { type OfficialDocument, chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { QUALITY_GRADE_LABELS, QUALITY_SEVERITY_LABELS, type QualityGrade } from '../../shared/quality.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type ReviewAction, reviewPolicy } from './quality.policy.js';
import { problemsOfCase } from './quality.problems.js';
import type { QualityReviewRow } from './quality.tables.js';

/** The document kinds of a reviewed case (`/documents/{kind}.pdf|docx`). */
export const QUALITY_DOCUMENTS = ['problem_list'] as const;

/**
 * Renders the problem list of case `caseId` in review `reviewId` (anyone who sees the review:
 * NOT_FOUND otherwise; QUALITY_CASE_STATE before the case is concluded), audited
 * (`quality.document`).
 */
export async function problemListDocument(
  ctx: Ctx,
  reviewId: string,
  caseId: string,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  const doc = await inTransaction(ctx, async (tx) => {
    const review = await loadInScope<ReviewAction, QualityReviewRow>(tx, reviewPolicy, reviewId, 'read');
    const rc = await tx.db
      .selectFrom('quality_review_cases')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!rc) throw errors.notFound('quality_review_case');
    if (rc.status !== 'concluded' || !rc.concluded_at)
      throw domainError('QUALITY_CASE_STATE', { status: rc.status, action: 'problem_list' });
    const organiser = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', review.owner_unit_id)
      .executeTakeFirstOrThrow();
    const problems = await problemsOfCase(tx, reviewId, caseId);
    await recordAudit(tx, {
      action: 'quality.document',
      resourceType: 'quality_review',
      resourceId: reviewId,
      unitId: review.owner_unit_id,
      changes: { case: [null, caseId], document: [null, `problem_list.${format}`] },
    });
    const grade = QUALITY_GRADE_LABELS[rc.grade as QualityGrade] ?? rc.grade ?? '';
    const model: OfficialDocument = {
      title: '案件质量评查问题清单',
      docNumber: `评查：${review.title}`,
      recipient: `${rc.handling_unit_name}：`,
      confidentiality: '注意保密',
      blocks: [
        {
          kind: 'paragraph',
          text: `按照${review.title}${review.period_label ? `（${review.period_label}）` : ''}安排，评查组对你单位办理的${rc.case_number ?? ''}“${rc.case_title}”案件进行了质量评查，评查人${rc.examiner_name}。评查得分${Number(rc.score)}分，评定等次为${grade}。现将发现的问题反馈如下，请认真整改。`,
        },
        { kind: 'heading', level: 1, text: '一、发现的问题' },
        ...(problems.length === 0
          ? [{ kind: 'paragraph' as const, text: '本案未发现问题。' }]
          : problems.map((p) => ({
              kind: 'fields' as const,
              columns: 2 as const,
              fields: [
                {
                  label: `问题${p.seq}`,
                  value: `${p.itemLabel}（${QUALITY_SEVERITY_LABELS[p.severity] ?? p.severity}）`,
                  wide: true,
                },
                { label: '具体情况', value: p.description, wide: true },
                {
                  label: '整改责任',
                  value: `${p.unitName}${p.ownerUserName ? `（责任人：${p.ownerUserName}）` : ''}`,
                  wide: true,
                },
                { label: '整改期限', value: chineseDate(p.dueOn), wide: true },
              ],
            }))),
        { kind: 'heading', level: 1, text: '二、整改要求' },
        {
          kind: 'paragraph',
          text: '请逐项制定整改措施，在整改期限内完成整改，并通过平台报送整改情况说明和佐证材料，经评查组确认后销号。逾期未完成整改的，计入单位考核。',
        },
      ],
      issuer: organiser.name,
      date: chineseDate(toShanghaiDate(nowIso(tx))),
    };
    return { model, title: `问题清单（${rc.case_number ?? rc.case_title}）` };
  });
  const bytes = format === 'pdf' ? await renderPdf(doc.model) : await renderDocx(doc.model);
  return { bytes, title: doc.title };
}
