/**
 * A clue's disposal opinion (处置意见), its parking (暂存待查) review and its 了结函: types aliased
 * onto schema.gen.ts, the closing reasons (the server's own list) and requests.
 */
import { apiGet, apiPath, apiPost, apiPut, buildUrl } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

export { CONCLUSION_REASONS } from '../../../../src/server/documents/clue-verification-templates.js';

/** A clue's disposal: opinions with their approvals, parking periods. */
export type ClueDisposalView = ResponseOf<'/api/clues/{id}/disposal', 'get'>;
/** Body of a disposal opinion. */
export type DisposalBody = BodyOf<'/api/clues/{id}/disposal', 'post'>;
/** Body of a parked clue's review. */
export type ShelvedReviewBody = BodyOf<'/api/clues/{id}/shelved-review', 'post'>;

/** A clue's disposal (403 NEED_TO_KNOW when not on it). */
export function getClueDisposal(id: string): Promise<ClueDisposalView> {
  return apiGet(apiPath('/api/clues/{id}/disposal', { id }));
}

/** Proposes the disposal of an assigned clue and puts it up for approval. */
export function proposeDisposal(
  id: string,
  body: DisposalBody,
): Promise<ResponseOf<'/api/clues/{id}/disposal', 'post'>> {
  return apiPost(apiPath('/api/clues/{id}/disposal', { id }), body);
}

/** Reviews a parked clue: park it again or reopen it. */
export function reviewShelved(id: string, body: ShelvedReviewBody): Promise<unknown> {
  return apiPost(apiPath('/api/clues/{id}/shelved-review', { id }), body);
}

/** An addressee a clue offers for its 了结函 (a subject, or the unit a subject works in). */
export type LetterAddressee = ResponseOf<'/api/clues/{id}/letter-addressees', 'get'>[number];

/** The addressees a clue offers for its 了结函. */
export function letterAddressees(id: string): Promise<LetterAddressee[]> {
  return apiGet(apiPath('/api/clues/{id}/letter-addressees', { id }));
}

/** Whom a letter goes to: an addressee picked from the clue (its key) or one typed. */
export type LetterTo = { addressee: string } | { recipient: string };

/** Download link of a concluded clue's 了结函. */
export function conclusionLetterUrl(id: string, format: 'pdf' | 'docx', to: LetterTo): string {
  return buildUrl(apiPath('/api/clues/{id}/conclusion-letter', { id }), { format, ...to });
}

/** A county's parking settings (the review period of parked clues). */
export type ClueSettings = ResponseOf<'/api/clue-settings/{regionCode}', 'get'>;

/** Reads a county's parking settings (setting.manage). */
export function getClueSettings(regionCode: string): Promise<ClueSettings> {
  return apiGet(apiPath('/api/clue-settings/{regionCode}', { regionCode }));
}

/** Sets a county's review period of parked clues (audited). */
export function setClueSettings(regionCode: string, reviewMonths: number): Promise<ClueSettings> {
  return apiPut(apiPath('/api/clue-settings/{regionCode}', { regionCode }), { reviewMonths });
}
