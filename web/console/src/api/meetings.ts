/**
 * The zones' meetings (会议, `/api/meetings`): the calendar per zone with the clue-review meetings
 * read-only, a meeting by hand, and a meeting's steps (agenda, attendance, minutes, decisions,
 * action items that land in the rectification ledger, closure) and its documents.
 */
import { apiGet, apiPath, apiPost, apiPut, buildUrl } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export * from '../../../../src/server/shared/meetings.codes.js';

/** The calendar's answer: meetings and the clue-review meetings of the same dates. */
export type MeetingPage = ResponseOf<'/api/meetings', 'get'>;
/** A line of the calendar. */
export type MeetingLine = MeetingPage['items'][number];
/** A clue-review meeting shown read-only. */
export type ClueMeetingLine = MeetingPage['clueReviewMeetings'][number];
/** A meeting with its attendees, agenda, minutes, decisions and action items. */
export type Meeting = ResponseOf<'/api/meetings/{id}', 'get'>;
/** An agenda item (proposed or added by hand). */
export type AgendaItem = Meeting['agenda']['proposed'][number];
/** The calendar's filters. */
export type MeetingQuery = QueryOf<'/api/meetings', 'get'>;

/** The meetings in scope for the filters (a zone, a month). */
export function listMeetings(query: MeetingQuery, signal?: AbortSignal): Promise<MeetingPage> {
  return apiGet('/api/meetings', query, signal);
}

/** Schedules a meeting by hand (a 室组地 joint meeting, an ad hoc one). */
export function createMeeting(body: BodyOf<'/api/meetings', 'post'>): Promise<{ id: string }> {
  return apiPost('/api/meetings', body);
}

/** One meeting. */
export function getMeeting(id: string): Promise<Meeting> {
  return apiGet(apiPath('/api/meetings/{id}', { id }));
}

/** Replaces the agenda items added by hand (the chair's accepted and edited items). */
export function setAgenda(id: string, body: BodyOf<'/api/meetings/{id}/agenda', 'put'>): Promise<Meeting> {
  return apiPut(apiPath('/api/meetings/{id}/agenda', { id }), body);
}

/** Records who attended and who was absent (with reasons): the meeting is held. */
export function recordAttendance(id: string, body: BodyOf<'/api/meetings/{id}/attendance', 'put'>): Promise<Meeting> {
  return apiPut(apiPath('/api/meetings/{id}/attendance', { id }), body);
}

/** Records the minutes (纪要). */
export function recordMinutes(id: string, body: BodyOf<'/api/meetings/{id}/minutes', 'put'>): Promise<Meeting> {
  return apiPut(apiPath('/api/meetings/{id}/minutes', { id }), body);
}

/** Replaces the decisions (议定事项). */
export function setDecisions(id: string, body: BodyOf<'/api/meetings/{id}/decisions', 'put'>): Promise<Meeting> {
  return apiPut(apiPath('/api/meetings/{id}/decisions', { id }), body);
}

/** Records action items; each opens a rectification item. */
export function addActions(id: string, body: BodyOf<'/api/meetings/{id}/actions', 'post'>): Promise<Meeting> {
  return apiPost(apiPath('/api/meetings/{id}/actions', { id }), body);
}

/** Moves a scheduled meeting to another working day, time or place (the attendees are invited again). */
export function rescheduleMeeting(id: string, body: BodyOf<'/api/meetings/{id}/schedule', 'put'>): Promise<Meeting> {
  return apiPut(apiPath('/api/meetings/{id}/schedule', { id }), body);
}

/** The calendar's filters without the page: what the Excel export takes. */
export type MeetingFilters = QueryOf<'/api/meetings/export.xlsx', 'get'>;

/** Where the Excel export of exactly the filtered meetings is downloaded. */
export function meetingsExportUrl(filters: MeetingFilters): string {
  return buildUrl('/api/meetings/export.xlsx', filters);
}

/** Cancels a scheduled meeting with the reason. */
export function cancelMeeting(id: string, body: BodyOf<'/api/meetings/{id}/cancellation', 'post'>): Promise<Meeting> {
  return apiPost(apiPath('/api/meetings/{id}/cancellation', { id }), body);
}

/** Closes a meeting whose minutes are recorded. */
export function closeMeeting(id: string, body: BodyOf<'/api/meetings/{id}/closure', 'post'>): Promise<Meeting> {
  return apiPost(apiPath('/api/meetings/{id}/closure', { id }), body);
}

/** Download link of a meeting's minutes or 述职 report draft. */
export function meetingDocumentUrl(
  id: string,
  kind: 'meeting_minutes' | 'annual_report_draft',
  format: 'pdf' | 'docx',
): string {
  return buildUrl(apiPath('/api/meetings/{id}/documents/{file}', { id, file: `${kind}.${format}` }));
}
