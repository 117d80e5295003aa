/** The conflict register and recusal requests (`/api/declared-relations`, `/api/recusals`). */
import { apiDelete, apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

/** One of my declarations (never the ID number: only whether one was declared). */
export type Declaration = ResponseOf<'/api/declared-relations', 'get'>['items'][number];
/** What a new declaration sends. */
export type NewDeclaration = BodyOf<'/api/declared-relations', 'post'>;
/** A recusal request as lists show it. */
export type Recusal = ResponseOf<'/api/recusals', 'get'>['items'][number];

/** My declarations. */
export async function listMyDeclarations(): Promise<Declaration[]> {
  return (await apiGet<ResponseOf<'/api/declared-relations', 'get'>>('/api/declared-relations')).items;
}

/** Adds a declaration of mine. */
export function createDeclaration(body: NewDeclaration): Promise<Declaration> {
  return apiPost('/api/declared-relations', body);
}

/** Removes one of my declarations. */
export function removeDeclaration(id: string, version: number): Promise<unknown> {
  return apiDelete(`${apiPath('/api/declared-relations/{id}', { id })}?version=${version}`);
}

/** A page of the recusal requests I may see. */
export function listRecusals(query: QueryOf<'/api/recusals', 'get'>): Promise<ResponseOf<'/api/recusals', 'get'>> {
  return apiGet('/api/recusals', query);
}

/** Files a recusal request (one's own, or recorded for a subject or reporter). */
export function createRecusal(body: BodyOf<'/api/recusals', 'post'>): Promise<Recusal> {
  return apiPost('/api/recusals', body);
}

/** Decides a request. */
export function decideRecusal(id: string, body: BodyOf<'/api/recusals/{id}/decision', 'post'>): Promise<Recusal> {
  return apiPost(apiPath('/api/recusals/{id}/decision', { id }), body);
}

/** Withdraws a request still waiting. */
export function withdrawRecusal(id: string, version: number): Promise<Recusal> {
  return apiPost(apiPath('/api/recusals/{id}/withdrawal', { id }), { version });
}

/** A county's workplace window for conflict checks, with its history. */
export type WorkplaceWindow = ResponseOf<'/api/recusal-settings/{regionCode}', 'get'>;

/** Reads a county's workplace window. */
export function getWorkplaceWindow(regionCode: string): Promise<WorkplaceWindow> {
  return apiGet(apiPath('/api/recusal-settings/{regionCode}', { regionCode }));
}

/** Sets a county's workplace window in years. */
export function setWorkplaceWindow(regionCode: string, workplaceYears: number): Promise<WorkplaceWindow> {
  return apiPut(apiPath('/api/recusal-settings/{regionCode}', { regionCode }), { workplaceYears });
}
