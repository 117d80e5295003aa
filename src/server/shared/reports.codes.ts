/**
 * Code lists of the intake (信访举报) with their Chinese names, and the report as staff see it:
 * the one copy that the server (validation, presenters, Excel exports) and the staff console
 * (forms, filters, zh-CN strings) both import. Vite bundles this file into the browser, so it
 * stays plain TypeScript: no Node built-ins and no imports from the server.
 */

/** Intake channels (glossary: intake channels). */
export const REPORT_CHANNELS = ['qr', 'online', 'visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** An intake channel. */
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** Chinese names of the intake channels. */
export const CHANNEL_LABELS: Record<ReportChannel, string> = {
  qr: '扫码',
  online: '网络',
  visit: '来访',
  letter: '来信',
  phone: '电话',
  video: '视频',
  informant: '监督员报送',
  transfer: '移送',
};
/** Channels a staff member registers in the console (the others come through the public pages). */
export const STAFF_CHANNELS = ['visit', 'letter', 'phone', 'video', 'informant', 'transfer'] as const;
/** A staff intake channel. */
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** Kinds of report: an accusation against a person (检举控告) or a general petition (信访). */
export const REPORT_KINDS = ['accusation', 'petition'] as const;
/** A kind of report. */
export type ReportKind = (typeof REPORT_KINDS)[number];
/** Chinese names of the kinds. */
export const KIND_LABELS: Record<ReportKind, string> = { accusation: '检举控告', petition: '信访' };

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
/** Chinese names of the statuses. */
export const STATUS_LABELS: Record<ReportStatus, string> = {
  received: '待受理',
  accepted: '已受理',
  in_handling: '办理中',
  concluded: '已办结',
  forwarded: '已转办',
  kept_on_file: '留存备查',
  transferred_up: '已报送上级',
};
/** Statuses in which a report is closed for this unit. */
export const CLOSED_STATUSES: readonly ReportStatus[] = ['concluded', 'forwarded', 'kept_on_file', 'transferred_up'];

/** Dispositions of an accepted report (JK 第十三条, 第十四条, 第十七条). */
export const DISPOSITIONS = ['clue', 'forward', 'conclude', 'keep_on_file'] as const;
/** A disposition. */
export type Disposition = (typeof DISPOSITIONS)[number];
/** A disposition as a report records it: also `transfer_up` when it was sent to a higher body. */
export type RecordedDisposition = Disposition | 'transfer_up';
/** Chinese names of the recorded dispositions. */
export const DISPOSITION_LABELS: Record<RecordedDisposition, string> = {
  clue: '作为问题线索',
  forward: '转办',
  conclude: '了结',
  keep_on_file: '留存备查',
  transfer_up: '报送上级',
};

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

/**
 * Subject-matter categories with their Chinese names: the six kinds of discipline, state-side
 * violations, petition topics.
 */
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
/** The category codes, in display order. */
export const CATEGORY_CODES = Object.keys(REPORT_CATEGORIES) as ReportCategory[];

/** Cadre authority of the person reported, incl. people managed above the county. */
export const SUBJECT_AUTHORITIES = ['village_cadre', 'township_managed', 'county_managed', 'higher', 'other'] as const;
/** A cadre authority as intake records it. */
export type SubjectAuthority = (typeof SUBJECT_AUTHORITIES)[number];
/** Chinese names of the cadre authorities. */
export const SUBJECT_AUTHORITY_LABELS: Record<SubjectAuthority, string> = {
  village_cadre: '村干部',
  township_managed: '乡管干部',
  county_managed: '县管干部',
  higher: '上级管理干部',
  other: '其他',
};

/**
 * What the person reported is, as the phone form asks a villager in plain words: a village
 * cadre, a township cadre, a cadre of a county department, or "not sure". Intake routes on it by
 * cadre authority: village cadres to the township commission; township cadres (the township
 * head and secretary are county-managed), county-department cadres and "not sure" to the county
 * commission, whose intake office routes what it cannot place.
 */
export const PUBLIC_SUBJECT_ROLES = ['village_cadre', 'township_cadre', 'county_department', 'unknown'] as const;
/** A public subject role. */
export type PublicSubjectRole = (typeof PUBLIC_SUBJECT_ROLES)[number];
/** Chinese names of the public subject roles (the phone form's words). */
export const PUBLIC_SUBJECT_ROLE_LABELS: Record<PublicSubjectRole, string> = {
  village_cadre: '村干部',
  township_cadre: '乡镇干部',
  county_department: '县直部门干部',
  unknown: '不清楚',
};

/**
 * Whether the person reported leads a commission (纪委监委负责人), as the phone form asks it: a
 * report on the leader of the commission that would handle it goes one level up (JK 第十五条).
 */
export const COMMISSION_LEADER_ANSWERS = ['no', 'township_commission', 'county_commission'] as const;
/** A commission-leader answer. */
export type CommissionLeaderAnswer = (typeof COMMISSION_LEADER_ANSWERS)[number];
/** Chinese names of the commission-leader answers. */
export const COMMISSION_LEADER_LABELS: Record<CommissionLeaderAnswer, string> = {
  no: '不是',
  township_commission: '是乡镇（街道）纪委负责人',
  county_commission: '是县纪委监委负责人',
};

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

/** Who wrote a receipt-page message (or uploaded a file). */
export const MESSAGE_AUTHORS = ['reporter', 'staff'] as const;
/** A message author. */
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
/** Chinese names of the authors. */
export const MESSAGE_AUTHOR_LABELS: Record<MessageAuthor, string> = { reporter: '举报人', staff: '工作人员' };

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
  'recheck_forwarded',
  'recheck_answered',
  'review_requested',
  'review_forwarded',
  'review_answered',
  'review_hearing_started',
  'review_hearing_ended',
  'deadline_extended',
  'reporter_added_files',
  'repeat_decided',
] as const;
/** A report event. */
export type ReportEvent = (typeof REPORT_EVENTS)[number];
/** Chinese names of the history steps, as the console's timeline shows them. */
export const EVENT_LABELS: Record<ReportEvent, string> = {
  received: '收件登记',
  accepted: '受理',
  forwarded_down: '转下级办理',
  transferred_up: '报送上级',
  forwarded: '转主管部门',
  clue_registered: '作为问题线索',
  concluded: '办结',
  kept_on_file: '留存备查',
  feedback_given: '结果反馈',
  rated: '举报人评价',
  recheck_requested: '申请复查',
  recheck_forwarded: '复查申请转送上级机关',
  recheck_answered: '复查答复',
  review_requested: '申请复核',
  review_forwarded: '复核申请转送上级机关',
  review_answered: '复核答复',
  review_hearing_started: '复核听证开始（期限暂停）',
  review_hearing_ended: '复核听证结束（期限恢复）',
  deadline_extended: '时限延长',
  reporter_added_files: '举报人补充材料',
  repeat_decided: '重复件认定',
};

/** What identity looks like in staff lists: never the identity itself. */
export const REPORTER_LABEL = { named: '实名（已保护）', anonymous: '匿名' } as const;

/** A report as staff see it (the API's report object): the reporter's identity is only ever a label here. */
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
  disposition: RecordedDisposition | null;
  dispositionNote: string | null;
  transferredTo: string | null;
  clueId: string | null;
  closedAt: string | null;
  rating: Rating | null;
  recheckRequestedAt: string | null;
  ackDueOn: string | null;
  version: number;
}
