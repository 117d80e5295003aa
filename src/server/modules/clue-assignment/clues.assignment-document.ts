/**
 * The 分办意见 document (问题线索分办意见呈批表) filled from the clue and its latest assignment
 * opinion's approval (content, chain, signatures), as PDF or DOCX. Read on the clue's
 * need-to-know (its team and 案管; NOT_FOUND outside scope or recused) and audited.
 */
import {
  type ApprovalStepEntry,
  type OfficialDocument,
  assignmentOpinion,
  renderDocx,
  renderPdf,
} from '../../documents/index.js';
import { APPROVAL_POST_LABELS } from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import {
  REPORT_CATEGORIES,
  type ReportCategory,
  SUBJECT_AUTHORITY_LABELS,
  type SubjectAuthority,
} from '../../shared/reports.codes.js';
import { loadInScope } from '../access/index.js';
import { approvalsFor } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { type ClueAction, clueSubjectsOf, cluePolicy } from '../clues/index.js';
import { ASSIGNMENT_ACTION, type PoolClueRow } from './clues.assignment.js';

/** The documents of this module, with their file titles. */
export const CLUE_ASSIGNMENT_DOCUMENTS = { assignment_opinion: '问题线索分办意见呈批表' } as const;
/** A document of this module. */
export type ClueAssignmentDocument = keyof typeof CLUE_ASSIGNMENT_DOCUMENTS;
/** The formats it is served in. */
export const CLUE_DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
/** A format. */
export type ClueDocumentFormat = (typeof CLUE_DOCUMENT_FORMATS)[number];

/** The 呈批 row label of a post (the form's wording). */
const STEP_LABELS: Record<string, string> = {
  department_head: '部门负责人意见',
  leader_in_charge: '分管领导意见',
  principal_leader: '主要负责人审批',
  committee_principal: '同级党委主要负责人审批',
};

/**
 * Builds the assignment opinion of clue `id` (its latest one) and records that it was made.
 * Throws NOT_FOUND (clue out of scope or recused, or no opinion drafted yet), NEED_TO_KNOW.
 */
export async function buildAssignmentOpinion(ctx: Ctx, id: string): Promise<OfficialDocument> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, PoolClueRow>(tx, cluePolicy, id, 'detail');
    const approval = (await approvalsFor(tx, 'clue', id)).find((a) => a.action === ASSIGNMENT_ACTION);
    if (!approval) throw errors.notFound('approval');
    const subjects = await clueSubjectsOf(tx, id);
    const content = approval.content as { targetName?: string; opinion?: string };
    const steps: ApprovalStepEntry[] = approval.steps
      .filter((s) => s.round === approval.round && s.status !== 'skipped' && s.status !== 'cancelled')
      .map((s) => {
        const decided = s.status === 'approved' || s.status === 'returned' || s.status === 'rejected';
        return {
          post: STEP_LABELS[s.post] ?? APPROVAL_POST_LABELS[s.post],
          ...(decided
            ? {
                signer: s.holderName ?? s.decidedByName ?? '',
                opinion: s.opinion ?? '同意。',
                date: s.signedOn ?? s.decidedAt ?? '',
                offline: s.offline,
                decision: s.status as 'approved' | 'returned' | 'rejected',
              }
            : {}),
        };
      });
    const categories = JSON.parse(row.categories) as string[];
    await recordAudit(tx, {
      action: 'clue.document',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { document: [null, 'assignment_opinion'], approval: [null, approval.id] },
    });
    return assignmentOpinion({
      number: approval.number,
      clueNumber: row.number,
      subjects: subjects.map((s) => ({
        name: s.name,
        position: [s.employer, s.position].filter(Boolean).join(''),
        cadreAuthority: SUBJECT_AUTHORITY_LABELS[s.authority as SubjectAuthority] ?? '',
      })),
      allegations: [
        {
          category: categories.map((c) => REPORT_CATEGORIES[c as ReportCategory] ?? c).join('、') || '其他',
          summary: row.summary,
        },
      ],
      proposedUnit: content.targetName ?? '',
      reason: content.opinion ?? '',
      drafter: approval.drafterName,
      department: approval.draftingUnitName,
      draftedOn: approval.submittedAt,
      steps,
    });
  });
}

/** Renders a document to bytes. */
export async function renderClueDocument(doc: OfficialDocument, format: ClueDocumentFormat): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(doc) : renderDocx(doc);
}
