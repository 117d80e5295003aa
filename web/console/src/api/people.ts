/** People: discipline inspection cadres (干部, `/api/staff`) and people under supervision (监督对象, `/api/subjects`). */
import { apiGet, apiPatch, apiPath, apiPost, buildUrl } from './request.js';
import type { BodyOf, Page, QueryOf, Staff, Subject } from './types.js';

/** Filters of the staff list (and its Excel export). */
export type StaffFilters = Omit<QueryOf<'/api/staff', 'get'>, 'page' | 'pageSize'>;
/** Filters of the subject list (and its Excel export). */
export type SubjectFilters = Omit<QueryOf<'/api/subjects', 'get'>, 'page' | 'pageSize'>;

/** One page of staff in the caller's scope. */
export function listStaff(query: QueryOf<'/api/staff', 'get'>, signal?: AbortSignal): Promise<Page<Staff>> {
  return apiGet('/api/staff', query, signal);
}

/** Download link of the Excel export of exactly the staff the filters select. */
export function staffExportUrl(filters: StaffFilters & QueryOf<'/api/staff/export.xlsx', 'get'>): string {
  return buildUrl('/api/staff/export.xlsx', filters);
}

/** Adds a staff member. */
export function createStaff(body: BodyOf<'/api/staff', 'post'>): Promise<Staff> {
  return apiPost('/api/staff', body);
}

/** Changes a staff member (optimistic locking by `version`). */
export function updateStaff(id: string, body: BodyOf<'/api/staff/{id}', 'patch'>): Promise<Staff> {
  return apiPatch(apiPath('/api/staff/{id}', { id }), body);
}

/** One page of subjects in the caller's scope. */
export function listSubjects(query: QueryOf<'/api/subjects', 'get'>, signal?: AbortSignal): Promise<Page<Subject>> {
  return apiGet('/api/subjects', query, signal);
}

/** Download link of the Excel export of exactly the subjects the filters select. */
export function subjectsExportUrl(filters: SubjectFilters & QueryOf<'/api/subjects/export.xlsx', 'get'>): string {
  return buildUrl('/api/subjects/export.xlsx', filters);
}

/** Adds a subject. */
export function createSubject(body: BodyOf<'/api/subjects', 'post'>): Promise<Subject> {
  return apiPost('/api/subjects', body);
}

/** Changes a subject (optimistic locking by `version`). */
export function updateSubject(id: string, body: BodyOf<'/api/subjects/{id}', 'patch'>): Promise<Subject> {
  return apiPatch(apiPath('/api/subjects/{id}', { id }), body);
}
