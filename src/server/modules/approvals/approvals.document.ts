/**
 * The 呈批表 of an approval, as PDF or DOCX: built from the approval as the reader may see it
 * (same scope rule), printed with every round's last chain (the current round), and audited.
 */
import { type ApprovalFormStep, approvalForm } from '../../documents/approval-form.js';
import { renderDocx, renderPdf } from '../../documents/index.js';
import {
  APPROVAL_ACTION_LABELS,
  type ApprovalPost,
  SKIP_REASON_LABELS,
  STEP_STATUS_LABELS,
} from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { recordAudit } from '../audit/index.js';
import { getApproval } from './approvals.read.js';

/** Output formats of the 呈批表. */
export const APPROVAL_DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
/** An output format. */
export type ApprovalDocumentFormat = (typeof APPROVAL_DOCUMENT_FORMATS)[number];

/** The form's row labels, short enough for the label column (主要领导审批 as the other 呈批表). */
const FORM_LABELS: Record<ApprovalPost, string> = {
  department_head: '承办部门意见',
  leader_in_charge: '分管领导意见',
  principal_leader: '主要领导审批',
  committee_principal: '同级党委审批',
};

function summaryOf(content: Record<string, unknown>): string {
  if (typeof content.summary === 'string') return content.summary;
  return Object.entries(content)
    .map(([k, v]) => `${k}：${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

/**
 * Renders the 呈批表 of approval `id` (NOT_FOUND when the actor may not read it) and records that
 * it was generated. Returns the bytes and the file's title.
 */
export async function approvalDocument(
  ctx: Ctx,
  id: string,
  format: ApprovalDocumentFormat,
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const view = await getApproval(tx, id);
    const steps: ApprovalFormStep[] = view.steps
      .filter((s) => s.round === view.round)
      .map((s) => ({
        label: FORM_LABELS[s.post],
        opinion:
          s.status === 'skipped'
            ? SKIP_REASON_LABELS[s.skipReason ?? 'vacant']
            : !s.decidedAt
              ? ''
              : s.status === 'approved'
                ? (s.opinion ?? STEP_STATUS_LABELS.approved)
                : `${STEP_STATUS_LABELS[s.status]}：${s.opinion ?? ''}`,
        signer: s.decidedAt ? (s.holderName ?? s.decidedByName) : null,
        date: s.signedOn ?? s.decidedAt,
        offline: s.offline,
      }));
    const formTitle = `${APPROVAL_ACTION_LABELS[view.action]}呈批表`;
    const doc = approvalForm({
      formTitle,
      number: view.number,
      title: view.title,
      draftingUnit: view.draftingUnitName,
      drafter: view.drafterName,
      submittedAt: view.submittedAt,
      summary: summaryOf(view.content),
      steps,
      contentHash: view.contentHash,
      tampered: view.integrity === 'tampered',
    });
    await recordAudit(tx, {
      action: 'approval.document',
      resourceType: 'approval',
      resourceId: id,
      unitId: view.ownerUnitId,
      changes: { format: [null, format] },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: formTitle };
  });
}
