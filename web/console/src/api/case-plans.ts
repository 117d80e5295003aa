/**
 * Plans (审查调查方案, 谈话方案, 外查方案 and their changes), the end of the investigation (facts
 * shown, the collective discussion, the 审查调查报告 with its signatures and submission, the filing
 * with the higher organ) and the list of a case's documents: types aliased onto schema.gen.ts and
 * the requests of the case page's 方案, 审查终结 and 文书 tabs.
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

/** A plan with its versions. */
export type CasePlan = ResponseOf<'/api/cases/{id}/plans', 'get'>['items'][number];
/** The text of a plan. */
export type CasePlanText = CasePlan['text'];
/** Body of a plan submitted for approval. */
export type CasePlanBody = BodyOf<'/api/cases/{id}/plans', 'post'>;
/** Body of a change of an approved plan. */
export type CasePlanChangeBody = BodyOf<'/api/cases/{id}/plans/{planId}/changes', 'post'>;
/** The end of the investigation as read. */
export type CaseConclusion = ResponseOf<'/api/cases/{id}/conclusion', 'get'>;
/** The report as read (null before its first save). */
export type CaseReport = CaseConclusion['report'];
/** Body of the facts shown. */
export type FactsShownBody = BodyOf<'/api/cases/{id}/facts-shown', 'post'>;
/** Body of the collective discussion. */
export type DiscussionBody = BodyOf<'/api/cases/{id}/discussions', 'post'>;
/** Body of the report saved. */
export type ReportBody = BodyOf<'/api/cases/{id}/report', 'put'>;
/** Body of the report submitted. */
export type ReportSubmissionBody = BodyOf<'/api/cases/{id}/report/submission', 'post'>;
/** Who chairs a serious case's 专题会议 (the handling commission's principal leader). */
export type CasePlanMeetingChair = NonNullable<ResponseOf<'/api/cases/{id}/plans', 'get'>['meetingChair']>;
/** An evidence item of the register (its provenance complete or what is missing). */
export type CaseEvidenceItem = ResponseOf<'/api/cases/{id}/evidence', 'get'>['items'][number];
/** One document the case has so far. */
export type CaseDocumentLine = ResponseOf<'/api/cases/{id}/documents', 'get'>['items'][number];

/** The case's plans, newest first, and who chairs a serious case's 专题会议. */
export function listCasePlans(id: string): Promise<ResponseOf<'/api/cases/{id}/plans', 'get'>> {
  return apiGet<ResponseOf<'/api/cases/{id}/plans', 'get'>>(apiPath('/api/cases/{id}/plans', { id }));
}

/** Submits a plan for approval. */
export function submitCasePlan(id: string, body: CasePlanBody): Promise<ResponseOf<'/api/cases/{id}/plans', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/plans', { id }), body);
}

/** Submits a change of an approved plan for approval. */
export function changeCasePlan(
  id: string,
  planId: string,
  body: CasePlanChangeBody,
): Promise<ResponseOf<'/api/cases/{id}/plans/{planId}/changes', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/plans/{planId}/changes', { id, planId }), body);
}

/** The end of the investigation: facts shown, discussions, report, closing. */
export function getConclusion(id: string): Promise<CaseConclusion> {
  return apiGet(apiPath('/api/cases/{id}/conclusion', { id }));
}

/** Records the facts material shown to the person. */
export function recordFactsShown(id: string, body: FactsShownBody): Promise<{ id: string; version: number }> {
  return apiPost(apiPath('/api/cases/{id}/facts-shown', { id }), body);
}

/** Records the team's collective discussion. */
export function recordDiscussion(id: string, body: DiscussionBody): Promise<{ id: string; version: number }> {
  return apiPost(apiPath('/api/cases/{id}/discussions', { id }), body);
}

/** Saves the report (cited evidence checked by the server). */
export function saveReport(id: string, body: ReportBody): Promise<ResponseOf<'/api/cases/{id}/report', 'put'>> {
  return apiPut(apiPath('/api/cases/{id}/report', { id }), body);
}

/** Signs the report's current text (its hash) as oneself. */
export function signReport(id: string, contentHash: string): Promise<{ signedAt: string }> {
  return apiPost(apiPath('/api/cases/{id}/report/signatures', { id }), { contentHash });
}

/** Submits the signed report to the principal leader. */
export function submitReport(
  id: string,
  body: ReportSubmissionBody,
): Promise<ResponseOf<'/api/cases/{id}/report/submission', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/report/submission', { id }), body);
}

/** Records the closed case's filing with the higher organ. */
export function recordHigherFiling(
  id: string,
  body: BodyOf<'/api/cases/{id}/higher-filing', 'post'>,
): Promise<ResponseOf<'/api/cases/{id}/higher-filing', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/higher-filing', { id }), body);
}

/** The case's evidence register (for the report's citation picker). */
export async function listCaseEvidence(id: string): Promise<CaseEvidenceItem[]> {
  return (await apiGet<ResponseOf<'/api/cases/{id}/evidence', 'get'>>(apiPath('/api/cases/{id}/evidence', { id })))
    .items;
}

/** Every document the case has so far, with its PDF and DOCX paths. */
export async function listCaseDocuments(id: string): Promise<CaseDocumentLine[]> {
  return (await apiGet<ResponseOf<'/api/cases/{id}/documents', 'get'>>(apiPath('/api/cases/{id}/documents', { id })))
    .items;
}
