/**
 * Types and code lists of the intake (信访举报) and of notifications, as the server sends them
 * (src/server/modules/reports/reports.model.ts, deadlines.service.ts). Labels live in the i18n
 * files under `report.*`, `deadline.*` and `notification.*`.
 */

/** Intake channels. */
export const REPORT_CHANNELS = ['qr', 'online', 'visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** An intake channel. */
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** Channels staff register in the console. */
export const STAFF_CHANNELS = ['visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** A staff channel. */
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** Kinds: accusation (检举控告) or petition (信访). */
export const REPORT_KINDS = ['accusation', 'petition'] as const;
/** A kind. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Statuses. */
export const REPORT_STATUSES = [
  'received',
  'accepted',
  'in_handling',
  'concluded',
  'forwarded',
  'kept_on_file',
  'transferred_up',
] as const;
/** A status. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Subject-matter categories. */
export const REPORT_CATEGORIES = [
  'political',
  'organisational',
  'integrity',
  'mass',
  'work',
  'life',
  'duty_violation',
  'duty_crime',
  'collective_assets',
  'subsidies',
  'minimum_living',
  'land',
  'other',
] as const;
/** A category. */
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Transferring bodies (移送来源). */
export const SOURCE_BODIES = [
  'higher_commission',
  'inspection_tour',
  'audit',
  'public_security',
  'petition_bureau',
  'organisation_dept',
  'people_congress',
  'cppcc',
  'media',
  'other',
] as const;
/** A transferring body. */
export type SourceBody = (typeof SOURCE_BODIES)[number];

/** Cadre authority of the person reported. */
export const SUBJECT_AUTHORITIES = ['village_cadre', 'township_managed', 'county_managed', 'higher', 'other'] as const;
/** A cadre authority. */
export type SubjectAuthority = (typeof SUBJECT_AUTHORITIES)[number];

/** Ratings. */
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** Dispositions. */
export type Disposition = 'clue' | 'forward' | 'conclude' | 'keep_on_file' | 'transfer_up';

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
  'visit_record' | 'acceptance_notice' | 'named_feedback_form' | 'forward_slip' | 'report_closing_form';

/** A report as listed. */
export interface Report {
  id: string;
  number: string | null;
  channel: ReportChannel;
  kind: ReportKind;
  categories: ReportCategory[];
  anonymous: boolean;
  reporter: string;
  status: ReportStatus;
  regionCode: string;
  regionName: string | null;
  ownerUnitId: string;
  ownerUnitName: string | null;
  sourceBody: SourceBody | null;
  sourceRef: string | null;
  assigned: boolean;
  subjectId: string | null;
  subjectAuthority: SubjectAuthority | null;
  subjectName: string;
  subjectPosition: string | null;
  subjectEmployer: string | null;
  content: string;
  occurredOn: string | null;
  place: string | null;
  amountFen: number | null;
  receivedAt: string;
  receivedOn: string;
  inLedger: boolean;
  repeatOf: string | null;
  disposition: Disposition | null;
  dispositionNote: string | null;
  transferredTo: string | null;
  clueId: string | null;
  closedAt: string | null;
  rating: Rating | null;
  recheckRequestedAt: string | null;
  ackDueOn: string | null;
  version: number;
}

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
  author: 'reporter' | 'staff';
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
  kind: 'deadline_due_soon' | 'deadline_overdue' | 'report_transferred_in';
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

/** Closed statuses (办结, forwarded, kept on file, sent up). */
export const CLOSED_STATUSES: readonly ReportStatus[] = ['concluded', 'forwarded', 'kept_on_file', 'transferred_up'];

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
