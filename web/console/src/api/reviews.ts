/**
 * The review stage (审理): code lists (the server's own, from src/server/shared/review.codes.ts),
 * types aliased onto schema.gen.ts, and the requests of the review ledger and the review page.
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/review.codes.js';

/** One page of the review ledger. */
export type ReviewPage = ResponseOf<'/api/reviews', 'get'>;
/** A ledger line. */
export type ReviewLine = ReviewPage['items'][number];
/** Filters of the ledger. */
export type ReviewFilters = Omit<QueryOf<'/api/reviews', 'get'>, 'page' | 'pageSize'>;
/** A review's page. */
export type ReviewDetail = ResponseOf<'/api/reviews/{id}', 'get'>;
/** The outcome of a conflict check on proposed reviewers. */
export type ReviewCheck = ResponseOf<'/api/reviews/{id}/conflict-checks', 'post'>;
/** Body of the 审理报告. */
export type ReviewReportBody = BodyOf<'/api/reviews/{id}/report', 'put'>;
/** Body of the standing committee's decision. */
export type CommitteeDecisionBody = BodyOf<'/api/reviews/{id}/committee-decision', 'post'>;

/** One page of the ledger. */
export function listReviews(query: QueryOf<'/api/reviews', 'get'>, signal?: AbortSignal): Promise<ReviewPage> {
  return apiGet('/api/reviews', query, signal);
}

/** A review's page (403 NEED_TO_KNOW for a line-only reader). */
export function getReview(id: string): Promise<ReviewDetail> {
  return apiGet(apiPath('/api/reviews/{id}', { id }));
}

/** Accepts, defers or refuses the transferred case, with the reason. */
export function decideAcceptance(
  id: string,
  body: BodyOf<'/api/reviews/{id}/acceptance', 'post'>,
): Promise<ResponseOf<'/api/reviews/{id}/acceptance', 'post'>> {
  return apiPost(apiPath('/api/reviews/{id}/acceptance', { id }), body);
}

/** Runs the conflict check (回避审查) on the people proposed for the team. */
export function checkReviewTeam(id: string, userIds: string[]): Promise<ReviewCheck> {
  return apiPost(apiPath('/api/reviews/{id}/conflict-checks', { id }), { userIds });
}

/** Forms the review team (≥ 2 reviewers, one leader) on a passed conflict check. */
export function saveReviewTeam(
  id: string,
  body: BodyOf<'/api/reviews/{id}/team', 'put'>,
): Promise<{ version: number }> {
  return apiPut(apiPath('/api/reviews/{id}/team', { id }), body);
}

/** Records a review talk (审理谈话). */
export function recordTalk(id: string, body: BodyOf<'/api/reviews/{id}/talks', 'post'>): Promise<{ version: number }> {
  return apiPost(apiPath('/api/reviews/{id}/talks', { id }), body);
}

/** Asks to return the case for supplementary investigation or re-investigation (goes for approval). */
export function requestReturn(
  id: string,
  body: BodyOf<'/api/reviews/{id}/returns', 'post'>,
): Promise<{ version: number; approvalId: string }> {
  return apiPost(apiPath('/api/reviews/{id}/returns', { id }), body);
}

/** Saves the 审理报告 (a changed text voids the signatures given). */
export function saveReviewReport(id: string, body: ReviewReportBody): Promise<{ version: number; hash: string }> {
  return apiPut(apiPath('/api/reviews/{id}/report', { id }), body);
}

/** Signs the report's current text (by its hash). */
export function signReviewReport(id: string, hash: string): Promise<{ version: number; signed: number }> {
  return apiPost(apiPath('/api/reviews/{id}/report/signatures', { id }), { hash });
}

/** Sends the signed report up for approval. */
export function submitReviewReport(id: string, version: number): Promise<{ version: number; approvalId: string }> {
  return apiPost(apiPath('/api/reviews/{id}/report/submission', { id }), { version });
}

/** Records the standing committee's decision, which ends the review and closes the case. */
export function recordCommitteeDecision(id: string, body: CommitteeDecisionBody): Promise<{ version: number }> {
  return apiPost(apiPath('/api/reviews/{id}/committee-decision', { id }), body);
}

/** The download link of the report as PDF or DOCX. */
export function reviewReportUrl(id: string, format: 'pdf' | 'docx'): string {
  return `/api/reviews/${encodeURIComponent(id)}/documents/review_report.${format}`;
}

/** Who may sit on the zone's cross-review panel (the zone's other townships' people). */
export type PanelCandidates = ResponseOf<'/api/reviews/{id}/panel-candidates', 'get'>;
/** Who may approve the running review clock's next extension. */
export type ReviewExtensionApprovers = ResponseOf<'/api/reviews/{id}/extension-approvers', 'get'>;

/** The people the zone leader may put on the cross-review panel. */
export function getPanelCandidates(id: string, signal?: AbortSignal): Promise<PanelCandidates> {
  return apiGet(apiPath('/api/reviews/{id}/panel-candidates', { id }), undefined, signal);
}

/** Convenes (or changes) the zone's cross-review panel (交叉审理) on a passed conflict check. */
export function saveReviewPanel(
  id: string,
  body: BodyOf<'/api/reviews/{id}/panel', 'put'>,
): Promise<ResponseOf<'/api/reviews/{id}/panel', 'put'>> {
  return apiPut(apiPath('/api/reviews/{id}/panel', { id }), body);
}

/** Records the team's or panel's collective deliberation (集体审议). */
export function recordDeliberation(
  id: string,
  body: BodyOf<'/api/reviews/{id}/deliberations', 'post'>,
): Promise<ResponseOf<'/api/reviews/{id}/deliberations', 'post'>> {
  return apiPost(apiPath('/api/reviews/{id}/deliberations', { id }), body);
}

/** The approvers the review clock's extension may name. */
export function getReviewExtensionApprovers(id: string, signal?: AbortSignal): Promise<ReviewExtensionApprovers> {
  return apiGet(apiPath('/api/reviews/{id}/extension-approvers', { id }), undefined, signal);
}

/** Extends the review period (timer 13) with the approver named. */
export function extendReview(
  id: string,
  body: BodyOf<'/api/reviews/{id}/extensions', 'post'>,
): Promise<ResponseOf<'/api/reviews/{id}/extensions', 'post'>> {
  return apiPost(apiPath('/api/reviews/{id}/extensions', { id }), body);
}

/** Asks for early involvement (提前介入) in a case still under investigation (goes for approval). */
export function requestEarlyInvolvement(
  body: BodyOf<'/api/reviews/early-involvements', 'post'>,
): Promise<ResponseOf<'/api/reviews/early-involvements', 'post'>> {
  return apiPost('/api/reviews/early-involvements', body);
}

/** The case team transfers a returned case back to review. */
export function resubmitToReview(
  id: string,
  body: BodyOf<'/api/reviews/{id}/resubmission', 'post'>,
): Promise<ResponseOf<'/api/reviews/{id}/resubmission', 'post'>> {
  return apiPost(apiPath('/api/reviews/{id}/resubmission', { id }), body);
}
