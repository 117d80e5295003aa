/**
 * Code lists of preliminary verification (初步核实, GZ 第三十二条 to 第三十五条): the one copy the
 * server and the staff console both import. Bundled into the browser: plain TypeScript, no Node
 * built-ins, no imports from the server.
 */

/** The measures a verification team may use with approval (GZ 第三十四条), with their Chinese words. */
export const VERIFICATION_MEASURE_LABELS = {
  talk: '与相关人员谈话了解情况',
  explanation: '要求相关组织作出说明',
  personal_report: '调取个人有关事项报告',
  records: '查阅、复制文件、账目、档案等资料',
  assets: '核查资产情况和有关信息',
  appraisal: '进行鉴定勘验',
} as const;
/** A verification measure. */
export type VerificationMeasure = keyof typeof VERIFICATION_MEASURE_LABELS;
/** Every measure, in the order of 第三十四条. */
export const VERIFICATION_MEASURES = Object.keys(VERIFICATION_MEASURE_LABELS) as VerificationMeasure[];

/** States of a verification, with their Chinese names. */
export const VERIFICATION_STATUS_LABELS = {
  plan_pending: '工作方案报批中',
  plan_returned: '工作方案被退回',
  plan_rejected: '工作方案未获批准',
  active: '核查中',
  report_pending: '情况报告报批中',
  report_returned: '情况报告被退回',
  done: '已办结',
} as const;
/** A verification state. */
export type VerificationStatus = keyof typeof VERIFICATION_STATUS_LABELS;

/** Roles in a verification team (核查组), with their Chinese names. */
export const VERIFICATION_TEAM_ROLE_LABELS = { leader: '组长', member: '成员' } as const;
/** A team role. */
export type VerificationTeamRole = keyof typeof VERIFICATION_TEAM_ROLE_LABELS;

/** The fewest people on a verification team (two officers on every investigative action, domain rules §11). */
export const VERIFICATION_TEAM_MIN = 2;
