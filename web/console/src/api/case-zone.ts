/**
 * Handling-mode changes and the zone's rules on a case (`cases.zone.routes.ts`): mode changes by
 * approval, 一案一授权 with its 授权书, 一案一汇报, 一案一剖析 with its 以案促改 recommendations,
 * 挂牌督办's schedule and reports, and the documents of this part (授权书, 指定管辖决定书).
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';
import type { ZoneDocument } from './cases.js';

/** One handling-mode change of a case. */
export type ModeChange = ResponseOf<'/api/cases/{id}/mode-changes', 'get'>['items'][number];
/** Body of a mode change request. */
export type ModeChangeBody = BodyOf<'/api/cases/{id}/mode-changes', 'post'>;
/** A case's authorisations (一案一授权). */
export type AuthorizationView = ResponseOf<'/api/cases/{id}/authorization', 'get'>;
/** A case's briefings (一案一汇报). */
export type Briefing = ResponseOf<'/api/cases/{id}/briefings', 'get'>['items'][number];
/** Body of a briefing. */
export type BriefingBody = BodyOf<'/api/cases/{id}/briefings', 'post'>;
/** The closing analysis and its recommendations (一案一剖析). */
export type AnalysisView = ResponseOf<'/api/cases/{id}/analysis', 'get'>;
/** Body of the closing analysis. */
export type AnalysisBody = BodyOf<'/api/cases/{id}/analysis', 'put'>;
/** Body of a new 以案促改 recommendation. */
export type RecommendationBody = BodyOf<'/api/cases/{id}/recommendations', 'post'>;
/** One page of the recommendations across cases. */
export type RecommendationPage = ResponseOf<'/api/cases/recommendations', 'get'>;
/** A recommendation of the list across cases. */
export type RecommendationLine = RecommendationPage['items'][number];
/** Filters of the recommendations list. */
export type RecommendationFilters = Omit<QueryOf<'/api/cases/recommendations', 'get'>, 'page' | 'pageSize'>;
/** Body of a recommendation's status change. */
export type RecommendationStatusBody = BodyOf<'/api/cases/{id}/recommendations/{recId}', 'put'>;
/** A flagged case's supervision (挂牌督办). */
export type FlagView = ResponseOf<'/api/cases/{id}/flag', 'get'>;
/** Body of a 挂牌督办 report schedule. */
export type FlagScheduleBody = BodyOf<'/api/cases/{id}/flag-schedule', 'put'>;
/** Body of a 挂牌督办 report. */
export type FlagReportBody = BodyOf<'/api/cases/{id}/flag-reports', 'post'>;

/** A case's mode changes, newest first. */
export async function listModeChanges(id: string): Promise<ModeChange[]> {
  return (await apiGet<{ items: ModeChange[] }>(apiPath('/api/cases/{id}/mode-changes', { id }))).items;
}

/** Asks to change the handling mode: starts the approval `case.mode_change`. */
export function requestModeChange(
  id: string,
  body: ModeChangeBody,
): Promise<ResponseOf<'/api/cases/{id}/mode-changes', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/mode-changes', { id }), body);
}

/** The case's authorisations. */
export function getAuthorization(id: string): Promise<AuthorizationView> {
  return apiGet(apiPath('/api/cases/{id}/authorization', { id }));
}

/** The zone's commander authorises the case and its team. */
export function authorizeCase(
  id: string,
  body: BodyOf<'/api/cases/{id}/authorization', 'post'>,
): Promise<{ id: string; version: number }> {
  return apiPost(apiPath('/api/cases/{id}/authorization', { id }), body);
}

/** The case's briefings, oldest first. */
export async function listBriefings(id: string): Promise<Briefing[]> {
  return (await apiGet<{ items: Briefing[] }>(apiPath('/api/cases/{id}/briefings', { id }))).items;
}

/** Records a briefing to the commander. */
export function recordBriefing(id: string, body: BriefingBody): Promise<{ id: string }> {
  return apiPost(apiPath('/api/cases/{id}/briefings', { id }), body);
}

/** The closing analysis and its recommendations. */
export function getAnalysis(id: string): Promise<AnalysisView> {
  return apiGet(apiPath('/api/cases/{id}/analysis', { id }));
}

/** Writes or revises the closing analysis (version 0 for the first). */
export function saveAnalysis(id: string, body: AnalysisBody): Promise<{ version: number }> {
  return apiPut(apiPath('/api/cases/{id}/analysis', { id }), body);
}

/** Adds a 以案促改 recommendation. */
export function addRecommendation(id: string, body: RecommendationBody): Promise<{ id: string }> {
  return apiPost(apiPath('/api/cases/{id}/recommendations', { id }), body);
}

/** One page of the recommendations of the cases the reader sees in full. */
export function listRecommendations(
  query: QueryOf<'/api/cases/recommendations', 'get'>,
  signal?: AbortSignal,
): Promise<RecommendationPage> {
  return apiGet('/api/cases/recommendations', query, signal);
}

/** Marks a recommendation done (with a note) or open again. */
export function updateRecommendation(
  id: string,
  recId: string,
  body: RecommendationStatusBody,
): Promise<{ version: number }> {
  return apiPut(apiPath('/api/cases/{id}/recommendations/{recId}', { id, recId }), body);
}

/** A flagged case's supervision. */
export function getFlag(id: string): Promise<FlagView> {
  return apiGet(apiPath('/api/cases/{id}/flag', { id }));
}

/** Sets the report schedule of a flagged case. */
export function setFlagSchedule(id: string, body: FlagScheduleBody): Promise<{ version: number }> {
  return apiPut(apiPath('/api/cases/{id}/flag-schedule', { id }), body);
}

/** Logs a report to the supervising organ. */
export function logFlagReport(id: string, body: FlagReportBody): Promise<{ id: string; nextDueOn: string }> {
  return apiPost(apiPath('/api/cases/{id}/flag-reports', { id }), body);
}

/** Download link of a document of this part (授权书, 指定管辖决定书) as PDF or DOCX. */
export function zoneDocumentUrl(id: string, kind: ZoneDocument, format: 'pdf' | 'docx'): string {
  return apiPath('/api/cases/{id}/zone-documents/{file}', { id, file: `${kind}.${format}` });
}
