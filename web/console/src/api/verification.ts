/**
 * Preliminary verification (初步核实) of a clue: code lists (the server's own, from
 * src/server/shared/verification.codes.ts), types aliased onto schema.gen.ts, and requests.
 */
import type { LetterTo } from './clue-disposal.js';
import { apiGet, apiPath, apiPost, apiPut, buildUrl } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/verification.codes.js';

/** A clue's verification as the panel reads it. */
export type VerificationView = ResponseOf<'/api/clues/{id}/verification', 'get'>;
/** A conflict check's result. */
export type TeamCheck = ResponseOf<'/api/clues/{id}/verification/team-check', 'post'>;
/** Body of a plan submission. */
export type PlanBody = BodyOf<'/api/clues/{id}/verification/plan', 'post'>;
/** Body of a report save. */
export type ReportBody = BodyOf<'/api/clues/{id}/verification/report', 'put'>;

/** The verification of clue `id` (403 NEED_TO_KNOW when not on it). */
export function getVerification(id: string): Promise<VerificationView> {
  return apiGet(apiPath('/api/clues/{id}/verification', { id }));
}

/** People the team picker offers. */
export async function verificationCandidates(id: string, q = '') {
  return (
    await apiGet<ResponseOf<'/api/clues/{id}/verification/candidates', 'get'>>(
      apiPath('/api/clues/{id}/verification/candidates', { id }),
      { q },
    )
  ).items;
}

/** Runs the conflict check on people proposed for the team. */
export function checkTeam(id: string, userIds: string[]): Promise<TeamCheck> {
  return apiPost(apiPath('/api/clues/{id}/verification/team-check', { id }), { userIds });
}

/** Confirms a warned person of a check (the recusal module's route), with the reason. */
export function confirmWarning(checkId: string, userId: string, reason: string): Promise<unknown> {
  return apiPost(apiPath('/api/conflict-checks/{id}/confirmations', { id: checkId }), { userId, reason });
}

/** Submits the plan and team for approval. */
export function submitPlan(
  id: string,
  body: PlanBody,
): Promise<ResponseOf<'/api/clues/{id}/verification/plan', 'post'>> {
  return apiPost(apiPath('/api/clues/{id}/verification/plan', { id }), body);
}

/** Saves the report's text. */
export function saveReport(id: string, body: ReportBody): Promise<unknown> {
  return apiPut(apiPath('/api/clues/{id}/verification/report', { id }), body);
}

/** Signs the current text as oneself. */
export function signReport(id: string, contentHash: string): Promise<unknown> {
  return apiPost(apiPath('/api/clues/{id}/verification/signatures', { id }), { contentHash });
}

/** Submits the fully signed report for approval. */
export function submitReport(id: string, version: number): Promise<unknown> {
  return apiPost(apiPath('/api/clues/{id}/verification/submission', { id }), { version });
}

/** Download link of a verification document. */
export function verificationDocumentUrl(id: string, kind: string, format: 'pdf' | 'docx', to?: LetterTo): string {
  return buildUrl(`/api/clues/${encodeURIComponent(id)}/verification/documents/${kind}.${format}`, to);
}
