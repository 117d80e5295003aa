/**
 * The case stage (立案审查调查): code lists (the server's own, from src/server/shared/cases.codes.ts),
 * types aliased onto schema.gen.ts, and the requests of the ledger, the case page, filing and the
 * zone dashboard.
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/cases.codes.js';

/** One page of the case ledger. */
export type CasePage = ResponseOf<'/api/cases', 'get'>;
/** A ledger line. */
export type CaseLine = CasePage['items'][number];
/** Filters of the ledger. */
export type CaseFilters = Omit<QueryOf<'/api/cases', 'get'>, 'page' | 'pageSize'>;
/** A case's page. */
export type CaseDetail = ResponseOf<'/api/cases/{id}', 'get'>;
/** A reason a handling mode may be chosen for. */
export type ModeReason = ResponseOf<'/api/cases/mode-reasons', 'get'>['items'][number];
/** Body of a filing request. */
export type FilingBody = BodyOf<'/api/cases', 'post'>;
/** Body of a revised filing request. */
export type FilingRevisionBody = BodyOf<'/api/cases/{id}/filing', 'put'>;
/** The zone dashboard's counts. */
export type CaseStats = ResponseOf<'/api/cases/stats', 'get'>;

/** One page of the ledger. */
export function listCases(query: QueryOf<'/api/cases', 'get'>, signal?: AbortSignal): Promise<CasePage> {
  return apiGet('/api/cases', query, signal);
}

/** A case's page (403 NEED_TO_KNOW for a line-only reader). */
export function getCase(id: string): Promise<CaseDetail> {
  return apiGet(apiPath('/api/cases/{id}', { id }));
}

/** The county's reasons for choosing a handling mode. */
export async function modeReasons(): Promise<ModeReason[]> {
  return (await apiGet<ResponseOf<'/api/cases/mode-reasons', 'get'>>('/api/cases/mode-reasons')).items;
}

/** Drafts a filing request and sends it up. */
export function requestFiling(body: FilingBody): Promise<ResponseOf<'/api/cases', 'post'>> {
  return apiPost('/api/cases', body);
}

/** Revises a returned filing request and sends it up again. */
export function reviseFiling(id: string, body: FilingRevisionBody): Promise<{ version: number }> {
  return apiPut(apiPath('/api/cases/{id}/filing', { id }), body);
}

/** Records the announcement and notice dates of the filing. */
export function recordFilingNotice(
  id: string,
  body: BodyOf<'/api/cases/{id}/filing-notice', 'post'>,
): Promise<{ version: number }> {
  return apiPost(apiPath('/api/cases/{id}/filing-notice', { id }), body);
}

/** The zone dashboard's counts (the ledger's scope). */
export function caseStats(query: QueryOf<'/api/cases/stats', 'get'>, signal?: AbortSignal): Promise<CaseStats> {
  return apiGet('/api/cases/stats', query, signal);
}
