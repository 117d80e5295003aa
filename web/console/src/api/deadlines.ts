/** The worklist of running time limits (`/api/deadlines`). */
import { apiGet } from './request.js';
import type { WorklistItem } from './reports.js';
import type { QueryOf, ResponseOf } from './types.js';

/** The caller's worklist: running time limits in scope, most urgent first. */
export async function listDeadlines(
  query: QueryOf<'/api/deadlines', 'get'>,
  signal?: AbortSignal,
): Promise<WorklistItem[]> {
  return (await apiGet<ResponseOf<'/api/deadlines', 'get'>>('/api/deadlines', query, signal)).items;
}
