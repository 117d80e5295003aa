/**
 * The intake (信访举报): its code lists, types and requests. The lists come from
 * src/server/shared/reports.codes.ts, which the server uses too; deadline kinds and reply purposes
 * mirror deadlines.service.ts and reports.workflow.ts. Types are aliases onto the generated
 * schema.gen.ts. Labels live in the i18n files under `report.*` and `deadline.*`.
 */
import type { ReportView } from '../../../../src/server/shared/reports.codes.js';
import { apiGet, apiPath, apiPost, apiPut, buildUrl, request } from './request.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

// The intake's code lists (and their Chinese names, which zh-CN.ts uses) are the server's own.
export * from '../../../../src/server/shared/reports.codes.js';

/** Deadline kinds. */
export const DEADLINE_KINDS = [
  'ack',
  'accept',
  'transfer_up',
  'register',
  'handle',
  'assignment',
  'feedback',
  'recheck',
  'petition_review',
] as const;
/** A deadline kind. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/** Deadlines that may be extended once. */
export const EXTENDABLE_DEADLINES = ['handle', 'assignment', 'recheck'] as const;
/** A deadline that may be extended. */
export type ExtendableDeadline = (typeof EXTENDABLE_DEADLINES)[number];

/** Purposes of a staff reply. */
export const REPLY_PURPOSES = ['message', 'feedback', 'recheck_answer', 'review_answer'] as const;
/** A reply purpose. */
export type ReplyPurpose = (typeof REPLY_PURPOSES)[number];

/** Documents generated for a report. */
export type ReportDocumentKind =
  | 'visit_record'
  | 'acceptance_notice'
  | 'named_feedback_form'
  | 'forward_slip'
  | 'report_closing_form'
  | 'recheck_forward_letter'
  | 'review_forward_letter';

/** A report as listed (the shared `ReportView`, which the ledger route's schema describes). */
export type Report = ReportView;

/** A report with its history. */
export type ReportDetail = ResponseOf<'/api/reports/{id}', 'get'>;

/** A time limit. */
export type Deadline = ReportDetail['deadlines'][number];

/** A step of the history. */
export type TimelineStep = ReportDetail['timeline'][number];

/** A receipt-page message. */
export type ReportMessage = ReportDetail['messages'][number];

/** An attached file. */
export type ReportAttachment = ReportDetail['attachments'][number];

/** Answer of a registration: the receipt is shown once. */
export type RegisteredReport = ResponseOf<'/api/reports', 'post'>;

/** Body of a registration. */
export type RegisterReportBody = BodyOf<'/api/reports', 'post'>;

/** One group of the ledger counts. */
export type ReportCount = ResponseOf<'/api/reports/counts', 'get'>['items'][number];

/** Filters of the ledger (and of its counts and Excel export). */
export type LedgerFilters = Omit<QueryOf<'/api/reports', 'get'>, 'page' | 'pageSize' | 'after'>;

/** A worklist entry. */
export type WorklistItem = ResponseOf<'/api/deadlines', 'get'>['items'][number];

/** The identity of a named reporter, as a reveal answers it. */
export type ReporterIdentity = ResponseOf<'/api/reports/{id}/identity-reveal', 'post'>;

/** One page of the ledger; `nextCursor` fetches the next page by keyset. */
export type LedgerPage = ResponseOf<'/api/reports', 'get'>;

/** One page of the ledger (`after` continues from a `nextCursor`). */
export function listReports(query: QueryOf<'/api/reports', 'get'>, signal?: AbortSignal): Promise<LedgerPage> {
  return apiGet('/api/reports', query, signal);
}

/** Download link of the Excel export of exactly the reports the filters select. */
export function reportsExportUrl(filters: LedgerFilters & QueryOf<'/api/reports/export.xlsx', 'get'>): string {
  return buildUrl('/api/reports/export.xlsx', filters);
}

/** The ledger counts by unit, month, channel, kind and status for the filters. */
export async function reportCounts(
  filters: QueryOf<'/api/reports/counts', 'get'>,
  signal?: AbortSignal,
): Promise<ReportCount[]> {
  return (await apiGet<ResponseOf<'/api/reports/counts', 'get'>>('/api/reports/counts', filters, signal)).items;
}

/** A report with its history. */
export function getReport(id: string): Promise<ReportDetail> {
  return apiGet(apiPath('/api/reports/{id}', { id }));
}

/** Registers a report taken in by staff (visit, letter, phone…). */
export function registerReport(body: RegisterReportBody): Promise<RegisteredReport> {
  return apiPost('/api/reports', body);
}

/** Opens a named reporter's sealed identity, with the reason (audited). */
export function revealIdentity(id: string, reason: string): Promise<ReporterIdentity> {
  return apiPost(apiPath('/api/reports/{id}/identity-reveal', { id }), {
    reason,
  } satisfies BodyOf<'/api/reports/{id}/identity-reveal', 'post'>);
}

/** Accepts a received report (受理). */
export function acceptReport(id: string, body: BodyOf<'/api/reports/{id}/acceptance', 'post'>): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/acceptance', { id }), body);
}

/** Forwards a report to a lower commission or a competent department (转办). */
export function forwardReport(id: string, body: BodyOf<'/api/reports/{id}/forwarding', 'post'>): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/forwarding', { id }), body);
}

/** Sends a report up to a higher body (报送上级). */
export function transferReportUp(
  id: string,
  body: BodyOf<'/api/reports/{id}/upward-transfer', 'post'>,
): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/upward-transfer', { id }), body);
}

/** Disposes of an accepted report (clue, conclusion, keep on file). */
export function disposeReport(id: string, body: BodyOf<'/api/reports/{id}/disposal', 'post'>): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/disposal', { id }), body);
}

/** Concludes a report in handling with its result. */
export function concludeReport(id: string, body: BodyOf<'/api/reports/{id}/conclusion', 'post'>): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/conclusion', { id }), body);
}

/** Extends a running time limit once, with a reason. */
export function extendDeadline(
  id: string,
  body: BodyOf<'/api/reports/{id}/deadline-extensions', 'post'>,
): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/deadline-extensions', { id }), body);
}

/** Earlier reports offered as repeats of a report, and the decision so far. */
export type RepeatOffer = ResponseOf<'/api/reports/{id}/repeat-candidates', 'get'>;

/** The earlier reports on the same person in the same region within the county's repeat window. */
export function getRepeatOffer(id: string): Promise<RepeatOffer> {
  return apiGet(apiPath('/api/reports/{id}/repeat-candidates', { id }));
}

/** Confirms an offered report as the same matter (`repeatOf`) or rejects the offer (null). */
export function decideRepeat(
  id: string,
  body: BodyOf<'/api/reports/{id}/repeat-decision', 'post'>,
): Promise<RepeatOffer> {
  return apiPost(apiPath('/api/reports/{id}/repeat-decision', { id }), body);
}

/** A county's intake settings (the repeat window). */
export type ReportSettings = ResponseOf<'/api/report-settings/{regionCode}', 'get'>;

/** Reads a county's intake settings. */
export function getReportSettings(regionCode: string): Promise<ReportSettings> {
  return apiGet(apiPath('/api/report-settings/{regionCode}', { regionCode }));
}

/** Sets a county's repeat window in days. */
export function setReportSettings(regionCode: string, repeatWindowDays: number): Promise<ReportSettings> {
  return apiPut(apiPath('/api/report-settings/{regionCode}', { regionCode }), { repeatWindowDays });
}

/** Sends a staff reply (message, feedback or re-check answer) to the receipt page. */
export function replyToReport(id: string, body: BodyOf<'/api/reports/{id}/replies', 'post'>): Promise<unknown> {
  return apiPost(apiPath('/api/reports/{id}/replies', { id }), body);
}

/** Starts or ends a hearing (听证) on a petition review: its clock pauses and resumes. */
export function setReviewHearing(
  id: string,
  body: BodyOf<'/api/reports/{id}/review-hearing', 'post'>,
): Promise<ResponseOf<'/api/reports/{id}/review-hearing', 'post'>> {
  return apiPost(apiPath('/api/reports/{id}/review-hearing', { id }), body);
}

/** Attaches a file to a report (multipart field `file`). */
export function uploadAttachment(id: string, file: File): Promise<ResponseOf<'/api/reports/{id}/attachments', 'post'>> {
  const body = new FormData();
  body.append('file', file, file.name);
  return request('POST', apiPath('/api/reports/{id}/attachments', { id }), { body });
}

/** Download link of an attached file. */
export function attachmentUrl(id: string, attachmentId: string): string {
  return apiPath('/api/reports/{id}/attachments/{attachmentId}', { id, attachmentId });
}

/** Download link of a generated document of a report. */
export function reportDocumentUrl(id: string, kind: ReportDocumentKind, format: 'pdf' | 'docx'): string {
  return apiPath('/api/reports/{id}/documents/{file}', { id, file: `${kind}.${format}` });
}

/** Formats fen as yuan, e.g. 123456 → "1,234.56 元". */
export function formatYuan(fen: number | null | undefined, unit = '元'): string {
  if (fen === null || fen === undefined) return '—';
  const yuan = (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${yuan} ${unit}`;
}

/** Converts a yuan amount (as typed) to whole fen. */
export function yuanToFen(yuan: number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return undefined;
  return Math.round(yuan * 100);
}
