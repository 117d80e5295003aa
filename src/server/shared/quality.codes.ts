/**
 * Code lists of the case quality review (案件质量评查, issue 14 §5): the one copy that the server
 * (schemas, checks, documents) and the staff console (filters, tags, forms) both import. Bundled
 * into the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/** Kinds of quality review: periodic (定期评查) or ad hoc (专项/临时评查). */
export const QUALITY_REVIEW_KIND_LABELS = { periodic: '定期评查', ad_hoc: '专项评查' } as const;
/** A review kind. */
export type QualityReviewKind = keyof typeof QUALITY_REVIEW_KIND_LABELS;
/** Every review kind. */
export const QUALITY_REVIEW_KINDS = Object.keys(QUALITY_REVIEW_KIND_LABELS) as QualityReviewKind[];

/** How serious a checklist item's fault is. */
export const QUALITY_SEVERITY_LABELS = { minor: '一般问题', major: '较重问题', serious: '严重问题' } as const;
/** A severity. */
export type QualitySeverity = keyof typeof QUALITY_SEVERITY_LABELS;
/** Every severity, lightest first. */
export const QUALITY_SEVERITIES = Object.keys(QUALITY_SEVERITY_LABELS) as QualitySeverity[];

/**
 * The checks the engine runs from the records: evidence without full provenance (the same rule
 * that makes an item uncitable), clocks met late or expired, required documents never generated.
 */
export const QUALITY_AUTO_CHECK_LABELS = {
  evidence_provenance: '证据来源信息不全',
  clock_missed: '办案时限超期',
  document_missing: '文书未生成',
} as const;
/** An automatic check. */
export type QualityAutoCheck = keyof typeof QUALITY_AUTO_CHECK_LABELS;
/** Every automatic check. */
export const QUALITY_AUTO_CHECKS = Object.keys(QUALITY_AUTO_CHECK_LABELS) as QualityAutoCheck[];

/** The case documents a closed case must have generated (the `document_missing` check). */
export const QUALITY_REQUIRED_DOCUMENTS: Readonly<Record<string, string>> = {
  case_filing_decision: '立案决定书',
  case_filing_notice: '立案通知书',
  investigation_report: '审查调查报告',
};

/** One checklist item: a stable code, its words, severity, points deducted, and its automatic check. */
export interface QualityChecklistItem {
  code: string;
  label: string;
  severity: QualitySeverity;
  /** Points deducted from 100 when the item is a fault. */
  weight: number;
  /** The engine's check for an automatic item; null: the panel member records it with a note. */
  autoCheck: QualityAutoCheck | null;
}

/** The national default checklist (a county may keep its own). */
export const DEFAULT_QUALITY_CHECKLIST: readonly QualityChecklistItem[] = [
  {
    code: 'evidence_provenance',
    label: '证据无来源、收集人或收集时间',
    severity: 'major',
    weight: 10,
    autoCheck: 'evidence_provenance',
  },
  { code: 'clock_missed', label: '时限超期', severity: 'major', weight: 10, autoCheck: 'clock_missed' },
  { code: 'document_missing', label: '文书缺失', severity: 'major', weight: 10, autoCheck: 'document_missing' },
  { code: 'wrong_article', label: '引用条款错误', severity: 'serious', weight: 15, autoCheck: null },
  { code: 'procedure_skipped', label: '程序环节缺失', severity: 'serious', weight: 15, autoCheck: null },
  { code: 'facts_unclear', label: '事实不清、定性不准', severity: 'serious', weight: 20, autoCheck: null },
  { code: 'document_nonstandard', label: '文书制作不规范', severity: 'minor', weight: 5, autoCheck: null },
];

/** The grades a case gets from its score (100 less the weights of its faults). */
export const QUALITY_GRADE_LABELS = {
  excellent: '优秀',
  qualified: '合格',
  basic: '基本合格',
  unqualified: '不合格',
} as const;
/** A grade. */
export type QualityGrade = keyof typeof QUALITY_GRADE_LABELS;
/** Every grade, best first. */
export const QUALITY_GRADES = Object.keys(QUALITY_GRADE_LABELS) as QualityGrade[];

/** The grade of a score: 优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60, 不合格 below. */
export function qualityGrade(score: number): QualityGrade {
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'qualified';
  if (score >= 60) return 'basic';
  return 'unqualified';
}

/** States of a picked case: being examined, concluded (scored, its problem list issued). */
export const QUALITY_CASE_STATUS_LABELS = { examining: '评查中', concluded: '已出具问题清单' } as const;
/** A picked case's state. */
export type QualityCaseStatus = keyof typeof QUALITY_CASE_STATUS_LABELS;
/** Every picked case state. */
export const QUALITY_CASE_STATUSES = Object.keys(QUALITY_CASE_STATUS_LABELS) as QualityCaseStatus[];

/**
 * States of a problem: open (the handling unit rectifies; also after the panel sends it back),
 * submitted (rectified with evidence, waiting for the panel), confirmed (销号: closed for good).
 */
export const QUALITY_PROBLEM_STATUS_LABELS = {
  open: '整改中',
  submitted: '待评查组确认',
  confirmed: '已销号',
} as const;
/** A problem's state. */
export type QualityProblemStatus = keyof typeof QUALITY_PROBLEM_STATUS_LABELS;
/** Every problem state. */
export const QUALITY_PROBLEM_STATUSES = Object.keys(QUALITY_PROBLEM_STATUS_LABELS) as QualityProblemStatus[];

/** Outcomes of one item on one case. */
export const QUALITY_OUTCOME_LABELS = { fault: '存在问题', pass: '未发现问题' } as const;
/** An item outcome. */
export type QualityOutcome = keyof typeof QUALITY_OUTCOME_LABELS;
/** Every item outcome. */
export const QUALITY_OUTCOMES = Object.keys(QUALITY_OUTCOME_LABELS) as QualityOutcome[];
