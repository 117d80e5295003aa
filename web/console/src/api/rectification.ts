/**
 * The rectification ledger (整改台账, `rectification.routes.ts`): the ledger with its filters,
 * counts and overdue trend, one item with its actions (start, evidence, submit, accept, reject,
 * 回头看, extensions, escalations) and documents, and a unit's page of open items and escalations.
 */
import { apiGet, apiPath, apiPost, buildUrl, request } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/rectification.codes.js';

/** A page of the ledger. */
export type RectificationPage = ResponseOf<'/api/rectification-items', 'get'>;
/** A line of the ledger. */
export type RectificationLine = RectificationPage['items'][number];
/** The ledger's filters (no paging). */
export type RectificationFilters = Omit<QueryOf<'/api/rectification-items', 'get'>, 'page' | 'pageSize'>;
/** Counts by source, responsible unit and township. */
export type RectificationCounts = ResponseOf<'/api/rectification-items/counts', 'get'>;
/** The overdue trend. */
export type RectificationTrend = ResponseOf<'/api/rectification-items/overdue-trend', 'get'>;
/** An item in full. */
export type RectificationItem = ResponseOf<'/api/rectification-items/{id}', 'get'>;
/** An escalation record of an item. */
export type RectificationEscalationRecord = RectificationItem['escalations'][number];
/** A unit's page. */
export type UnitRectification = ResponseOf<'/api/units/{id}/rectification', 'get'>;
/** Opening an item by hand. */
export type RectificationCreate = BodyOf<'/api/rectification-items', 'post'>;
/** An escalation's content. */
export type EscalationContent = BodyOf<'/api/rectification-items/{id}/escalations', 'post'>['content'];

type PageQuery = RectificationFilters & { page: number; pageSize: number };

/** One page of the ledger. */
export function listRectificationItems(query: PageQuery, signal?: AbortSignal): Promise<RectificationPage> {
  return apiGet<RectificationPage>('/api/rectification-items', { ...query }, signal);
}

/** Counts of the filtered ledger. */
export function rectificationCounts(filters: RectificationFilters, signal?: AbortSignal): Promise<RectificationCounts> {
  return apiGet<RectificationCounts>('/api/rectification-items/counts', { ...filters }, signal);
}

/** The filtered ledger's overdue trend (filters of the moment — status, overdue, rung — are left out). */
export function rectificationTrend(filters: RectificationFilters, signal?: AbortSignal): Promise<RectificationTrend> {
  const { status: _s, overdue: _o, escalation: _e, followUpDue: _f, sort: _sort, ...rest } = filters;
  return apiGet<RectificationTrend>('/api/rectification-items/overdue-trend', { ...rest }, signal);
}

/** Where the Excel export of the filtered ledger is downloaded. */
export function rectificationExportUrl(filters: RectificationFilters): string {
  const { sort: _sort, ...rest } = filters;
  return buildUrl('/api/rectification-items/export.xlsx', { ...rest });
}

/** Opens an item by hand. */
export function createRectificationItem(body: RectificationCreate): Promise<{ id: string }> {
  return apiPost<{ id: string }>('/api/rectification-items', body);
}

/** One item in full. */
export function getRectificationItem(id: string, signal?: AbortSignal): Promise<RectificationItem> {
  return apiGet<RectificationItem>(apiPath('/api/rectification-items/{id}', { id }), undefined, signal);
}

const itemPath = (id: string, tail: string) => `${apiPath('/api/rectification-items/{id}', { id })}/${tail}`;

/** The responsible unit starts work. */
export function startRectification(id: string, version: number): Promise<unknown> {
  return apiPost(itemPath(id, 'start'), { version });
}

/** Adds an evidence file (a photo or PDF). */
export function uploadRectificationFile(id: string, file: File): Promise<unknown> {
  const body = new FormData();
  body.append('file', file, file.name);
  return request('POST', itemPath(id, 'files'), { body });
}

/** Where an evidence file is downloaded. */
export function rectificationFileUrl(id: string, fileId: string): string {
  return apiPath('/api/rectification-items/{id}/files/{fileId}', { id, fileId });
}

/** The responsible unit submits for acceptance. */
export function submitRectification(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/submission', 'post'>,
): Promise<unknown> {
  return apiPost(itemPath(id, 'submission'), body);
}

/** The issuer side accepts (销号). */
export function acceptRectification(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/acceptance', 'post'>,
): Promise<unknown> {
  return apiPost(itemPath(id, 'acceptance'), body);
}

/** The issuer side rejects a submission with its reason. */
export function rejectRectification(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/rejection', 'post'>,
): Promise<unknown> {
  return apiPost(itemPath(id, 'rejection'), body);
}

/** The issuer side records the 回头看. */
export function followUpRectification(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/follow-up', 'post'>,
): Promise<ResponseOf<'/api/rectification-items/{id}/follow-up', 'post'>> {
  return apiPost(itemPath(id, 'follow-up'), body);
}

/** The responsible unit asks for an extension. */
export function requestRectificationExtension(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/extensions', 'post'>,
): Promise<unknown> {
  return apiPost(itemPath(id, 'extensions'), body);
}

/** The issuer side submits a pending extension for approval (呈批) with its opinion. */
export function submitRectificationExtension(
  id: string,
  extensionId: string,
  body: BodyOf<'/api/rectification-items/{id}/extensions/{extensionId}/submission', 'post'>,
): Promise<unknown> {
  return apiPost(
    apiPath('/api/rectification-items/{id}/extensions/{extensionId}/submission', { id, extensionId }),
    body,
  );
}

/** The issuer side refuses a pending extension without submitting it. */
export function refuseRectificationExtension(
  id: string,
  extensionId: string,
  body: BodyOf<'/api/rectification-items/{id}/extensions/{extensionId}/refusal', 'post'>,
): Promise<unknown> {
  return apiPost(apiPath('/api/rectification-items/{id}/extensions/{extensionId}/refusal', { id, extensionId }), body);
}

/** The issuer side records the next escalation rung. */
export function recordRectificationEscalation(
  id: string,
  body: BodyOf<'/api/rectification-items/{id}/escalations', 'post'>,
): Promise<unknown> {
  return apiPost(itemPath(id, 'escalations'), body);
}

/** Where an escalation's document (`admonition_record` or `circular`, PDF or DOCX) is downloaded. */
export function escalationDocumentUrl(id: string, escalationId: string, kind: string, format: 'pdf' | 'docx'): string {
  return apiPath('/api/rectification-items/{id}/escalations/{escalationId}/documents/{file}', {
    id,
    escalationId,
    file: `${kind}.${format}`,
  });
}

/** Where a unit's own record's document (`accountability_record`, PDF or DOCX) is downloaded. */
export function unitEscalationDocumentUrl(id: string, kind: string, format: 'pdf' | 'docx'): string {
  return apiPath('/api/rectification-unit-escalations/{id}/documents/{file}', { id, file: `${kind}.${format}` });
}

/** Where an item's 整改通知书 (`notice`) or 整改验收表 (`acceptance`) is downloaded. */
export function rectificationDocumentUrl(id: string, kind: 'notice' | 'acceptance', format: 'pdf' | 'docx'): string {
  return apiPath('/api/rectification-items/{id}/documents/{file}', { id, file: `${kind}.${format}` });
}

/** A unit's rectification page. */
export function getUnitRectification(id: string, signal?: AbortSignal): Promise<UnitRectification> {
  return apiGet<UnitRectification>(apiPath('/api/units/{id}/rectification', { id }), undefined, signal);
}
