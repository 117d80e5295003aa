/**
 * Types and code lists of the intake (信访举报) and of notifications, as the server sends them.
 * The intake's lists come from src/server/shared/reports.codes.ts, which the server uses too; the
 * others mirror deadlines.service.ts and reports.workflow.ts. Labels live in the i18n files under
 * `report.*`, `deadline.*` and `notification.*`.
 */
import type {
  MessageAuthor,
  ReportChannel,
  ReportKind,
  ReportStatus,
  ReportView,
} from '../../../../src/server/shared/reports.codes.js';

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
] as const;
/** A deadline kind. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/** Deadlines that may be extended once. */
export const EXTENDABLE_DEADLINES = ['handle', 'assignment', 'recheck'] as const;

/** Purposes of a staff reply. */
export const REPLY_PURPOSES = ['message', 'feedback', 'recheck_answer'] as const;
/** A reply purpose. */
export type ReplyPurpose = (typeof REPLY_PURPOSES)[number];

/** Documents generated for a report. */
export type ReportDocumentKind =
  | 'visit_record'
  | 'acceptance_notice'
  | 'named_feedback_form'
  | 'forward_slip'
  | 'report_closing_form'
  | 'recheck_forward_letter';

/** A report as listed. */
export type Report = ReportView;

/** A time limit. */
export interface Deadline {
  kind: DeadlineKind;
  label: string;
  startsOn: string;
  dueOn: string;
  extended: boolean;
  metAt: string | null;
  overdue: boolean;
  dueSoon: boolean;
}

/** A step of the history. */
export interface TimelineStep {
  event: string;
  at: string;
  note: string | null;
  public: boolean;
}

/** A receipt-page message. */
export interface ReportMessage {
  author: MessageAuthor;
  body: string;
  createdAt: string;
}

/** An attached file. */
export interface ReportAttachment {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: string;
}

/** A report with its history. */
export interface ReportDetail extends Report {
  details: { visitors?: number; receptionPlace?: string; demands?: string } | null;
  recheckReason: string | null;
  /** The re-check, once asked for: who re-checks, whether it went up off the platform, whether the caller may answer. */
  recheck: { by: string; forwarded: boolean; answered: boolean; canAnswer: boolean } | null;
  messages: ReportMessage[];
  timeline: TimelineStep[];
  deadlines: Deadline[];
  attachments: ReportAttachment[];
  clueNumber: string | null;
  repeats: { id: string; number: string | null; receivedAt: string }[];
}

/** Answer of a registration: the receipt is shown once. */
export interface RegisteredReport {
  id: string;
  number: string;
  receipt: string;
  ownerUnitId: string;
  inLedger: boolean;
  repeatOf: string | null;
  ackDueOn: string | null;
}

/** One group of the ledger counts. */
export interface ReportCount {
  unitId: string;
  unitName: string | null;
  month: string;
  channel: ReportChannel;
  kind: ReportKind;
  status: ReportStatus;
  count: number;
}

/** A worklist entry. */
export interface WorklistItem extends Deadline {
  resourceType: string;
  resourceId: string;
  ownerUnitId: string;
  ownerUnitName: string | null;
  reportNumber: string | null;
  subjectName: string | null;
}

/** A notification. */
export interface AppNotification {
  id: string;
  kind:
    | 'deadline_due_soon'
    | 'deadline_overdue'
    | 'report_transferred_in'
    | 'recheck_requested'
    | 'report_received'
    | 'reporter_message'
    | 'reporter_files';
  title: string;
  body: string;
  resourceType: string | null;
  resourceId: string | null;
  read: boolean;
  createdAt: string;
}

/** A page of notifications with the unread count. */
export interface NotificationPage {
  items: AppNotification[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
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
