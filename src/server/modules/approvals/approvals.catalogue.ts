/**
 * The chain catalogue: for each (action, target level), the posts that sign in order after the
 * drafter, with the rule it comes from. Like the timer catalogue, it is code: a change of rule is
 * a reviewed change here. Where the rules are silent the chain is the general one of GZ 第十条
 * (集体研究 then 相关负责人、主要负责人审批): department head → leader in charge → principal leader.
 */
import {
  type ApprovalAction,
  type ApprovalPost,
  TARGET_LEVELS,
  type TargetLevel,
} from '../../shared/approvals.codes.js';

/** One row of the catalogue. */
export interface ChainRule {
  /** The posts that sign, in order (the drafter is not a step). */
  posts: readonly ApprovalPost[];
  /** The article(s) the chain follows, and what is a design choice where the text is silent. */
  source: string;
}

/** The general chain where the rules name no other (GZ 第十条). */
const GENERAL: readonly ApprovalPost[] = ['department_head', 'leader_in_charge', 'principal_leader'];
/** The general chain, then the same-level party committee's principal leader. */
const WITH_COMMITTEE: readonly ApprovalPost[] = [...GENERAL, 'committee_principal'];

/** The responsible leader (相关负责人 = 分管领导) approves, after the department head (GZ 第三十九条). */
const RESPONSIBLE: readonly ApprovalPost[] = ['department_head', 'leader_in_charge'];

const GZ10 = 'GZ 第十条：重要事项集体研究后报相关负责人、主要负责人审批';

/** Rows per action: the chain of each target level. */
export const CHAIN_CATALOGUE: Record<ApprovalAction, Record<TargetLevel, ChainRule>> = {
  'clue.assignment_opinion': {
    ordinary: { posts: GENERAL, source: 'GZ 第二十三条：案管部门拟定分办意见，报主要负责人审批' },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第二十三条：分办意见报主要负责人审批' },
    same_level_committee_member: {
      posts: GENERAL,
      source: 'GZ 第二十三条；第二十二条：此类线索另须及时向上级纪检监察机关报告（报告不是审批环节）',
    },
  },
  'case.mode_change': {
    ordinary: {
      posts: GENERAL,
      source: `变更办理方式（提级、指定管辖、交叉、协作区办理等，GZ 第九条）为重要事项；${GZ10}`,
    },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第九条、第十条：报主要负责人审批' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第九条、第十条；第二十二条：报主要负责人审批' },
  },
  'clue.disposal': {
    ordinary: { posts: GENERAL, source: `GZ 第二十一条：处置意见一个月内报批；${GZ10}` },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第二十一条；第十条：主要负责人审批' },
    same_level_committee_member: {
      posts: GENERAL,
      source: 'GZ 第二十一条；第二十二条：处置情况另须向上级纪检监察机关报告（报告不是审批环节）',
    },
  },
  'clue.inquiry_request': {
    ordinary: { posts: GENERAL, source: `GZ 第二十七条：谈话函询报批请示、谈话方案、工作预案报批；${GZ10}` },
    next_lower_principal: {
      posts: GENERAL,
      source:
        'GZ 第二十七条：谈话函询下一级党委（党组）主要负责人，由纪检监察机关主要负责人批准（必要时向同级党委主要负责人报告，不是审批环节）',
    },
    same_level_committee_member: {
      posts: GENERAL,
      source: 'GZ 第二十七条；第二十二条：另须向上级纪检监察机关报告（报告不是审批环节）',
    },
  },
  'clue.inquiry_report': {
    ordinary: { posts: GENERAL, source: `GZ 第三十条：情况报告和处置意见一个月内报批；${GZ10}` },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第三十条；第二十七条：主要负责人审批' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第三十条；第二十二条' },
  },
  'clue.verification_plan': {
    ordinary: { posts: GENERAL, source: `GZ 第三十三条：初核须制定工作方案、成立核查组，履行审批程序；${GZ10}` },
    next_lower_principal: {
      posts: WITH_COMMITTEE,
      source:
        'GZ 第三十三条：被核查人为下一级党委（党组）主要负责人的，报纪检监察机关主要负责人审批后报同级党委主要负责人批准',
    },
    same_level_committee_member: {
      posts: WITH_COMMITTEE,
      source: '设计选择：GZ 第二十二条所列对象的初核，按第三十三条上一档处理，报同级党委主要负责人批准',
    },
  },
  'clue.verification_report': {
    ordinary: { posts: GENERAL, source: 'GZ 第三十五条：初核情况报告报主要负责人审批' },
    next_lower_principal: {
      posts: WITH_COMMITTEE,
      source: 'GZ 第三十五条：报主要负责人审批，必要时报同级党委主要负责人批准（此级别按“必要”处理）',
    },
    same_level_committee_member: {
      posts: WITH_COMMITTEE,
      source: 'GZ 第三十五条：必要时报同级党委主要负责人批准（此级别按“必要”处理）',
    },
  },
  'clue.conclusion': {
    ordinary: { posts: GENERAL, source: `GZ 第二十一条、第二十五条：予以了结经审批后归档；${GZ10}` },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第二十一条；第十条' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第二十一条；第二十二条：了结情况另须向上级报告' },
  },
  'case.filing': {
    ordinary: {
      posts: WITH_COMMITTEE,
      source: 'GZ 第三十八条：立案审查调查呈批报告经主要负责人审批，报同级党委主要负责人批准',
    },
    next_lower_principal: { posts: WITH_COMMITTEE, source: 'GZ 第三十八条' },
    same_level_committee_member: { posts: WITH_COMMITTEE, source: 'GZ 第三十八条；第二十二条' },
  },
  // cases: plans, end of the investigation and documents
  'case.plan': {
    ordinary: { posts: GENERAL, source: `GZ 第三十九条：审查调查方案经批准后实施；${GZ10}` },
    next_lower_principal: {
      posts: GENERAL,
      source:
        'GZ 第三十九条：重大案件由主要负责人主持召开专题会议研究批准审查调查方案（会议另行记录），并经主要负责人审批',
    },
    same_level_committee_member: {
      posts: GENERAL,
      source: 'GZ 第三十九条；第二十二条：专题会议研究批准（会议另行记录），并经主要负责人审批',
    },
  },
  'case.talk_plan': {
    ordinary: { posts: RESPONSIBLE, source: 'GZ 第三十九条：谈话方案由纪检监察机关相关负责人批准' },
    next_lower_principal: { posts: RESPONSIBLE, source: 'GZ 第三十九条：谈话方案由相关负责人批准' },
    same_level_committee_member: { posts: RESPONSIBLE, source: 'GZ 第三十九条：谈话方案由相关负责人批准' },
  },
  'case.inquiry_plan': {
    ordinary: { posts: RESPONSIBLE, source: 'GZ 第三十九条：外查方案由纪检监察机关相关负责人批准' },
    next_lower_principal: { posts: RESPONSIBLE, source: 'GZ 第三十九条：外查方案由相关负责人批准' },
    same_level_committee_member: { posts: RESPONSIBLE, source: 'GZ 第三十九条：外查方案由相关负责人批准' },
  },
  'case.plan_change': {
    ordinary: {
      posts: GENERAL,
      source: `GZ 第三十九条：审查调查组组长不得擅自更改方案，变更须报批；${GZ10}`,
    },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第三十九条：方案变更按原方案的审批权限报批' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第三十九条：方案变更按原方案的审批权限报批' },
  },
  'case.investigation_report': {
    ordinary: {
      posts: GENERAL,
      source: 'GZ 第五十二条：审查调查报告连同忏悔反思材料、违纪违法事实材料、涉案财物报告报主要负责人审批',
    },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第五十二条：报主要负责人审批' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第五十二条；第二十二条：报主要负责人审批' },
  },
  // review (审理)
  'review.early_involvement': {
    ordinary: { posts: GENERAL, source: `GZ 第五十五条：重大、复杂案件经批准，审理部门可以提前介入；${GZ10}` },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第五十五条：提前介入经批准' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第五十五条；第二十二条：提前介入经批准' },
  },
  'review.return_supplementary': {
    ordinary: { posts: RESPONSIBLE, source: 'GZ 第五十五条：需要补充完善证据的，经相关负责人批准，退回补充审查调查' },
    next_lower_principal: { posts: RESPONSIBLE, source: 'GZ 第五十五条：经相关负责人批准' },
    same_level_committee_member: { posts: RESPONSIBLE, source: 'GZ 第五十五条：经相关负责人批准' },
  },
  'review.return_reinvestigation': {
    ordinary: { posts: GENERAL, source: 'GZ 第五十五条：主要事实不清、证据不足的，经主要负责人批准，退回重新审查调查' },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第五十五条：经主要负责人批准' },
    same_level_committee_member: { posts: GENERAL, source: 'GZ 第五十五条：经主要负责人批准' },
  },
  'review.report': {
    ordinary: { posts: GENERAL, source: 'GZ 第五十六条：审理报告报主要负责人审批后，提请纪委常委会审议' },
    next_lower_principal: { posts: GENERAL, source: 'GZ 第五十六条：审理报告报主要负责人审批' },
    same_level_committee_member: {
      posts: GENERAL,
      source: 'GZ 第五十六条；第五十五条：处分同级党委委员等，须与上级纪检监察机关沟通（沟通不是审批环节）',
    },
  }, // inspections (监督检查)
  'inspection.plan': {
    ordinary: { posts: GENERAL, source: `监督检查工作方案报批（设计选择：按重要事项审批）；${GZ10}` },
    next_lower_principal: { posts: GENERAL, source: `监督检查工作方案报批；${GZ10}` },
    same_level_committee_member: { posts: GENERAL, source: `监督检查工作方案报批；${GZ10}` },
  },
  // rectification (整改台账, 监察建议)
  'rectification.extension': {
    ordinary: {
      posts: GENERAL,
      source: `整改期限由交办文书确定，责任单位申请延期须经交办机关批准（设计选择：规则未规定审批层级，按重要事项审批）；${GZ10}`,
    },
    next_lower_principal: { posts: GENERAL, source: `整改延期申请审批（设计选择，同上）；${GZ10}` },
    same_level_committee_member: { posts: GENERAL, source: `整改延期申请审批（设计选择，同上）；${GZ10}` },
  },
  'rectification.recommendation': {
    ordinary: {
      posts: GENERAL,
      source: `GZ 第十九条、TL21 第二百零五条：经批准提出纪律检查建议或者监察建议（设计选择：由主要负责人签发）；${GZ10}`,
    },
    next_lower_principal: { posts: GENERAL, source: `GZ 第十九条：建议书经批准后制发；${GZ10}` },
    same_level_committee_member: { posts: GENERAL, source: `GZ 第十九条：建议书经批准后制发；${GZ10}` },
  },
};

/**
 * The actions whose record takes a return itself: returned, the record moves back (the filing to
 * 退回修改, the 审查调查报告 and the 审理报告 to their team) and is revised and sent again from its own
 * page — the filing through the same approval, the reports as a new one. The approvals page may
 * not resubmit them (APPROVAL_RESUBMIT_ON_RECORD): it would approve a text the record never had.
 */
export const RECORD_RESUBMITTED_ACTIONS: ReadonlySet<string> = new Set([
  'case.filing',
  'case.investigation_report',
  'review.report',
  // Returned, the extension goes back to 待呈批 and the recommendation to its draft: both are sent
  // again from their own page, as a new approval.
  'rectification.extension',
  'rectification.recommendation',
]);

/** The chain rule of an action at a target level. */
export function chainRule(action: ApprovalAction, level: TargetLevel): ChainRule {
  return CHAIN_CATALOGUE[action][level];
}

/** Every (action, level) pair of the catalogue, for the console's reference table and tests. */
export function catalogueRows(): { action: ApprovalAction; level: TargetLevel; rule: ChainRule }[] {
  return (Object.keys(CHAIN_CATALOGUE) as ApprovalAction[]).flatMap((action) =>
    TARGET_LEVELS.map((level) => ({ action, level, rule: CHAIN_CATALOGUE[action][level] })),
  );
}
