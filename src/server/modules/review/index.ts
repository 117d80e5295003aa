/**
 * The review module: the review stage (审理, capability C5, issue 14 §1): who reviews a transferred
 * case (乡案县审, the township's commission, a zone's cross-review panel), acceptance, early
 * involvement, the review team under 查审分离 and recusal, talks and deliberations, the returns
 * that pause or restart timer 13, the 审理报告 and the standing committee's decision that closes
 * the case. This file is its only import surface: other modules and the platform import nothing else.
 */
import type { ModuleDefinition } from '../../shared/module.js';
import { onApprovalDecided } from '../approvals/index.js';
import { registerCaseFileReader } from '../cases/index.js';
import { reviewsCaseWhere } from './review.policy.js';
import { onReviewReportDecided } from './review.report.js';
import { onCaseTransferred, onEarlyDecided, onReturnDecided } from './review.returns.js';
import { reviewRoutes } from './review.routes.js';
import { reviewWorkbench } from './review.workbench.js';

export type { ReviewTables, ReviewRow } from './review.tables.js';
export { type ReviewAction, reviewPolicy, reviewLineWhere } from './review.policy.js';
export { type ReviewDetail, type ReviewLedgerQuery, type ReviewLine, listReviews, readReview } from './review.read.js';
export { countyReview, goesToCounty } from './review.settings.js';
export { REVIEW_CLOCK, REVIEW_RESOURCE, reviewOfCase, routeFor } from './review.service.js';
export {
  decideAcceptance,
  extendReview,
  requestEarlyInvolvement,
  requestReturn,
  resubmitCase,
  reviewOnTransfer,
} from './review.returns.js';
export { checkReviewTeam, setReviewPanel, setReviewTeam } from './review.team.js';
export { recordDeliberation, recordTalk } from './review.records.js';
export {
  type ProposedOutcome,
  recordCommitteeDecision,
  reviewReportDocument,
  saveReviewReport,
  signReviewReport,
  submitReviewReport,
} from './review.report.js';

// The transfer (the 审查调查报告 approved) opens or resumes the review, after the cases module moved the case.
onApprovalDecided('case.investigation_report', onCaseTransferred);
onApprovalDecided('review.early_involvement', onEarlyDecided);
onApprovalDecided('review.return_supplementary', onReturnDecided);
onApprovalDecided('review.return_reinvestigation', onReturnDecided);
onApprovalDecided('review.report', onReviewReportDecided);
// 查审分离 keeps reviewers off the case team: the review team reads the case file read-only.
registerCaseFileReader(reviewsCaseWhere);

/** The review module as the platform sees it: its routes, scoped tables and workbench cards. */
export const reviewModule: ModuleDefinition = {
  name: 'review',
  routes: [reviewRoutes],
  scopedTables: ['reviews'],
  workbench: reviewWorkbench,
};
