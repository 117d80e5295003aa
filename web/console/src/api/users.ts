/** Accounts, for the system administrator (`/api/users`). */
import { apiGet, apiPatch, apiPath, apiPost } from './request.js';
import type { BodyOf, Page, QueryOf, ResponseOf, UserAccount } from './types.js';

/** One page of accounts. */
export function listUsers(query: QueryOf<'/api/users', 'get'>, signal?: AbortSignal): Promise<Page<UserAccount>> {
  return apiGet('/api/users', query, signal);
}

/** Creates an account with an initial password. */
export function createUser(body: BodyOf<'/api/users', 'post'>): Promise<ResponseOf<'/api/users', 'post'>> {
  return apiPost('/api/users', body);
}

/** Changes an account (name, unit, disabled). */
export function updateUser(
  id: string,
  body: BodyOf<'/api/users/{id}', 'patch'>,
): Promise<ResponseOf<'/api/users/{id}', 'patch'>> {
  return apiPatch(apiPath('/api/users/{id}', { id }), body);
}

/** Sets a new initial password (the user must change it at next sign-in). */
export function resetUserPassword(
  id: string,
  password: string,
): Promise<ResponseOf<'/api/users/{id}/password-reset', 'post'>> {
  return apiPost(apiPath('/api/users/{id}/password-reset', { id }), {
    password,
  } satisfies BodyOf<'/api/users/{id}/password-reset', 'post'>);
}

/** Lifts a sign-in lock, with the reason kept in the audit log. */
export function unlockUser(id: string, reason: string): Promise<ResponseOf<'/api/users/{id}/unlock', 'post'>> {
  return apiPost(apiPath('/api/users/{id}/unlock', { id }), { reason } satisfies BodyOf<
    '/api/users/{id}/unlock',
    'post'
  >);
}

/** Removes an account's second factor (it enrols again at next sign-in where required). */
export function resetUserTotp(id: string): Promise<ResponseOf<'/api/users/{id}/totp-reset', 'post'>> {
  return apiPost(apiPath('/api/users/{id}/totp-reset', { id }));
}

/** Ends every session of an account. */
export function revokeUserSessions(id: string): Promise<ResponseOf<'/api/users/{id}/session-revocation', 'post'>> {
  return apiPost(apiPath('/api/users/{id}/session-revocation', { id }));
}
