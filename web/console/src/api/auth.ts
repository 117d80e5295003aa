/** Sign-in, the caller's own account and sessions (`/api/auth/*`). */
import { apiDelete, apiGet, apiPath, apiPost } from './request.js';
import type { BodyOf, ResponseOf, SessionItem, SessionPayload, TotpSecret } from './types.js';

/** Body of a sign-in. */
export type LoginBody = BodyOf<'/api/auth/login', 'post'>;

/** Signs in; answers the session (or throws TOTP_REQUIRED, INVALID_CREDENTIALS, ACCOUNT_LOCKED…). */
export function login(body: LoginBody): Promise<SessionPayload> {
  return apiPost('/api/auth/login', body);
}

/** Signs out of this session. */
export function logout(): Promise<ResponseOf<'/api/auth/logout', 'post'>> {
  return apiPost('/api/auth/logout');
}

/** The signed-in user, their abilities and the CSRF token; 401 when signed out. */
export function fetchMe(): Promise<SessionPayload> {
  return apiGet('/api/auth/me');
}

/** Changes the caller's own password; answers the refreshed session. */
export function changePassword(body: BodyOf<'/api/auth/password', 'post'>): Promise<SessionPayload> {
  return apiPost('/api/auth/password', body);
}

/** Starts TOTP enrolment: a new pending secret. */
export function setupTotp(): Promise<TotpSecret> {
  return apiPost('/api/auth/totp/setup');
}

/** Activates the pending TOTP secret with a first code; answers the refreshed session. */
export function activateTotp(code: string): Promise<SessionPayload> {
  return apiPost('/api/auth/totp/activation', { code } satisfies BodyOf<'/api/auth/totp/activation', 'post'>);
}

/** The caller's sessions. */
export async function listSessions(): Promise<SessionItem[]> {
  return (await apiGet<ResponseOf<'/api/auth/sessions', 'get'>>('/api/auth/sessions')).items;
}

/** Ends one of the caller's sessions. */
export function deleteSession(id: string): Promise<ResponseOf<'/api/auth/sessions/{id}', 'delete'>> {
  return apiDelete(apiPath('/api/auth/sessions/{id}', { id }));
}
