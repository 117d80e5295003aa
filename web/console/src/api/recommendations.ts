/**
 * Recommendations (监察建议书 / 纪律检查建议书, `/api/recommendations`): the list, a draft and its
 * edits, submission for approval (the approved chain issues it: numbered, reply clock started), the recipient's reply (each measure a
 * rectification item) or refusal, the issuer's ruling on a refusal, and the documents.
 */
import { apiGet, apiPatch, apiPath, apiPost, buildUrl } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/recommendation.codes.js';

/** A recommendation with its reply's rectification items. */
export type Recommendation = ResponseOf<'/api/recommendations/{id}', 'get'>;
/** The list's filters. */
export type RecommendationQuery = QueryOf<'/api/recommendations', 'get'>;
/** A new draft. */
export type RecommendationDraft = BodyOf<'/api/recommendations', 'post'>;

/** Recommendations issued by or addressed to units in scope. */
export function listRecommendations(
  query: RecommendationQuery,
  signal?: AbortSignal,
): Promise<ResponseOf<'/api/recommendations', 'get'>> {
  return apiGet('/api/recommendations', query, signal);
}

/** Where the Excel export of exactly the filtered recommendations is downloaded (the list's filters, no page). */
export function recommendationsExportUrl(filters: RecommendationQuery): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  return buildUrl('/api/recommendations/export.xlsx', rest);
}

/** Drafts a recommendation. */
export function createRecommendation(body: RecommendationDraft): Promise<{ id: string }> {
  return apiPost('/api/recommendations', body);
}

/** One recommendation. */
export function getRecommendation(id: string): Promise<Recommendation> {
  return apiGet(apiPath('/api/recommendations/{id}', { id }));
}

/** Edits a draft. */
export function updateRecommendation(
  id: string,
  body: BodyOf<'/api/recommendations/{id}', 'patch'>,
): Promise<Recommendation> {
  return apiPatch(apiPath('/api/recommendations/{id}', { id }), body);
}

/** Submits a complete draft for approval (送审); the approved chain issues it (numbered, reply clock). */
export function submitRecommendation(id: string, version: number): Promise<Recommendation> {
  return apiPost(apiPath('/api/recommendations/{id}/submission', { id }), { version });
}

/** Records the recipient's reply: each measure becomes a rectification item. */
export function replyToRecommendation(
  id: string,
  body: BodyOf<'/api/recommendations/{id}/reply', 'post'>,
): Promise<Recommendation> {
  return apiPost(apiPath('/api/recommendations/{id}/reply', { id }), body);
}

/** Records the recipient's refusal (with or without a reason). */
export function refuseRecommendation(
  id: string,
  body: BodyOf<'/api/recommendations/{id}/refusal', 'post'>,
): Promise<Recommendation> {
  return apiPost(apiPath('/api/recommendations/{id}/refusal', { id }), body);
}

/** Records the issuer's ruling on a refusal's reason. */
export function ruleOnRefusal(
  id: string,
  body: BodyOf<'/api/recommendations/{id}/refusal-ruling', 'post'>,
): Promise<Recommendation> {
  return apiPost(apiPath('/api/recommendations/{id}/refusal-ruling', { id }), body);
}

/** Download link of the recommendation's document. */
export function recommendationDocumentUrl(id: string, format: 'pdf' | 'docx'): string {
  return buildUrl(apiPath('/api/recommendations/{id}/documents/{file}', { id, file: `recommendation.${format}` }));
}
