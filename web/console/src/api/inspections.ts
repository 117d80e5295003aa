/**
 * Supervision inspections (监督检查, `/api/inspections`): the list, the plan, its submission for
 * approval, the work (files, checks item by item), the findings' next steps, the report and the
 * documents; and the rectification item a finding became (`/api/rectification-items/{id}`), read
 * for its status. Code lists are the server's own (src/server/shared/inspections.codes.ts).
 */
import { apiGet, apiPath, apiPost, apiPut, request } from './request.js';
import type { BodyOf, Page, QueryOf, ResponseOf } from './types.js';

export {
  CHECK_RESULTS,
  INSPECTION_KINDS,
  INSPECTION_TOPICS,
  NEXT_STEPS,
  TALK_KINDS,
} from '../../../../src/server/shared/inspections.codes.js';
export { PROBLEM_SEVERITIES } from '../../../../src/server/shared/rectification.codes.js';

/** An inspection as its page shows it. */
export type Inspection = ResponseOf<'/api/inspections/{id}', 'get'>;
/** One line of the list. */
export type InspectionLine = ResponseOf<'/api/inspections', 'get'>['items'][number];
/** The list's filters. */
export type InspectionFilters = QueryOf<'/api/inspections', 'get'>;
/** A new plan. */
export type NewInspection = BodyOf<'/api/inspections', 'post'>;
/** One target of a plan as sent. */
export type TargetInput = NewInspection['targets'][number];
/** One checklist of an inspection, its items frozen. */
export type InspectionChecklist = Inspection['checklists'][number];
/** One checklist item. */
export type InspectionItem = InspectionChecklist['items'][number];
/** One recorded check. */
export type InspectionCheck = Inspection['checks'][number];
/** A finding. */
export type Finding = Inspection['findings'][number];
/** A stored photo or document of a check. */
export type CheckFile = ResponseOf<'/api/inspections/{id}/files', 'post'>;
/** Recording one item's result. */
export type CheckInput = BodyOf<'/api/inspections/{id}/checks', 'put'>;
/** Deciding a finding's next step. */
export type DecisionInput = BodyOf<'/api/inspections/{id}/findings/{findingId}/decision', 'post'>;
/** A person the team picker offers. */
export type TeamCandidate = ResponseOf<'/api/inspections/team-candidates', 'get'>['items'][number];
/** A rectification item (its status, owner and deadline), as a finding links to it. */
export type LinkedRectification = ResponseOf<'/api/rectification-items/{id}', 'get'>;

/** One page of the inspections the reader may see. */
export function listInspections(query: InspectionFilters, signal?: AbortSignal): Promise<Page<InspectionLine>> {
  return apiGet('/api/inspections', query, signal);
}

/** An inspection (404 outside the reader's scope and team). */
export function getInspection(id: string): Promise<Inspection> {
  return apiGet(apiPath('/api/inspections/{id}', { id }));
}

/** Makes a plan (the team is conflict-checked: CONFLICT_REFUSED names who and why). */
export function createInspection(body: NewInspection): Promise<{ id: string }> {
  return apiPost('/api/inspections', body);
}

/** People the team picker offers, by part of the name. */
export async function teamCandidates(q: string, signal?: AbortSignal): Promise<TeamCandidate[]> {
  return (await apiGet<{ items: TeamCandidate[] }>('/api/inspections/team-candidates', { q }, signal)).items;
}

/** Submits the plan for approval (inspection.plan). */
export function submitInspection(id: string, version: number): Promise<Inspection> {
  return apiPost(apiPath('/api/inspections/{id}/submission', { id }), { version });
}

/** Starts the work of an approved plan. */
export function startInspection(id: string, version: number): Promise<Inspection> {
  return apiPost(apiPath('/api/inspections/{id}/start', { id }), { version });
}

/** Uploads a photo or PDF for a check (metadata stripped and sealed by the server). */
export function uploadCheckFile(id: string, file: File): Promise<CheckFile> {
  const body = new FormData();
  body.append('file', file);
  return request('POST', apiPath('/api/inspections/{id}/files', { id }), { body });
}

/** Download link of a check file (audited by the server). */
export function checkFileUrl(id: string, fileId: string): string {
  return apiPath('/api/inspections/{id}/files/{fileId}', { id, fileId });
}

/** Records one item's result on one target (INSPECTION_EVIDENCE_MISSING without its evidence). */
export function recordCheck(id: string, body: CheckInput): Promise<Inspection> {
  return apiPut(apiPath('/api/inspections/{id}/checks', { id }), body);
}

/** Decides a finding's next step. */
export function decideFinding(id: string, findingId: string, body: DecisionInput): Promise<Inspection> {
  return apiPost(apiPath('/api/inspections/{id}/findings/{findingId}/decision', { id, findingId }), body);
}

/** Writes the report. */
export function writeReport(id: string, body: BodyOf<'/api/inspections/{id}/report', 'put'>): Promise<Inspection> {
  return apiPut(apiPath('/api/inspections/{id}/report', { id }), body);
}

/** Closes a reported inspection. */
export function closeInspection(id: string, version: number): Promise<Inspection> {
  return apiPost(apiPath('/api/inspections/{id}/closure', { id }), { version });
}

/** Download link of the plan or report as PDF or DOCX. */
export function inspectionDocumentUrl(id: string, name: 'plan' | 'report', ext: 'pdf' | 'docx'): string {
  return apiPath('/api/inspections/{id}/documents/{file}', { id, file: `${name}.${ext}` });
}

/** The rectification item a finding became (for its status). */
export function getLinkedRectification(id: string): Promise<LinkedRectification> {
  return apiGet(apiPath('/api/rectification-items/{id}', { id }));
}
