/**
 * The small-powers list (小微权力清单, `/api/micro-power-items`): the county's items with their
 * steps, versioned, and the villages' recorded uses (`/api/micro-power-uses`) with their steps,
 * problems and the findings made at closing.
 */
import { apiGet, apiPath, apiPost, buildUrl } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/micro-powers.codes.js';

/** A page of the list. */
export type MicroPowerItemPage = ResponseOf<'/api/micro-power-items', 'get'>;
/** An item version. */
export type MicroPowerItem = MicroPowerItemPage['items'][number];
/** An item version with its history. */
export type MicroPowerItemDetail = ResponseOf<'/api/micro-power-items/{id}', 'get'>;
/** The list's filters and page. */
export type MicroPowerItemQuery = QueryOf<'/api/micro-power-items', 'get'>;
/** A new item. */
export type MicroPowerItemBody = BodyOf<'/api/micro-power-items', 'post'>;
/** A revision. */
export type MicroPowerReviseBody = BodyOf<'/api/micro-power-items/{id}/revision', 'post'>;
/** A page of uses. */
export type MicroPowerUsePage = ResponseOf<'/api/micro-power-uses', 'get'>;
/** A use line. */
export type MicroPowerUseLine = MicroPowerUsePage['items'][number];
/** A use with its steps. */
export type MicroPowerUse = ResponseOf<'/api/micro-power-uses/{id}', 'get'>;
/** The uses' filters and page. */
export type MicroPowerUseQuery = QueryOf<'/api/micro-power-uses', 'get'>;
/** A step as recorded. */
export type MicroPowerStepBody = BodyOf<'/api/micro-power-uses/{id}/steps', 'post'>;

/** The current items of the list. */
export function listMicroPowerItems(query: MicroPowerItemQuery, signal?: AbortSignal): Promise<MicroPowerItemPage> {
  return apiGet('/api/micro-power-items', query, signal);
}

/** One item version with its history. */
export function getMicroPowerItem(id: string): Promise<MicroPowerItemDetail> {
  return apiGet(apiPath('/api/micro-power-items/{id}', { id }));
}

/** Adds an item. */
export function createMicroPowerItem(body: MicroPowerItemBody): Promise<{ id: string }> {
  return apiPost('/api/micro-power-items', body);
}

/** Revises an item (writes the next version). */
export function reviseMicroPowerItem(id: string, body: MicroPowerReviseBody): Promise<{ id: string; version: number }> {
  return apiPost(apiPath('/api/micro-power-items/{id}/revision', { id }), body);
}

/** Retires an item. */
export function retireMicroPowerItem(
  id: string,
  body: { version: number; reason: string },
): Promise<MicroPowerItemDetail> {
  return apiPost(apiPath('/api/micro-power-items/{id}/retirement', { id }), body);
}

/** Loads the default skeleton into the account's county. */
export function loadMicroPowerSkeleton(): Promise<{ loaded: number }> {
  return apiPost('/api/micro-power-items/skeleton', {});
}

/** The list's Excel export for the filters. */
export function microPowerItemsExportUrl(filters: Omit<MicroPowerItemQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/api/micro-power-items/export.xlsx', filters);
}

/** The uses in reach. */
export function listMicroPowerUses(query: MicroPowerUseQuery, signal?: AbortSignal): Promise<MicroPowerUsePage> {
  return apiGet('/api/micro-power-uses', query, signal);
}

/** One use. */
export function getMicroPowerUse(id: string): Promise<MicroPowerUse> {
  return apiGet(apiPath('/api/micro-power-uses/{id}', { id }));
}

/** Records a use. */
export function createMicroPowerUse(body: BodyOf<'/api/micro-power-uses', 'post'>): Promise<{ id: string }> {
  return apiPost('/api/micro-power-uses', body);
}

/** Records one step of a use. */
export function recordMicroPowerStep(id: string, body: MicroPowerStepBody): Promise<MicroPowerUse> {
  return apiPost(apiPath('/api/micro-power-uses/{id}/steps', { id }), body);
}

/** Closes a use (its problems become findings). */
export function closeMicroPowerUse(id: string, body: { closedOn: string; version: number }): Promise<MicroPowerUse> {
  return apiPost(apiPath('/api/micro-power-uses/{id}/closure', { id }), body);
}

/** The uses' Excel export for the filters. */
export function microPowerUsesExportUrl(filters: Omit<MicroPowerUseQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/api/micro-power-uses/export.xlsx', filters);
}

/** The villages the account records uses for. */
export function listRecordingVillages(): Promise<ResponseOf<'/api/micro-power-uses/villages', 'get'>> {
  return apiGet('/api/micro-power-uses/villages');
}
