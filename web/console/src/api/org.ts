/** The organisation: regions (行政区划), units (单位), import and export (`/api/regions`, `/api/units`, `/api/organisation`). */
import { fetchAll } from '../lib/fetch-all.js';
import { apiGet, apiPatch, apiPath, apiPost, apiPut, buildUrl, request } from './request.js';
import type { BodyOf, ImportResult, Page, QueryOf, Region, Unit } from './types.js';

/** Filters of the region list. */
export type RegionQuery = QueryOf<'/api/regions', 'get'>;
/** Filters of the unit list. */
export type UnitQuery = QueryOf<'/api/units', 'get'>;

/** One page of regions (the top level, or the children of `parentCode`). */
export function listRegions(query: RegionQuery, signal?: AbortSignal): Promise<Page<Region>> {
  return apiGet('/api/regions', query, signal);
}

/** Every region of one level of the tree (the top level, or the children of `parentCode`). */
export function listAllRegions(query: Omit<RegionQuery, 'page' | 'pageSize'>): Promise<Region[]> {
  return fetchAll(listRegions, query);
}

/** Adds a region under a parent. */
export function createRegion(body: BodyOf<'/api/regions', 'post'>): Promise<Region> {
  return apiPost('/api/regions', body);
}

/** Renames a region. */
export function updateRegion(code: string, body: BodyOf<'/api/regions/{code}', 'patch'>): Promise<Region> {
  return apiPatch(apiPath('/api/regions/{code}', { code }), body);
}

/** One page of units in the caller's scope. */
export function listUnits(query: UnitQuery, signal?: AbortSignal): Promise<Page<Unit>> {
  return apiGet('/api/units', query, signal);
}

/** Every unit matching the query, up to `maxPages` pages of 200. */
export function listAllUnits(query: Omit<UnitQuery, 'page' | 'pageSize'>, maxPages?: number): Promise<Unit[]> {
  return fetchAll(listUnits, query, maxPages);
}

/** One unit. */
export function getUnit(id: string): Promise<Unit> {
  return apiGet(apiPath('/api/units/{id}', { id }));
}

/** Creates a unit. */
export function createUnit(body: BodyOf<'/api/units', 'post'>): Promise<Unit> {
  return apiPost('/api/units', body);
}

/** The changes to a unit, with the version they are based on. */
export type UnitPatch = BodyOf<'/api/units/{id}', 'patch'>;

/** Changes a unit (optimistic locking by `version`). */
export function updateUnit(id: string, body: UnitPatch): Promise<Unit> {
  return apiPatch(apiPath('/api/units/{id}', { id }), body);
}

/** The dispatched group (派驻纪检监察组) supervising a department: `group` null when none is linked. */
export interface DepartmentGroup {
  group: { id: string; name: string; active: boolean } | null;
}

/** The dispatched group supervising department `id`. */
export function getDepartmentGroup(id: string): Promise<DepartmentGroup> {
  return apiGet(apiPath('/api/units/{id}/dispatched-group', { id }));
}

/** Links department `id` to a dispatched group, or clears the link (`null`); DEPARTMENT_GROUP_INVALID otherwise. */
export function setDepartmentGroup(id: string, groupUnitId: string | null): Promise<DepartmentGroup> {
  return apiPut(apiPath('/api/units/{id}/dispatched-group', { id }), { groupUnitId });
}

/** Uploads an organisation workbook (multipart field `file`); throws IMPORT_REJECTED with the bad rows. */
export function importOrganisation(file: File, dryRun: boolean): Promise<ImportResult> {
  const body = new FormData();
  body.append('file', file, file.name);
  return request('POST', '/api/organisation/import', { body, query: { dryRun: dryRun ? 'true' : undefined } });
}

/** Download link of the organisation workbook. */
export const ORGANISATION_EXPORT_URL = '/api/organisation/export.xlsx';

/** Download link of the QR posters (one A4 page per village) of a county or township. */
export function qrPostersUrl(code: string): string {
  return apiPath('/api/regions/{code}/qr-posters.pdf', { code });
}

/** Link to the reporting guide (检举控告明白卡) of a region's commission. */
export function reportingGuideUrl(regionCode: string | null): string {
  return buildUrl(apiPath('/api/public/documents/{file}', { file: 'reporting_guide.pdf' }), { regionCode });
}
