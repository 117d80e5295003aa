/**
 * Clue pools (线索池) and assignment to people: the pool list, the people a pooled clue may go
 * to, the conflict check preview and its confirmations, the assignment itself. Types are
 * aliases onto schema.gen.ts.
 */
import { apiGet, apiPath, apiPost, buildUrl } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

/** A pool's clues. */
export type CluePool = ResponseOf<'/api/clue-pools', 'get'>;
/** One pooled clue. */
export type PoolLine = CluePool['items'][number];
/** A person a pooled clue may go to. */
export type PoolCandidate = ResponseOf<'/api/clues/{id}/assignment-candidates', 'get'>[number];
/** A recorded conflict check, per person. */
export type ConflictCheck = ResponseOf<'/api/conflict-checks', 'post'>;
/** An assignment. */
export type AssignBody = BodyOf<'/api/clues/{id}/assignment', 'post'>;
/** Where a registered clue can be sent, with the suggested target. */
export type AssignmentTargets = ResponseOf<'/api/clues/{id}/assignment-targets', 'get'>;
/** Body of an assignment opinion (分办意见). */
export type AssignmentOpinionBody = BodyOf<'/api/clues/{id}/assignment-opinion', 'post'>;

/** The targets 案管 may send clue `id` to (the assignment opinion's choices). */
export function assignmentTargets(id: string): Promise<AssignmentTargets> {
  return apiGet(apiPath('/api/clues/{id}/assignment-targets', { id }));
}

/** Drafts the assignment opinion (分办意见) of a registered clue and sends it up for approval. */
export function draftAssignmentOpinion(
  id: string,
  body: AssignmentOpinionBody,
): Promise<ResponseOf<'/api/clues/{id}/assignment-opinion', 'post'>> {
  return apiPost(apiPath('/api/clues/{id}/assignment-opinion', { id }), body);
}

/** The pool's filters (list and export). */
export type PoolFilters = QueryOf<'/api/clue-pools/export.xlsx', 'get'>;

/** One page of the caller's pools (or one zone's / unit's), filtered. */
export function listPool(query: QueryOf<'/api/clue-pools', 'get'>, signal?: AbortSignal): Promise<CluePool> {
  return apiGet('/api/clue-pools', query, signal);
}

/** Download link of the Excel export of exactly the filtered pool. */
export function poolExportUrl(filters: PoolFilters): string {
  return buildUrl('/api/clue-pools/export.xlsx', filters);
}

/** The people clue `id` may be given to whose name or unit holds `q` (the first ones without). */
export function poolCandidates(id: string, q?: string, signal?: AbortSignal): Promise<PoolCandidate[]> {
  return apiGet(apiPath('/api/clues/{id}/assignment-candidates', { id }), q ? { q } : {}, signal);
}

/** Checks people against the clue's subjects and reporter (recorded; the dialog's preview). */
export function checkConflicts(clueId: string, userIds: string[]): Promise<ConflictCheck> {
  return apiPost('/api/conflict-checks', { resource: 'clue', resourceId: clueId, userIds, role: 'keeper' });
}

/** Confirms a person's warnings in a check, with the reason. */
export function confirmWarning(checkId: string, userId: string, reason: string): Promise<unknown> {
  return apiPost(apiPath('/api/conflict-checks/{id}/confirmations', { id: checkId }), { userId, reason });
}

/** Puts the keeper, handler and members on a pooled clue. */
export function assignPeople(id: string, body: AssignBody): Promise<{ version: number }> {
  return apiPost(apiPath('/api/clues/{id}/assignment', { id }), body);
}
