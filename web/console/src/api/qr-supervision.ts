/**
 * QR supervision (立码监督, `/api/qr-items`, `/api/subsidy-rosters`): the departments' policies,
 * projects and funds with their villages and QR codes, and the subsidy rosters imported per
 * department and year (a refused file lists every bad row).
 */
import { apiGet, apiPath, apiPost, apiPut, buildUrl, request } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/qr-supervision.codes.js';

/** A page of items. */
export type ItemPage = ResponseOf<'/api/qr-items', 'get'>;
/** An item. */
export type QrItem = ResponseOf<'/api/qr-items/{id}', 'get'>;
/** The item list's filters. */
export type ItemQuery = QueryOf<'/api/qr-items', 'get'>;
/** Creating or editing an item. */
export type ItemBody = BodyOf<'/api/qr-items', 'post'>;
/** A page of roster imports. */
export type RosterPage = ResponseOf<'/api/subsidy-rosters', 'get'>;
/** A roster import as listed. */
export type Roster = RosterPage['items'][number];
/** A roster import with its lines. */
export type RosterDetail = ResponseOf<'/api/subsidy-rosters/{id}', 'get'>;
/** The roster list's filters. */
export type RosterQuery = QueryOf<'/api/subsidy-rosters', 'get'>;

/** The items in reach. */
export function listItems(query: ItemQuery, signal?: AbortSignal): Promise<ItemPage> {
  return apiGet('/api/qr-items', query, signal);
}

/** The Excel export of the items the filters select. */
export function itemsExportUrl(query: Omit<ItemQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/api/qr-items/export.xlsx', query);
}

/** Imports items from Excel as drafts (file only). */
export function importItems(file: File): Promise<{ ids: string[] }> {
  const form = new FormData();
  form.append('file', file);
  return request('POST', '/api/qr-items/imports', { body: form });
}

/** One item. */
export function getItem(id: string): Promise<QrItem> {
  return apiGet(apiPath('/api/qr-items/{id}', { id }));
}

/** Creates a draft item. */
export function createItem(body: ItemBody): Promise<{ id: string; status: string }> {
  return apiPost('/api/qr-items', body);
}

/** Edits an item. */
export function updateItem(id: string, body: ItemBody): Promise<{ id: string; status: string }> {
  return apiPut(apiPath('/api/qr-items/{id}', { id }), body);
}

/** Publishes or withdraws an item. */
export function setPublished(id: string, publish: boolean): Promise<{ id: string; status: string }> {
  return apiPost(apiPath(publish ? '/api/qr-items/{id}/publication' : '/api/qr-items/{id}/withdrawal', { id }), {});
}

/** The item's QR code (PNG). */
export function qrCodeUrl(id: string): string {
  return apiPath('/api/qr-items/{id}/qr.png', { id });
}

/** The roster imports in reach. */
export function listRosters(query: RosterQuery, signal?: AbortSignal): Promise<RosterPage> {
  return apiGet('/api/subsidy-rosters', query, signal);
}

/** The Excel export of the roster imports. */
export function rostersExportUrl(query: Omit<RosterQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/api/subsidy-rosters/export.xlsx', query);
}

/** One roster import with its lines (masked). */
export function getRoster(id: string): Promise<RosterDetail> {
  return apiGet(apiPath('/api/subsidy-rosters/{id}', { id }));
}

/** Imports a roster (fields first, then the file). */
export function importRoster(fields: Record<string, string>, file: File): Promise<{ id: string; lineCount: number }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== '') form.append(k, v);
  form.append('file', file);
  return request('POST', '/api/subsidy-rosters/imports', { body: form });
}

/** The Excel export of a roster's lines, masked as on the page. */
export function rosterLinesExportUrl(id: string): string {
  return apiPath('/api/subsidy-rosters/{id}/lines.xlsx', { id });
}
