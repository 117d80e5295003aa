/**
 * The quality review (案件质量评查, `quality.routes.ts`): reviews with their cases, automatic
 * findings and results, and the problem lists (问题清单) addressed to the handling units.
 */
import { apiGet, apiPath } from './request.js';
import type { QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/quality.codes.js';

/** A page of the review list. */
export type QualityReviewPage = ResponseOf<'/api/quality-reviews', 'get'>;
/** A line of the review list. */
export type QualityReviewLine = QualityReviewPage['items'][number];
/** A review with its panel, cases and results. */
export type QualityReview = ResponseOf<'/api/quality-reviews/{id}', 'get'>;
/** A case under review. */
export type QualityReviewCase = QualityReview['cases'][number];
/** One item's result on a case. */
export type QualityItemResult = QualityReviewCase['results'][number];
/** A page of the problem ledger. */
export type QualityProblemPage = ResponseOf<'/api/quality-problems', 'get'>;
/** A problem of a problem list. */
export type QualityProblem = QualityProblemPage['items'][number];
/** Filters of the problem ledger. */
export type QualityProblemFilters = QueryOf<'/api/quality-problems', 'get'>;

/** The reviews the reader may see, newest first. */
export function listQualityReviews(signal?: AbortSignal): Promise<QualityReviewPage> {
  return apiGet<QualityReviewPage>('/api/quality-reviews', { page: 1, pageSize: 200 }, signal);
}

/** One review. */
export function getQualityReview(id: string, signal?: AbortSignal): Promise<QualityReview> {
  return apiGet<QualityReview>(apiPath('/api/quality-reviews/{id}', { id }), undefined, signal);
}

/** The problems the reader may see (addressed to units in scope, or of their reviews). */
export function listQualityProblems(filters: QualityProblemFilters, signal?: AbortSignal): Promise<QualityProblemPage> {
  return apiGet<QualityProblemPage>('/api/quality-problems', { ...filters }, signal);
}

/** Where a reviewed case's problem list is downloaded (`pdf` or `docx`). */
export function problemListUrl(reviewId: string, caseId: string, format: 'pdf' | 'docx'): string {
  return apiPath('/api/quality-reviews/{id}/cases/{caseId}/documents/{file}', {
    id: reviewId,
    caseId,
    file: `problem_list.${format}`,
  });
}
