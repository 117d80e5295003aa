/**
 * Village finance disclosure (阳光村务, `/api/disclosure`): the versions of the villages' accounts
 * in scope, uploading a month as Excel (row errors shown per row), review and signature by the
 * village supervision committee, the publication calendar with the overdue villages.
 */
import { apiGet, apiPath, apiPost, apiPut, buildUrl, request } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/disclosure.codes.js';

/** A page of versions. */
export type BatchPage = ResponseOf<'/api/disclosure/batches', 'get'>;
/** A version as listed. */
export type BatchLine = BatchPage['items'][number];
/** A version with its lines. */
export type Batch = ResponseOf<'/api/disclosure/batches/{id}', 'get'>;
/** The list filters. */
export type BatchQuery = QueryOf<'/api/disclosure/batches', 'get'>;
/** A village on the calendar. */
export type CalendarLine = ResponseOf<'/api/disclosure/calendar', 'get'>['items'][number];
/** What preparing answers. */
export type Prepared = ResponseOf<'/api/disclosure/imports', 'post'>;

/** The versions in scope. */
export function listBatches(query: BatchQuery, signal?: AbortSignal): Promise<BatchPage> {
  return apiGet('/api/disclosure/batches', query, signal);
}

/** The Excel export of the versions the filters select. */
export function batchesExportUrl(query: Omit<BatchQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/api/disclosure/batches/export.xlsx', query);
}

/** One version. */
export function getBatch(id: string): Promise<Batch> {
  return apiGet(apiPath('/api/disclosure/batches/{id}', { id }));
}

/** The Excel export of a version's lines. */
export function linesExportUrl(id: string): string {
  return apiPath('/api/disclosure/batches/{id}/lines.xlsx', { id });
}

/** Uploads a month as Excel (fields first, then the file). */
export function uploadMonth(fields: Record<string, string>, file: File): Promise<Prepared> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== '') form.append(k, v);
  form.append('file', file);
  return request('POST', '/api/disclosure/imports', { body: form });
}

/** Submits a draft for review. */
export function submitBatch(id: string): Promise<unknown> {
  return apiPost(apiPath('/api/disclosure/batches/{id}/submission', { id }), {});
}

/** Signs (publishes) a submitted version. */
export function signBatch(id: string, opinion: string): Promise<unknown> {
  return apiPost(apiPath('/api/disclosure/batches/{id}/signature', { id }), { opinion });
}

/** Returns a submitted version with a reason. */
export function returnBatch(id: string, reason: string): Promise<unknown> {
  return apiPost(apiPath('/api/disclosure/batches/{id}/return', { id }), { reason });
}

/** The publication calendar. */
export function getCalendar(overdueOnly = false): Promise<{ items: CalendarLine[] }> {
  return apiGet('/api/disclosure/calendar', overdueOnly ? { overdueOnly: true } : {});
}

/** The Excel export of the calendar. */
export function calendarExportUrl(overdueOnly = false): string {
  return buildUrl('/api/disclosure/calendar/export.xlsx', overdueOnly ? { overdueOnly: true } : {});
}

/** Sets a village's cycle. */
export function setCycle(regionCode: string, financeCycle: 'monthly' | 'quarterly'): Promise<unknown> {
  return apiPut(apiPath('/api/disclosure/schedules/{regionCode}', { regionCode }), { financeCycle });
}

/** Prepares a version by entry (a major matter with its decision record, or a period's lines). */
export function createBatch(body: BodyOf<'/api/disclosure/batches', 'post'>): Promise<Prepared> {
  return apiPost('/api/disclosure/batches', body);
}
