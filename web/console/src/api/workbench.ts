/** The caller's workbench (`/api/workbench`): cards from every module, and marking one seen. */
import { apiGet, apiPath, apiPut } from './request.js';
import type { ResponseOf } from './types.js';

/** The workbench answer. */
export type Workbench = ResponseOf<'/api/workbench', 'get'>;

/** One card. */
export type WorkbenchCard = Workbench['cards'][number];

/** The caller's cards. */
export function loadWorkbench(signal?: AbortSignal): Promise<Workbench> {
  return apiGet('/api/workbench', undefined, signal);
}

/** Marks a card seen now (its "new" count starts again from zero). */
export function markCardSeen(card: string): Promise<ResponseOf<'/api/workbench/seen/{card}', 'put'>> {
  return apiPut(apiPath('/api/workbench/seen/{card}', { card }), {});
}
