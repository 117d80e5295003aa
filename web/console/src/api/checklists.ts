/**
 * Checklist templates (一手册两清单、四张清单, `/api/checklist-templates`): the county's versions and
 * the townships' adaptations; editing a draft (an issued version gives a new draft version) and
 * issuing it. Code lists are the server's own (src/server/shared/inspections.codes.ts).
 */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export { CHECKLIST_KINDS, EVIDENCE_KINDS } from '../../../../src/server/shared/inspections.codes.js';

/** A template version with its items. */
export type ChecklistTemplate = ResponseOf<'/api/checklist-templates/{id}', 'get'>;
/** One line of the list. */
export type ChecklistTemplateLine = ResponseOf<'/api/checklist-templates', 'get'>['items'][number];
/** The list's filters. */
export type ChecklistTemplateFilters = QueryOf<'/api/checklist-templates', 'get'>;
/** One item as sent. */
export type ChecklistItemInput = BodyOf<'/api/checklist-templates/{id}', 'put'>['items'][number];
/** Who adapted which version. */
export type Adaptation = ResponseOf<'/api/checklist-templates/{id}/adaptations', 'get'>['items'][number];

/** The templates the reader may see (own scope's and the county's issued versions). */
export async function listChecklistTemplates(query: ChecklistTemplateFilters = {}): Promise<ChecklistTemplateLine[]> {
  return (await apiGet<{ items: ChecklistTemplateLine[] }>('/api/checklist-templates', query)).items;
}

/** A template version with its items. */
export function getChecklistTemplate(id: string): Promise<ChecklistTemplate> {
  return apiGet(apiPath('/api/checklist-templates/{id}', { id }));
}

/** Changes the items (a draft in place; an issued version gives a new draft version). */
export function updateChecklistTemplate(
  id: string,
  body: BodyOf<'/api/checklist-templates/{id}', 'put'>,
): Promise<ChecklistTemplate> {
  return apiPut(apiPath('/api/checklist-templates/{id}', { id }), body);
}

/** Issues a draft version. */
export function issueChecklistTemplate(id: string, version: number): Promise<ChecklistTemplate> {
  return apiPost(apiPath('/api/checklist-templates/{id}/issue', { id }), { version });
}

/** A township adapts an issued county version: a draft of its own. */
export function adaptChecklistTemplate(id: string): Promise<ChecklistTemplate> {
  return apiPost(apiPath('/api/checklist-templates/{id}/adaptations', { id }));
}

/** Which townships adapted which version of a county lineage. */
export async function listAdaptations(id: string): Promise<Adaptation[]> {
  return (await apiGet<{ items: Adaptation[] }>(apiPath('/api/checklist-templates/{id}/adaptations', { id }))).items;
}
