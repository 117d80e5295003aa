import type { ReportRow } from './reports.tables.js';
import {
  type Rating,
  type RecordedDisposition,
  type ReportCategory,
  type ReportChannel,
  type ReportKind,
  type ReportStatus,
  type ReportView,
  type SourceBody,
  type SubjectAuthority,
  REPORTER_LABEL,
  REPORT_CATEGORIES,
} from '../../shared/reports.codes.js';

// The code lists and their Chinese names are shared with the console: one copy, in shared/.
export * from '../../shared/reports.codes.js';

/**
 * Days within which an earlier report on the same person is offered as a repeat, when the county
 * has not set its own window (a county setting: see reports.repeats.ts).
 */
export const DEFAULT_REPEAT_WINDOW_DAYS = 90;

/** Keyed-hash purposes and sealing contexts used by intake. */
export const MAC_RECEIPT = 'receipt';
/** Keyed-hash purpose of idempotency keys. */
export const MAC_IDEMPOTENCY = 'reports.idempotency';
/** Sealing context of a report's reporter identity. */
export const reporterContext = (id: string): string => `reports.reporter:${id}`;
/** Sealing context of a report's receipt copy (kept for idempotent replays only). */
export const receiptContext = (id: string): string => `reports.receipt:${id}`;
/** Sealing context of an attachment's file name. */
export const attachmentNameContext = (id: string): string => `attachments.name:${id}`;
/** Blob-store context of an attachment's bytes. */
export const attachmentBlobContext = (id: string): string => `attachments.blob:${id}`;

/** A reporter's identity as sealed in `reporter_enc`. */
export interface ReporterIdentity {
  name: string;
  phone: string;
  idNumber?: string | undefined;
  address?: string | undefined;
}

/** The report columns staff may read (never the sealed ones). */
export const VISIBLE = [
  'r.id',
  'r.number',
  'r.channel',
  'r.kind',
  'r.categories',
  'r.anonymous',
  'r.status',
  'r.region_code',
  'r.region_path',
  'r.county_code',
  'r.owner_unit_id',
  'r.owner_unit_path',
  'r.source_body',
  'r.source_ref',
  'r.assigned',
  'r.subject_id',
  'r.subject_authority',
  'r.subject_name',
  'r.subject_position',
  'r.subject_employer',
  'r.content',
  'r.occurred_on',
  'r.place',
  'r.amount_fen',
  'r.received_at',
  'r.received_on',
  'r.in_ledger',
  'r.repeat_of',
  'r.disposition',
  'r.disposition_note',
  'r.transferred_to',
  'r.clue_id',
  'r.closed_at',
  'r.rating',
  'r.recheck_requested_at',
  'r.ack_due_on',
  'r.details',
  'r.version',
] as const;

/** A report row as listed (VISIBLE columns plus joined names). */
export type ListedRow = Pick<
  ReportRow,
  | 'id'
  | 'number'
  | 'channel'
  | 'kind'
  | 'categories'
  | 'anonymous'
  | 'status'
  | 'region_code'
  | 'region_path'
  | 'county_code'
  | 'owner_unit_id'
  | 'owner_unit_path'
  | 'source_body'
  | 'source_ref'
  | 'assigned'
  | 'subject_id'
  | 'subject_authority'
  | 'subject_name'
  | 'subject_position'
  | 'subject_employer'
  | 'content'
  | 'occurred_on'
  | 'place'
  | 'amount_fen'
  | 'received_at'
  | 'received_on'
  | 'in_ledger'
  | 'repeat_of'
  | 'disposition'
  | 'disposition_note'
  | 'transferred_to'
  | 'clue_id'
  | 'closed_at'
  | 'rating'
  | 'recheck_requested_at'
  | 'ack_due_on'
  | 'details'
  | 'version'
> & { region_name: string | null; unit_name: string | null };

/** Parses the stored category list. */
export function parseCategories(json: string): ReportCategory[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v)
      ? (v.filter((c) => typeof c === 'string' && c in REPORT_CATEGORIES) as ReportCategory[])
      : [];
  } catch {
    return [];
  }
}

/** Presents a listed row. */
export function presentReport(r: ListedRow): ReportView {
  return {
    id: r.id,
    number: r.number,
    channel: r.channel as ReportChannel,
    kind: r.kind as ReportKind,
    categories: parseCategories(r.categories),
    anonymous: r.anonymous === 1,
    reporter: r.anonymous === 1 ? REPORTER_LABEL.anonymous : REPORTER_LABEL.named,
    status: r.status as ReportStatus,
    regionCode: r.region_code,
    regionName: r.region_name,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.unit_name,
    sourceBody: r.source_body as SourceBody | null,
    sourceRef: r.source_ref,
    assigned: r.assigned === 1,
    subjectId: r.subject_id,
    subjectAuthority: r.subject_authority as SubjectAuthority | null,
    subjectName: r.subject_name,
    subjectPosition: r.subject_position,
    subjectEmployer: r.subject_employer,
    content: r.content,
    occurredOn: r.occurred_on,
    place: r.place,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    receivedAt: r.received_at,
    receivedOn: r.received_on,
    inLedger: r.in_ledger === 1,
    repeatOf: r.repeat_of,
    disposition: r.disposition as RecordedDisposition | null,
    dispositionNote: r.disposition_note,
    transferredTo: r.transferred_to,
    clueId: r.clue_id,
    closedAt: r.closed_at,
    rating: r.rating as Rating | null,
    recheckRequestedAt: r.recheck_requested_at,
    ackDueOn: r.ack_due_on,
    version: r.version,
  };
}
