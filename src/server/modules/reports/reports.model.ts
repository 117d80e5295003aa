import type { ReportRow } from '../../db/types.js';

/** Intake channels (glossary: intake channels). */
export const REPORT_CHANNELS = ['qr', 'online', 'visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** An intake channel. */
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** Channels a staff member registers in the console (the others come through the public pages). */
export const STAFF_CHANNELS = ['visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** A staff intake channel. */
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** Kinds of report: an accusation against a person (检举控告) or a general petition (信访). */
export const REPORT_KINDS = ['accusation', 'petition'] as const;
/** A kind of report. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Report statuses. `received` waits for acceptance; `accepted` waits for a disposition;
 * `in_handling` has become a clue; the rest are closed.
 */
export const REPORT_STATUSES = [
  'received',
  'accepted',
  'in_handling',
  'concluded',
  'forwarded',
  'kept_on_file',
  'transferred_up',
] as const;
/** A report status. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Statuses in which a report is closed for this unit. */
export const CLOSED_STATUSES: readonly ReportStatus[] = ['concluded', 'forwarded', 'kept_on_file', 'transferred_up'];

/** Dispositions of an accepted report (JK 第十三条, 第十四条, 第十七条). */
export const DISPOSITIONS = ['clue', 'forward', 'conclude', 'keep_on_file'] as const;
/** A disposition. */
export type Disposition = (typeof DISPOSITIONS)[number];

/** Bodies a report may be transferred from (移送来源). */
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
/** Chinese names of the transferring bodies. */
export const SOURCE_BODY_LABELS: Record<SourceBody, string> = {
  higher_commission: '上级纪委监委',
  inspection_tour: '巡视巡察机构',
  audit: '审计机关',
  public_security: '公安机关',
  petition_bureau: '信访部门',
  organisation_dept: '组织部门',
  people_congress: '人大',
  cppcc: '政协',
  media: '新闻媒体',
  other: '其他单位',
};

/** Subject-matter categories: the six kinds of discipline, state-side violations, petition topics. */
export const REPORT_CATEGORIES = {
  political: '违反政治纪律',
  organisational: '违反组织纪律',
  integrity: '违反廉洁纪律',
  mass: '违反群众纪律',
  work: '违反工作纪律',
  life: '违反生活纪律',
  duty_violation: '职务违法',
  duty_crime: '职务犯罪',
  collective_assets: '村级“三资”管理',
  subsidies: '惠民惠农补贴',
  minimum_living: '低保救助',
  land: '征地拆迁',
  other: '其他',
} as const;
/** A category code. */
export type ReportCategory = keyof typeof REPORT_CATEGORIES;
/** The category codes. */
export const CATEGORY_CODES = Object.keys(REPORT_CATEGORIES) as ReportCategory[];

/** Cadre authority of the person reported, incl. people managed above the county. */
export const SUBJECT_AUTHORITIES = ['village_cadre', 'township_managed', 'county_managed', 'higher', 'other'] as const;
/** A cadre authority as intake records it. */
export type SubjectAuthority = (typeof SUBJECT_AUTHORITIES)[number];

/** Ratings a reporter gives after closing. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
/** A rating. */
export type Rating = (typeof RATINGS)[number];
/** Chinese labels of the ratings. */
export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

/** Who wrote a receipt-page message. */
export const MESSAGE_AUTHORS = ['reporter', 'staff'] as const;
/** A message author. */
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** Steps of a report's history (report_events.event). */
export const REPORT_EVENTS = [
  'received',
  'accepted',
  'forwarded_down',
  'transferred_up',
  'forwarded',
  'clue_registered',
  'concluded',
  'kept_on_file',
  'feedback_given',
  'rated',
  'recheck_requested',
  'recheck_answered',
  'deadline_extended',
  'reporter_added_files',
] as const;
/** A report event. */
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** Days within which a report on the same person and matter counts as a repeat. */
export const REPEAT_WINDOW_DAYS = 90;

/** What identity looks like in staff lists: never the identity itself. */
export const REPORTER_LABEL = { named: '实名（已保护）', anonymous: '匿名' } as const;

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

/** A report as staff see it: the reporter's identity is only ever a label here. */
export interface ReportView {
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
  disposition: Disposition | 'transfer_up' | null;
  dispositionNote: string | null;
  transferredTo: string | null;
  clueId: string | null;
  closedAt: string | null;
  rating: Rating | null;
  recheckRequestedAt: string | null;
  ackDueOn: string | null;
  version: number;
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
    disposition: r.disposition as Disposition | 'transfer_up' | null,
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
