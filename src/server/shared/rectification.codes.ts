/**
 * Code lists of supervision and rectification (issue 15: 监督检查, 整改台账, 约谈/通报/问责,
 * 监察建议/纪律检查建议, 会议): the one copy that the server (schemas, rules, documents) and the
 * staff console (filters, tags, forms) both import. Bundled into the browser: plain TypeScript,
 * no Node built-ins, no imports from the server.
 */

/**
 * Where a rectification item (整改事项) comes from: every problem someone must fix lives in the one
 * ledger whatever its source (GLOSSARY: rectification).
 */
export const RECTIFICATION_SOURCE_LABELS = {
  inspection_finding: '监督检查发现问题',
  inspection_tour: '巡察反馈问题',
  supervision_recommendation: '监察建议',
  discipline_recommendation: '纪律检查建议',
  audit: '审计发现问题',
  case_reform: '以案促改',
  quality_review: '案件质量评查',
  assessment: '考核扣分',
  meeting_action: '会议议定事项',
  other: '其他',
  micro_power_use: '小微权力运行问题',
} as const;
/** A rectification source. */
export type RectificationSource = keyof typeof RECTIFICATION_SOURCE_LABELS;
/** Every rectification source. */
export const RECTIFICATION_SOURCES = Object.keys(RECTIFICATION_SOURCE_LABELS) as RectificationSource[];

/**
 * The states of an item: open (交办) → in_progress (整改中) → submitted (申请销号, evidence given)
 * → closed (验收销号). A rejected submission goes back to in_progress with the reason. Overdue is
 * not a state: it is read from the due date (outstanding and past due), and escalation is its own
 * column (`RECTIFICATION_ESCALATIONS`).
 */
export const RECTIFICATION_STATUS_LABELS = {
  open: '待整改',
  in_progress: '整改中',
  submitted: '待验收',
  closed: '已销号',
} as const;
/** A rectification status. */
export type RectificationStatus = keyof typeof RECTIFICATION_STATUS_LABELS;
/** Every rectification status, in order. */
export const RECTIFICATION_STATUSES = Object.keys(RECTIFICATION_STATUS_LABELS) as RectificationStatus[];
/** The statuses of an outstanding item (not yet closed). */
export const RECTIFICATION_OUTSTANDING: readonly RectificationStatus[] = ['open', 'in_progress', 'submitted'];

/**
 * The escalation ladder of an overdue or repeatedly rejected item, one rung at a time: a reminder
 * (督促提醒), then 约谈 of the responsible unit's principal, then a circular (通报), then an
 * accountability record (问责). Each rung is a record with its document.
 */
export const RECTIFICATION_ESCALATION_LABELS = {
  reminder: '督促提醒',
  admonition: '约谈',
  circular: '通报',
  accountability: '问责',
} as const;
/** An escalation rung. */
export type RectificationEscalation = keyof typeof RECTIFICATION_ESCALATION_LABELS;
/** The rungs, lightest first. */
export const RECTIFICATION_ESCALATIONS = Object.keys(RECTIFICATION_ESCALATION_LABELS) as RectificationEscalation[];

/** How serious a problem is (shared by findings and rectification items). */
export const PROBLEM_SEVERITY_LABELS = { minor: '一般', major: '较重', serious: '严重' } as const;
/** A problem severity. */
export type ProblemSeverity = keyof typeof PROBLEM_SEVERITY_LABELS;
/** Every severity, lightest first. */
export const PROBLEM_SEVERITIES = Object.keys(PROBLEM_SEVERITY_LABELS) as ProblemSeverity[];

/**
 * Working days an item may stay outstanding after a rung before the next is due for the issuer
 * side: 5 after the reminder (督促提醒) → 约谈 due; 10 after the 约谈 → 通报 due; 15 after the
 * 通报 → 问责 due. The reminder itself is sent by the daily job the day an item is overdue or
 * rejected `REJECTIONS_BEFORE_REMINDER` times; the later rungs are recorded by people.
 */
export const ESCALATION_WORKING_DAYS = { admonition: 5, circular: 10, accountability: 15 } as const;
/** Rejections of an item's submissions that send the reminder rung even before its due date. */
export const REJECTIONS_BEFORE_REMINDER = 2;
/** The 回头看 follow-up check's default distance from 销号, in months. */
export const FOLLOW_UP_MONTHS = 3;

/** Why an item climbs the escalation ladder. */
export const ESCALATION_REASON_LABELS = { overdue: '逾期未完成整改', rejected: '整改多次验收不通过' } as const;
/** An escalation reason. */
export type EscalationReason = keyof typeof ESCALATION_REASON_LABELS;
/** Every escalation reason. */
export const ESCALATION_REASONS = Object.keys(ESCALATION_REASON_LABELS) as EscalationReason[];

/**
 * What a unit's own escalation record (not tied to one of its items) is about: a recommendation
 * refused without good reason (JCF24 第七十一条), recorded as 问责 on the recipient unit.
 */
export const UNIT_ESCALATION_SOURCE_LABELS = { recommendation_refusal: '拒不采纳建议书' } as const;
/** A unit escalation source. */
export type UnitEscalationSource = keyof typeof UNIT_ESCALATION_SOURCE_LABELS;
/** Every unit escalation source. */
export const UNIT_ESCALATION_SOURCES = Object.keys(UNIT_ESCALATION_SOURCE_LABELS) as UnitEscalationSource[];

/** Why a unit's own record was made: refused without a reason, or with one the issuer ruled unjustified. */
export const UNIT_ESCALATION_REASON_LABELS = {
  refused_without_reason: '无正当理由拒不采纳建议（未说明理由）',
  refusal_ruled_unjustified: '拒不采纳建议的理由经认定不成立',
} as const;
/** A unit escalation reason. */
export type UnitEscalationReason = keyof typeof UNIT_ESCALATION_REASON_LABELS;
/** Every unit escalation reason. */
export const UNIT_ESCALATION_REASONS = Object.keys(UNIT_ESCALATION_REASON_LABELS) as UnitEscalationReason[];

/**
 * The states of an extension request (申请延期): waiting for the issuer side to submit it for
 * approval (呈批) or refuse it, in the approvals chain, approved (the due date moved), refused.
 */
export const EXTENSION_STATUS_LABELS = {
  pending: '待呈批',
  in_approval: '审批中',
  approved: '已批准',
  refused: '未批准',
} as const;
/** An extension request's state. */
export type ExtensionStatus = keyof typeof EXTENSION_STATUS_LABELS;
/** Every extension state. */
export const EXTENSION_STATUSES = Object.keys(EXTENSION_STATUS_LABELS) as ExtensionStatus[];

/** What a 回头看 (follow-up check) finds: the rectification holds, or the problem is back. */
export const FOLLOW_UP_RESULT_LABELS = { holds: '整改成效巩固', relapsed: '问题反弹' } as const;
/** A follow-up result. */
export type FollowUpResult = keyof typeof FOLLOW_UP_RESULT_LABELS;
/** Every follow-up result. */
export const FOLLOW_UP_RESULTS = Object.keys(FOLLOW_UP_RESULT_LABELS) as FollowUpResult[];

/** The sources a person enters by hand (the others come from their modules' records). */
export const MANUAL_RECTIFICATION_SOURCES = [
  'audit',
  'inspection_tour',
  'assessment',
  'other',
] as const satisfies readonly RectificationSource[];
