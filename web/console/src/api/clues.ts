/**
 * The clue ledger (问题线索台账) and clue-review meetings: code lists (the server's own, from
 * src/server/shared/clues.codes.ts), types aliased onto schema.gen.ts, and requests.
 */
import { apiGet, apiPatch, apiPath, apiPost, buildUrl } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/clues.codes.js';

/** One page of the ledger. */
export type CluePage = ResponseOf<'/api/clues', 'get'>;
/** A ledger line. */
export type ClueLine = CluePage['items'][number];
/** Filters of the ledger, its export and its counts. */
export type ClueFilters = Omit<QueryOf<'/api/clues', 'get'>, 'page' | 'pageSize'>;
/** A clue in full. */
export type ClueDetail = ResponseOf<'/api/clues/{id}', 'get'>;
/** Counts by disposal and by month. */
export type ClueStats = ResponseOf<'/api/clues/stats', 'get'>;
/** Body of a hand registration. */
export type RegisterClueBody = BodyOf<'/api/clues', 'post'>;
/** A clue-review meeting. */
export type ClueMeeting = ResponseOf<'/api/clue-meetings/{id}', 'get'>;
/** Body of a meeting record. */
export type ClueMeetingBody = BodyOf<'/api/clue-meetings', 'post'>;

/** One page of the ledger. */
export function listClues(query: QueryOf<'/api/clues', 'get'>, signal?: AbortSignal): Promise<CluePage> {
  return apiGet('/api/clues', query, signal);
}

/** Download link of the Excel export of exactly the filtered clues. */
export function cluesExportUrl(filters: ClueFilters): string {
  return buildUrl('/api/clues/export.xlsx', filters);
}

/** Counts of the filtered ledger. */
export function clueStats(filters: ClueFilters, signal?: AbortSignal): Promise<ClueStats> {
  return apiGet('/api/clues/stats', filters, signal);
}

/** A clue in full (403 NEED_TO_KNOW when not on it). */
export function getClue(id: string): Promise<ClueDetail> {
  return apiGet(apiPath('/api/clues/{id}', { id }));
}

/** Registers a clue by hand (案管). */
export function registerClue(body: RegisterClueBody): Promise<ResponseOf<'/api/clues', 'post'>> {
  return apiPost('/api/clues', body);
}

/** Files a department's own clue (备案). */
export function fileClue(body: RegisterClueBody): Promise<ResponseOf<'/api/clues/filings', 'post'>> {
  return apiPost('/api/clues/filings', body);
}

/** Corrects a clue's ledger fields. */
export function correctClue(id: string, body: BodyOf<'/api/clues/{id}', 'patch'>): Promise<unknown> {
  return apiPatch(apiPath('/api/clues/{id}', { id }), body);
}

/** Records the report of a flagged clue to the higher organ. */
export function recordHigherReport(
  id: string,
  body: BodyOf<'/api/clues/{id}/higher-report', 'post'>,
): Promise<unknown> {
  return apiPost(apiPath('/api/clues/{id}/higher-report', { id }), body);
}

/** Clue-review meetings, newest first. */
export function listClueMeetings(
  query: QueryOf<'/api/clue-meetings', 'get'>,
  signal?: AbortSignal,
): Promise<ResponseOf<'/api/clue-meetings', 'get'>> {
  return apiGet('/api/clue-meetings', query, signal);
}

/** Records a clue-review meeting. */
export function recordClueMeeting(body: ClueMeetingBody): Promise<{ id: string }> {
  return apiPost('/api/clue-meetings', body);
}

/** Accounts that may attend the caller's meetings. */
export async function meetingAttendees(q: string, signal?: AbortSignal) {
  return (
    await apiGet<ResponseOf<'/api/clue-meetings/attendees', 'get'>>('/api/clue-meetings/attendees', { q }, signal)
  ).items;
}
