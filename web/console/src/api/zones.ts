/** Collaboration zones (协作区), their memberships and roles (`/api/zones`). */
import { apiGet, apiPatch, apiPath, apiPost } from './request.js';
import type { BodyOf, Page, QueryOf, Zone, ZoneDetail } from './types.js';

/** One page of zones in the caller's scope. */
export function listZones(query: QueryOf<'/api/zones', 'get'>, signal?: AbortSignal): Promise<Page<Zone>> {
  return apiGet('/api/zones', query, signal);
}

/** A zone with its membership and role history. */
export function getZone(id: string): Promise<ZoneDetail> {
  return apiGet(apiPath('/api/zones/{id}', { id }));
}

/** Creates a zone. */
export function createZone(body: BodyOf<'/api/zones', 'post'>): Promise<ZoneDetail> {
  return apiPost('/api/zones', body);
}

/** Changes a zone (its central township, …; optimistic locking by `version`). */
export function updateZone(id: string, body: BodyOf<'/api/zones/{id}', 'patch'>): Promise<ZoneDetail> {
  return apiPatch(apiPath('/api/zones/{id}', { id }), body);
}

/** Adds a township or dispatched group to a zone from a date. */
export function addMembership(id: string, body: BodyOf<'/api/zones/{id}/memberships', 'post'>): Promise<ZoneDetail> {
  return apiPost(apiPath('/api/zones/{id}/memberships', { id }), body);
}

/** Ends a membership on a date. */
export function endMembership(
  id: string,
  membershipId: string,
  body: BodyOf<'/api/zones/{id}/memberships/{membershipId}/end', 'post'>,
): Promise<ZoneDetail> {
  return apiPost(apiPath('/api/zones/{id}/memberships/{membershipId}/end', { id, membershipId }), body);
}

/** Appoints a staff member to a zone role (1+1+N) from a date. */
export function addZoneRole(id: string, body: BodyOf<'/api/zones/{id}/roles', 'post'>): Promise<ZoneDetail> {
  return apiPost(apiPath('/api/zones/{id}/roles', { id }), body);
}

/** Ends a zone role on a date. */
export function endZoneRole(
  id: string,
  roleId: string,
  body: BodyOf<'/api/zones/{id}/roles/{roleId}/end', 'post'>,
): Promise<ZoneDetail> {
  return apiPost(apiPath('/api/zones/{id}/roles/{roleId}/end', { id, roleId }), body);
}
