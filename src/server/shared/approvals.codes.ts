/**
 * Code lists of the approval chain (呈批): actions, target levels, posts, statuses and skip
 * reasons, with their Chinese labels: the one copy that the server and the staff console both
 * import. Bundled into the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/** What is being approved: `<stage>.<document>` (GLOSSARY). Review and sanctions add theirs here. */
export const APPROVAL_ACTIONS = [
  'clue.assignment_opinion',
  'clue.disposal',
  'clue.inquiry_request',
  'clue.inquiry_report',
  'clue.verification_plan',
  'clue.verification_report',
  'clue.conclusion',
  'case.filing',
  'case.mode_change',
  // cases: plans, end of the investigation and documents
  'case.plan',
  'case.talk_plan',
  'case.inquiry_plan',
  'case.plan_change',
  'case.investigation_report',
  // review (审理)
  'review.early_involvement',
  'review.return_supplementary',
  'review.return_reinvestigation',
  'review.report',
  // inspections (监督检查)
  'inspection.plan',
  // rectification (整改台账, 监察建议)
  'rectification.extension',
  'rectification.recommendation',
] as const;
/** An approval action. */
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** Chinese names of the actions (the 呈批表's kind). */
export const APPROVAL_ACTION_LABELS: Record<ApprovalAction, string> = {
  'clue.assignment_opinion': '问题线索分办意见',
  'clue.disposal': '问题线索处置意见',
  'clue.inquiry_request': '谈话函询报批请示',
  'clue.inquiry_report': '谈话函询情况报告及处置意见',
  'clue.verification_plan': '初步核实工作方案',
  'clue.verification_report': '初步核实情况报告',
  'clue.conclusion': '予以了结',
  'case.filing': '立案审查调查呈批报告',
  'case.mode_change': '变更案件办理方式呈批',
  'case.plan': '审查调查方案',
  'case.talk_plan': '谈话方案',
  'case.inquiry_plan': '外查方案',
  'case.plan_change': '审查调查方案变更',
  'case.investigation_report': '审查调查报告',
  'review.early_involvement': '提前介入审理呈批',
  'review.return_supplementary': '退回补充审查调查呈批',
  'review.return_reinvestigation': '退回重新审查调查呈批',
  'review.report': '审理报告',
  'inspection.plan': '监督检查工作方案',
  'rectification.extension': '整改延期申请',
  'rectification.recommendation': '监察建议书/纪律检查建议书签发',
};

/**
 * The level of the person the matter concerns, which decides how high the chain goes: an
 * ordinary cadre, the principal leader of the next-lower party committee or 党组 (GZ 第二十七条,
 * 第三十三条), or a member of the same-level party committee and the like (GZ 第二十二条).
 */
export const TARGET_LEVELS = ['ordinary', 'next_lower_principal', 'same_level_committee_member'] as const;
/** A target level. */
export type TargetLevel = (typeof TARGET_LEVELS)[number];

/** Chinese names of the target levels. */
export const TARGET_LEVEL_LABELS: Record<TargetLevel, string> = {
  ordinary: '一般干部',
  next_lower_principal: '下一级党委（党组）主要负责人',
  same_level_committee_member: '同级党委委员等（须报上级）',
};

/**
 * The posts a chain step names (never a person): the drafting department's head, its leader in
 * charge (分管领导), the commission's principal leader, and the same-level party committee's
 * principal leader (usually off the platform: the drafter's side records the paper signature).
 */
export const APPROVAL_POSTS = [
  'department_head',
  'leader_in_charge',
  'principal_leader',
  'committee_principal',
] as const;
/** A post. */
export type ApprovalPost = (typeof APPROVAL_POSTS)[number];

/** Chinese names of the posts (the 呈批表's rows). */
export const APPROVAL_POST_LABELS: Record<ApprovalPost, string> = {
  department_head: '承办部门负责人',
  leader_in_charge: '分管领导',
  principal_leader: '主要负责人',
  committee_principal: '同级党委主要负责人',
};

/** Posts held per department (the others per commission). */
export const DEPARTMENT_POSTS: readonly ApprovalPost[] = ['department_head', 'leader_in_charge'];

/** Where an approval stands. */
export const APPROVAL_STATUSES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
/** An approval status. */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Chinese names of the statuses. */
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: '审批中',
  returned: '已退回',
  approved: '已批准',
  rejected: '不予批准',
  withdrawn: '已撤回',
};

/** Where a step stands: waiting its turn, current, decided, skipped. */
export const STEP_STATUSES = [
  'waiting',
  'current',
  'approved',
  'returned',
  'rejected',
  'skipped',
  'cancelled',
] as const;
/** A step status. */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Chinese names of the step statuses. */
export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  waiting: '待审批',
  current: '审批中',
  approved: '同意',
  returned: '退回修改',
  rejected: '不同意',
  skipped: '跳过',
  cancelled: '未审批',
};

/** Why a step was skipped (written on the step). */
export const SKIP_REASONS = ['vacant', 'recused', 'drafter', 'same_holder'] as const;
/** A skip reason. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Chinese names of the skip reasons. */
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  vacant: '岗位空缺，转上一级审批',
  recused: '岗位人员回避，转上一级审批',
  drafter: '起草人即本岗位负责人',
  same_holder: '与上一级为同一人，合并审批',
};

/** A decision on a step. */
export const APPROVAL_DECISIONS = ['approve', 'return', 'reject'] as const;
/** A decision. */
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Which approvals a list shows for the caller. */
export const APPROVAL_BOXES = ['waiting', 'submitted', 'decided', 'all'] as const;
/** A list box. */
export type ApprovalBox = (typeof APPROVAL_BOXES)[number];
