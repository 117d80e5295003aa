/** 谈话函询 (GZ 第二十六条 to 第三十一条): a clue's rounds, their steps and documents. */
import { apiGet, apiPath, apiPost } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

/** A clue's rounds. */
export type InquiryList = ResponseOf<'/api/clues/{id}/inquiries', 'get'>;
/** One round. */
export type InquiryRound = InquiryList['items'][number];
/** Body of a request. */
export type InquiryRequestBody = BodyOf<'/api/clues/{id}/inquiries', 'post'>;
/** The steps of a round, by path segment. */
export type InquiryStep = 'talk' | 'delegation' | 'explanation' | 'letter-receipt' | 'reply' | 'report';

/** The rounds of clue `id`. */
export function listInquiries(id: string, signal?: AbortSignal): Promise<InquiryList> {
  return apiGet(apiPath('/api/clues/{id}/inquiries', { id }), undefined, signal);
}

/** Requests a round (the officers are checked for recusal). */
export function requestInquiry(id: string, body: InquiryRequestBody): Promise<{ id: string; approvalId: string }> {
  return apiPost(apiPath('/api/clues/{id}/inquiries', { id }), body);
}

/** Records a step of a round. */
export function inquiryStep(
  id: string,
  roundId: string,
  step: InquiryStep,
  body: Record<string, unknown>,
): Promise<InquiryRound> {
  return apiPost(`/api/clues/${encodeURIComponent(id)}/inquiries/${encodeURIComponent(roundId)}/${step}`, body);
}

/** Download link of a round's document. */
export function inquiryDocumentUrl(id: string, roundId: string, file: string): string {
  return `/api/clues/${encodeURIComponent(id)}/inquiries/${encodeURIComponent(roundId)}/documents/${file}`;
}
