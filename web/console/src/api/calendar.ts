/** The working-day calendar and the deadline calculator (`/api/calendar`). */
import { apiGet, apiPath, apiPut } from './request.js';
import type { BodyOf, CalendarYear, CalendarYearSummary, DeadlineResult, QueryOf, ResponseOf } from './types.js';

/** The years the calendar covers. */
export async function listCalendarYears(): Promise<CalendarYearSummary[]> {
  return (await apiGet<ResponseOf<'/api/calendar/years', 'get'>>('/api/calendar/years')).items;
}

/** One year with its special days. */
export function getCalendarYear(year: number): Promise<CalendarYear> {
  return apiGet(apiPath('/api/calendar/years/{year}', { year }));
}

/** Replaces the special days of a year. */
export function saveCalendarYear(
  year: number,
  body: BodyOf<'/api/calendar/years/{year}', 'put'>,
): Promise<CalendarYear> {
  return apiPut(apiPath('/api/calendar/years/{year}', { year }), body);
}

/** Computes a due date from a start date and a time limit. */
export function computeDeadline(query: QueryOf<'/api/calendar/deadline', 'get'>): Promise<DeadlineResult> {
  return apiGet('/api/calendar/deadline', query);
}
