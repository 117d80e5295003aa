/** The approval chain (呈批, `/api/approvals`) and the posts register (`/api/approval-posts`). */
import { apiGet, apiPath, apiPost, apiPut } from './request.js';
import type { BodyOf, Page, QueryOf, ResponseOf } from './types.js';

/** An approval in a list. */
export type ApprovalSummary = ResponseOf<'/api/approvals', 'get'>['items'][number];
/** An approval with its chain and the caller's abilities. */
export type ApprovalDetail = ResponseOf<'/api/approvals/{id}', 'get'>;
/** One step of a chain. */
export type ApprovalStep = ApprovalDetail['steps'][number];
/** A post and its holder. */
export type ApprovalPostRow = ResponseOf<'/api/approval-posts', 'get'>['items'][number];

/** One page of the caller's approvals (a box: waiting / submitted / decided / all). */
export function listApprovals(
  query: QueryOf<'/api/approvals', 'get'>,
  signal?: AbortSignal,
): Promise<Page<ApprovalSummary>> {
  return apiGet('/api/approvals', query, signal);
}

/** An approval with its chain (404 when the caller may not read it). */
export function getApproval(id: string): Promise<ApprovalDetail> {
  return apiGet(apiPath('/api/approvals/{id}', { id }));
}

/** Approves, returns or rejects the current step (its holder only). */
export function decideApproval(
  id: string,
  body: BodyOf<'/api/approvals/{id}/decision', 'post'>,
): Promise<ApprovalDetail> {
  return apiPost(apiPath('/api/approvals/{id}/decision', { id }), body);
}

/** Records an off-platform signature from the signed paper (the drafter only). */
export function recordOfflineStep(
  id: string,
  body: BodyOf<'/api/approvals/{id}/offline-step', 'post'>,
): Promise<ApprovalDetail> {
  return apiPost(apiPath('/api/approvals/{id}/offline-step', { id }), body);
}

/** Withdraws a pending or returned approval (the drafter only). */
export function withdrawApproval(id: string, version: number): Promise<ApprovalDetail> {
  return apiPost(apiPath('/api/approvals/{id}/withdrawal', { id }), { version });
}

/** The URL of the 呈批表 as PDF or DOCX. */
export function approvalFormUrl(id: string, format: 'pdf' | 'docx'): string {
  return apiPath('/api/approvals/{id}/documents/{file}', { id, file: `approval_form.${format}` });
}

/** The posts register of the units in scope. */
export function listApprovalPosts(): Promise<{ items: ApprovalPostRow[] }> {
  return apiGet('/api/approval-posts');
}

/** Sets or vacates a post. */
export function setApprovalPost(body: BodyOf<'/api/approval-posts', 'put'>): Promise<{ items: ApprovalPostRow[] }> {
  return apiPut('/api/approval-posts', body);
}
