/** Roles, the permission catalogue and role assignments, for the security administrator. */
import { apiDelete, apiGet, apiPatch, apiPath, apiPost } from './request.js';
import type { BodyOf, PermissionInfo, QueryOf, ResponseOf, Role, RoleAssignment } from './types.js';

/** The permission catalogue. */
export async function listPermissions(): Promise<PermissionInfo[]> {
  return (await apiGet<{ items: PermissionInfo[] }>('/api/permissions')).items;
}

/** Every role (a short catalogue: the route does not page). */
export async function listRoles(signal?: AbortSignal): Promise<Role[]> {
  return (await apiGet<{ items: Role[] }>('/api/roles', undefined, signal)).items;
}

/** Creates a custom role. */
export function createRole(body: BodyOf<'/api/roles', 'post'>): Promise<Role> {
  return apiPost('/api/roles', body);
}

/** Changes a custom role. */
export function updateRole(id: string, body: BodyOf<'/api/roles/{id}', 'patch'>): Promise<Role> {
  return apiPatch(apiPath('/api/roles/{id}', { id }), body);
}

/** Role assignments, of one account when `userId` is given. */
export async function listAssignments(query: QueryOf<'/api/role-assignments', 'get'>): Promise<RoleAssignment[]> {
  return (await apiGet<ResponseOf<'/api/role-assignments', 'get'>>('/api/role-assignments', query)).items;
}

/** Gives an account a role with a data scope. */
export function assignRole(
  body: BodyOf<'/api/role-assignments', 'post'>,
): Promise<ResponseOf<'/api/role-assignments', 'post'>> {
  return apiPost('/api/role-assignments', body);
}

/** Revokes a role assignment. */
export function revokeAssignment(id: string): Promise<ResponseOf<'/api/role-assignments/{id}', 'delete'>> {
  return apiDelete(apiPath('/api/role-assignments/{id}', { id }));
}
