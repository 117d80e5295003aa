/**
 * The case team, investigative actions, evidence and seized property (涉案财物) of a case: types
 * aliased onto schema.gen.ts and the requests of the case page's team, 调查取证, 证据 and 涉案财物
 * tabs. Code lists come from src/server/shared/cases.codes.ts (re-exported by `./cases.js`).
 */
import { apiGet, apiPath, apiPost, apiPut, request } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

/** The people the team picker offers, and who may approve an own-township exception. */
export type TeamCandidates = ResponseOf<'/api/cases/{id}/team/candidates', 'get'>;
/** A person the team picker offers. */
export type TeamCandidate = TeamCandidates['items'][number];
/** A conflict check's outcome per person. */
export type CaseTeamCheck = ResponseOf<'/api/cases/{id}/conflict-checks', 'post'>;
/** The team as proposed. */
export type CaseTeamBody = BodyOf<'/api/cases/{id}/team', 'put'>;
/** An investigative action as read. */
export type CaseAction = ResponseOf<'/api/cases/{id}/actions', 'get'>['items'][number];
/** An investigative action as recorded. */
export type CaseActionBody = BodyOf<'/api/cases/{id}/actions', 'post'>;
/** An evidence item as read. */
export type EvidenceItem = ResponseOf<'/api/cases/{id}/evidence', 'get'>['items'][number];
/** An evidence item as registered. */
export type EvidenceBody = BodyOf<'/api/cases/{id}/evidence', 'post'>;
/** An evidence item as completed or corrected. */
export type EvidenceUpdateBody = BodyOf<'/api/cases/{id}/evidence/{itemId}', 'put'>;
/** A custody handover. */
export type CustodyBody = BodyOf<'/api/cases/{id}/evidence/{itemId}/custody', 'post'>;
/** A stored case file (evidence file or property photo). */
export type CaseFile = ResponseOf<'/api/cases/{id}/evidence/{itemId}/files', 'post'>;
/** A seized item as read. */
export type PropertyItem = ResponseOf<'/api/cases/{id}/property', 'get'>['items'][number];
/** A seized item as registered. */
export type PropertyBody = BodyOf<'/api/cases/{id}/property', 'post'>;
/** A step on a seized item. */
export type PropertyStepBody = BodyOf<'/api/cases/{id}/property/{itemId}/steps', 'post'>;

/** The team picker's people for case `id` (by part of the name). */
export function teamCandidates(id: string, q = ''): Promise<TeamCandidates> {
  return apiGet(apiPath('/api/cases/{id}/team/candidates', { id }), { q });
}

/** Runs and records the conflict check on the people proposed for the team. */
export function checkCaseTeam(id: string, userIds: string[]): Promise<CaseTeamCheck> {
  return apiPost(apiPath('/api/cases/{id}/conflict-checks', { id }), { userIds });
}

/** Forms or changes the team (everyone not listed leaves it). */
export function saveCaseTeam(id: string, body: CaseTeamBody): Promise<{ version: number }> {
  return apiPut(apiPath('/api/cases/{id}/team', { id }), body);
}

/** The case's investigative actions, in order. */
export async function listCaseActions(id: string): Promise<CaseAction[]> {
  return (await apiGet<ResponseOf<'/api/cases/{id}/actions', 'get'>>(apiPath('/api/cases/{id}/actions', { id }))).items;
}

/** Records an investigative action. */
export function recordCaseAction(id: string, body: CaseActionBody): Promise<{ id: string; seq: number }> {
  return apiPost(apiPath('/api/cases/{id}/actions', { id }), body);
}

/** The case's evidence register. */
export async function listEvidence(id: string): Promise<EvidenceItem[]> {
  return (await apiGet<ResponseOf<'/api/cases/{id}/evidence', 'get'>>(apiPath('/api/cases/{id}/evidence', { id })))
    .items;
}

/** Registers an evidence item (incomplete provenance is kept, with its gaps). */
export function registerEvidence(
  id: string,
  body: EvidenceBody,
): Promise<ResponseOf<'/api/cases/{id}/evidence', 'post'>> {
  return apiPost(apiPath('/api/cases/{id}/evidence', { id }), body);
}

/** Completes or corrects an item's provenance (补正). */
export function updateEvidence(
  id: string,
  itemId: string,
  body: EvidenceUpdateBody,
): Promise<ResponseOf<'/api/cases/{id}/evidence/{itemId}', 'put'>> {
  return apiPut(apiPath('/api/cases/{id}/evidence/{itemId}', { id, itemId }), body);
}

/** Records a handover of an item from its current holder. */
export function recordCustody(
  id: string,
  itemId: string,
  body: CustodyBody,
): Promise<{ version: number; seq: number }> {
  return apiPost(apiPath('/api/cases/{id}/evidence/{itemId}/custody', { id, itemId }), body);
}

/** Seals a file of an evidence item; the answer carries its SHA-256. */
export function uploadEvidenceFile(id: string, itemId: string, file: File): Promise<CaseFile> {
  const body = new FormData();
  body.append('file', file);
  return request('POST', apiPath('/api/cases/{id}/evidence/{itemId}/files', { id, itemId }), { body });
}

/** Download link of a case file (audited by the server). */
export function caseFileUrl(id: string, fileId: string): string {
  return apiPath('/api/cases/{id}/files/{fileId}', { id, fileId });
}

/** The case's seized property register. */
export async function listProperty(id: string): Promise<PropertyItem[]> {
  return (await apiGet<ResponseOf<'/api/cases/{id}/property', 'get'>>(apiPath('/api/cases/{id}/property', { id })))
    .items;
}

/** Registers a seized item (its keeping clock opens). */
export function registerProperty(id: string, body: PropertyBody): Promise<{ id: string; seq: number }> {
  return apiPost(apiPath('/api/cases/{id}/property', { id }), body);
}

/** Seals a photo of a seized item. */
export function uploadPropertyPhoto(id: string, itemId: string, file: File): Promise<CaseFile> {
  const body = new FormData();
  body.append('file', file);
  return request('POST', apiPath('/api/cases/{id}/property/{itemId}/photos', { id, itemId }), { body });
}

/** Takes a step on a seized item (deposit, custody, unrelated, release). */
export function propertyStep(
  id: string,
  itemId: string,
  body: PropertyStepBody,
): Promise<{ version: number; status: string }> {
  return apiPost(apiPath('/api/cases/{id}/property/{itemId}/steps', { id, itemId }), body);
}
