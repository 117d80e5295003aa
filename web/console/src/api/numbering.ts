/** A commission's numbering patterns (`/api/units/{id}/numbering-patterns`). */
import { apiGet, apiPath, apiPut } from './request.js';
import type { BodyOf, NumberingPatterns } from './types.js';

/** A commission's numbering patterns (defaults where none is set). */
export function getNumberingPatterns(unitId: string): Promise<NumberingPatterns> {
  return apiGet(apiPath('/api/units/{id}/numbering-patterns', { id: unitId }));
}

/** Sets the pattern of one series (VALIDATION_FAILED names what is wrong with it). */
export function setNumberingPattern(
  unitId: string,
  series: string,
  body: BodyOf<'/api/units/{id}/numbering-patterns/{series}', 'put'>,
): Promise<NumberingPatterns> {
  return apiPut(apiPath('/api/units/{id}/numbering-patterns/{series}', { id: unitId, series }), body);
}
