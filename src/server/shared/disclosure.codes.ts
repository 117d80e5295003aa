/**
 * Codes of village finance disclosure (阳光村务, issue 16 §1) shared by the server, the console and
 * the phone pages: kinds of publication, statuses of a version, directions, payment methods, the
 * publication cycles of CWF 第三十条, and the upload's column headers.
 */

/**
 * What a publication is: a period's accounts, a major matter (CWF 第二十四条, published at once), or
 * a quarter's general items (村务一般事项, CWF 第三十条: at least quarterly).
 */
export const DISCLOSURE_KINDS = ['finance', 'major_matter', 'general'] as const;
/** A kind of publication. */
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
/** Chinese names of the kinds. */
export const DISCLOSURE_KIND_LABELS: Record<DisclosureKind, string> = {
  finance: '财务收支',
  major_matter: '重大事项',
  general: '村务一般事项',
};

/**
 * Topics of a general item (CWF 第三十条's list, and free entries): the clerk picks one per entry
 * of a quarter's general items.
 */
export const GENERAL_TOPICS = [
  'subsistence',
  'family_planning',
  'land_compensation',
  'project_progress',
  'relief',
  'other',
] as const;
/** A topic of a general item. */
export type GeneralTopic = (typeof GENERAL_TOPICS)[number];
/** Chinese names of the topics. */
export const GENERAL_TOPIC_LABELS: Record<GeneralTopic, string> = {
  subsistence: '低保及特困供养名单和标准',
  family_planning: '计划生育',
  land_compensation: '土地征收补偿款发放',
  project_progress: '工程项目进展',
  relief: '救灾救济款物发放',
  other: '其他事项',
};

/** Major matters published in the last this many days are counted on the calendar. */
export const MAJOR_MATTER_WINDOW_DAYS = 90;

/** A version's status: draft → submitted → published (signed) → superseded (by a correction). */
export const DISCLOSURE_STATUSES = ['draft', 'submitted', 'published', 'superseded'] as const;
/** A version's status. */
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];
/** Chinese names of the statuses. */
export const DISCLOSURE_STATUS_LABELS: Record<DisclosureStatus, string> = {
  draft: '草稿',
  submitted: '待村务监督委员会审核',
  published: '已公开',
  superseded: '已被更正',
};

/** Income or expense. */
export const DISCLOSURE_DIRECTIONS = ['income', 'expense'] as const;
/** Income or expense. */
export type DisclosureDirection = (typeof DISCLOSURE_DIRECTIONS)[number];
/** Chinese names of the directions, as written in the upload. */
export const DISCLOSURE_DIRECTION_LABELS: Record<DisclosureDirection, string> = { income: '收入', expense: '支出' };

/** Cash or transfer. */
export const PAYMENT_METHODS = ['cash', 'transfer'] as const;
/** Cash or transfer. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Chinese names of the payment methods, as written in the upload. */
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = { cash: '现金', transfer: '转账' };

/** How often a village publishes its finances (CWF 第三十条: monthly where transactions are many). */
export const FINANCE_CYCLES = ['monthly', 'quarterly'] as const;
/** A publication cycle. */
export type FinanceCycle = (typeof FINANCE_CYCLES)[number];
/** Chinese names of the cycles. */
export const FINANCE_CYCLE_LABELS: Record<FinanceCycle, string> = { monthly: '每月公开', quarterly: '每季度公开' };

/** A period's accounts are due by this day of the month after the period (county practice: 10 日前). */
export const PUBLICATION_DUE_DAY = 10;

/** The upload's columns, in order: the header row must read exactly so. */
export const DISCLOSURE_UPLOAD_HEADERS = [
  '凭证号',
  '日期',
  '收支',
  '对方单位或个人',
  '证件号码或统一社会信用代码',
  '金额（元）',
  '结算方式',
  '银行账号',
  '用途摘要',
  '类别',
  '审批流程',
  '审批人',
] as const;

/** A correction's mark on a line against the previous version. */
export const LINE_CHANGES = ['added', 'changed'] as const;
/** A correction's mark on a line. */
export type LineChange = (typeof LINE_CHANGES)[number];
